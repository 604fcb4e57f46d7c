"""Alert subscriptions over HTTP: the same operations and validation as `mediamon alerts`.

Endpoints are plain `def`: they talk to Kafka with the blocking client, so FastAPI runs them in
its thread pool. Secrets are accepted on creation and only ever returned masked.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field

from mediamon.api.deps import get_settings
from mediamon.errors import MediamonError
from mediamon.settings import Settings
from processors.alerts import repo
from processors.alerts.subscriptions import (
    SubscriptionError,
    ChannelRules,
    build_subscription,
    parse_channels,
    public_view,
    status_view,
)

router = APIRouter(prefix="/alerts", tags=["alerts"])
SettingsDep = Annotated[Settings, Depends(get_settings)]


class SubscriptionIn(BaseModel):
    """Fields mirror `mediamon alerts add` options."""

    name: str
    owner: str = ""
    entities: list[str] = []
    languages: list[str] = []
    topics: list[str] = []
    sources: list[str] = []
    countries: list[str] = []
    framings: list[str] = []
    query: str | None = None
    mode: Literal["realtime", "digest", "spike", "silence"] = "realtime"
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


def _view(state: repo.SubscriptionState, sub_id: str) -> dict[str, Any]:
    sub = state.index.get(sub_id)
    if sub is None:
        raise HTTPException(404, f"no subscription {sub_id!r}")
    status = state.statuses.get(sub_id)
    return {**public_view(sub), "status": status_view(status, detailed=False)}


def _load(settings: Settings) -> repo.SubscriptionState:
    try:
        return repo.load(settings)
    except MediamonError as exc:
        raise HTTPException(503, str(exc)) from exc


@router.get("/subscriptions")
def list_subscriptions(settings: SettingsDep) -> list[dict[str, Any]]:
    state = _load(settings)
    return [_view(state, sub_id) for sub_id in sorted(state.index.by_id)]


@router.get("/subscriptions/{sub_id}")
def get_subscription(sub_id: str, settings: SettingsDep) -> dict[str, Any]:
    return _view(_load(settings), sub_id)


@router.post("/subscriptions", status_code=201)
def create_subscription(body: SubscriptionIn, settings: SettingsDep) -> dict[str, Any]:
    options = body.model_dump(exclude={"webhooks", "secret", "emails", "slacks", "telegrams"})
    try:
        channels = parse_channels(body.webhooks, body.secret, body.emails, body.slacks, body.telegrams,
                                  rules=ChannelRules.from_settings(settings))
        sub = build_subscription(channels=channels, per_minute_limit=settings.alerts_max_per_minute_limit,
                                 **options)
    except SubscriptionError as exc:
        raise HTTPException(400, str(exc)) from exc
    repo.save(settings, sub)
    return public_view(sub)


def _change(settings: Settings, sub_id: str, paused: bool | None) -> dict[str, Any]:
    try:
        if paused is None:
            repo.remove(settings, sub_id)
            return {"id": sub_id, "removed": True}
        return public_view(repo.set_paused(settings, sub_id, paused))
    except repo.SubscriptionNotFound as exc:
        raise HTTPException(404, str(exc)) from exc


@router.post("/subscriptions/{sub_id}/pause")
def pause_subscription(sub_id: str, settings: SettingsDep) -> dict[str, Any]:
    return _change(settings, sub_id, True)


@router.post("/subscriptions/{sub_id}/resume")
def resume_subscription(sub_id: str, settings: SettingsDep) -> dict[str, Any]:
    return _change(settings, sub_id, False)


@router.delete("/subscriptions/{sub_id}")
def remove_subscription(sub_id: str, settings: SettingsDep) -> dict[str, Any]:
    return _change(settings, sub_id, None)
