"""The verdict's reasons agree with the sections beside them (issue #8): one relayed share, not charged twice; no
body-share signal or verdict on a body too short to read; listings worded from what each list says; style
features named for what they count."""

from __future__ import annotations

import pytest

from unspun.report import Article, Block, Finding, Report, Span
from unspun.score import score_report
from unspun.verdict.signals import Signal, finding_signals

#: 100 characters with no space, so a span's share of the body is its length / 100.
TEXT = "x" * 100
STATE = {"categories": ["state-media"], "state_media": {"control": "state-media"}}


def _cited(name: str, share: float = 0.0, attributed: list[list[int]] | None = None, state: bool = False) -> Finding:
    profile = {"name": name, "domain": name.lower().replace(" ", "") + ".example", "aliases": [],
               **(STATE if state else {"categories": ["reliable"]})}
    return Finding(analyzer="source", kind="cited_outlet", label="low",
                   evidence={**profile, "share_of_body": share, "attributed": attributed or []})


def _quote(start: int, end: int, chain: list[str]) -> Finding:
    return Finding(analyzer="quotes", kind="quote", label="direct", spans=[Span(start=start, end=end)],
                   evidence={"chain": chain, "speaker": "a minister", "speaker_kind": "person"})


def _figures(share: float, by: dict[str, float], spans: list[tuple[int, int]]) -> Finding:
    return Finding(analyzer="quotes", kind="figures", label="figures", spans=[Span(start=s, end=e) for s, e in spans],
                   evidence={"relayed_share": share, "relayed_by": by, "anonymous_sources": 0})


def _signals(findings: list[Finding], text: str = TEXT) -> dict[str, Signal]:
    article = Article(text=text, blocks=[Block(start=0, end=len(text))])
    return {s.name: s for s in finding_signals(Report(article=article, findings=findings))}


def test_nested_state_relays_give_the_quotes_share_once() -> None:
    """The example page said "71% … relayed from state media" (Press TV 64% + Al Mayadeen 7%, summed though Al
    Mayadeen's quote lies inside Press TV's passage) beside quotes figures of 63%, and charged it again as
    re-reported."""
    findings = [
        _figures(0.63, {"Press TV": 0.63, "Al Mayadeen": 0.04}, [(0, 63), (20, 24)]),
        _quote(20, 24, ["Al Mayadeen", "Press TV"]),
        _cited("Press TV", 0.64, [[0, 64]], state=True), _cited("Al Mayadeen", 0.07, [[20, 27]], state=True),
    ]
    signals = _signals(findings)
    state = signals["state_media_relayed_share"]
    assert state.value == pytest.approx(0.63)
    assert state.detail.startswith("63% of the body is relayed from state media (Press TV, Al Mayadeen)")
    assert "relayed_share" not in signals  # all of it came from state media: no second charge


@pytest.mark.parametrize(("state_outlet", "state_share"), [("Al Mayadeen", 0.2), ("Press TV", 0.6)])
def test_a_mixed_relay_charges_state_media_for_its_part_and_the_rest_once(state_outlet: str,
                                                                           state_share: float) -> None:
    """A passage relayed by Press TV (0-60) holds a statement Press TV took from Al Mayadeen (20-40); Reuters
    is relayed apart (60-80). Only the state outlet's part counts as state media; the rest is re-reported."""
    findings = [
        _figures(0.8, {"Press TV": 0.6, "Al Mayadeen": 0.2, "Reuters": 0.2}, [(0, 60), (20, 40), (60, 80)]),
        _quote(0, 20, ["Press TV"]), _quote(20, 40, ["Al Mayadeen", "Press TV"]), _quote(60, 80, ["Reuters"]),
        *(_cited(n, state=n == state_outlet) for n in ("Press TV", "Al Mayadeen", "Reuters")),
    ]
    signals = _signals(findings)
    assert signals["state_media_relayed_share"].value == pytest.approx(state_share)
    rest = signals["relayed_share"]
    assert rest.value == pytest.approx(0.8 - state_share)
    assert "not state media" in rest.detail and state_outlet not in rest.detail and "Reuters" in rest.detail


def test_without_a_quotes_relay_the_source_shares_are_a_union_not_a_sum() -> None:
    """Two cited outlets whose attributed sentences overlap: 75% of the body, not 50% + 50%."""
    signals = _signals([_cited("Wire One", 0.5, [[0, 50]]), _cited("Wire Two", 0.5, [[25, 75]])])
    assert signals["relayed_share"].value == pytest.approx(0.75)
    assert signals["relayed_share"].detail.startswith("75% of the body is re-reported from other outlets")


def test_propaganda_share_needs_enough_sentences() -> None:
    """"+0.35 The propaganda model flags 0% of the sentences as persuasive" on a two-sentence caption."""
    def summary(n: int) -> Finding:
        sentences = [{"start": i, "end": i + 1, "probability": 0.1} for i in range(n)]
        return Finding(analyzer="propaganda", kind="summary", label="none-found", evidence={"sentences": sentences})

    assert "propaganda_density" not in _signals([summary(2)])
    assert _signals([summary(8)])["propaganda_density"].value == 0.0


