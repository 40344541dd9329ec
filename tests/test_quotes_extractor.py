"""The attribution extractor on the real spaCy parse and the bundled model: the rules added for
inverted speakers, passive reports, transcript labels, and the vectorised linear scorer."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.attribution.extractor import Model, bundled_model, cue_tokens, extract
from unspun.attribution.features import cue_features
from unspun.attribution.linear import LinearModel
from unspun.attribution.quotemarks import find_quotes
from unspun.parse import parse


def roles(text: str) -> list[dict[str, list[str]]]:
    """Each extracted attribution's content, cue and source as strings."""
    doc = parse(text).doc
    out = []
    for found in extract(doc):
        a = found.attribution(doc)
        out.append({role: [text[s:e] for s, e in getattr(a, role)] for role in ("content", "cue", "source")})
    return out


def test_passive_report_with_agent_has_the_subject_as_content() -> None:
    (a,) = [a for a in roles("The registration issue was first reported by The Washington Post.")
            if "The Washington Post" in " ".join(a["source"])]
    assert a["content"] == ["The registration issue"]


def test_inverted_speaker_is_the_source_not_the_quotation() -> None:
    text = "“Hillary Clinton’s campaign is in panic mode. Full panic mode,” said Leslie Wimes, an organizer."
    (a,) = [a for a in roles(text) if a["cue"] == ["said"]]
    assert a["source"][0].startswith("Leslie Wimes")
    assert "Full panic mode" in " ".join(a["content"])


def test_transcript_turn_runs_to_the_end_of_its_paragraph() -> None:
    text = "\"PENCE: She will not be attending. We made that clear on Sunday.\n\nThe debate is tomorrow."
    (a,) = [a for a in roles(text) if a["cue"] == [":"]]
    assert a["source"] == ["PENCE"]
    assert a["content"] == ["She will not be attending. We made that clear on Sunday."]


def test_lowercase_lead_in_before_a_colon_is_not_a_speaker_label() -> None:
    text = "Partial transcript as follows:\n\nThe debate is tomorrow night."
    assert not any(a["cue"] == [":"] and a["source"] for a in roles(text))


def test_object_content_keeps_its_complement() -> None:
    (a,) = [a for a in roles("Clinton blasted him for not paying income tax.") if a["cue"][0].startswith("blasted")]
    assert a["content"] == ["him for not paying income tax"]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, float]]:
    text = "Smith said the plan would fail. “It is over,” she told reporters, according to aides."
    doc = parse(text).doc
    quotes = find_quotes(text)
    return [cue_features(t, quotes) for t in doc] + [{}, {"never-seen-feature": 1.0}]


def test_batched_scores_equal_row_by_row_scores(rows) -> None:
    """The one-gather scorer must give what a plain dot product per row gives."""
    model = bundled_model().cue
    expected = np.array([[model.intercept[0] + sum(model.coef[0, model.vocab[k]] * v
                                                   for k, v in r.items() if k in model.vocab)] for r in rows])
    assert np.allclose(model.decision(rows), expected, atol=1e-5)
    assert model.decision([]).shape == (0, 1)


@pytest.mark.parametrize("line", ["UPDATE: The debate is tomorrow night.", "The Latest: Trump urges supporters to vote.",
                                  "Photo: Supporters wait outside the venue."])
def test_page_furniture_before_a_colon_is_not_a_speaker(line: str) -> None:
    assert not any(a["cue"] == [":"] and a["source"] for a in roles(f"{line}\n\nThe rally went on."))


def _keeping(*deps: str) -> Model:
    """A model whose extent classifier keeps exactly the dependents with these labels."""
    extent = LinearModel({f"dep={d}": i for i, d in enumerate(deps)}, np.full((1, len(deps)), 20.0, np.float32),
                         np.array([-10.0], np.float32), ["0", "1"])
    return Model(bundled_model().cue, extent, bundled_model().lexicon)


def test_cue_is_the_unbroken_run_around_its_head() -> None:
    """A kept dependent beyond a rejected one ("released | a | letter from") must not leave a gap:
    PolNeAR cues are contiguous, so the cue stops where the run around the head breaks."""
    doc = parse("He released a letter from his doctor that says he is healthy.").doc
    head = next(t for t in doc if t.lower_ == "released")
    assert cue_tokens(head, _keeping("dobj", "prep")) == [head.i]  # "a" (det) is rejected
    full = cue_tokens(head, _keeping("dobj", "prep", "det", "pobj", "poss"))
    assert [doc[i].text for i in full] == ["released", "a", "letter", "from", "his", "doctor"]


def test_a_relative_clause_holding_another_cue_is_its_own_attribution_not_part_of_the_source() -> None:
    """Attributions do not nest: the clause's own cue must not be swallowed into the outer source."""
    found = roles("Mr. Trump, who said last week that the judge was biased, issued a statement on Tuesday "
                  "saying he was sorry.")
    assert {"content": ["that the judge was biased"], "cue": ["said"], "source": ["who"]} in found
    assert [a["source"] for a in found if a["cue"] == ["issued a statement"]] == [["Mr. Trump"]]


def test_a_relative_clause_without_a_cue_stays_in_the_source() -> None:
    (a,) = [a for a in roles("Senator Kirk, who is from Illinois, said the vote would fail.") if a["cue"] == ["said"]]
    assert a["source"] == ["Senator Kirk, who is from Illinois,"]


def test_a_participle_set_off_by_commas_is_not_part_of_the_source() -> None:
    (a,) = [a for a in roles("Clinton, speaking in Ohio, said the plan would fail.") if a["cue"] == ["said"]]
    assert a["source"] == ["Clinton"]


@pytest.mark.parametrize("text", ["Clinton appeared to think the plan would fail.",
                                  "The voters seem to believe the plan will fail."])
def test_a_raising_verb_has_no_source(text: str) -> None:
    assert all(not a["source"] for a in roles(text) if a["cue"][0].startswith(("appeared", "seem")))


def test_an_expletive_it_is_not_a_source() -> None:
    (a,) = [a for a in roles("It is not clear whether the plan will pass.") if a["cue"] == ["is not clear"]]
    assert a["source"] == []


@pytest.mark.parametrize(("text", "source"), [
    ("RENO, Nev. (AP) — Republican presidential hopeful Donald Trump says he no longer watches football.",
     ["Republican presidential hopeful Donald Trump"]),
    ("Senators — three from each party — said the vote would fail.", ["Senators — three from each party —"]),
])
def test_a_dateline_is_not_part_of_the_source_but_a_dash_aside_is(text: str, source: list[str]) -> None:
    (a,) = [a for a in roles(text) if a["cue"][0] in ("says", "said")]
    assert a["source"] == source
