"""The combiner: signals -> P(unreliable), a 0-100 score, a label and signed reasons.

It is a logistic model over named signals. The text model's weight, the intercept and (when source
profiles were available at training time) the source weights are learned on out-of-fold predictions of
the shared article sets, which also calibrates them (Platt scaling is this model with one input). Signals
no shared dataset labels (badges, propaganda density, attribution shares, anonymous sourcing, fact-check
matches, corroboration) carry documented prior weights, listed with their reasons in `combiner.json` and
docs/verdict.md.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from .. import assets
from .calibration import SetMap
from .metrics import sigmoid
from .signals import Signal

RESOURCE = "verdict"

#: Prior weights (logit towards *unreliable* per unit of the signal) for what no shared dataset labels.
#: `center` is the value that counts as neutral; `cap` bounds the signal's value.
PRIORS: dict[str, dict[str, Any]] = {
    "badge_unsubstantiated": {"weight": 1.2, "why": "a self-declared trust badge with nothing behind it claims a check that did not happen"},
    "badge_substantiated": {"weight": -0.3, "why": "a badge backed by published ClaimReview markup is checkable"},
    # measured, not guessed, since 1.3.1 (benchmarks/bench_propaganda_prior.py, 872 labelled training articles):
    # the within-set slope of unreliable on the share is 2.35 (95 % 1.34-3.71), reliable articles average 0.152
    "propaganda_density": {"weight": 2.35, "center": 0.15, "cap": 1.0, "why": "persuasion techniques in many sentences signal advocacy over reporting; weight and centre measured on the labelled article sets"},
    "relayed_share": {"weight": 1.0, "cap": 1.0, "why": "a body mostly re-reported from other outlets adds no first-hand reporting"},
    "state_media_relayed_share": {"weight": 4.0, "cap": 1.0, "why": "material relayed from state media carries a government's framing"},
    "anonymous_sources": {"weight": 0.3, "cap": 4.0, "why": "claims resting on unnamed sources cannot be checked by the reader"},
    "factcheck_false": {"weight": 1.5, "cap": 2.0, "why": "the article's body repeats claims fact-checkers rated false"},
    "factcheck_true": {"weight": -0.5, "cap": 2.0, "why": "the article's body claims match fact-checks rated true"},
    "corroboration_contradicted": {"weight": 1.0, "why": "independent outlets report the opposite"},
    "corroboration_state_media_only": {"weight": 0.8, "why": "only state media carry the story"},
    "corroboration_corroborated": {"weight": -0.8, "why": "independent outlets report the same"},
}

#: The lookup signals - the publisher's ratings and the headline's fact-check match, both looked up in
#: bundled databases - are learned together (the with-source variant, off under `--no-source`); these
#: priors stand in when the databases were not available at training time.
SOURCE_PRIORS: dict[str, float] = {
    "source_very_low": 2.5, "source_low": 1.5, "source_mixed": 0.6, "source_high": -1.5,
    "source_questionable": 1.0, "source_state": 1.0, "source_reliable": -0.7,
    "headline_factcheck_false": 1.5, "headline_factcheck_true": -0.5,
}
SOURCE_SIGNALS = tuple(SOURCE_PRIORS)
#: The sign each learned source weight must have (a rating never counts in the publisher's favour
#: against its meaning); a weight fitted with the wrong sign is dropped and the rest refitted.
SOURCE_SIGNS: dict[str, int] = {k: (1 if v > 0 else -1) for k, v in SOURCE_PRIORS.items()}

#: Score bands: at or above `reliable` -> reliable, below `unreliable` -> unreliable, between -> mixed.
BANDS = {"reliable": 60.0, "unreliable": 40.0}


@dataclass(frozen=True)
class Combiner:
    """Learned intercept and weights plus the priors, as stored in `resources/verdict/combiner.json`."""

    intercept: float
    weights: dict[str, float]
    centers: dict[str, float]
    caps: dict[str, float]
    learned: tuple[str, ...]
    #: `{variant: {set: SetMap}}` with variant `text-only` or `with-source`: each labelled set's own
    #: calibration map, applied by `unspun eval verdict` only (`verdict/calibration.py`).
    set_calibration: dict[str, dict[str, SetMap]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Combiner:
        return cls(
            intercept=float(data["intercept"]), weights={k: float(v) for k, v in data["weights"].items()},
            centers={k: float(v) for k, v in data.get("centers", {}).items()},
            caps={k: float(v) for k, v in data.get("caps", {}).items()}, learned=tuple(data.get("learned", ())),
            set_calibration={variant: {name: SetMap.from_json(m) for name, m in maps.items()}
                             for variant, maps in data.get("set_calibration", {}).items()},
        )

    def contribution(self, signal: Signal) -> float:
        """The signal's push on the logit of *unreliable* (0 for a signal the model does not know)."""
        value = min(signal.value, self.caps.get(signal.name, float("inf")))
        return self.weights.get(signal.name, 0.0) * (value - self.centers.get(signal.name, 0.0))

    def probability(self, signals: list[Signal]) -> float:
        """P(unreliable) given the signals."""
        return float(sigmoid(self.intercept + sum(self.contribution(s) for s in signals)))


def to_json(intercept: float, learned: dict[str, float], centers: dict[str, float], *, source_learned: bool) -> dict[str, Any]:
    """The stored combiner: learned weights, priors (and why), centres, caps and the score bands."""
    weights = dict(learned)
    priors = {k: v for k, v in PRIORS.items()}
    if not source_learned:
        weights.update(SOURCE_PRIORS)
        priors.update({k: {"weight": w, "why": "source database unavailable at training time"} for k, w in SOURCE_PRIORS.items()})
    weights.update({k: v["weight"] for k, v in PRIORS.items()})
    return {
        "intercept": intercept,
        "weights": weights,
        "learned": sorted(learned),
        "priors": priors,
        "centers": {**centers, **{k: v["center"] for k, v in PRIORS.items() if "center" in v}},
        "caps": {k: v["cap"] for k, v in PRIORS.items() if "cap" in v},
        "bands": BANDS,
    }


@functools.cache
def load() -> Combiner:
    """The bundled combiner (cached)."""
    return Combiner.from_json(assets.load_json(f"{RESOURCE}/combiner.json"))
