"""One submitted comment as the Akismet API describes it, read from a form of any client.

Clients differ: the `akismet` Python client sends `api_key`, WordPress's plugin puts the key in
the Host name and adds `POST_*`, `HTTP_*` and `comment_post_ID` fields, older clients send `key`.
Everything documented is read; everything else is ignored rather than refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from .text import clean, context_words, host, links, normalised_clean

TRUE = frozenset({"1", "true", "yes", "on"})

#: Comment types that are links from other sites: their text is an excerpt around a link, so
#: links are expected and must not count against them.
LINKBACK_TYPES = frozenset({"trackback", "pingback", "webmention", "linkback"})
#: Linkbacks whose receiver verifies that the source page really links here before filing them.
VERIFIED_LINKBACK_TYPES = frozenset({"pingback", "webmention"})
#: Comment types (and user agents) that mark a reply arriving over ActivityPub.
FEDIVERSE_TYPES = frozenset({"activitypub", "fediverse", "federated", "mastodon", "note", "federated-reply"})
_FEDIVERSE_AGENTS = ("activitypub", "mastodon", "pleroma", "akkoma", "misskey", "friendica", "gotosocial", "lemmy")


@dataclass
class Comment:
    """The fields of comment-check / submit-spam / submit-ham that the filter uses.

    The derived forms of the text (`cleaned`, `normalised`, `links`) are computed once per
    comment, since every rule reads them; a Comment is not changed after it is built.
    """

    blog: str = ""
    user_ip: str = ""
    user_agent: str = ""
    referrer: str = ""
    permalink: str = ""
    comment_type: str = ""
    author: str = ""
    email: str = ""
    author_url: str = ""
    content: str = ""
    user_role: str = ""
    is_test: bool = False
    recheck_reason: str = ""
    honeypot_field: str = ""
    honeypot_value: str = ""
    context: list[str] = field(default_factory=list)
    guid: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form: Mapping[str, Sequence[str]]) -> "Comment":
        """Read a parsed form (`name -> [values]`), as both JSON-less Akismet clients send it."""

        def one(name: str) -> str:
            values = form.get(name) or []
            return values[-1].strip() if values else ""

        honeypot = one("honeypot_field_name")
        context = [v for name in ("comment_context[]", "comment_context") for v in form.get(name, []) if v.strip()]
        return cls(
            blog=one("blog"),
            user_ip=one("user_ip") or one("REMOTE_ADDR"),
            user_agent=one("user_agent") or one("HTTP_USER_AGENT"),
            referrer=one("referrer") or one("HTTP_REFERER"),
            permalink=one("permalink"),
            comment_type=one("comment_type").lower(),
            author=one("comment_author"),
            email=one("comment_author_email"),
            author_url=one("comment_author_url"),
            content=(form.get("comment_content") or [""])[-1],
            user_role=one("user_role").lower(),
            is_test=one("is_test").lower() in TRUE,
            recheck_reason=one("recheck_reason"),
            honeypot_field=honeypot,
            honeypot_value=(one(honeypot) or one(f"POST_{honeypot}")) if honeypot else "",
            context=context,
            guid=one("guid"),
            extra={k: v[-1] for k, v in form.items() if v and k.startswith(("HTTP_", "POST_"))},
        )

    @cached_property
    def cleaned(self) -> str:
        """The text without markup or entities (`text.clean`)."""
        return clean(self.content)

    @cached_property
    def normalised(self) -> str:
        """Lower-case words only (`text.normalised`): what exact copies share."""
        return normalised_clean(self.cleaned)

    @cached_property
    def links(self) -> list[str]:
        """Every URL or bare host name in the text, in order."""
        return links(self.cleaned)

    @property
    def roles(self) -> set[str]:
        """The commenter's roles (WordPress sends a comma-separated list)."""
        return {r.strip() for r in self.user_role.split(",") if r.strip()}

    @property
    def email_domain(self) -> str:
        """The host part of the email address ('' when there is none)."""
        return self.email.rpartition("@")[2].strip().lower() if "@" in self.email else ""

    @property
    def is_linkback(self) -> bool:
        """A trackback, pingback or webmention: another site linking here (by comment type, or a
        webmention receiver's user agent when the plugin files it as a plain comment)."""
        return self.comment_type in LINKBACK_TYPES or self.is_verified_linkback

    @property
    def is_verified_linkback(self) -> bool:
        """A pingback or webmention (by type, or a webmention receiver's user agent)."""
        return self.comment_type in VERIFIED_LINKBACK_TYPES or "webmention" in self.user_agent.lower()

    @property
    def is_fediverse(self) -> bool:
        """A reply that came over ActivityPub (by comment type, protocol field or user agent)."""
        agent = self.user_agent.lower()
        protocol = (self.extra.get("POST_protocol") or "").lower()
        return (
            self.comment_type in FEDIVERSE_TYPES
            or protocol == "activitypub"
            or any(name in agent for name in _FEDIVERSE_AGENTS)
        )

    def context_words(self) -> frozenset[str]:
        """What the page is about: `comment_context[]` values and the permalink's path words."""
        return context_words(*self.context, urlsplit(self.permalink).path if self.permalink else "")

    def own_hosts(self) -> frozenset[str]:
        """Hosts that count as the site itself (links there are not promotion)."""
        return frozenset(h for h in (host(self.blog), host(self.permalink)) if h)