HIGH = {"domain": "paper.example", "name": "The Paper", "factuality": "high", "categories": ["reliable"],
        "ratings": [{"list": "test", "label": "Generally reliable", "categories": ["reliable"],
                     "domain": "paper.example"}]}
CAPTION = "The president speaks at a rally in the capital on Saturday. Photo: AP"


def test_a_caption_from_a_highly_rated_publisher_is_not_enough_evidence() -> None:
    """SCMP: one 151-character caption scored "100/100 reliable" on the publisher's rating alone."""
    report = Report(article=Article(text=CAPTION),
                    findings=[Finding(analyzer="source", kind="publisher", label="high", evidence=HIGH)])
    score_report(report)
    assert report.score.label == "not enough evidence" and report.score.value is None
    assert 0.0 <= report.score.probability <= 1.0
    first = report.reasons[0].text
    assert first.startswith("Not enough evidence") and "too few to read" in first and "publisher's record" in first
    assert any("The Paper's factual reporting is rated high" in r.text for r in report.reasons[1:])


def test_a_short_page_with_its_own_checkable_finding_is_still_scored() -> None:
    badge = Finding(analyzer="badges", kind="badge", label="unsubstantiated",
                    spans=[Span(start=0, end=12, field="badges[0]")], evidence={"badge": "Fact checked"})
    report = Report(article=Article(text=CAPTION), findings=[badge])
    score_report(report)
    assert report.score.value is not None and report.score.label != "not enough evidence"


def test_listing_reasons_say_which_list_said_what() -> None:
    """"Forbes is listed as reliable, unreliable" (its staff and its contributors rated apart) and "Christian Post is
    listed as a reliable source" beside a publisher row rated mixed."""
    from unspun.sources.store import database
    from unspun.verdict.signals import source_signals

    db = database()
    forbes = {s.name: s.detail for s in source_signals(db.profile("forbes.com"))}["source_questionable"]
    assert "reliable, unreliable" not in forbes
    assert "generally unreliable (Wikipedia perennial sources, entry Forbes.com)" in forbes
    assert "but as generally reliable (Wikipedia perennial sources, entry Forbes)" in forbes
    post = {s.name: s.detail for s in source_signals(db.profile("christianpost.com"))}["source_reliable"]
    assert post == "Christian Post is listed as reliable, political (OpenSources); its factual reporting is rated mixed"
    report = {s.name: s.detail for s in source_signals(db.profile("bipartisanreport.com"))}["source_questionable"]
    assert "clickbait, extreme bias (OpenSources)" in report  # OpenSources' tag "bias" is extreme bias
    natural = {s.name: s.detail for s in source_signals(db.profile("naturalnews.com"))}["source_questionable"]
    assert "blacklisted and generally unreliable (Wikipedia perennial sources)" in natural


def test_the_style_reason_names_the_words_it_counted() -> None:
    """"many vague or anonymous attributions" beside quotes figures of "0 unnamed source(s)": the feature counts
    words such as "reportedly"; the reason says so and shows them."""
    from unspun.verdict import combiner as C
    from unspun.verdict.text import text_signals

    text = ("Reportedly the mayor allegedly took money, many people say. Insiders claim it is said everywhere. "
            "Some say the scandal is real, and unnamed officials reportedly agree. ") * 3
    centers = dict(C.load().centers, text_style=-100.0)  # a centre far below: the style leans unreliable
    style = next(s for s in text_signals("Mayor under fire", text, centers) if s.name == "text_style")
    assert "anonymous attributions" not in style.detail
    assert "many words of vague sourcing ('reportedly', 'allegedly', 'many people')" in style.detail


def test_a_primary_source_quoted_at_length_is_not_re_reporting() -> None:
    """A page that quotes a government report (a cited .gov domain) relays no other outlet's reporting."""
    agency = _cited("Centers for Disease Control", 0.4, [[0, 40]])
    agency.evidence["kind"] = "primary"
    assert "relayed_share" not in _signals([agency])
    assert _signals([_cited("Daily Example", 0.4, [[0, 40]])])["relayed_share"].value == pytest.approx(0.4)


def test_the_wording_reason_says_what_the_model_learned_from() -> None:
    """"'lung', 'may', 'uk'" read as proof of unreliability on a medical story: the reason names the training
    topics, so a reader can tell a topic's words from a style."""
    from unspun.verdict import combiner as C
    from unspun.verdict.text import text_signals

    words = next(s for s in text_signals("Doctors warn of lung disease", "The doctor said the lung may heal. " * 20,
                                         C.load().centers) if s.name == "text_words")
    assert "(US politics 2016, COVID-19 2020)" in words.detail and "the words that weigh most: '" in words.detail
