"""Check-worthiness: which sentences are factual claims worth checking (ClaimBuster classes, CheckThat! ranking).

`model.model()` is the bundled model; `scoring.score_article()` scores an article's title and sentences once
for every analyzer that needs them.
"""
