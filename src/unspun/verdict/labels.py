"""How each dataset's labels map onto unspun's one question: is this article unreliable?

`UNRELIABLE = 1`, `RELIABLE = 0`; `None` keeps a record out of the binary task (it is still scored).
The mappings are documented in docs/verdict.md with their caveats; keep the two in step.
"""

from __future__ import annotations

UNRELIABLE = 1
RELIABLE = 0

#: BuzzFeed-Webis 2016 `veracity`: Potthast et al. (2018) merge "mostly false" and "mixture" into *fake*.
#: "no factual content" (memes, opinion) is neither true nor false: it joins the "rest" of fake-vs-rest.
BUZZFEED_WEBIS = {
    "mostly false": UNRELIABLE,
    "mixture of true and false": UNRELIABLE,
    "mostly true": RELIABLE,
    "no factual content": RELIABLE,
}

#: FakeNewsNet 2017 `label` (per article, from PolitiFact / BuzzFeed fact-checks).
FAKENEWSNET = {"fake": UNRELIABLE, "real": RELIABLE}

#: ReCOVery `reliability` (per *publisher*, from NewsGuard / MBFC): 1 = reliable, 0 = unreliable.
RECOVERY = {"0": UNRELIABLE, "1": RELIABLE}

#: Aggregator rows of ReCOVery that carry the aggregator's label onto other sites' articles (README caveat);
#: left out of training, kept (and reported separately) in evaluation.
RECOVERY_AGGREGATORS = frozenset({"Drudge Report", "Heartland Institute"})

#: LIAR's six ratings in truth order (index = ordinal truthfulness 0..5).
LIAR_LABELS = ("pants-fire", "false", "barely-true", "half-true", "mostly-true", "true")

#: LIAR binary view (the usual split of the six ratings): the lower three are unreliable.
LIAR = {label: (UNRELIABLE if i < 3 else RELIABLE) for i, label in enumerate(LIAR_LABELS)}
