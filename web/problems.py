"""Errors as application/problem+json (RFC 9457), with the field and the reason for validation errors."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from core.errors import DomainError, FieldError, InvalidInputError
from core.permissions import AuthenticationRequiredError
from core.schemas import field_errors, field_path, swedish_message
from web.pages.templating import templates

PROBLEM_JSON = "application/problem+json"

_HTTP_TITLES = {404: "Hittades inte", 405: "Metoden stöds inte", 401: "Inloggning krävs", 403: "Åtkomst nekad"}
# What a person in a browser reads; the API keeps the exact detail in its problem+json.
_PAGE_DETAILS = {
    400: "Adressen eller uppgifterna som skickades går inte att tolka.",
    404: "Sidan finns inte. Kontrollera adressen eller gå tillbaka till registret.",
    405: "Sidan kan inte användas på det sättet.",
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

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        # Starlette logs the exception and re-raises it after this answer; the user gets no traceback.
        if wants_page(request):
            return error_page(request, 500, "Ett oväntat fel inträffade")
        return problem(500, "Internt fel", "Ett oväntat fel inträffade. Försök igen senare.")
