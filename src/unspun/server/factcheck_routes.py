"""`/v1/factchecks`: search the fact-check collection (bundled + the user's store) and add to the store.

The store and the search are `unspun.factchecks`'; this module only speaks HTTP. Records can be
posted the way fact-checkers publish them (schema.org ClaimReview JSON-LD, anywhere in the body,
one or many) or as flat objects with the store's field names (`claim`, `rating`, `publisher`, ...).
"""

from __future__ import annotations

from dataclasses import asdict
from itertools import islice
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from ..errors import InputError
from .api import json_body, problems
from .safety import require_token

router = APIRouter(prefix="/v1")


class FactCheckIn(BaseModel):
    """A fact-check as flat fields (a ClaimReview JSON-LD object is accepted as well)."""

    model_config = ConfigDict(extra="allow")

    claim: str = Field(description="The claim that was checked.")
    rating: str = Field("", description="The fact-checker's own rating words, e.g. 'Pants on Fire!'.")
    publisher: str = ""
    publisher_url: str = ""
    url: str = Field("", description="The fact-check article.")
    date: str = ""
    title: str = ""
    claimant: str = ""
    claim_date: str = ""
    language: str = ""
    provenance: str = Field("", description="Where the record comes from (default: 'api').")


class FactCheckOut(BaseModel):
    """A stored or bundled fact-check; search results add how well it matches the query."""

    claim: str
    rating: str
    verdict: Literal["false", "mostly-false", "mixture", "mostly-true", "true", "other"]
    publisher: str
    publisher_url: str
    url: str
    date: str
    title: str
    claimant: str
    claim_date: str
    language: str
    provenance: str
    probability: float | None = Field(None, description="The re-ranker's probability that it checks the query.")
    similarity: float | None = Field(None, description="Cosine similarity of the query and the claim.")
    match: bool | None = Field(None, description="Whether the probability reaches the calibrated threshold and the fact-check is about the query's actors.")
    other_actors: bool | None = Field(
        None, description="The fact-check names someone the query does not, and the query someone it does not: not a match."
    )
    origin: Literal["bundled", "store"] | None = None


class FactCheckResults(BaseModel):
    """Search results (most probable first) or, without a query, the user's stored records."""

    query: str | None
    total: int
    items: list[FactCheckOut]


class FactCheckImport(BaseModel):
    """What a POST added: new records, ones already stored, and entries skipped with the reason."""

    added: int
    duplicates: int
    skipped: list[str]


_FLAT = FactCheckIn.model_json_schema()
_POST_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "oneOf": [
                    _FLAT,
                    {"type": "array", "items": _FLAT},
                    {"type": "object", "description": "schema.org ClaimReview JSON-LD (one, a list, or in @graph)"},
                ]
            }
        }
    },
}


def _records(data: Any) -> tuple[list, list[str]]:
    """FactCheck records from a JSON body, and the entries skipped with the reason for each."""
    from ..factchecks.claimreview import find_claim_reviews, from_claim_review
    from ..factchecks.records import FactCheck, text_of

    records, skipped = [], []
    for i, item in enumerate(data if isinstance(data, list) else [data], 1):
        reviews = list(find_claim_reviews(item))
        if reviews:
            found = [from_claim_review(node, provenance="api") for node in reviews]
            good = [r for r in found if r.claim]
            records += good
            skipped += [f"item {i}: ClaimReview whose claimReviewed is missing or not text"] * (len(found) - len(good))
        elif isinstance(item, dict) and text_of(item.get("claim"), numbers=False).strip():
            records.append(FactCheck.from_dict({**item, "provenance": item.get("provenance") or "api"}))
        else:
            skipped.append(f"item {i}: neither a ClaimReview nor an object with a claim (text)")
    return records, skipped


@router.get("/factchecks", response_model=FactCheckResults, summary="Search fact-checks", responses=problems(422, 504))
async def search_factchecks(
    request: Request,
    q: str | None = Query(None, description="A claim to search for; without it, list the user's stored records."),
    limit: int = Query(10, ge=1, le=100),
    offset: int = Query(0, ge=0, description="Listing only: how many stored records to skip."),
) -> FactCheckResults:
    """With `q`: the fact-checks (bundled and the user's) most likely to check that claim. Without: the
    user's own store, oldest first."""
    state = request.app.state
    url = state.settings.db_url

    def work() -> FactCheckResults:
        from ..factchecks.search import Searcher
        from ..factchecks.store import Store

        if q is not None:
            if not q.strip():
                raise InputError("empty query: give the claim to search for")
            matches = Searcher(url).search(q, k=limit)
            items = [
                FactCheckOut(**asdict(m.record), probability=round(m.probability, 4), similarity=round(m.similarity, 4),
                             match=m.is_match, other_actors=m.other_actors, origin=m.source)  # type: ignore[arg-type]
                for m in matches
            ]
            return FactCheckResults(query=q, total=len(items), items=items)
        store = Store(url)
        records = islice(store.records(), offset, offset + limit)
        return FactCheckResults(query=None, total=store.count(),
                                items=[FactCheckOut(**asdict(r), origin="store") for r in records])

    return await state.analyses.run(work, state.settings.request_timeout)


@router.post(
    "/factchecks",
    status_code=201,
    response_model=FactCheckImport,
    summary="Add fact-checks to the store",
    dependencies=[Depends(require_token)],
    openapi_extra={"requestBody": _POST_BODY},
    responses=problems(400, 401, 413, 415, 422, 504),
)
async def add_factchecks(request: Request) -> FactCheckImport:
    """Store ClaimReview JSON-LD or flat records (de-duplicated by review URL and claim); the analyzer
    and the search see them at once."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() not in ("application/json", "application/ld+json"):
        raise HTTPException(415, "send the fact-checks as JSON (ClaimReview JSON-LD or flat records)")
    records, skipped = _records(json_body(await request.body()))
    if not records:
        raise InputError("no fact-check with a claim in the body" + (f" ({skipped[0]})" if skipped else ""))
    state = request.app.state

    def work() -> tuple[int, int]:
        from ..factchecks.store import Store

        return Store(state.settings.db_url).add(records)

    added, duplicates = await state.analyses.run(work, state.settings.request_timeout)
    return FactCheckImport(added=added, duplicates=duplicates, skipped=skipped)
