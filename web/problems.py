"""Errors as application/problem+json (RFC 9457), with the field and the reason for validation errors."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from core.errors import DomainError, FieldError, InvalidInputError
from core.schemas import field_errors, field_path, swedish_message

PROBLEM_JSON = "application/problem+json"


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
    async def _request_invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [FieldError(_request_field(tuple(e["loc"])), swedish_message(e)) for e in error.errors()]
        return problem(422, "Ogiltiga uppgifter", "En eller flera uppgifter är felaktiga.", errors)

    @app.exception_handler(ValidationError)
    async def _model_invalid(request: Request, error: ValidationError) -> JSONResponse:
        return problem(422, "Ogiltiga uppgifter", "En eller flera uppgifter är felaktiga.", field_errors(error))

    @app.exception_handler(InvalidInputError)
    async def _invalid(request: Request, error: InvalidInputError) -> JSONResponse:
        return problem(error.status, error.title, error.detail, error.errors)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, error: DomainError) -> JSONResponse:
        return problem(error.status, error.title, error.detail)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> JSONResponse:
        titles = {404: "Hittades inte", 405: "Metoden stöds inte", 401: "Inloggning krävs", 403: "Åtkomst nekad"}
        return problem(error.status_code, titles.get(error.status_code, "Fel"), str(error.detail))
