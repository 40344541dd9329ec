"""The compiled database against the shared lists: every listed domain resolves to itself from every
URL variant, and `unspun train sources` rebuilds the bundled resource from ../shared/data."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from unspun.sources import lookup, registrable_domain
from unspun.sources.domains import SHARED_PLATFORMS, host_of, strip_rendition


def _listed_domains(data: Path) -> set[str]:
    """The domain each list row is about: the lists' own `site` column (registrable domain), except on
    shared platforms, where the outlet is the host the list names."""
    raw: list[tuple[str, str]] = []
    with open(data / "opensources" / "sources.csv", encoding="utf-8") as fh:
        raw += [(r["domain"], r["site"]) for r in csv.DictReader(fh)]
    for name in ("corpus_emnlp18.tsv", "corpus_acl2020.tsv"):
        with open(data / "mbfc-baly-media-factuality-bias" / name, encoding="utf-8") as fh:
            raw += [(r["source_url"], r["site"]) for r in csv.DictReader(fh, delimiter="\t")]
    with open(data / "fakenewscorpus-sample" / "websites.csv", encoding="utf-8") as fh:
        raw += [(r["url"], r["site"]) for r in csv.DictReader(fh)]
    out = set()
    for value, site in raw:
        host = strip_rendition(host_of(value) or "")
        on_platform = any(host.endswith("." + p) for p in SHARED_PLATFORMS) or ".blogspot." in host
        out.add(host if on_platform else "".join(site.split()))  # one site key has a stray space
    with open(data / "wikipedia-perennial-sources" / "perennial-sources.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.update(json.loads(row["sites"] or "[]"))
    return {d for d in out if d}


@pytest.fixture(scope="module")
def listed(shared: Path) -> set[str]:
    return _listed_domains(shared / "data")


def _is_ip(domain: str) -> bool:
    return domain.replace(".", "").isdigit()


def _variants(domain: str) -> list[str]:
    if _is_ip(domain):
        return [domain, f"http://{domain}/path?q=1", f"http://{domain}:8080/"]
    return [
        domain, domain.upper(), f"{domain}.", f"www.{domain}", f"http://{domain}", f"https://www.{domain}/",
        f"https://m.{domain}/2016/12/08/story.html?utm_source=x#c", f"http://amp.{domain}/a/b",
        f"https://mobile.{domain}:8443/x", f"HTTPS://WWW.{domain.upper()}./Path", f"//{domain}/p",
        f"{domain}/some/path?q=1", f"http://user@{domain}/",
    ]


def test_every_listed_domain_resolves_to_itself_from_every_variant(listed: set[str]) -> None:
    assert len(listed) > 2000
    failures = [(d, v, registrable_domain(v)) for d in sorted(listed) for v in _variants(d) if registrable_domain(v) != d]
    assert not failures, failures[:20]


def test_every_listed_domain_looks_up_to_itself(listed: set[str]) -> None:
    wrong = [d for d in sorted(listed) if lookup(f"https://www.{d}/x")["domain"] != d and not _is_ip(d)]
    assert not wrong, wrong[:20]


def test_idn_variants_resolve_to_the_same_domain() -> None:
    assert registrable_domain("https://www.bücher.de/x") == registrable_domain("http://xn--bcher-kva.de") == "xn--bcher-kva.de"


def test_train_rebuilds_a_small_bundle_with_every_list(shared: Path, tmp_path: Path) -> None:
    from unspun.train.sources import command

    result = CliRunner().invoke(command, ["--data", str(shared / "data"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    bundle_file = tmp_path / "sources.json.gz"
    assert bundle_file.stat().st_size < 3_000_000
    bundle = json.loads(gzip.decompress(bundle_file.read_bytes()))
    lists = {r["list"] for r in bundle["ratings"]}
    assert {"OpenSources", "MBFC (Baly et al. 2018)", "MBFC (Baly et al. 2020)", "Wikipedia perennial sources"} <= lists
    manifest = json.loads((tmp_path / "MANIFEST.json").read_text())
    assert manifest["train_command"] == "unspun train sources" and manifest["metrics"]["ratings"] == len(bundle["ratings"])
    # Every rating keeps the list's own label, and its mapped values come from our vocabulary.
    from unspun.sources.vocabulary import BIAS, CATEGORIES, FACTUALITY

    for r in bundle["ratings"]:
        assert r["label"] and r["domains"]
        assert r["factuality"] in (None, *FACTUALITY) and r["bias"] in (None, *BIAS)
        assert set(r["categories"]) <= set(CATEGORIES)


def test_curated_tables_cite_a_public_reference_on_every_row() -> None:
    from unspun.assets import RESOURCES

    for name in ("rebrands.csv", "state_media.csv"):
        with open(RESOURCES / "sources" / name, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert rows and all(r["reference"].startswith("https://") for r in rows), name
