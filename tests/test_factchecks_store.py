"""The fact-check store: importers (JSON-LD, HTML, JSONL, CSV/TSV), ClaimReview export round-trip, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from unspun.errors import InputError
from unspun.factchecks.claimreview import from_claim_review, to_claim_review
from unspun.factchecks.importers import read_file
from unspun.factchecks.records import FactCheck, iso_date, normalise_rating
from unspun.factchecks.store import Store

REVIEWS = [
    {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example.org/2024/bridge-collapse",
        "claimReviewed": "The Harbour Bridge was closed for a year after the 2019 storm.",
        "datePublished": "2024-03-02",
        "author": {"@type": "Organization", "name": "Example Checks", "url": "https://factcheck.example.org"},
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "alternateName": "Pants on Fire"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Blogger"}, "datePublished": "2024-02-27"},
    },
    {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "name": "irrelevant"},
            {
                "@type": "ClaimReview",
                "url": "https://factcheck.example.org/2024/wheat",
                "claimReviewed": "Wheat exports fell by 40 percent in March.",
                "author": "Example Checks",
                "reviewRating": {"@type": "Rating", "name": "Half True"},
            },
        ],
    },
]


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


def test_rating_words_map_onto_one_scale() -> None:
    assert normalise_rating("Pants on Fire!") == "false"
    assert normalise_rating("mostly-false") == "mostly-false"
    assert normalise_rating("Half True") == "mixture"
    assert normalise_rating("Mostly True") == "mostly-true"
    assert normalise_rating("correct-attribution") == "true"
    assert normalise_rating("legend") == "other"
    assert normalise_rating("") == "other"
    assert iso_date("9 October 2020") == "2020-10-09"
    assert iso_date("2021-7-13") == "2021-07-13"


def test_jsonld_reader_finds_reviews_in_graphs_and_objects(tmp_path: Path) -> None:
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(REVIEWS), encoding="utf-8")
    records = read_file(path).records
    assert [r.claim for r in records] == [REVIEWS[0]["claimReviewed"], "Wheat exports fell by 40 percent in March."]
    first, second = records
    assert (first.rating, first.verdict, first.publisher, first.claimant, first.claim_date) == ("Pants on Fire", "false", "Example Checks", "A. Blogger", "2024-02-27")
    assert (second.publisher, second.verdict) == ("Example Checks", "mixture")
    assert first.provenance == "reviews.json:1"


def test_html_page_with_embedded_claimreview(tmp_path: Path) -> None:
    page = tmp_path / "article.html"
    page.write_text(
        "<html><head><script type='application/ld+json'>" + json.dumps(REVIEWS[0]) + "</script></head><body><p>Text</p></body></html>",
        encoding="utf-8",
    )
    records = read_file(page).records
    assert len(records) == 1 and records[0].url == REVIEWS[0]["url"]


def test_csv_tsv_and_jsonl_use_the_documented_columns_and_skip_bad_rows(tmp_path: Path) -> None:
    csv_path = tmp_path / "checks.csv"
    csv_path.write_text(
        "claim,rating,publisher,url,date\n"
        '"Vaccines contain microchips.",False,Checkers,https://c.example/1,2021-01-02\n'
        ",,Checkers,https://c.example/2,\n",
        encoding="utf-8",
    )
    result = read_file(csv_path)
    assert [r.claim for r in result.records] == ["Vaccines contain microchips."]
    assert result.skipped == ["checks.csv:3: no claim"]
    tsv = tmp_path / "checks.tsv"
    tsv.write_text("claimReviewed\ttextualRating\nThe moon is made of cheese.\tFalse\n", encoding="utf-8")
    assert read_file(tsv).records[0].verdict == "false"
    jsonl = tmp_path / "checks.jsonl"
    jsonl.write_text(json.dumps({"statement": "A shark swam on a flooded highway.", "evaluation": "miscaptioned"}) + "\n{broken\n", encoding="utf-8")
    result = read_file(jsonl)
    assert result.records[0].verdict == "false" and result.records[0].provenance == "checks.jsonl:1"
    assert result.skipped and result.skipped[0].startswith("checks.jsonl:2: bad JSON")


def test_unreadable_inputs_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_file(tmp_path / "absent.json")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError):
        read_file(empty)


def test_claimreview_object_round_trip() -> None:
    record = FactCheck(claim="X said Y.", rating="Mostly False", publisher="P", url="https://p.example/1", date="2020-01-01",
                       title="Did X say Y?", claimant="X", claim_date="2019-12-30", language="en", publisher_url="https://p.example", provenance="somewhere:3")
    assert from_claim_review(to_claim_review(record)) == record


def test_store_export_and_reimport_gives_the_same_records(tmp_path: Path, db: str) -> None:
    source = tmp_path / "reviews.json"
    source.write_text(json.dumps(REVIEWS), encoding="utf-8")
    runner = CliRunner()
    from unspun.cli.factchecks import group

    result = runner.invoke(group, ["import", str(source), "--db", db])
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    again = runner.invoke(group, ["import", str(source), "--db", db])
    assert "0 added, 2 already stored" in again.output
    exported = tmp_path / "export.json"
    assert runner.invoke(group, ["export", "--format", "claimreview", "-o", str(exported), "--db", db]).exit_code == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert all(node["@type"] == "ClaimReview" for node in data)
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert runner.invoke(group, ["import", str(exported), "--db", other]).exit_code == 0
    assert list(Store(other).records()) == list(Store(db).records())


def test_search_of_the_user_store(db: str, tmp_path: Path) -> None:
    Store(db).add([FactCheck(claim=r["claimReviewed"], rating="False", publisher="Example Checks", url=f"https://e.example/{i}")
                   for i, r in enumerate([REVIEWS[0], REVIEWS[1]["@graph"][1]])])
    from unspun.cli.factchecks import group

    result = CliRunner().invoke(group, ["search", "Was the Harbour Bridge shut for a whole year after the storm of 2019?", "--json", "--no-bundled", "--db", db])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["url"] == "https://e.example/0"
    assert rows[0]["probability"] > rows[1]["probability"]


def test_import_of_a_file_without_fact_checks_fails(tmp_path: Path, db: str) -> None:
    from unspun.cli.factchecks import group

    path = tmp_path / "nothing.json"
    path.write_text(json.dumps({"@type": "WebPage"}), encoding="utf-8")
    result = CliRunner().invoke(group, ["import", str(path), "--db", db])
    assert result.exit_code != 0
