"""Known fact-checks: a ClaimReview store (bundled collection + the user's database), importers and
exporter, and claim retrieval (BM25 + MiniLM candidates, a calibrated re-ranker).

`search.Searcher` is the entry point for matching text against fact-checks.
"""
