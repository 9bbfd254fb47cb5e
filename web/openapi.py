"""The OpenAPI description, with the problem+json answers every operation can give."""

from __future__ import annotations

from fastapi import FastAPI

_PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
_PROBLEMS = {
    "401": "Inloggning krävs",
    "403": "Åtkomst nekad",
    "404": "Hittades inte",
    "409": "Konflikt (till exempel fullt hem eller inaktuell version)",
    "422": "Ogiltiga uppgifter, med fältet och skälet",
}


def openapi_with_problems(app: FastAPI) -> dict:
    schema = app.openapi()
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = _PROBLEM_SCHEMA
    content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in _PROBLEMS.items():
                responses[code] = {"description": description, "content": content}
    return schema
