"""Propaganda techniques (SemEval-2020 Task 11): corpus reader, features, linear models, scoring.

The analyzer (`unspun.analyzers.propaganda`) stays thin; this package holds the model so that
training, evaluation and the analyzer share one feature code path.
"""
