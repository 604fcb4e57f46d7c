"""Admin-only views: the API tokens (names, roles, creation times; never tokens or hashes)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from apps.api.auth import require
from apps.api.tokens import Role

router = APIRouter(tags=["admin"], dependencies=[Depends(require(Role.admin))])


@router.get("/tokens")
def list_tokens(request: Request) -> list[dict[str, str]]:
    return [{"name": e.name, "role": e.role, "created": e.created} for e in request.app.state.tokens.entries()]
