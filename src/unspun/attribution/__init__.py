"""Who said what, through whom: attribution extraction (cue, source, content), speaker resolution,
relay chains and anonymous sourcing, plus the PolNeAR reader and scorer used to train and evaluate it.

The `quotes` analyzer (`unspun.analyzers.quotes`) is the entry point for reports;
`extractor.extract(doc)` is the entry point for attributions over a spaCy parse.
"""
