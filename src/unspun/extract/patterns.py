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

_SOCIAL = r"(?:twitter|facebook|instagram|linkedin|tiktok|youtube|threads|mastodon|bluesky|x)"
# Sentences that ask the reader to act outside the article: follow an account, send a tip, write in, sign up,
# call a helpline. Pages end articles with a line of them ("Follow The New York Times Opinion section on
# Facebook, Twitter (@NYTopinion) and Instagram.", "Have a tip? … may be reached at …@….com.").
_CALL_TO_ACTION = [
    r"(?:and )?follow [\w@.'’&, -]{1,60} on " + _SOCIAL + r"\b.{0,120}",
    r"(?:have|got) a (?:news )?tip\?*",
    r"[\w.'’ -]{1,60} (?:may|can) be (?:reached|contacted|emailed) (?:at|on|via) .{1,120}",
    r"(?:.{0,40}\b(?:e-?mail|write to|contact)\b.{0,40})?:?\s*\S+@[\w-]+(?:\.[\w-]+)+\.?",
    r"(?:(?:click|tap) here to )?(?:sign up|subscribe)(?: here| now| today)?[.!]?",
    r"(?:how to get help:\s*)?(?:in the [\w.]+,\s*)?(?:please )?(?:call|contact|text|reach) .{0,80}"
    r"\b(?:lifeline|helpline|hotline|samaritans|crisis (?:line|text line))\b.{0,80}",
]
# Sentences that are furniture only next to a call to action: the promo before "Sign up here.", the
# helpline box's second sentence, the letters desk's introduction.
_PROMO = [
    r".{0,200}\bnewsletters?\b.{0,200}",
    r".{0,120}\bletters? to the editor\b.{0,80}",
    r"here (?:are|is) (?:some|our) tips?\.?",
    r".{0,200}\b(?:suicide prevention|crisis cent(?:er|re)s?|helplines?|hotlines?)\b.{0,200}",
]
CALL_TO_ACTION = re.compile(r"(?:%s)" % "|".join(_CALL_TO_ACTION), re.IGNORECASE)
PROMO = re.compile(r"(?:%s)" % "|".join(_PROMO), re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

#: A byline standing alone: "By Jane Doe", "By Jane Doe and Ali Khan".
BYLINE = re.compile(
    r"^\s*(?i:by)\s+(?P<name>[A-Z][\w.'\u2019-]+(?:\s+(?:[A-Z][\w.'\u2019-]+|and|&|de|van|von|al-\w+)){0,5})\s*$"
)

#: The signature that ends an embedded social post: "— Donald J. Trump (@realDonaldTrump) January 2, 2018" (the
#: date is required: a columnist's sign-off "— Jane Doe (@janedoe)" is not a post).
POST_SIGNATURE = re.compile(
    r"(?:^|\s)[—–-]{1,2}\s*[^\s()—–][^\n()—–]{0,80}\s\(@\w{1,30}\)"
    r"\s+(?:on\s+)?[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}\s*$"
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
    """Whether a whole line is comment-form, sharing, navigation or newsletter furniture.

    A line is furniture when the whole of it matches a boilerplate pattern, or when each of its sentences is
    furniture and at least one is a call to action (so a newsletter's name alone, or a body sentence that
    mentions a hotline, never is).
    """
    text = norm(line).strip(" |·•-–—:")
    if not text or len(text) > 400:
        return False
    if len(text) <= 240 and BOILERPLATE.fullmatch(text):
        return True
    sentences = _SENTENCE_END.split(text)
    calls = [CALL_TO_ACTION.fullmatch(s) is not None for s in sentences]
    return any(calls) and all(
        call or PROMO.fullmatch(s) or BOILERPLATE.fullmatch(s) for call, s in zip(calls, sentences, strict=True)
    )


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
