"""The user's evidence corpus: incremental full-text + embedding index for corroboration."""
