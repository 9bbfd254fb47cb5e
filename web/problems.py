"""Errors as application/problem+json (RFC 9457), with the field and the reason for validation errors."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.database import database_unavailable
from core.errors import DomainError, FieldError, InvalidInputError
from core.permissions import AuthenticationRequiredError
from core.schemas import field_errors, field_path, swedish_message
from web.pages.templating import templates

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
# The embedded server restarts in about a second; a client that waits this long finds it back.
RETRY_AFTER_SECONDS = 5

_HTTP_TITLES = {404: "Hittades inte", 405: "Metoden stöds inte", 401: "Inloggning krävs", 403: "Åtkomst nekad"}
# What a person in a browser reads; the API keeps the exact detail in its problem+json.
_PAGE_DETAILS = {
    400: "Adressen eller uppgifterna som skickades går inte att tolka.",
    404: "Sidan finns inte. Kontrollera adressen eller gå tillbaka till registret.",
    405: "Sidan kan inte användas på det sättet.",
    503: "Registret når inte sin databas just nu. Försök igen om en stund.",
    500: "Något gick fel hos oss. Försök igen om en stund; kvarstår felet, kontakta förvaltningens IT-support.",
}


def wants_page(request: Request) -> bool:
    """A browser asking for a page (not the JSON API): it gets errors as an HTML page in the site's layout."""
    path = request.url.path
    if path == "/api" or path.startswith("/api/"):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or request.headers.get("HX-Request") == "true"


def error_page(request: Request, status: int, title: str, detail: str | None = None) -> Response:
    context = {"title": title, "detail": detail or _PAGE_DETAILS.get(status, ""), "status_code": status}
    return templates.TemplateResponse(request, "errors/error.html", context, status_code=status)


def _to_sign_in(request: Request) -> Response:
    """A page asked for without a session goes to sign-in, and back to the page afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    login = f"{request.app.url_path_for('login')}?{urlencode({'next': target})}"
    if request.headers.get("HX-Request") == "true":
        # htmx would swap the sign-in page into a fragment; ask it to load the page instead.
        return Response(status_code=401, headers={"HX-Redirect": login})
    return RedirectResponse(login, status_code=303)


def problem(status: int, title: str, detail: str, errors: list[FieldError] | None = None) -> JSONResponse:
    body: dict = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = [{"field": error.field, "message": error.message} for error in errors]
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _request_field(location: tuple) -> str:
    # FastAPI prefixes where the value came from ("body", "query", "path"); a body's own fields read better bare.
    if location and location[0] == "body":
        location = location[1:]
    return field_path(location) or "body"


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _request_invalid(request: Request, error: RequestValidationError) -> Response:
        if wants_page(request):
            # A page's only typed parameters are ids in its path: a malformed id is a page that does not exist.
            if any(e["loc"] and e["loc"][0] == "path" for e in error.errors()):
                return error_page(request, 404, "Sidan finns inte")
            return error_page(request, 400, "Felaktig begäran")
        errors = [FieldError(_request_field(tuple(e["loc"])), swedish_message(e)) for e in error.errors()]
        return problem(422, "Ogiltiga uppgifter", "En eller flera uppgifter är felaktiga.", errors)

    @app.exception_handler(ValidationError)
    async def _model_invalid(request: Request, error: ValidationError) -> JSONResponse:
        return problem(422, "Ogiltiga uppgifter", "En eller flera uppgifter är felaktiga.", field_errors(error))

    @app.exception_handler(InvalidInputError)
    async def _invalid(request: Request, error: InvalidInputError) -> JSONResponse:
        return problem(error.status, error.title, error.detail, error.errors)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, error: DomainError) -> Response:
        if isinstance(error, AuthenticationRequiredError) and wants_page(request):
            return _to_sign_in(request)
        if isinstance(error, AuthenticationRequiredError):
            response = problem(error.status, error.title, error.detail)
            response.headers["WWW-Authenticate"] = 'Bearer realm="placera"'
            return response
        if wants_page(request):
            return error_page(request, error.status, error.title, error.detail)
        return problem(error.status, error.title, error.detail)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        title = _HTTP_TITLES.get(error.status_code, "Fel")
        if wants_page(request):
            return error_page(request, error.status_code, "Sidan finns inte" if error.status_code == 404 else title)
        return problem(error.status_code, title, str(error.detail))

    # Only errors from the middleware outside ServerErrors reach this; Starlette re-raises after the answer.
    app.add_exception_handler(Exception, _unexpected)
    # Added first, so innermost of the middleware: it sees every error the handlers above did not take.
    app.add_middleware(ServerErrors)


async def _unexpected(request: Request, error: Exception) -> Response:
    """503 with Retry-After when the database is unreachable, else 500; never a traceback to the user."""
    if database_unavailable(error):
        log.warning("database unreachable: %s: %s", type(error).__name__, str(error).splitlines()[0] if str(error) else "")
        if wants_page(request):
            response = error_page(request, 503, "Tjänsten är inte tillgänglig just nu")
        else:
            response = problem(
                503, "Tjänsten är inte tillgänglig", "Databasen svarar inte just nu. Försök igen om en stund."
            )
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    if wants_page(request):
        return error_page(request, 500, "Ett oväntat fel inträffade")
    return problem(500, "Internt fel", "Ett oväntat fel inträffade. Försök igen senare.")


class ServerErrors:
    """Answers an error no handler took, and does not raise it again.

    Starlette's ServerErrorMiddleware answers too but then re-raises, and uvicorn closes the kept-alive
    connection after any error that leaves the app: clients saw 500s and dropped connections.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as error:
            if started:  # half an answer cannot be replaced; let the server close the connection
                raise
            response = await _unexpected(Request(scope, receive), error)
            await response(scope, receive, send)
