"""Quote attribution: quotation marks, the PolNeAR reader and scorer, `unspun eval attribution`, and the
example page end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import need
from unspun.attribution.metrics import Scorer, normalise
from unspun.attribution.polnear import Attribution, parse_ann, read_part
from unspun.attribution.quotemarks import find_quotes


def inner(text: str) -> list[str]:
    return [text[q.inner_start : q.inner_end] for q in find_quotes(text)]


def test_quote_marks_of_every_kind() -> None:
    text = 'He said “curly,” then «guillemet» and "straight" and „low-nine“.'
    assert inner(text) == ["curly,", "guillemet", "straight", "low-nine"]


def test_apostrophes_are_not_quote_marks() -> None:
    assert inner("Clinton’s aides don’t say ‘90s things, “but this” is one.") == ["but this"]


def test_unbalanced_marks_end_with_their_paragraph() -> None:
    text = "She said: “we are ready\n\nNext paragraph. And an orphan closer.” Then more."
    quotes = find_quotes(text)
    assert [text[q.inner_start : q.inner_end] for q in quotes] == ["we are ready", "Next paragraph. And an orphan closer."]
    assert not any(q.balanced for q in quotes)


def test_quote_continues_across_paragraphs() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph,” she said."
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == text[: text.index("”") + 1]


ANN = (
    "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;25 30\tthe plan and more\n"
    "T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tDiscuss 0 3\tSmi\nT6\tCue 40 52\taccording to\nT7\tContent 31 39\tit rains\n"
    "T8\tAttribution-no-source 40 52\taccording to\nE2\tAttribution-no-source:T8 Cue:T6 Content:T7\n"
)


def test_parse_ann_keeps_discontinuous_roles_and_missing_sources() -> None:
    first, second = parse_ann(ANN)
    assert first == Attribution(content=((11, 20), (25, 30)), cue=((6, 10),), source=((0, 5),))
    assert second.source == () and second.cue == ((40, 52),)


def test_scorer_matches_one_to_one() -> None:
    text = "Smith said the plan was good and Jones said it was bad."
    gold = [Attribution(content=((11, 28),), cue=((6, 10),), source=((0, 5),)),
            Attribution(content=((44, 54),), cue=((39, 43),), source=((33, 38),))]
    # one long content overlapping both gold contents may match only one of them
    pred = [Attribution(content=((11, 54),), cue=((6, 10),), source=((0, 5),))]
    scorer = Scorer()
    scorer.add(text, pred, gold)
    result = scorer.result()
    assert result["content"]["overlap"]["tp"] == 1 and result["content"]["overlap"]["recall"] == 0.5
    assert result["cue"]["exact"]["precision"] == 1.0 and result["source"]["exact"]["f1"] == pytest.approx(2 / 3, abs=1e-3)
    assert normalise([(10, 15), (15, 20)], text) == ((11, 19),)  # spaces trimmed, touching fragments merged


def _tiny_corpus(root: Path) -> Path:
    """A two-article corpus in PolNeAR's layout, written from our own sentences."""
    part = root / "dev"
    (part / "text").mkdir(parents=True)
    (part / "attributions").mkdir()
    texts = {
        "a_2016-01-01_one": "The mayor said the bridge would reopen in May.\n\n“We are on schedule,” Smith added.",
        "b_2016-01-02_two": "Nothing is attributed in this short text about the weather.",
    }
    for stem, text in texts.items():
        (part / "text" / f"{stem}.txt").write_text(text, encoding="utf-8")
    t = texts["a_2016-01-01_one"]
    rows = []
    for n, (role, frag) in enumerate([("Source", "The mayor"), ("Cue", "said"), ("Content", "the bridge would reopen in May")], 1):
        s = t.index(frag)
        rows.append(f"T{n}\t{role} {s} {s + len(frag)}\t{frag}")
    rows.append("E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1")
    (part / "attributions" / "a_2016-01-01_one_aaaa.ann").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (part / "attributions" / "a_2016-01-01_one_bbbb.ann").write_text("", encoding="utf-8")
    (root / "metadata.tsv").write_text(
        "compartment\tfilename\tlevel\tannotators\n"
        "dev\ta_2016-01-01_one\tNone\taaaa|bbbb\ndev\tb_2016-01-02_two\tNone\t\n", encoding="utf-8")
    return part


