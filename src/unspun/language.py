"""The page's language as the report names it, for the parts of unspun that read English only.

The text models (propaganda, check-worthiness, fact-check matching, stance, quotes, the verdict's wording and
style) were trained on English; on another language they would read noise as evidence, so the pipeline skips
them and the verdict says so.
"""

from __future__ import annotations


def language_name(code: str | None) -> str | None:
    """The English name of a page's language when it is known and not English ("French (fr)"), else None."""
    tag = (code or "").strip().lower().replace("_", "-")
    if not tag or tag.split("-")[0] in {"en", "und"}:
        return None
    from babel import Locale, UnknownLocaleError

    try:
        return f"{Locale.parse(tag, sep='-').english_name} ({tag})"
    except (UnknownLocaleError, ValueError, TypeError):
        return tag
