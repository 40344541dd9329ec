"""Renderers: Report -> terminal (rich), JSON, self-contained HTML. They read only the Report."""
