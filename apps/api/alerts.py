"""Alert subscriptions over HTTP: the same operations and validation as `mediamon alerts`.

Editors see and change only their own subscriptions (owner = their token's name); admins see all
and may create one for another owner. Another owner's subscription answers 404, as if absent.
Endpoints are plain `def`: they talk to Kafka with the blocking client, so FastAPI runs them in
its thread pool. Secrets are accepted on creation and only ever returned masked.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from kafka.errors import KafkaError
from pydantic import BaseModel, Field

from apps.api.auth import require
from apps.api.deps import get_settings
from apps.api.subscriptions_view import SubscriptionsView
from apps.api.tokens import Principal, Role
from mediamon.errors import MediamonError
from mediamon.records import Subscription
from mediamon.records.codec import decode_json_record
from mediamon.settings import Settings
from processors.alerts import repo
from processors.alerts.channel_test import test_channels
from processors.subscriptions.sealing import sealer_for
from processors.subscriptions.validation import (
    GENERIC_FAILURE,
    ChannelRules,
    SubscriptionError,
    build_subscription,
    parse_channels,
    public_view,
    status_view,
)

log = logging.getLogger(__name__)
router = APIRouter(prefix="/alerts", tags=["alerts"])
SettingsDep = Annotated[Settings, Depends(get_settings)]
Editor = Annotated[Principal, Depends(require(Role.editor))]


class SubscriptionIn(BaseModel):
    """Fields mirror `mediamon alerts add` options; `owner` counts only for admins."""

    name: str
    owner: str = ""
    entities: list[str] = []
    languages: list[str] = []
    topics: list[str] = []
    sources: list[str] = []
    countries: list[str] = []
    framings: list[str] = []
    query: str | None = None
    mode: Literal["realtime", "digest", "spike", "silence", "reprint"] = Field(
        "realtime", description="reprint: articles reprinting a story of `origin_outlets` in `languages`/`countries`")
    origin_outlets: list[str] = Field([], description="Reprint mode: outlet ids (outlets.yaml), e.g. tass")
    per_story: bool = Field(False, description="Alert once per story; its later articles, any language, fold in")
    every: str = "1d"
    at: str = "08:00"
    tz: str = "UTC"
    factor: float = 3.0
    min_count: int = 10
    window: str = "1h"
    updates: bool = False
    max_per_minute: int = Field(10, ge=1)
    webhooks: list[str] = []
    secret: str | None = None
    emails: list[str] = []
    slacks: list[str] = []
    telegrams: list[str] = Field([], description="BOT_TOKEN:CHAT_ID")


def _entries(request: Request) -> dict[str, SubscriptionsView.WithStatus]:
    try:
        return request.app.state.subscriptions.current()
    except MediamonError as exc:
        log.warning("alerts API: %s", exc)
        raise HTTPException(503, "the subscriptions store is unavailable, try again") from exc


def _write(settings: Settings, records: list[tuple[bytes, bytes | None]]) -> None:
    try:
        repo.write(settings, records)
    except KafkaError as exc:
        log.warning("alerts API: writing subscriptions failed: %s", exc)
        raise HTTPException(503, "the subscriptions store is unavailable, try again") from exc


def _visible(request: Request, principal: Principal) -> dict[str, SubscriptionsView.WithStatus]:
    """The subscriptions this caller may see, by id."""
    entries = _entries(request)
    if principal.role >= Role.admin:
        return entries
    return {sub_id: entry for sub_id, entry in entries.items() if entry[0].owner == principal.name}


def _own(request: Request, principal: Principal, sub_id: str) -> Subscription:
    entry = _visible(request, principal).get(sub_id)
    if entry is None:
        raise HTTPException(404, f"no subscription {sub_id!r}")
    return entry[0]


def _view(entry: SubscriptionsView.WithStatus) -> dict[str, Any]:
    """Delivery status without the failure's class: it would tell which internal ports answer."""
    sub, status = entry
    return {**public_view(sub), "status": status_view(status, detailed=False)}


@router.get("/subscriptions")
def list_subscriptions(request: Request, principal: Editor) -> list[dict[str, Any]]:
    entries = _visible(request, principal)
    return [_view(entries[sub_id]) for sub_id in sorted(entries)]


@router.get("/subscriptions/{sub_id}")
def get_subscription(sub_id: str, request: Request, principal: Editor) -> dict[str, Any]:
    entry = _visible(request, principal).get(sub_id)
    if entry is None:
        raise HTTPException(404, f"no subscription {sub_id!r}")
    return _view(entry)


@router.post("/subscriptions", status_code=201)
def create_subscription(body: SubscriptionIn, request: Request, principal: Editor,
                        settings: SettingsDep) -> dict[str, Any]:
    owner = body.owner if principal.role >= Role.admin and body.owner else principal.name
    options = body.model_dump(exclude={"webhooks", "secret", "emails", "slacks", "telegrams", "owner"})
    try:
        channels = parse_channels(body.webhooks, body.secret, body.emails, body.slacks, body.telegrams,
                                  rules=ChannelRules.from_settings(settings))
        sub = build_subscription(channels=channels, owner=owner, per_minute_limit=settings.alerts_max_per_minute_limit,
                                 **options)
    except SubscriptionError as exc:
        raise HTTPException(400, str(exc)) from exc
    owned = sum(1 for sub, _ in _entries(request).values() if sub.owner == owner)
    if owned >= settings.api_max_subscriptions_per_owner:
        raise HTTPException(400, f"{owner!r} has {owned} subscriptions, the limit is "
                                 f"{settings.api_max_subscriptions_per_owner}: remove one first")
    _write(settings, [repo.encode(sub, sealer_for(settings))])
    return public_view(sub)


def _set_paused(request: Request, principal: Principal, settings: Settings, sub_id: str,
                paused: bool) -> dict[str, Any]:
    sub = decode_json_record(_own(request, principal, sub_id).dumps(), Subscription)
    sub.paused = paused
    _write(settings, [repo.encode(sub, sealer_for(settings))])
    return public_view(sub)


@router.post("/subscriptions/{sub_id}/pause")
def pause_subscription(sub_id: str, request: Request, principal: Editor, settings: SettingsDep) -> dict[str, Any]:
    return _set_paused(request, principal, settings, sub_id, True)


@router.post("/subscriptions/{sub_id}/resume")
def resume_subscription(sub_id: str, request: Request, principal: Editor, settings: SettingsDep) -> dict[str, Any]:
    return _set_paused(request, principal, settings, sub_id, False)


@router.delete("/subscriptions/{sub_id}")
def remove_subscription(sub_id: str, request: Request, principal: Editor, settings: SettingsDep) -> dict[str, Any]:
    _own(request, principal, sub_id)
    _write(settings, [(sub_id.encode(), None), (repo.status_key(sub_id), None)])
    return {"id": sub_id, "removed": True}


@router.post("/subscriptions/{sub_id}/test")
def test_subscription(sub_id: str, request: Request, principal: Editor, settings: SettingsDep) -> dict[str, Any]:
    """Send a test message to every channel now; which were delivered (the reason of a failure
    only for admins, as in the delivery status)."""
    sub = _own(request, principal, sub_id)
    outcomes = asyncio.run(test_channels(settings, sub))
    detailed = principal.role >= Role.admin
    return {"id": sub_id, "channels": [
        {"channel": channel, "ok": failure is None,
         "error": None if failure is None else (failure if detailed else GENERIC_FAILURE)}
        for channel, failure in outcomes]}
