"""Evaluators: `unspun eval TASK --data DIR` reads a dataset in its own layout, writes predictions in the
benchmark's own format and prints its metrics."""
