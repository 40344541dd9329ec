"""`unspun eval attribution --data DIR --predictions FILE`: predict attributions for a PolNeAR-layout
part from the text alone, write them as JSONL (one line per text file) and print P/R/F1 of content,
cue and source spans, exact and overlapping, one-to-one matched (see `unspun.attribution.metrics`)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from ..attribution.benchmark import headline, predict, score
from ..attribution.corpus import parse_documents
from ..attribution.polnear import read_part
from ..errors import InputError

#: Citron (BBC R&D) on PARC 3.0 test, from its model card (en_2021-11-15); a different corpus. Its
#: "overlap" is token overlap, which our `chars` row measures.
CITRON_PARC3 = {"cue": {"exact": 0.823}, "source": {"exact": 0.820, "chars": 0.853},
                "content": {"exact": 0.593, "chars": 0.833}}


@click.command()
@click.option("--data", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A PolNeAR part: DIR/text/*.txt, DIR/attributions/*.ann (metadata.tsv in DIR or above).")
@click.option("--predictions", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="JSONL to write: one {file, attributions:[{content, cue, source}]} line per text file.")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the spaCy parses here (DocBin) to skip parsing on the next run.")
@click.option("--json", "as_json", is_flag=True, help="Print the full metrics as JSON.")
def command(data: Path, predictions: Path, cache: Path | None, as_json: bool) -> None:
    """Evaluate quote attribution on a PolNeAR-layout part (gold: first annotator in metadata.tsv)."""
    started = time.time()
    docs = list(read_part(data))
    if not docs:
        raise InputError(f"{data}/text holds no .txt files")
    parsed = parse_documents(docs, cache)
    predicted = predict(parsed)
    predictions.parent.mkdir(parents=True, exist_ok=True)
    with predictions.open("w", encoding="utf-8") as fh:
        for doc, attributions in zip(docs, predicted):
            fh.write(json.dumps({"file": doc.name, "attributions": [a.to_json() for a in attributions]}) + "\n")
    annotated = [(d, a) for d, a in zip(docs, predicted) if d.annotator is not None]
    if not annotated:
        click.echo(f"{len(docs)} articles, none with an .ann file in {data / 'attributions'}: "
                   f"predictions written, not scored")
    else:
        _report([d for d, _ in annotated], [a for _, a in annotated], len(docs), time.time() - started, as_json)
    click.echo(f"wrote {predictions}", err=True)


def _report(docs: list, predicted: list, total: int, seconds: float, as_json: bool) -> None:
    """Scores of the articles that have a gold annotation (an article without an .ann file is not scored)."""
    result = score(docs, predicted)
    if as_json:
        click.echo(json.dumps({"headline": headline(result), "metrics": result}, indent=2))
        return
    unscored = f", {total - len(docs)} without an .ann file not scored" if total > len(docs) else ""
    click.echo(f"{len(docs)} articles scored{unscored}: {sum(len(d.gold) for d in docs)} gold and "
               f"{sum(map(len, predicted))} predicted attributions, {seconds:.0f} s")
    click.echo(f"{'role':8} {'match':8} {'P':>6} {'R':>6} {'F1':>6}   Citron PARC3 F1")
    for role, measures in result.items():
        for match, m in measures.items():
            anchor = CITRON_PARC3.get(role, {}).get(match)
            click.echo(f"{role:8} {match:8} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}   "
                       f"{'' if anchor is None else f'{anchor:.3f}'}")
