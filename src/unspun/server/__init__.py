"""The REST API, the web page and the Akismet-compatible endpoints."""
