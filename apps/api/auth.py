"""Bearer-token authentication and roles as FastAPI dependencies.

`create_api` puts `authenticate` on every router it includes, so a new router cannot forget it;
routes that need more than viewing add `require(Role.editor)` or `require(Role.admin)`.
tests/unit/test_api_auth.py walks `app.routes` to prove that only the public pages go without.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from apps.api.tokens import BOOTSTRAP_ADMIN, Principal, Role, TokenError

log = logging.getLogger(__name__)
_bearer = HTTPBearer(auto_error=False, description="`mediamon tokens add NAME --role viewer|editor|admin`")


def _unauthorized(reason: str) -> HTTPException:
    return HTTPException(401, reason, headers={"WWW-Authenticate": 'Bearer realm="mediamon"'})


def _holder(request: Request, token: str) -> Principal | None:
    admin_token = request.app.state.settings.api_admin_token
    if admin_token is not None and hmac.compare_digest(token.encode(), admin_token.get_secret_value().encode()):
        return Principal(BOOTSTRAP_ADMIN, Role.admin)
    try:
        return request.app.state.tokens.verify(token)
    except TokenError as exc:
        log.error("API token store: %s", exc)
        raise HTTPException(503, "the token store cannot be read; see the API log") from exc


def authenticate(request: Request,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Principal:
    """The caller of a valid token, within its rate limit; 401 without one, 429 over the limit."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("a bearer token is required (Authorization: Bearer <token>)")
    principal = _holder(request, credentials.credentials)
    if principal is None:
        raise _unauthorized("the token is invalid or revoked")
    settings = request.app.state.settings
    if not request.app.state.rate_limiter.allow(principal.name):
        raise HTTPException(429, f"rate limit: {settings.api_rate_per_second:g} requests per second "
                                 f"(bursts of {settings.api_rate_burst})", headers={"Retry-After": "1"})
    return principal


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def require(role: Role) -> Callable[[Principal], Principal]:
    """A dependency that lets through callers holding `role` or a higher one (403 otherwise)."""

    def check(principal: CurrentPrincipal) -> Principal:
        if principal.role < role:
            raise HTTPException(403, f"this needs the {role.name} role; the token has {principal.role.name}")
        return principal

    check.__name__ = f"require_{role.name}"
    return check