def test_reader_takes_the_first_annotator(tmp_path: Path) -> None:
    docs = list(read_part(_tiny_corpus(tmp_path)))
    assert [d.name for d in docs] == ["a_2016-01-01_one.txt", "b_2016-01-02_two.txt"]
    assert docs[0].annotator == "aaaa" and len(docs[0].gold) == 1 and docs[1].gold == []


def test_eval_command_writes_jsonl_and_scores(tmp_path: Path) -> None:
    from unspun.cli.main import cli

    part = _tiny_corpus(tmp_path)
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(cli, ["eval", "attribution", "--data", str(part), "--predictions", str(out), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["file"] for line in lines] == ["a_2016-01-01_one.txt", "b_2016-01-02_two.txt"]
    text = (part / "text" / "a_2016-01-01_one.txt").read_text(encoding="utf-8")
    cues = {text[s:e] for a in lines[0]["attributions"] for s, e in a["cue"]}
    assert "said" in cues
    metrics = json.loads(result.stdout)
    assert metrics["headline"]["cue_exact_f1"] == 1.0 or metrics["metrics"]["cue"]["exact"]["recall"] == 1.0


def test_eval_command_rejects_a_folder_without_texts(tmp_path: Path) -> None:
    from unspun.cli.main import cli

    result = CliRunner().invoke(cli, ["eval", "attribution", "--data", str(tmp_path), "--predictions", str(tmp_path / "p")])
    assert result.exit_code != 0 and "text/" in str(result.exception or result.output)


def test_polnear_dev_sample_is_in_range(shared: Path) -> None:
    """A slice of PolNeAR dev keeps the extractor honest (the full figures are in docs/quotes.md)."""
    from unspun.attribution.benchmark import headline, predict, score
    from unspun.attribution.corpus import parse_documents

    docs = list(read_part(need(shared / "data" / "polnear-news-attribution" / "dev", "needs PolNeAR dev")))[:12]
    figures = headline(score(docs, predict(parse_documents(docs))))
    assert figures["content_overlap_f1"] >= 0.65 and figures["cue_exact_f1"] >= 0.6 and figures["source_exact_f1"] >= 0.6


def _norm(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


@pytest.fixture(scope="module")
def example_report(example_html: Path):
    from unspun.pipeline import analyze

    return analyze(str(example_html), only="quotes")


ASSAD = re.compile(r"(the syrian president|president bashar al-assad|assad|the president|he)", re.I)


def test_example_page_assad_is_one_speaker(example_report) -> None:
    findings = example_report.by_analyzer("quotes")
    text = example_report.article.text
    quotes = [f for f in findings if f.kind == "quote"]
    words = [" ".join(text[s:e] for s, e in f.evidence["source"]) for f in quotes]
    assad = [f for f, w in zip(quotes, words) if ASSAD.fullmatch(w) or "quoted the president" in text[f.spans[0].end:f.spans[0].end + 60]]
    assert len(assad) >= 10
    assert {f.evidence["speaker"] for f in assad} == {"Bashar al-Assad"}
    assert {f.evidence["role"] for f in assad} == {"Syrian president"}
    figures = next(f for f in findings if f.kind == "figures").evidence
    assert figures["named_speakers"] == ["Bashar al-Assad"]


def test_example_page_chains_and_unnamed_sourcing(example_report) -> None:
    findings = example_report.by_analyzer("quotes")
    text = example_report.article.text
    block = next(b for b in example_report.article.blocks if b.kind == "blockquote")
    inside = [f for f in findings if f.kind == "quote" and block.start <= f.spans[0].start < block.end]
    assert len(inside) >= 6 and all(_norm(f.evidence["chain"][-1]) == "presstv" for f in inside)
    decision = next(f for f in inside if "The decision to liberate all of Syria" in text[f.spans[0].start:f.spans[0].end])
    assert [_norm(c) for c in decision.evidence["chain"]] == ["almayadeen", "presstv"]
    unnamed = [f for f in findings if f.kind == "anonymous_source"]
    assert any("recent reports" in text[s:e] for f in unnamed for s, e in f.evidence["source"])
    figures = next(f for f in findings if f.kind == "figures").evidence
    share = (block.end - block.start) / len(text)
    assert figures["relayed_by"]["Press TV"] == pytest.approx(share, abs=0.1)
    assert "Press TV" in next(f for f in findings if f.kind == "figures").message


def test_example_plain_text_keeps_speaker_and_inline_relay(example_txt: Path) -> None:
    """Plain text carries no blockquote markup, but speakers and "X quoted Y as saying" still resolve."""
    from unspun.pipeline import analyze

    report = analyze(str(example_txt), only="quotes")
    findings = report.by_analyzer("quotes")
    text = report.article.text
    figures = next(f for f in findings if f.kind == "figures").evidence
    assert figures["named_speakers"] == ["Bashar al-Assad"]
    decision = next(f for f in findings if f.kind == "quote" and "The decision to liberate" in text[f.spans[0].start:f.spans[0].end])
    assert decision.evidence["speaker"] == "Bashar al-Assad" and _norm(decision.evidence["chain"][0]) == "almayadeen"
    intro = text.index("Press TV reports:")
    after = [f for f in findings if f.kind == "quote" and f.spans[0].start > intro]
    assert _norm(after[0].evidence["chain"][-1]) == "presstv"  # the paragraph right after the intro


def _quotes_of(paragraphs: list[str], url: str) -> list:
    """The quote findings of a page at `url` whose body is these paragraphs."""
    from unspun.attribution.analysis import analyze as quote_findings
    from unspun.parse import parse
    from unspun.report import Article, Block

    text, blocks = "", []
    for para in paragraphs:
        text += "\n\n" if text else ""
        blocks.append(Block(start=len(text), end=len(text) + len(para), kind="paragraph"))
        text += para
    article = Article(text=text, blocks=blocks, url=url)
    return quote_findings(article, parse(text).doc)


def _figures(findings: list) -> dict:
    return next(f for f in findings if f.kind == "figures").evidence


def test_the_page_own_outlet_is_not_relayed() -> None:
    findings = _quotes_of([
        "Meadows was slated to introduce Bennett at an event on Saturday, according to an invitation obtained by POLITICO.",
        "Bennett said she would run for the seat.",
    ], "https://www.politico.com/news/2019/12/20/meadows-retirement")
    assert "Politico" not in _figures(findings)["relayed_by"]


def test_an_intro_line_that_names_nobody_relays_nothing() -> None:
    findings = _quotes_of([
        "The details of the session were shared on the Senate's Twitter handle.",
        "See tweets :",
        "Senate resolves to observe a minute of silence in honour of the departed senators.",
    ], "https://www.example-news.ng/senate")
    assert _figures(findings)["relayed_by"] == {}


def test_a_named_or_introduced_source_is_not_anonymous() -> None:
    findings = _quotes_of([
        "A man called the office of Rep. Omar, a staff member there said.",
        "The staff member who took the call recalled that he said he would hurt her.",
        "The agency released a report on the shipments. And the report leaves no doubt that officials knew of them.",
        "According to a report by the VOV, Vietnam's national radio broadcaster, Trong asserted Vietnam's position.",
        "Recent reports saying that the army had retaken the city could not be confirmed.",
    ], "https://www.example-news.com/story")
    unnamed = " | ".join(f.message for f in findings if f.kind == "anonymous_source")
    assert "staff member who took" not in unnamed and "(the report)" not in unnamed and "VOV" not in unnamed
    assert "Recent reports" in unnamed  # plural, authorless reports stay unnamed sourcing


def test_a_source_speaking_to_an_outlet_is_relayed_by_it() -> None:
    findings = _quotes_of([
        "The two professors were handed over to US forces in Zabul province, an insurgent source told Agence France-Presse.",
        "A doctor on the scene told Ruptly that he tried to save one of the wounded demonstrators.",
    ], "https://nypost.com/2019/11/19/hostage-swap/")
    chains = {text: f.evidence["chain"] for f in findings if f.kind in ("quote", "anonymous_source")
              for text in [f.evidence.get("text") or ""]}
    insurgent = next(c for t, c in chains.items() if "professors" in t)
    doctor = next(c for t, c in chains.items() if "tried to save" in t)
    assert insurgent == ["Agence France-Presse"] and doctor == ["RT"]
    assert set(_figures(findings)["relayed_by"]) == {"Agence France-Presse", "RT"}
