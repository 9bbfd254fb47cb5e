"""Admin pages: the start page, user administration, one's own API tokens and log review (loggkontroll).

The services check the permission matrix and write the audit log; these pages only read forms and show results.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import QueryParams

from accounts import service
from accounts.schemas import PASSWORD_POLICY, CreatedToken, PasswordReset, TokenCreate, UserCreate, UserOut, UserUpdate
from core import audit, clock
from core.audit import AuditAction, AuditEntry, AuditFilter, authorize
from core.permissions import Action, Actor, Role
from core.schemas import field_errors
from web.auth import CurrentActor
from web.deps import Session
from web.pages import labels
from web.pages.forms import FormErrors, FormState, FormValues, collect_errors, parse_form, see_other, submit_form
from web.pages.listing import list_url, page_links
from web.pages.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

START_TEMPLATE = "admin/start.html"
USERS_TEMPLATE = "admin/users.html"
USER_TEMPLATE = "admin/user.html"
TOKENS_TEMPLATE = "admin/tokens.html"
LOG_TEMPLATE = "admin/log.html"

DEFAULT_TOKEN_DAYS = "365"


def _path(request: Request, name: str, **params) -> str:
    return str(request.app.url_path_for(name, **{key: str(value) for key, value in params.items()}))


@router.get("/admin", name="admin_start")
async def admin_start(request: Request, actor: CurrentActor) -> Response:
    context = {
        "area": "admin",
        "roles": [role for role in Role if role in actor.roles],
        "can_admin_users": actor.can(Action.USER_ADMIN),
        "can_read_log": actor.can(Action.AUDIT_READ),
    }
    return render(request, START_TEMPLATE, context)


# ---------------------------------------------------------------- users (administrators)


@router.get("/admin/anvandare", name="admin_users")
async def admin_users(request: Request, session: Session, actor: CurrentActor) -> Response:
    return await _users_page(request, session, actor, FormState(values={"roles": []}))


@router.post("/admin/anvandare", name="admin_user_create")
async def admin_user_create(request: Request, session: Session, actor: CurrentActor) -> Response:
    # Refused (and logged) before the form is looked at: a non-admin learns nothing from validation messages.
    await authorize(session, actor, Action.USER_ADMIN, "user")
    submitted = parse_form(await request.form(), multi_value={"roles"})
    submitted.values.pop("password", None)  # never sent back to the browser, not even after an error

    async def show(state: FormState, status_code: int) -> Response:
        return await _users_page(request, session, actor, state, status_code=status_code)

    return await submit_form(
        session,
        submitted,
        UserCreate,
        lambda data: service.create_user(session, actor, data),
        saved_with=lambda user: see_other(_path(request, "admin_users") + f"?skapad={user.id}"),
        show=show,
        # The only constraint a new user can break is the unique e-mail address.
        conflict_field="email",
    )


async def _users_page(
    request: Request, session: Session, actor: Actor, form: FormState, *, status_code: int = 200
) -> Response:
    users = await service.list_users(session, actor)
    created = _param_uuid(request.query_params.get("skapad"))
    context = {
        "area": "admin",
        "users": users,
        "created": next((user for user in users if user.id == created), None),
        "now": clock.now(),
        "form": form,
        "field_labels": labels.USER_FIELDS,
        "password_policy": PASSWORD_POLICY,
    }
    return render(request, USERS_TEMPLATE, context, status_code=status_code)


def _param_uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def _user_values(user: UserOut) -> FormValues:
    values: FormValues = {"name": user.name, "unit": user.unit or "", "team": user.team or "", "roles": [str(role) for role in user.roles]}
    if user.active:
        values["active"] = "true"
    values["version"] = str(user.version)
    return values


@router.get("/admin/anvandare/{user_id}", name="admin_user")
async def admin_user(request: Request, session: Session, actor: CurrentActor, user_id: uuid.UUID) -> Response:
    user = await service.get_user(session, actor, user_id)
    notice = {"1": "Ändringarna är sparade.", "losenord": "Lösenordet är bytt. Användarens inloggningar har avslutats."}
    return _user_page(
        request,
        actor,
        user,
        edit_form=FormState(values=_user_values(user)),
        password_form=FormState(values={"version": str(user.version)}),
        notice=notice.get(request.query_params.get("sparat", "")),
    )


@router.post("/admin/anvandare/{user_id}", name="admin_user_update")
async def admin_user_update(request: Request, session: Session, actor: CurrentActor, user_id: uuid.UUID) -> Response:
    await authorize(session, actor, Action.USER_ADMIN, "user", user_id)
    submitted = parse_form(await request.form(), multi_value={"roles"})
    # An unticked checkbox sends nothing, and the schema's default is "active": absent must mean inactive here.
    submitted.data.setdefault("active", False)

    async def show(state: FormState, status_code: int) -> Response:
        user = await service.get_user(session, actor, user_id)
        password_form = FormState(values={"version": str(user.version)})
        return _user_page(request, actor, user, edit_form=state, password_form=password_form, status_code=status_code)

    return await submit_form(
        session,
        submitted,
        UserUpdate,
        lambda data: service.update_user(session, actor, user_id, data),
        saved=lambda: see_other(_path(request, "admin_user", user_id=user_id) + "?sparat=1"),
        show=show,
        show_conflicts=True,
    )


@router.post("/admin/anvandare/{user_id}/losenord", name="admin_user_password")
async def admin_user_password(request: Request, session: Session, actor: CurrentActor, user_id: uuid.UUID) -> Response:
    await authorize(session, actor, Action.USER_ADMIN, "user", user_id)
    submitted = parse_form(await request.form())
    submitted.values.pop("password", None)

    async def show(state: FormState, status_code: int) -> Response:
        user = await service.get_user(session, actor, user_id)
        if status_code == 409:
            state.values["version"] = str(user.version)  # the message asks to try again: let that work
        edit_form = FormState(values=_user_values(user))
        return _user_page(request, actor, user, edit_form=edit_form, password_form=state, status_code=status_code)

    return await submit_form(
        session,
        submitted,
        PasswordReset,
        lambda data: service.reset_password(session, actor, user_id, data),
        saved=lambda: see_other(_path(request, "admin_user", user_id=user_id) + "?sparat=losenord"),
        show=show,
        show_conflicts=True,
    )


def _user_page(
    request: Request,
    actor: Actor,
    user: UserOut,
    *,
    edit_form: FormState,
    password_form: FormState,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "area": "admin",
        "user": user,
        "now": clock.now(),
        "form": edit_form,
        "password_form": password_form,
        "notice": notice,
        "field_labels": labels.USER_FIELDS,
        "password_policy": PASSWORD_POLICY,
        "is_self": user.id == actor.user_id,
    }
    return render(request, USER_TEMPLATE, context, status_code=status_code)


# ---------------------------------------------------------------- API tokens (everyone: their own)


@router.get("/admin/token", name="admin_tokens")
async def admin_tokens(request: Request, session: Session, actor: CurrentActor) -> Response:
    revoked = _param_uuid(request.query_params.get("aterkallad"))
    return await _tokens_page(request, session, actor, FormState(values={"expires_in_days": DEFAULT_TOKEN_DAYS}), revoked=revoked)


@router.post("/admin/token", name="admin_token_create")
async def admin_token_create(request: Request, session: Session, actor: CurrentActor) -> Response:
    async def show_created(created: CreatedToken) -> Response:
        # The token is shown in this response only: no redirect, so it is never in a URL or on a later page.
        fresh = FormState(values={"expires_in_days": DEFAULT_TOKEN_DAYS})
        return await _tokens_page(
            request, session, actor, fresh, created=created, status_code=201, headers={"Cache-Control": "no-store"}
        )

    async def show(state: FormState, status_code: int) -> Response:
        return await _tokens_page(request, session, actor, state, status_code=status_code)

    return await submit_form(
        session,
        parse_form(await request.form()),
        TokenCreate,
        lambda data: service.create_token(session, actor, data),
        saved_with=show_created,
        show=show,
        show_conflicts=True,
    )


@router.post("/admin/token/{token_id}/aterkalla", name="admin_token_revoke")
async def admin_token_revoke(request: Request, session: Session, actor: CurrentActor, token_id: uuid.UUID) -> Response:
    token = await service.revoke_token(session, actor, token_id)
    return see_other(_path(request, "admin_tokens") + f"?aterkallad={token.id}")


async def _tokens_page(
    request: Request,
    session: Session,
    actor: Actor,
    form: FormState,
    *,
    created: CreatedToken | None = None,
    revoked: uuid.UUID | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    own = await service.list_tokens(session, actor)
    everyone, owners = [], {}
    sees_all = actor.can(Action.USER_ADMIN)
    if sees_all:
        everyone = await service.list_tokens(session, actor, all_users=True)
        owners = await service.names_of(session, list({token.user_id for token in everyone}))
    context = {
        "area": "admin",
        "tokens": own,
        "sees_all_tokens": sees_all,
        "all_tokens": everyone,
        "owners": owners,
        "created": created,
        "revoked": next((token for token in [*own, *everyone] if token.id == revoked), None),
        "now": clock.now(),
        "form": form,
        "field_labels": labels.TOKEN_FIELDS,
    }
    return render(request, TOKENS_TEMPLATE, context, status_code=status_code, headers=headers)


# ---------------------------------------------------------------- log review (loggkontroll)

LOG_FILTERS = ["user_id", "action", "object_type", "object_id", "since", "until"]
_LOG_DEFAULTS = {"page": "1"}


@dataclass
class LogRow:
    """One audit entry as the table shows it."""

    at: str
    user_name: str
    action: AuditAction
    object_type: str
    object_id: str | None
    shown: int | None
    changes: list[str]
    detail: str | None
    request_id: str | None
    client_address: str | None


def _log_filter_input(params: QueryParams) -> FormValues:
    """The query string as the filter form sent it: blank fields mean "no filter", unknown names are ignored."""
    return {name: value for name in AuditFilter.model_fields if (value := params.get(name, "").strip())}


@router.get("/admin/logg", name="admin_log")
async def admin_log(request: Request, session: Session, actor: CurrentActor) -> Response:
    # Checked first so that someone without the right gets 403 (logged), not messages about the filters.
    await authorize(session, actor, Action.AUDIT_READ, "audit_log")
    raw = _log_filter_input(request.query_params)
    filters, errors = None, FormErrors()
    try:
        filters = AuditFilter.model_validate(raw)
    except ValidationError as error:
        errors = collect_errors(field_errors(error))
    rows, total, pages, export_url = [], None, None, None
    base = _path(request, "admin_log")
    if filters is not None:
        entries, total = await audit.list_entries(session, actor, filters)
        rows = [_log_row(entry) for entry in entries]
        pages = page_links(base, raw, _LOG_DEFAULTS, filters.page, filters.page_size, total)
        exported = {name: value for name, value in raw.items() if name in LOG_FILTERS}
        export_url = _path(request, "export_entries") + (f"?{urlencode(exported)}" if exported else "")
    htmx = is_htmx(request)
    # The user list is only needed for the filter form, which a live filter does not redraw; each
    # listing is a logged read, so fetching it on every keystroke would fill the log being reviewed.
    users = await service.list_users(session, actor) if not htmx and actor.can(Action.USER_ADMIN) else []
    context = {
        "area": "admin",
        "form": FormState(values=raw, errors=errors),
        "rows": rows,
        "total": total,
        "first": (filters.page - 1) * filters.page_size + 1 if filters else None,
        "pages": pages,
        "export_url": export_url,
        "users": users,
        "htmx": htmx,
        "log_url": base,
        "filter_fields": LOG_FILTERS,
        "field_labels": labels.AUDIT_FILTER_FIELDS,
    }
    return render(
        request,
        LOG_TEMPLATE,
        context,
        block="results",
        status_code=422 if errors else 200,
        headers={"HX-Push-Url": list_url(base, raw, _LOG_DEFAULTS)} if htmx else None,
    )


def _log_row(entry: AuditEntry) -> LogRow:
    return LogRow(
        at=entry.at.astimezone(clock.SWEDISH_TIME).strftime("%Y-%m-%d %H:%M:%S"),
        user_name=entry.user_name,
        action=entry.action,
        object_type=labels.AUDIT_OBJECT_TYPE.get(entry.object_type, entry.object_type),
        object_id=entry.object_id,
        shown=len(entry.object_ids) if entry.object_ids is not None else None,
        changes=summarise_changes(entry.object_type, entry.changes),
        detail=entry.detail,
        request_id=entry.request_id,
        client_address=entry.client_address,
    )


_SHOWN_CHARACTERS = 120
_SECRET = "***"


def summarise_changes(object_type: str, changes: dict | None) -> list[str]:
    """``{field: [old, new]}`` as short Swedish lines: "Roller: Placeringssekreterare → Administratör"."""
    lines = []
    for name, change in (changes or {}).items():
        label = _change_label(object_type, name)
        old, new = change if isinstance(change, list) and len(change) == 2 else (None, change)
        if old == _SECRET or new == _SECRET:
            lines.append(f"{label}: ändrat (värdet loggas inte)")
        elif old in (None, "", []):
            lines.append(f"{label}: {_shorten(_readable(name, new))}")
        else:
            lines.append(f"{label}: {_shorten(_readable(name, old))} → {_shorten(_readable(name, new))}")
    return lines


def _change_label(object_type: str, name: str) -> str:
    if object_type == "user":
        return labels.USER_FIELDS.get(name, name)
    if object_type == "foster_home":
        return labels.field_label(name)
    return name


def _readable(name: str, value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if name == "roles" and isinstance(value, list):
        return ", ".join(labels.ROLE.get(item, str(item)) for item in value)
    if isinstance(value, list):
        return ", ".join(_readable("", item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN_CHARACTERS else text[: _SHOWN_CHARACTERS - 1] + "…"
