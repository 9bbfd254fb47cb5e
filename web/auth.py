"""Who is asking: session cookies for people, Bearer tokens for integrations, CSRF, security headers."""

from __future__ import annotations

import re
import secrets
import uuid
from typing import Annotated

from fastapi import Depends, Request
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accounts import service as accounts
from core.permissions import Action, Actor, AuthenticationRequiredError, PermissionDeniedError
from core.settings import get_settings
from web.deps import Session

SESSION_COOKIE = "placera_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
SESSION_STATUS_PATH = "/sessionen"
"""Answers how long the session has left without counting as activity (the idle warning asks it)."""
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# Only the app's own origin; htmx's indicator styles are turned off in the page so no inline style is needed.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "object-src 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class RequestContextMiddleware:
    """Gives every request an id (kept from X-Request-ID when sane) for the audit log, and adds the
    security headers to every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in dict(SECURITY_HEADERS)]
                message["headers"] = headers + SECURITY_HEADERS + [(b"x-request-id", request_id.encode())]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def session_middleware_options() -> dict:
    settings = get_settings()
    return {
        "secret_key": settings.secret_key,
        "session_cookie": SESSION_COOKIE,
        # The browser may keep the cookie for the absolute lifetime; the server ends it sooner (idle, sign-out).
        "max_age": settings.session_max_hours * 3600,
        "same_site": "lax",
        "https_only": settings.cookie_secure,
    }


def install_auth_middleware(app) -> None:
    app.add_middleware(SessionMiddleware, **session_middleware_options())
    app.add_middleware(RequestContextMiddleware)


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def request_id(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use (the sign-in form needs one before anyone signs in)."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def check_csrf(request: Request) -> None:
    """State-changing requests carried by the session cookie must echo the session's token, as a form
    field or (htmx, fetch) as the X-CSRF-Token header. A cross-site form cannot read it."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(expected, sent):
        raise PermissionDeniedError("Formuläret har gått ut eller kom från en annan webbplats (CSRF). Ladda om sidan och försök igen.")


async def start_session(request: Request, session, user) -> None:
    """The cookie carries only the server-side session's random id (and the CSRF token); the session
    itself lives in user_sessions, so signing out or a password reset ends it everywhere."""
    request.session.clear()  # a new session id at sign-in, so a planted session cannot be taken over
    request.session.update({"sid": await accounts.start_session(session, user), "csrf": secrets.token_urlsafe(32)})


async def optional_actor(request: Request, session: Session) -> Actor | None:
    """The signed-in user or token holder, or None."""
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        user = await accounts.user_for_token(session, authorization[7:].strip())
        if user is None:
            raise AuthenticationRequiredError("Ogiltig, återkallad eller utgången token.")
        return accounts.actor_for(user, request_id=request_id(request), client_address=client_address(request), via_token=True)
    secret = request.session.get("sid")
    if not isinstance(secret, str) or not secret:
        request.session.pop("uid", None)  # cookies from before server-side sessions
        return None
    found = await accounts.user_for_session(session, secret, renew=request.url.path != SESSION_STATUS_PATH)
    if found is None:
        request.session.clear()
        return None
    user, expires_at = found
    request.state.session_expires_at = expires_at  # for the page's idle warning
    return accounts.actor_for(user, request_id=request_id(request), client_address=client_address(request))


async def current_actor(request: Request, actor: Annotated[Actor | None, Depends(optional_actor)]) -> Actor:
    """Every route but sign-in, health and static files depends on this."""
    if actor is None:
        raise AuthenticationRequiredError("Logga in för att fortsätta.")
    if not actor.via_token:
        await check_csrf(request)
    request.state.actor = actor  # for the page layout: who is signed in, which menu items to offer
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def require_permission(actor: Actor, action: Action, refusal: str) -> Actor:
    """The actor, when their role may do ``action``; otherwise a 403 with the page's own Swedish ``refusal``.

    The service refuses the save anyway; a page asks first so a reader is never shown a form they cannot send."""
    if not actor.can(action):
        raise PermissionDeniedError(refusal)
    return actor


def require(action: Action, refusal: str):
    """A typed dependency: ``actor: require(Action.CHILD_WRITE, "…")`` is the signed-in actor who may do it."""

    async def permitted(actor: CurrentActor) -> Actor:
        return require_permission(actor, action, refusal)

    return Annotated[Actor, Depends(permitted)]
