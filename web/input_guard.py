"""A backstop for text outside the schemas: a query string or path with NUL or other control characters.

The schemas reject such text field by field (core.schemas.InputModel); this answers 422 for the plain
parameters and paths that no schema reads, before any of it can reach the database or the audit log.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from core.errors import FieldError
from core.schemas import FORBIDDEN_CHARACTERS_MESSAGE, has_forbidden_characters
from web.problems import problem


def _bad_parameters(scope: Scope) -> list[FieldError]:
    errors = []
    if has_forbidden_characters(scope.get("path", "")):
        errors.append(FieldError("path", FORBIDDEN_CHARACTERS_MESSAGE))
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True, errors="replace"):
        if has_forbidden_characters(name):
            errors.append(FieldError("query", FORBIDDEN_CHARACTERS_MESSAGE))
        elif has_forbidden_characters(value):
            errors.append(FieldError(f"query.{name}", FORBIDDEN_CHARACTERS_MESSAGE))
    return errors


class ControlCharacterGuard:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            errors = _bad_parameters(scope)
            if errors:
                response = problem(422, "Ogiltiga uppgifter", "En eller flera uppgifter är felaktiga.", errors)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
