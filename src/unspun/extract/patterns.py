"""Line-level patterns shared by the HTML and plain-text extractors.

A page's comment form, share row or newsletter box reads the same whether it arrives as markup or
as copied text, so both paths recognise it with these whole-line patterns (anchored, so a body
sentence that merely mentions "comments" or "fact-checked" is never taken for boilerplate).
"""

from __future__ import annotations

import re
import unicodedata

_BOILERPLATE = [
    r"leave a (reply|comment|response)( to .{1,80})?",
    r"cancel reply",
    r"post (a )?comment",
    r"add (a |your |new )?comment",
    r"join the discussion",
    r"your email address will not be published\.?( required fields are marked \*?)?",
    r"required fields are marked \*?",
    r"(comment|name|email|website|message)\s*\*?",
    r"this site uses akismet to reduce spam\.?( learn how your comment data is processed\.?)?",
    r"learn how your comment data is processed\.?",
    r"save my name, email,? and website in this browser for the next time i comment\.?",
    r"notify me of (follow-up comments|new posts) by email\.?",
    r"you must be logged in to post a comment\.?",
    r"comments are closed\.?",
    r"(one|no|\d+) (thoughts?|comments?|responses?|replies) (on|to) .{1,200}",
    r"(\d+ )?comments?( \(\d+\))?",
    r"(show|load|view) (more )?comments",
    r"powered by disqus\.?",
    r"share (this|on)( \w+)?:?",
    r"(click to )?(share|email|print|tweet)( on \w+)?( \(opens in new window\))?",
    r"like this:?",
    r"like loading\.*",
    # a link teaser or its heading: "Related: …", "SEE MORE: …", "READ MORE: …", "More:" (a trailing colon is stripped)
    r"(related( posts?| articles?| stories| roundup)?|(see|read|watch) (more|also)|more|also read)(:?\s*|:\s.{1,200})",
    r"also on [\w.-]+\.[a-z]{2,} .{1,200}",  # a teaser: "Also on rt.com Journalists & politicians …"
    r"like this (story|article)\? share it with a friend!?",
    r"(story )?continued below\W*",
    r"we['’]d like to hear what you think.{0,200}",
    r"click here to subscribe.{0,120}",
    r"subscribe to .{1,80}(newsletters?|youtube channel|on youtube).{0,80}",
    r"get the .{0,60}(in your inbox|newsletter).{0,120}",
    r"you (may|might) also like:?",
    r"(previous|next) (story|post|article)",
    r"posted in .{1,80}",
    r"(tags|filed under|categories):.{0,200}",
    r"(sign up|subscribe)( now)?( to| for)? (our|the) (daily |weekly )?newsletter.{0,80}",
    r"subscribe( now| today)?",
    r"advertisement",
    r"reply( to this comment)?",
]
BOILERPLATE = re.compile(r"(?:%s)" % "|".join(_BOILERPLATE), re.IGNORECASE)

#: A byline standing alone: "By Jane Doe", "By Jane Doe and Ali Khan".
BYLINE = re.compile(
    r"^\s*(?i:by)\s+(?P<name>[A-Z][\w.'\u2019-]+(?:\s+(?:[A-Z][\w.'\u2019-]+|and|&|de|van|von|al-\w+)){0,5})\s*$"
)

#: A self-declared trust badge standing alone on a line or in an element of its own.
BADGE = re.compile(
    r"""(?:
        (?:100\s*%\s*)?(?:fact[\s-]*check(?:ed)?|verified)
           (?:\s+(?:by|for\s+accuracy\s+by)\s+(?P<reviewer>[^\n]{2,60}))?
      | (?:(?:editorially|medically|expert|independently)\s+)?(?:reviewed|checked)(?:\s+for\s+accuracy)?
           \s+by\s+(?P<reviewer3>[^\n]{2,60})
      | fact[\s-]*check\s*[:\-]\s*(?P<verdict>true|accurate|correct|verified|confirmed)
      | (?:verified|trusted|reliable)\s+(?:news|source|content|story|article)
      | (?:this\s+)?(?:article|story|content|post)\s+(?:has\s+been|was|is)\s+(?:fact[\s-]*checked|verified)
           (?:\s+by\s+(?P<reviewer2>[^\n]{2,60}))?
    )\s*[.!✓✔☑]*""",
    re.IGNORECASE | re.VERBOSE,
)

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015"), "-")


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))  # soft hyphen, zero-width space, word joiner, BOM


def clean(text: str) -> str:
    """NFC without invisible formatting characters: the same word is the same string whatever the page's bytes.

    Zero-width joiners stay (scripts such as Bengali need them); compatibility forms (ellipsis,
    ligatures) stay too, because this is output text.
    """
    return unicodedata.normalize("NFC", text.translate(_INVISIBLE))


def squash(text: str) -> str:
    """Output text: `clean`, with whitespace collapsed to single spaces."""
    return " ".join(clean(text).split())


def norm(text: str) -> str:
    """Whitespace-collapsed, NFKC-normalised text (for comparisons, not for output)."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_DASHES).split())


def fold(text: str) -> str:
    """A comparison key that ignores case, punctuation and spacing (to spot a repeated title)."""
    return re.sub(r"\W+", "", norm(text).casefold())


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is comment-form, sharing, navigation or newsletter furniture."""
    text = norm(line).strip(" |·•-–—:")
    return bool(text) and len(text) <= 240 and BOILERPLATE.fullmatch(text) is not None


def badge_match(line: str) -> re.Match[str] | None:
    """The badge pattern matched against a whole short line, or None."""
    text = norm(line).strip(" |·•-–—")
    if not text or len(text) > 90:
        return None
    return BADGE.fullmatch(text)


def reviewer(match: re.Match[str]) -> str | None:
    """The reviewer a badge names ("Reviewed by Jane Doe" -> "Jane Doe"), if any."""
    name = match.group("reviewer") or match.group("reviewer2") or match.group("reviewer3")
    return name.strip(" .") if name else None
