"""From a submitted HTML form to the nested document a schema validates, and its errors back to the fields.

Inputs are named with the dotted path of the schema field (``capacity.places``,
``household_adults.0.personal_number``), so an error's path is also the name of the field it belongs to.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData, ImmutableMultiDict
from starlette.responses import RedirectResponse, Response

from accounts import service as accounts
from core.errors import ConflictError, FieldError, InvalidInputError
from core.permissions import Role
from core.schemas import field_errors
from web.auth import CSRF_FIELD

FormValues = dict[str, str | list[str]]
"""What the user submitted, by input name, exactly as typed: kept to fill the form in again."""


@dataclass
class SubmittedForm:
    data: dict
    """The nested document for the schema: blanks left out, list rows compacted."""
    values: FormValues
    row_origins: dict[str, list[int]] = field(default_factory=dict)
    """For each list of rows, the form row each compacted item came from (blank rows are dropped)."""

    def form_path(self, path: str) -> str:
        """Turn a schema error path (compacted rows) back into the name of the input the user filled in."""
        parts = path.split(".")
        for index in range(1, len(parts)):
            prefix = ".".join(parts[:index])
            if parts[index].isdigit() and prefix in self.row_origins:
                origins = self.row_origins[prefix]
                position = int(parts[index])
                if position < len(origins):
                    parts[index] = str(origins[position])
        return ".".join(parts)


_THOUSANDS = str.maketrans("", "", " \u00a0\u202f")


def parse_form(
    form: FormData | ImmutableMultiDict,
    *,
    multi_value: Iterable[str] = (),
    row_constants: dict[str, set[str]] | None = None,
    decimal_comma: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> SubmittedForm:
    """Build the nested document from the flat form.

    - ``multi_value``: checkbox groups, read with getlist; an item may also be comma-separated free text.
      A group with nothing ticked sends nothing, so it becomes an empty list.
    - blank inputs are left out, so the schema's default (or its "missing" error) applies.
    - rows of a list (``trainings.0.name`` …) that are entirely blank are dropped; ``row_constants`` names
      inputs that do not count as filled in (the hidden BBIC domain of a competence row).
    - ``decimal_comma``: numbers a Swedish user may type with a decimal comma (and spaces between thousands).
    - ``ignore``: inputs that steer the page rather than carry data; the CSRF token always is one.
    """
    multi_value, decimal_comma, ignore = set(multi_value), set(decimal_comma), {CSRF_FIELD, *ignore}
    row_constants = row_constants or {}
    values: FormValues = {}
    tree: dict = {}
    for name in dict.fromkeys(form.keys()):
        if name in ignore:
            continue
        if name in multi_value:
            submitted = [item for item in form.getlist(name) if isinstance(item, str)]
            values[name] = submitted
            items = [word.strip() for item in submitted for word in item.split(",") if word.strip()]
            _insert(tree, name, items)
            continue
        raw = form.get(name)
        if not isinstance(raw, str):
            continue
        values[name] = raw
        text = raw.strip()
        if name in decimal_comma:  # "1 200,50" as typed in Sweden: spaces between thousands, a decimal comma
            text = text.translate(_THOUSANDS).replace(",", ".")
        _insert(tree, name, text or None)
    for name in multi_value - set(values):
        _insert(tree, name, [])
    origins: dict[str, list[int]] = {}
    data = _finish(tree, "", row_constants, origins)
    return SubmittedForm(data=data, values=values, row_origins=origins)


def _insert(tree: dict, name: str, value) -> None:
    """Place a value at its dotted path.

    A blank value still creates its groups, so a blank ``address.street`` is reported as missing there;
    a blank cell of a list row creates nothing, so a list of blank rows is left out like any blank.
    """
    parts = name.split(".")
    if value is None and any(part.isdigit() for part in parts):
        return
    node = tree
    for part in parts[:-1]:
        node = node.setdefault(int(part) if part.isdigit() else part, {})
    if value is not None:
        last = parts[-1]
        node[int(last) if last.isdigit() else last] = value


def _finish(node, path: str, row_constants: dict[str, set[str]], origins: dict[str, list[int]]):
    if not isinstance(node, dict):
        return node
    if node and all(isinstance(key, int) for key in node):
        constants = row_constants.get(path, set())
        rows, kept = [], []
        for index in sorted(node):
            row = node[index]
            if isinstance(row, dict) and set(row) <= constants:
                continue  # nothing but constants: the user left this row empty
            rows.append(_finish(row, f"{path}.{index}" if path else str(index), row_constants, origins))
            kept.append(index)
        origins[path] = kept
        return rows
    return {
        key: _finish(value, f"{path}.{key}" if path else str(key), row_constants, origins)
        for key, value in node.items()
    }


# ---------------------------------------------------------------- errors


@dataclass
class FormErrors:
    """Messages by field name, in the order they came, for inline messages and the summary at the top."""

    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        messages = self.by_field.setdefault(name, [])
        if message not in messages:
            messages.append(message)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def get(self, name: str) -> list[str]:
        return self.by_field.get(name, [])


_TRAILING_INDEX = re.compile(r"(\.\d+)+$")


def collect_errors(errors: Iterable[FieldError], submitted: SubmittedForm | None = None) -> FormErrors:
    """Map schema or service errors to the inputs; an item of a checkbox group reports on the group."""
    collected = FormErrors()
    for error in errors:
        name = submitted.form_path(error.field) if submitted else error.field
        if submitted is None or name not in submitted.values:
            name = _TRAILING_INDEX.sub("", name) or name
        collected.add(name, error.message)
    return collected


@dataclass
class FormState:
    """A form as the template fills it in: the values to show, their errors, a message for the whole form."""

    values: FormValues = field(default_factory=dict)
    errors: FormErrors = field(default_factory=FormErrors)
    problem: str | None = None
    """A reason that belongs to no single field (a stale edit, a rule the home's state forbids)."""
    focus: str | None = None
    """The input to put the cursor in when the page opens (the first input of a row just added)."""

    def value(self, name: str) -> str:
        value = self.values.get(name)
        if value is None:
            return ""
        return value if isinstance(value, str) else ", ".join(value)

    def selected(self, name: str, option: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, list):
            return option in value
        return value == option

    def messages(self, name: str) -> list[str]:
        return self.errors.get(name)


def validate(model: type[BaseModel], submitted: SubmittedForm) -> tuple[BaseModel | None, FormErrors]:
    try:
        return model.model_validate(submitted.data), FormErrors()
    except ValidationError as error:
        return None, collect_errors(field_errors(error), submitted)


Validator = Callable[[SubmittedForm], tuple[Any | None, FormErrors]]
"""A form's own check where one schema is not all of it: the valid input (None if any error) and the errors."""

Answer = Response | Awaitable[Response]


async def submit_form(
    session: AsyncSession,
    submitted: SubmittedForm,
    model: type[BaseModel] | Validator,
    save: Callable[[Any], Awaitable[object]],
    *,
    saved: Callable[[], Answer] | None = None,
    saved_with: Callable[[Any], Answer] | None = None,
    show: Callable[[FormState, int], Awaitable[Response]],
    show_conflicts: bool = False,
    conflict_field: str | None = None,
    messages: dict[str, str] | None = None,
) -> Response:
    """Validate a submitted form against ``model`` and ``save`` it; ``saved()`` answers a save, or
    ``saved_with(result)`` where the answer needs what ``save`` returned (a new record's address).

    Otherwise ``show(state, status_code)`` draws the form again with what was typed and each error at its
    field (422), or, with ``show_conflicts``, with a conflict as the form's problem (409); with
    ``conflict_field`` the conflict is that input's error (409: a unique value already taken); without
    either a conflict goes on to the app's error page. ``messages`` puts the page's own wording in place of
    the schema's messages for a field (validation only: the service's messages stay as they are)."""
    if (saved is None) == (saved_with is None):
        raise TypeError("submit_form takes one of saved and saved_with")
    data, errors = validate(model, submitted) if isinstance(model, type) else model(submitted)
    for name, message in (messages or {}).items():
        if name in errors.by_field:
            errors.by_field[name] = [message]
    state = FormState(values=submitted.values, errors=errors)
    if data is not None:
        try:
            # A savepoint: a refused save undoes what it wrote, while the request (which commits the page's
            # reads and their audit entries when it answers) goes on to show the form again.
            async with session.begin_nested():
                result = await save(data)
        except InvalidInputError as error:
            state.errors = collect_errors(error.errors, submitted)
        except ConflictError as error:
            if conflict_field is not None:
                state.errors.add(conflict_field, error.detail)
            elif show_conflicts:
                state.problem = error.detail
            else:
                raise
            return await show(state, 409)
        else:
            response = saved() if saved is not None else saved_with(result)
            return await response if inspect.isawaitable(response) else response
    return await show(state, 422)


def flatten(document, prefix: str = "") -> FormValues:
    """The reverse of parse_form for showing stored data in a form: nested JSON-like data → input values."""
    values: FormValues = {}
    if isinstance(document, dict):
        for key, value in document.items():
            values.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(document, list) and all(isinstance(item, dict) for item in document) and document:
        for index, item in enumerate(document):
            values.update(flatten(item, f"{prefix}.{index}"))
    elif isinstance(document, list):
        values[prefix] = [str(item) for item in document]
    elif isinstance(document, bool):
        if document:
            values[prefix] = "true"
    elif document is not None:
        values[prefix] = str(document)
    return values


def see_other(url: str) -> RedirectResponse:
    """After a saved form: 303, so the browser GETs the next page and a reload never posts twice."""
    return RedirectResponse(url, status_code=303)


async def staff_options(session: AsyncSession, role: Role | None = None, *, leave_out: Iterable = ()) -> list[tuple[str, str]]:
    """Active staff (of one role, if given) to choose from, each with its team and unit to tell namesakes apart."""
    left_out = set(leave_out)
    options = []
    for user_id, name, team, unit in await accounts.staff_directory(session, role):
        if user_id not in left_out:
            where = ", ".join(part for part in (team, unit) if part)
            options.append((str(user_id), f"{name} ({where})" if where else name))
    return options
