"""The verdict on hand-built reports, on the bundled wire story and on the example page."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspun.report import Article, Badge, Block, Finding, Report, Span
from unspun.score import score_report

PAGES = Path(__file__).parent / "pages"

#: A fictional relay story with the example page's traits: a badge, a state outlet's text relayed, loaded words.
RELAY_TEXT = (
    "The minister said the victory in the northern province will change the course of the war. "
    "He said the liberation of the city would deal a crushing blow to the terrorist puppets and their foreign masters.\n"
    "State Wire reports:\n"
    "The minister said a truce was practically impossible because the foreign-backed terrorists were desperate. "
    "The regime's enemies had lost their last hope, he stated, and the criminals would be crushed. "
    "The enemies failed in every battle, the minister said, and their defeat would be total.\n"
    "Government forces have retaken most of the territory, recent reports say."
)
STATE_WIRE = {
    "domain": "statewire.example", "name": "State Wire", "factuality": "low", "bias": None,
    "categories": ["state-media", "unreliable"], "aliases": [], "ratings": [{"list": "test"}],
    "state_media": {"description": "state broadcaster of a test country"},
}
PUBLISHER = {
    "domain": "relaynews.example", "name": "Relay News", "factuality": "very-low", "bias": None,
    "categories": ["clickbait", "junk-science"], "aliases": ["oldrelay.example"], "ratings": [{"list": "test"}],
    "via": ["oldrelay.example"],
}


def _relay_report(*, badge: bool = True, publisher: bool = True, relay: bool = True, propaganda: bool = True) -> Report:
    text = RELAY_TEXT
    quote_start = text.index("The minister said a truce")
    quote_end = text.index("Government forces")
    article = Article(
        title="Minister says victory will change the course of the war", text=text, domain="relaynews.example",
        blocks=[Block(start=0, end=quote_start - 1), Block(start=quote_start, end=quote_end - 1, kind="blockquote")],
        badges=[Badge(text="Fact checked")],
    )
    findings = []
    if badge:
        findings.append(Finding(analyzer="badges", kind="badge", label="unsubstantiated",
                                spans=[Span(start=0, end=12, field="badges[0]")], evidence={"badge": "Fact checked", "origin": "text"}))
    if publisher:
        findings.append(Finding(analyzer="source", kind="publisher", label="very-low", evidence=PUBLISHER))
    if relay:
        cite = text.index("State Wire")
        findings.append(Finding(
            analyzer="source", kind="cited_outlet", label="low", spans=[Span(start=cite, end=cite + 10)],
            evidence={**STATE_WIRE, "share_of_body": round((quote_end - quote_start) / len(text), 3),
                      "attributed": [[quote_start, quote_end - 1]]},
        ))
    if propaganda:
        loaded = [text.index(w) for w in ("crushing blow", "terrorist puppets", "criminals")]
        for s in loaded:
            findings.append(Finding(analyzer="propaganda", kind="technique", label="Loaded_Language", score=0.8,
                                    spans=[Span(start=s, end=text.index(" ", s + 10))]))
        sentences = [{"start": 0, "end": 10, "probability": p} for p in (0.9, 0.8, 0.2, 0.7, 0.9, 0.6, 0.1)]
        findings.append(Finding(analyzer="propaganda", kind="summary", label="techniques-found",
                                evidence={"sentences": sentences, "counts": {"Loaded_Language": 3}, "density": 3.0}))
    return Report(article=article, findings=findings)


def test_relay_story_is_unreliable_with_the_four_reasons() -> None:
    report = _relay_report()
    score_report(report)
    assert report.score is not None and report.score.label == "unreliable"
    assert report.score.value is not None and report.score.value < 40
    top = report.reasons[:5]
    texts = " | ".join(r.text for r in top)
    assert "Fact checked" in texts
    assert "very-low" in texts and "earlier name" in texts
    assert "state media (State Wire)" in texts
    assert "loaded language" in texts
    assert all(r.weight < 0 for r in top if r.analyzer in {"badges", "source", "propaganda"})


def test_reasons_point_at_spans_or_the_source_profile() -> None:
    report = _relay_report()
    score_report(report)
    for reason in report.reasons:
        if reason.analyzer == "source" and "rated" in reason.text:
            assert reason.evidence["domain"] == "relaynews.example"
        for span in reason.spans:
            assert report.article.span_text(span).strip()
    relay = next(r for r in report.reasons if "state media" in r.text)
    quoted = report.article.span_text(relay.spans[0])
    assert quoted.startswith("The minister said a truce")


@pytest.mark.parametrize("missing", ["badge", "publisher", "relay", "propaganda"])
def test_each_warning_sign_lowers_the_score(missing: str) -> None:
    full, partial = _relay_report(), _relay_report(**{missing: False})
    score_report(full)
    score_report(partial)
    assert full.score.probability < partial.score.probability


def test_short_text_from_an_unknown_site_is_not_enough_evidence() -> None:
    report = Report(article=Article(text="Officials confirmed the figures on Monday, the ministry said."))
    score_report(report)
    assert report.score.label == "not enough evidence" and report.score.value is None
    assert 0.0 <= report.score.probability <= 1.0
    assert report.reasons[0].text.startswith("Not enough evidence")


def test_short_text_from_a_rated_publisher_is_not_enough_evidence_but_shows_the_record() -> None:
    """The publisher's record speaks for its other articles: on six words it gave "62/100 reliable" to a very-low
    publisher (the text model's noise on a stub outweighed the rating); the record stays among the reasons."""
    report = Report(article=Article(text="Officials confirmed the figures on Monday."),
                    findings=[Finding(analyzer="source", kind="publisher", label="very-low", evidence=PUBLISHER)])
    score_report(report)
    assert report.score.value is None and report.score.label == "not enough evidence"
    assert "publisher's record" in report.reasons[0].text
    assert any(r.evidence.get("domain") == "relaynews.example" for r in report.reasons)


def _analyze(path: Path) -> Report:
    from unspun.pipeline import analyze

    return analyze(str(path))


@pytest.fixture(scope="module")
def wire_report() -> Report:
    return _analyze(PAGES / "wire-story.html")


def test_wire_story_scores_reliable_with_reasons(wire_report: Report) -> None:
    assert wire_report.score.label == "reliable", [r.text for r in wire_report.reasons]
    assert wire_report.reasons and wire_report.reasons[0].weight > 0
    assert wire_report.versions.get("verdict")


@pytest.fixture(scope="module")
def example_report(example_html: Path) -> Report:
    return _analyze(example_html)


def test_example_page_is_unreliable_with_named_reasons(example_report: Report) -> None:
    report = example_report
    assert report.score.label == "unreliable", [r.text for r in report.reasons]
    texts = " | ".join(r.text for r in report.reasons[:6]).lower()
    assert "fact checked" in texts
    assert "factual reporting is rated very-low" in texts
    assert "state media" in texts and "press tv" in texts


def test_example_page_relayed_share_is_the_quotes_figure_charged_once(example_report: Report) -> None:
    """The verdict said "71%" (Press TV 64% + Al Mayadeen 7%, overlapping) beside the quotes figures' 63%, and
    charged the same sentences again as "71% … re-reported from other outlets"."""
    figures = next(f for f in example_report.by_analyzer("quotes") if f.kind == "figures")
    share = figures.evidence["relayed_share"]
    texts = [r.text for r in example_report.reasons]
    assert any(t.startswith(f"{share:.0%} of the body is relayed from state media") for t in texts), texts
    assert not any("re-reported from other outlets" in t for t in texts), texts


def test_example_page_names_loaded_language(example_report: Report) -> None:
    if not report_has(example_report, "propaganda"):
        pytest.skip(f"the propaganda analyzer gave no findings: {example_report.errors}")
    texts = " | ".join(r.text for r in example_report.reasons[:6]).lower()
    assert "loaded language" in texts


def report_has(report: Report, analyzer: str) -> bool:
    return bool(report.by_analyzer(analyzer))


def _match(field: str, start: int, end: int, verdict: str = "false", probability: float = 0.9) -> Finding:
    return Finding(analyzer="factchecks", kind="factcheck_match", label=verdict, score=probability,
                   spans=[Span(start=start, end=end, field=field)],
                   evidence={"publisher": "Snopes", "similarity": 0.8, "probability": probability})


def test_headline_and_body_fact_check_matches_are_separate_signals() -> None:
    """A headline match carries the learned weight of the labelled sets, a body claim's match the prior."""
    from unspun.verdict import combiner as C
    from unspun.verdict.signals import finding_signals

    report = _relay_report(badge=False, publisher=False, relay=False, propaganda=False)
    title_len = len(report.article.title)
    report.findings += [_match("title", 0, title_len), _match("body", 0, 40, probability=0.7)]
    by_name = {s.name: s for s in finding_signals(report)}
    assert by_name["headline_factcheck_false"].value == 0.9
    assert by_name["factcheck_false"].value == 0.8  # the body claim's similarity
    assert "headline" in by_name["headline_factcheck_false"].detail
    combiner = C.load()
    assert "headline_factcheck_false" in combiner.learned and combiner.weights["headline_factcheck_false"] > 0
    before = _relay_report(badge=False, publisher=False, relay=False, propaganda=False)
    score_report(before)
    score_report(report)
    assert report.score.probability < before.score.probability  # P(reliable)
    assert any("headline matches a fact-check rated false by Snopes" in r.text for r in report.reasons)


def test_headline_lookup_finds_a_known_fake_headline_in_the_bundled_collection() -> None:
    from unspun.analyzers.factchecks import headline_matches

    found = headline_matches(Article(title="Pope Francis endorses Donald Trump for president", text="x"))
    assert found and all(f.label in {"false", "mostly-false"} and f.spans[0].field == "title" for f in found)
    assert headline_matches(Article(title="Council approves the road budget for next year", text="x")) == []


def test_a_fact_check_the_headline_matched_is_not_counted_again_for_the_body() -> None:
    from unspun.verdict.signals import finding_signals

    report = _relay_report(badge=False, publisher=False, relay=False, propaganda=False)
    same = {"url": "https://factcheck.example/1", "claim": "The minister won the war."}
    title, body = _match("title", 0, len(report.article.title)), _match("body", 0, 40)
    title.evidence.update(same)
    body.evidence.update(same)
    report.findings += [title, body]
    names = {s.name for s in finding_signals(report)}
    assert "headline_factcheck_false" in names and "factcheck_false" not in names
    body.evidence["url"] = "https://factcheck.example/2"
    assert "factcheck_false" in {s.name for s in finding_signals(report)}


def test_state_funded_broadcasters_are_not_state_media() -> None:
    """Al Jazeera, VOA and DW are "state-funded" (public money, statutory independence): the source lists keep them
    apart from state media, and the verdict had charged Al Jazeera -2.2 as "listed as state media"."""
    from unspun.sources.store import database
    from unspun.verdict.signals import is_state_media, source_signals

    db = database()
    assert not any(is_state_media(db.profile(d)) for d in ("aljazeera.com", "voanews.com", "dw.com"))
    assert all(is_state_media(db.profile(d)) for d in ("presstv.com", "rt.com", "almayadeen.net"))
    assert "source_state" not in {s.name for s in source_signals(db.profile("aljazeera.com"))}
    assert is_state_media({"categories": ["state"]}) and is_state_media({"state_media": True})


def test_persuasion_reason_agrees_with_the_propaganda_section() -> None:
    """The sentence model may flag sentences where the tagger marks no span: the reason then says so instead of
    "Persuasion techniques in 14% of the sentences" beside a section reading "0 spans"."""
    from unspun.verdict.signals import finding_signals

    text = "One. Two. Three. Four. Five. Six. Seven."
    sentences = [{"start": i, "end": i + 1, "probability": p} for i, p in enumerate([0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])]
    summary = Finding(analyzer="propaganda", kind="summary", label="none-found", evidence={"sentences": sentences})
    (signal,) = [s for s in finding_signals(Report(article=Article(text=text), findings=[summary])) if s.name == "propaganda_density"]
    assert signal.value == pytest.approx(1 / 7)
    assert "14% of the sentences" in signal.detail and "no technique span" in signal.detail
    assert "Persuasion techniques in" not in signal.detail


def test_an_outlet_only_linked_is_not_named_as_re_reported() -> None:
    """"6% … re-reported from other outlets (NBC News, Associated Press, cdc.gov)" named outlets the page only linked."""
    from unspun.verdict.signals import finding_signals

    text = "The agency said the outbreak was contained. " * 4
    figures = Finding(analyzer="quotes", kind="figures", label="figures", evidence={"relayed_share": 0.06, "relayed_by": {"NBC News": 0.06}})
    linked = Finding(analyzer="source", kind="cited_outlet", label="high",
                     evidence={"name": "cdc.gov", "domain": "cdc.gov", "share_of_body": 0.0, "factuality": "high"})
    (signal,) = [s for s in finding_signals(Report(article=Article(text=text), findings=[figures, linked])) if s.name == "relayed_share"]
    assert "(NBC News)" in signal.detail and "cdc.gov" not in signal.detail
