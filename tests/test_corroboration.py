"""Corroboration: reported by an independent outlet, carried only by state media, or not covered at all."""

from __future__ import annotations

import pytest

from unspun.analyzers.corroboration import Witness, verdict, witnesses
from unspun.evidence.store import Document, EvidenceStore
from unspun.report import Article

WIRE = Document(
    "RIVERTON (Wire) - Flood waters forced the evacuation of about 2,000 residents from Riverton on Tuesday after the "
    "Elm river burst its banks, the regional authority said. Emergency crews used boats to reach homes in the "
    "low-lying east district.", url="https://www.reuters.com/x1", title="Floods force 2,000 to leave Riverton homes",
    date="2024-05-02", domain="reuters.com", outlet="Reuters")
STATE = Document(
    "The governor said the Riverton evacuation was staged by foreign agents and denied that any flood happened. "
    "Officials called reports of flooding a hoax.", url="https://www.presstv.ir/x2",
    title="Governor: Riverton flood reports are a hoax", date="2024-05-02", domain="presstv.ir", outlet="Press TV")
OLD = Document("Flood waters forced 2,000 Riverton residents from their homes.", url="https://www.reuters.com/old",
               title="Riverton floods", date="2019-01-01", domain="reuters.com", outlet="Reuters")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = EvidenceStore(tmp_path_factory.mktemp("corr"))
    s.add([WIRE, STATE, OLD])
    return s


ARTICLE = Article(text="x", domain="thepeoplesvoice.tv", date="2024-05-03")


def test_event_reported_by_an_independent_wire(store):
    found = witnesses(store, "Flood forces 2,000 Riverton residents to evacuate", ARTICLE, "2024-04-26", "2024-05-10")
    assert verdict(found)[0] == "corroborated"
    urls = {w.url for w in found}
    assert "https://www.reuters.com/x1" in urls and "https://www.reuters.com/old" not in urls  # 2019 is outside the window


def test_claim_carried_only_by_state_media(store):
    found = witnesses(store, "Riverton flood was a hoax staged by foreign agents", ARTICLE, "2024-04-26", "2024-05-10")
    label, message = verdict(found)
    assert label == "state-media-only" and "state media" in message
    assert any(w.state_media and w.outlet == "Press TV" for w in found)


def test_claim_with_no_coverage(store):
    assert verdict(witnesses(store, "The mayor of Lakeside resigned over a bribery scandal", ARTICLE, None, None))[0] == "no-coverage"


def test_the_article_is_never_its_own_witness(store):
    own = Article(text="x", domain="reuters.com")
    found = witnesses(store, "Flood forces 2,000 Riverton residents to evacuate", own, None, None)
    assert all(w.outlet != "Reuters" for w in found)


def test_rebrands_count_once():
    def w(group: str) -> Witness:
        return Witness("x", group, False, "agree", 0.9, None, None, None, "", 0.9)

    assert verdict([w("newspunch.com"), w("newspunch.com")])[1].startswith("Reported by 1 ")


def test_demo_page_against_the_demo_corpus(tmp_path, monkeypatch):
    """The README's demo: the event reported by a wire, the minister's relayed claims carried only by state
    media, and claims nobody else reports said to have no coverage."""
    from pathlib import Path

    import unspun.analyzers.corroboration as corroboration
    from unspun.evidence.ingest import add_records
    from unspun.pipeline import analyze
    from unspun.records import read
    from unspun.settings import get_settings

    root = Path(__file__).resolve().parents[1]
    monkeypatch.setenv("UNSPUN_EVIDENCE_URL", str(tmp_path / "demo"))
    get_settings.cache_clear()
    corroboration._store.cache_clear()
    try:
        store = EvidenceStore(tmp_path / "demo")
        assert add_records(store, read(root / "examples" / "evidence")).added == 4
        report = analyze(str(root / "examples" / "demo-article.html"), only="claims,corroboration")
    finally:
        get_settings.cache_clear()
        corroboration._store.cache_clear()
    found = [f for f in report.findings if f.kind == "corroboration"]
    title = next(f for f in found if f.spans[0].field == "title")
    assert title.label == "corroborated"
    assert {"Reuters", "Associated Press"} & {w["outlet"] for w in title.evidence["witnesses"]}
    state_only = [f for f in found if f.label == "state-media-only"]
    assert state_only and all(w["state_media"] for f in state_only for w in f.evidence["witnesses"] if w["stance"] == "agree")
    assert any(f.label == "no-coverage" and f.message.startswith("No coverage") for f in found)
