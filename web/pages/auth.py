"""Sign-in and sign-out pages."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from starlette.routing import Match
from fastapi.responses import JSONResponse, RedirectResponse, Response

from accounts import service as accounts
from accounts.service import SignInError
from core import clock
from core.permissions import Actor
from web.auth import SESSION_STATUS_PATH, check_csrf, client_address, current_actor, optional_actor, request_id, start_session
from web.deps import Session
from web.pages.forms import FormState
from web.pages.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only paths on this site: an open redirect after sign-in would be a phishing tool."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _is_page(request: Request, target: str) -> bool:
    scope = {"type": "http", "path": urlsplit(target).path, "method": "GET", "root_path": ""}
    return any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes)


def _return_to(request: Request) -> str:
    """Where to go after sign-in. A form posted after the session ran out sends its POST address as next:
    go back to the page it was posted from instead (the Referer, if it is on this site), not to a 405."""
    target = _safe_next(request.query_params.get("next"))
    if _is_page(request, target):
        return target
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc:
        back = _safe_next(referer.path + (f"?{referer.query}" if referer.query else ""))
        if _is_page(request, back) and urlsplit(back).path != "/login":
            return back
    return "/"


@router.get("/login", name="login")
async def login_form(request: Request, actor: Annotated[Actor | None, Depends(optional_actor)]) -> Response:
    if actor is not None:
        return RedirectResponse(_return_to(request), status_code=303)
    state = FormState(values={"next": _return_to(request)})
    return render(request, "auth/login.html", {"form": state, "expired": request.query_params.get("utloggad") == "1"})


@router.post("/login", name="login_submit")
async def login_submit(request: Request, session: Session) -> Response:
    await check_csrf(request)  # the sign-in form carries a token too: no signing people in from elsewhere
    form = await request.form()
    email, password = str(form.get("email", "")), str(form.get("password", ""))
    target = _safe_next(str(form.get("next", "")))
    state = FormState(values={"email": email, "next": target})
    if not email.strip() or not password:
        state.problem = "Fyll i e-postadress och lösenord."
        return render(request, "auth/login.html", {"form": state}, status_code=422)
    try:
        user = await accounts.authenticate(
            session, email, password, request_id=request_id(request), client_address=client_address(request)
        )
    except SignInError as error:
        state.problem = error.detail
        return render(request, "auth/login.html", {"form": state}, status_code=401)
    await start_session(request, session, user)
    return RedirectResponse(target, status_code=303)


@router.post("/logout", name="logout")
async def logout(request: Request, session: Session, actor: Annotated[Actor, Depends(current_actor)]) -> Response:
    await accounts.record_sign_out(session, actor)
    request.session.clear()
    return RedirectResponse(request.app.url_path_for("login"), status_code=303)


def _remaining(request: Request) -> JSONResponse:
    expires_at = getattr(request.state, "session_expires_at", None)  # an API token has no session to time out
    left = None if expires_at is None else max(0, int((expires_at - clock.now()).total_seconds()))
    return JSONResponse({"remaining_seconds": left}, headers={"Cache-Control": "no-store"})


@router.get(SESSION_STATUS_PATH, name="session_status")
async def session_status(request: Request, actor: Annotated[Actor, Depends(current_actor)]) -> Response:
    """How long the session has left; asking does not count as activity."""
    return _remaining(request)


@router.post(SESSION_STATUS_PATH, name="session_keep")
async def session_keep(request: Request, actor: Annotated[Actor, Depends(current_actor)]) -> Response:
    """"Fortsätt vara inloggad": the request itself renewed the session."""
    return _remaining(request)
