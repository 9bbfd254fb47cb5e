"""The pages' Jinja environment: one template per page, whose named blocks also answer HTMX requests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jinja2 import pass_context
from jinja2_fragments.fastapi import Jinja2Blocks
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from core import clock
from web.auth import CSRF_FIELD, csrf_token
from web.pages import labels

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

templates = Jinja2Blocks(directory=TEMPLATE_DIR)


def is_htmx(request: Request) -> bool:
    """A partial update from htmx. A history restore asks for the whole page, so it is not one."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def render(
    request: Request,
    name: str,
    context: dict,
    *,
    block: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The whole page, or only ``block`` of it when htmx asks (the same template either way)."""
    return templates.TemplateResponse(
        request,
        name,
        context,
        status_code=status_code,
        # Caches must not hand a fragment to a full page load of the same URL, or the reverse.
        headers={"Vary": "HX-Request", **(headers or {})},
        block_name=block if block and is_htmx(request) else None,
    )


@pass_context
def _path_for(context, name: str, /, **params) -> str:
    """A site-relative URL for a route (``url_for`` in Starlette gives an absolute one)."""
    return str(context["request"].app.url_path_for(name, **params))


@pass_context
def _csrf_field(context) -> Markup:
    """The session's CSRF token as a hidden field for a POST form; nothing while the app runs without sessions."""
    request = context["request"]
    if "session" not in request.scope:
        return Markup("")
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, csrf_token(request))


def _swedish_date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _swedish_datetime(value: dt.datetime | None) -> str:
    return value.astimezone(clock.SWEDISH_TIME).strftime("%Y-%m-%d %H:%M") if value else ""


def _field_id(name: str) -> str:
    return "f-" + name.replace(".", "-")


def _choices(labels_by_value: dict, only=None) -> list[tuple[str, str]]:
    """(value, Swedish label) pairs for a select or a checkbox group, in the dictionary's order."""
    values = labels_by_value if only is None else only
    return [(str(value), labels_by_value.get(value, str(value))) for value in values]


templates.env.globals.update(
    path_for=_path_for,
    csrf_field=_csrf_field,
    csrf_token=csrf_token,
    labels=labels,
    field_label=labels.field_label,
    field_id=_field_id,
    choices=_choices,
)
templates.env.filters.update(
    sv=labels.label,
    tag=labels.tag_label,
    date=_swedish_date,
    datetime=_swedish_datetime,
)
