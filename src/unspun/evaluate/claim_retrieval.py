"""`unspun eval claim-retrieval --data DIR --predictions FILE` on the CheckThat! 2020 Task 2 layout.

For every split folder under DIR that holds `tweets.queries.tsv` (or DIR itself), ranks the task's
`verified_claims.docs.tsv` for each tweet with unspun's retrieval (BM25 + MiniLM candidates, shipped
re-ranker), writes a TREC run (`qid Q0 docid rank score tag`, top 5 per query; one file, or one per split
named `FILE.<split>` when there are several) and prints MAP@5 (and MAP@1/3, P@1) where qrels exist.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
import numpy as np

from ..factchecks.bundle import reranker
from ..factchecks.retrieval_training import average_precision_at_k, checkthat_index, checkthat_runs, ranking

TAG = "unspun"


def _splits(data: Path) -> list[Path]:
    if (data / "tweets.queries.tsv").is_file():
        return [data]
    return [p for p in sorted(data.iterdir()) if (p / "tweets.queries.tsv").is_file()]


def _task_root(split: Path) -> Path:
    return split if (split / "verified_claims.docs.tsv").is_file() else split.parent


@click.command()
@click.option("--data", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="The task folder (or one split of it).")
@click.option("--predictions", required=True, type=click.Path(dir_okay=False, path_type=Path), help="TREC run file to write.")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None, help="Keep embeddings here between runs.")
def command(data: Path, predictions: Path, cache: Path | None) -> None:
    """Verified-claim retrieval: TREC run of the top 5 claims per tweet, MAP@5."""
    from ..errors import InputError

    splits = _splits(data)
    if not splits:
        raise InputError(f"no tweets.queries.tsv in {data} or its sub-folders")
    weights = reranker().weights
    report: dict[str, object] = {}
    for split in splits:
        root = _task_root(split)
        _, ids = checkthat_index(root, cache)
        runs = checkthat_runs(root, split.name if split != root else ".", cache)
        out = predictions if len(splits) == 1 else predictions.with_name(f"{predictions.name}.{split.name}")
        out.parent.mkdir(parents=True, exist_ok=True)
        lines = []
        for run in runs:
            lines.extend(f"{run.query_id}\tQ0\t{ids[doc]}\t{rank}\t{p:.6f}\t{TAG}\n" for rank, (doc, p) in enumerate(ranking(run, weights)[:5], 1))
        out.write_text("".join(lines), encoding="utf-8")
        judged = [r for r in runs if r.relevant]
        entry: dict[str, object] = {"queries": len(runs), "judged": len(judged), "run": str(out)}
        ranked = [[d for d, _ in ranking(r, weights)] for r in judged]
        for k in (1, 3, 5):
            if judged:
                entry[f"map@{k}"] = round(float(np.mean([average_precision_at_k(d, r.relevant, k) for d, r in zip(ranked, judged)])), 4)
        report[split.name] = entry
    click.echo(json.dumps(report, indent=1))
