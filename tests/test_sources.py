"""Source lookup: domain normalisation, profiles with rebrands and state media, the user layer, the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from unspun.errors import InputError
from unspun.settings import get_settings
from unspun.sources import lookup, registrable_domain
from unspun.sources import store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("https://WWW.PressTV.ir:443/Detail/2016/12/08/x.html?utm=1#top", "presstv.ir"),
        ("m.cnn.com.", "cnn.com"),
        ("amp.theguardian.com/world/2016/dec/08", "theguardian.com"),
        ("http://mobile.nytimes.com", "nytimes.com"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("https://someblog.wordpress.com/2016/12/post", "someblog.wordpress.com"),
        ("www.wordpress.com", "wordpress.com"),
        ("http://aanirfan.blogspot.co.uk/", "aanirfan.blogspot.co.uk"),
        ("m.aanirfan.blogspot.com", "aanirfan.blogspot.com"),
        ("https://bücher.de/katalog", "xn--bcher-kva.de"),
        ("XN--BCHER-KVA.DE", "xn--bcher-kva.de"),
        ("https://www-cnn-com.cdn.ampproject.org/c/s/www.cnn.com/2016/a.html", "cnn.com"),
        ("http://user:secret@Example.COM:8080/x", "example.com"),
        ("82.221.129.208", "82.221.129.208"),
    ],
)
def test_registrable_domain_normalises_url_variants(query: str, expected: str) -> None:
    assert registrable_domain(query) == expected


@pytest.mark.parametrize("query", ["#comments", "/category/world/", "mailto:a@b.org", "localhost", "", "javascript:void(0)"])
def test_registrable_domain_refuses_what_has_no_site(query: str) -> None:
    assert registrable_domain(query) is None


def test_rebranded_domain_shows_the_ratings_of_its_earlier_names() -> None:
    profile = lookup("https://thepeoplesvoice.tv/assad-says-aleppo/")
    assert profile["domain"] == "thepeoplesvoice.tv"
    assert profile["name"] == "The People's Voice"
    assert profile["via"] == ["newspunch.com", "yournewswire.com"]
    opensources = [r for r in profile["ratings"] if r["list"] == "OpenSources"]
    assert opensources and opensources[0]["domain"] == "yournewswire.com"
    assert {"clickbait", "junk-science"} <= set(profile["categories"])
    # The earlier name resolves to itself, with its own rating and its later names as aliases.
    old = lookup("yournewswire.com")
    assert old["domain"] == "yournewswire.com" and "via" not in old
    assert {"newspunch.com", "thepeoplesvoice.tv"} <= set(old["aliases"])


def test_state_media_by_name_and_by_mirror_domain() -> None:
    by_name = lookup("Press TV")
    assert by_name["domain"] == "presstv.com"
    assert by_name["state_media"]["state"] == "Iran"
    assert by_name["state_media"]["description"] == "Iranian state media"
    assert "presstv.ir" in by_name["aliases"]
    mirror = lookup("http://www.presstv.ir/Detail/2016")
    assert mirror["domain"] == "presstv.ir" and mirror["state_media"]["state"] == "Iran"
    assert lookup("al-Mayadeen")["domain"] == lookup("Al Mayadeen")["domain"] == "almayadeen.net"
    assert lookup("The Gateway Pundit")["domain"] == "thegatewaypundit.com"


def test_lists_that_disagree_are_shown_not_averaged() -> None:
    profile = lookup("presstv.com")
    lists = {r["list"] for r in profile["ratings"]}
    assert {"Wikipedia perennial sources", "MBFC (Baly et al. 2018)", "OpenSources"} <= lists
    said = profile["disagreement"]["factuality"]
    assert "Wikipedia perennial sources" in said["low"] and "MBFC (Baly et al. 2018)" in said["mixed"]


def test_unknown_sources_are_answers_not_errors() -> None:
    unknown = lookup("https://www.some-unknown-local-paper.example.org/news/1")
    assert unknown["domain"] == "example.org" and unknown["ratings"] == [] and unknown["name"] is None
    nobody = lookup("The Nonexistent Gazette of Nowhere")
    assert nobody["domain"] is None and nobody["ratings"] == []
    with pytest.raises(InputError):
        lookup("   ")


def test_profiles_are_copies() -> None:
    first = lookup("rt.com")
    first["ratings"].clear()
    first["categories"].append("satire")
    again = lookup("rt.com")
    assert again["ratings"] and "satire" not in again["categories"]


@pytest.fixture()
def user_layer(tmp_path, monkeypatch):
    """A fresh data folder for the user layer; the database is reloaded before and after."""
    monkeypatch.setenv("UNSPUN_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    store.reset()
    yield tmp_path
    monkeypatch.delenv("UNSPUN_DATA_DIR")
    get_settings.cache_clear()
    store.reset()


def test_user_layer_import_wins_and_is_its_own_provenance(user_layer) -> None:
    from unspun.cli.sources import group

    csv_file = user_layer / "mine.csv"
    csv_file.write_text(
        "domain,name,factuality,bias,categories,notes,list,aliases\n"
        "https://www.presstv.com/,Press TV,very-low,,state-media,our newsroom's review,newsroom,\n"
        "localnews.example.com,Local News Example,high,center,reliable,,,localnews-mirror.example.net\n"
        "not a domain,Broken,high,,,,,\n"
        "ok.example.org,Bad Vocabulary,superb,,,,,\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(group, ["import", str(csv_file)])
    assert result.exit_code == 0, result.output
    assert "imported 2 record(s)" in result.output
    assert "record 3" in result.output and "record 4" in result.output  # bad rows are skipped and named
    assert (user_layer / "data" / "sources.json").exists()

    press = lookup("presstv.com")
    assert press["factuality"] == "very-low"  # the user layer wins
    assert press["ratings"][0]["list"] == "newsroom" and press["ratings"][0]["layer"] == "user"
    assert any(r["list"] == "Wikipedia perennial sources" for r in press["ratings"])  # bundled ones stay
    local = lookup("https://localnews-mirror.example.net/a")
    assert local["name"] == "Local News Example" and local["factuality"] == "high"
    assert lookup("Local News Example")["domain"] == "example.com"

    # JSON import replaces the entry with the same domain and list.
    json_file = user_layer / "mine.json"
    json_file.write_text(json.dumps([{"domain": "presstv.com", "factuality": "low", "list": "newsroom"}]), encoding="utf-8")
    result = runner.invoke(group, ["import", str(json_file)])
    assert "1 replaced" in result.output
    assert lookup("presstv.com")["factuality"] == "low"


def test_cli_lookup_json_and_stats() -> None:
    from unspun.cli.sources import group

    runner = CliRunner()
    result = runner.invoke(group, ["lookup", "https://M.ThePeoplesVoice.tv./x?y=1", "--json"])
    assert result.exit_code == 0
    profile = json.loads(result.output)
    assert {"query", "domain", "name", "factuality", "bias", "categories", "aliases", "ratings", "via"} <= set(profile)
    assert profile["domain"] == "thepeoplesvoice.tv"
    assert all({"list", "label", "date"} <= set(r) and r.get("notes") != "" for r in profile["ratings"])
    text = runner.invoke(group, ["lookup", "Press TV"]).output
    assert "Iranian state media" in text and "Wikipedia perennial sources" in text
    stats = json.loads(runner.invoke(group, ["stats", "--json"]).output)
    assert stats["ratings_by_list"]["OpenSources"] > 500 and stats["state_media"] >= 20


def test_cli_import_of_a_missing_file_is_a_one_line_error(user_layer) -> None:
    from unspun.sources import import_file

    with pytest.raises(InputError, match="no such file"):
        import_file(user_layer / "absent.csv")


def test_a_user_named_outlet_called_the_week_is_not_every_week(user_layer) -> None:
    from unspun.parse import parse
    from unspun.sources import find_outlets, import_file

    path = user_layer / "week.json"
    path.write_text(json.dumps({"sources": [{"domain": "theweek.com", "name": "The Week", "factuality": "high"}]}))
    assert import_file(path)["imported"] == 1
    for text in ("The week began badly. Later in the week, officials said the week had been hard.",
                 "Week after week the talks stalled, officials said."):
        assert find_outlets(text) == [] and find_outlets(text, parse(text).doc) == []
    cited = "Officials spoke to The Week on Friday. The magazine agreed, according to the Week."
    found = find_outlets(cited, parse(cited).doc)
    assert [(m["text"], m["domain"], m["cited"]) for m in found] == [("The Week", "theweek.com", True), ("the Week", "theweek.com", True)]


def test_user_layer_rename_carries_the_earlier_names_ratings(user_layer) -> None:
    from unspun.sources import import_file

    path = user_layer / "rename.csv"
    path.write_text("domain,name,renamed_from\nbrand-new-name.com,Brand New Name,thepeoplesvoice.tv\n", encoding="utf-8")
    assert import_file(path)["imported"] == 1
    profile = lookup("https://www.brand-new-name.com/")
    assert profile["name"] == "Brand New Name"
    assert profile["via"] == ["thepeoplesvoice.tv", "newspunch.com", "yournewswire.com"]
    assert any(r["list"] == "OpenSources" and r["domain"] == "yournewswire.com" for r in profile["ratings"])
    assert "brand-new-name.com" in lookup("thepeoplesvoice.tv")["aliases"]
