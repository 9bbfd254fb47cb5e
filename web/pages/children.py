"""HTML pages of children (Barn): the list with live filters, a child's page with its needs, wishes, school and
network (table and drawing), and the forms to register and edit a child and add to its record."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import QueryParams

from core import clock
from core.errors import NotFoundError
from core.permissions import Action, Actor, PermissionDeniedError
from core.schemas import BbicDomain, field_errors
from foster_homes import service as foster_homes
from foster_homes.schemas import AssignmentIn, FosterHomeFilter, HomeKind
from children import service as children_service
from children.schemas import (
    ChildFilter,
    ChildIn,
    ChildOut,
    ChildSort,
    ChildUpdate,
    ContactFrequency,
    KinshipAssessment,
    NeedLevel,
    NeedsIn,
    NetworkExaminationIn,
    NetworkMemberIn,
    NetworkMemberOut,
    NetworkMemberUpdate,
    SiblingIn,
    WishIn,
)
from schooling import service as schooling
from schooling.schemas import EnrolmentIn, SchoolFilter, grade_label
from web.auth import CurrentActor, require, require_permission
from web.deps import Session
from web.pages import labels, network_drawing
from web.pages.forms import (
    FormErrors,
    FormState,
    FormValues,
    SubmittedForm,
    collect_errors,
    flatten,
    parse_form,
    see_other,
    staff_options,
    submit_form,
    validate,
)
from web.pages.listing import list_url, page_links
from web.pages.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

CHILD_WRITE_REFUSAL = "Din roll kan inte registrera eller ändra barns uppgifter."
ChildWriter = require(Action.CHILD_WRITE, CHILD_WRITE_REFUSAL)

LIST_TEMPLATE = "children/list.html"
DETAIL_TEMPLATE = "children/detail.html"
FORM_TEMPLATE = "children/form.html"
MEMBER_TEMPLATE = "children/member_form.html"
NEED_HISTORY_TEMPLATE = "children/need_history.html"

DOMAINS = list(BbicDomain)
# Grades from förskola (-1) to gymnasiet år 3 (12); the school's own grades are checked on saving.
GRADES = [(str(grade), grade_label(grade).capitalize()) for grade in range(-1, 13)]
SCHOOL_CHOICES = 200  # the most schools one select offers; a search narrows the register down
SIBLING_CHOICES = 200  # the most children the sibling select offers; a search narrows them down
LIST_SORTS = list(ChildSort)
FILTER_FIELDS = ["q", "mine", "need_domain", "min_need_level", "protected", "sort"]


def _detail_path(request: Request, child_id: uuid.UUID) -> str:
    return request.app.url_path_for("child_detail", child_id=str(child_id))


# ---------------------------------------------------------------- the list

def _filter_input(params: QueryParams) -> FormValues:
    """The query string as the filter form sent it: blank fields mean "no filter", unknown names are ignored."""
    raw: FormValues = {}
    for name in [*FILTER_FIELDS, "page", "page_size"]:
        if value := params.get(name, "").strip():
            raw[name] = value
    return raw


_FILTER_DEFAULTS = {"sort": ChildSort.NAME.value, "page": "1"}


def _list_url(base: str, raw: FormValues, **changes: str) -> str:
    return list_url(base, raw, _FILTER_DEFAULTS, **changes)


def _filters(raw: FormValues, actor: Actor) -> dict:
    """The schema's input: "Bara mina barn" is the signed-in user as the responsible worker."""
    data = {name: value for name, value in raw.items() if name != "mine"}
    if raw.get("mine"):
        data["worker_id"] = str(actor.user_id)
    return data


@router.get("/barn", name="child_list")
async def child_list(request: Request, session: Session, actor: CurrentActor) -> Response:
    raw = _filter_input(request.query_params)
    filters, errors, result = None, FormErrors(), None
    try:
        filters = ChildFilter.model_validate(_filters(raw, actor))
    except ValidationError as error:
        errors = collect_errors(field_errors(error))
        if "worker_id" in errors.by_field:  # only "Bara mina barn" sets it
            errors.by_field["mine"] = errors.by_field.pop("worker_id")
    if filters is not None:
        result = await children_service.list_children(session, actor, filters)
    base = request.app.url_path_for("child_list")
    pages = page_links(base, raw, _FILTER_DEFAULTS, result.page, result.page_size, result.total) if result else None
    context = {
        "form": FormState(values=raw, errors=errors),
        "result": result,
        "pages": pages,
        "htmx": is_htmx(request),
        "list_url": base,
        "can_write": actor.can(Action.CHILD_WRITE),
        "domains": DOMAINS,
        "min_levels": [NeedLevel.SOME, NeedLevel.SUBSTANTIAL, NeedLevel.CRITICAL],
        "sorts": LIST_SORTS,
        "filter_fields": FILTER_FIELDS,
        "field_label": labels.child_field_label,
    }
    return render(
        request,
        LIST_TEMPLATE,
        context,
        block="results",
        status_code=422 if errors else 200,
        headers={"HX-Push-Url": _list_url(base, raw)} if is_htmx(request) else None,
    )


# ---------------------------------------------------------------- register / edit the record

def _worker_choices(actor: Actor, child: ChildOut | None) -> list[tuple[str, str]]:
    """Who can be chosen as responsible worker without an administrator's list of users: oneself, or whoever
    already is."""
    options = []
    if actor.user_id is not None:
        options.append((str(actor.user_id), f"{actor.name} (jag)"))
    if child and child.responsible_worker and child.responsible_worker.id != actor.user_id:
        options.append((str(child.responsible_worker.id), child.responsible_worker.name))
    return options


def _parse_child_form(form) -> SubmittedForm:
    submitted = parse_form(
        form,
        row_constants={"needs": {"domain"}},
        decimal_comma={"address.latitude", "address.longitude"},
    )
    _drop_blank_group(submitted, "address")
    return submitted


def _drop_blank_group(submitted: SubmittedForm, name: str) -> None:
    # A group of optional fields left entirely blank is "not given", not a group of missing fields.
    if submitted.data.get(name) == {}:
        del submitted.data[name]


def _split_needs(submitted: SubmittedForm) -> SubmittedForm | None:
    """The registration form's needs part, as a form of its own; None when no need was filled in."""
    needs = submitted.data.pop("needs", [])
    assessed_on = submitted.data.pop("assessed_on", None)
    if not needs:
        return None
    data = {"needs": needs} | ({"assessed_on": assessed_on} if assessed_on else {})
    return SubmittedForm(data=data, values=submitted.values, row_origins=submitted.row_origins)


async def _child_form(
    request: Request,
    actor: Actor,
    state: FormState,
    *,
    child: ChildOut | None,
    status_code: int = 200,
) -> Response:
    if child is None:
        action = request.app.url_path_for("child_create")
    else:
        action = request.app.url_path_for("child_update", child_id=str(child.id))
    context = {
        "form": state,
        "child": child,
        "action": action,
        "workers": _worker_choices(actor, child),
        "domains": DOMAINS,
        "field_label": labels.child_field_label,
    }
    return render(request, FORM_TEMPLATE, context, status_code=status_code)


@router.get("/barn/ny", name="child_new")
async def child_new(request: Request, actor: ChildWriter) -> Response:
    values: FormValues = {"assessed_on": clock.today().isoformat()}
    if actor.user_id is not None:
        values["responsible_worker_id"] = str(actor.user_id)
    return await _child_form(request, actor, FormState(values=values), child=None)


@dataclass
class _Registration:
    """The registration form: the child's record and, if any need was filled in, its first needs assessment."""

    child: ChildIn
    needs: NeedsIn | None


def _validate_registration(
    submitted: SubmittedForm, needs_form: SubmittedForm | None
) -> tuple[_Registration | None, FormErrors]:
    # Both parts are checked, so the user hears every error at once.
    child, errors = validate(ChildIn, submitted)
    needs = None
    if needs_form is not None:
        needs, need_errors = validate(NeedsIn, needs_form)
        for name, messages in need_errors.by_field.items():
            for message in messages:
                errors.add(name, message)
    return (_Registration(child, needs) if not errors else None), errors


@router.post("/barn/ny", name="child_create")
async def child_create(request: Request, session: Session, actor: ChildWriter) -> Response:
    submitted = _parse_child_form(await request.form())
    needs_form = _split_needs(submitted)

    async def create(registration: _Registration) -> tuple[ChildOut, NeedsIn | None]:
        return await children_service.create_child(session, actor, registration.child), registration.needs

    async def after_create(created: tuple[ChildOut, NeedsIn | None]) -> Response:
        child, needs = created
        if needs is not None:
            # Validated with the record. The child exists by now, so a refusal here shows the error page rather
            # than this form, which could only be sent again into a duplicate personal number.
            await children_service.record_needs(session, actor, child.id, needs)
        return see_other(_detail_path(request, child.id) + "?sparat=1")

    async def show(state: FormState, status_code: int) -> Response:
        return await _child_form(request, actor, state, child=None, status_code=status_code)

    return await submit_form(
        session,
        submitted,
        lambda form: _validate_registration(form, needs_form),
        create,
        saved_with=after_create,
        show=show,
        show_conflicts=True,
    )


def child_form_values(child: ChildOut) -> FormValues:
    """A stored child as the edit form's input values."""
    document = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "personal_number": child.personal_number,
        "gender": child.gender.value,
        "languages": ", ".join(child.languages),
        "religion_culture": child.religion_culture,
        "allergies": ", ".join(child.allergies),
        "health_notes": child.health_notes,
        "responsible_worker_id": str(child.responsible_worker.id) if child.responsible_worker else None,
        "protected_identity": child.protected_identity,
        "address": child.address.model_dump(mode="json") if child.address else None,
        "version": child.version,
    }
    return flatten(document)


async def _editable_child(session: Session, actor: Actor, child_id: uuid.UUID) -> ChildOut:
    """The child for its edit form: only for roles that edit, and only with its whole record in sight."""
    require_permission(actor, Action.CHILD_WRITE, CHILD_WRITE_REFUSAL)
    child = await children_service.get_child(session, actor, child_id)
    if child.location_hidden:
        raise PermissionDeniedError(
            "Barnet har skyddade personuppgifter; bara barnets socialsekreterare och tilldelad personal kan ändra uppgifterna."
        )
    return child


@router.get("/barn/{child_id}", name="child_detail")
async def child_detail(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    return await _detail(request, session, actor, child_id)


@router.get("/barn/{child_id}/redigera", name="child_edit")
async def child_edit(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    child = await _editable_child(session, actor, child_id)
    return await _child_form(request, actor, FormState(values=child_form_values(child)), child=child)


@router.post("/barn/{child_id}/redigera", name="child_update")
async def child_update(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    child = await _editable_child(session, actor, child_id)

    async def show(state: FormState, status_code: int) -> Response:
        return await _child_form(request, actor, state, child=child, status_code=status_code)

    return await submit_form(
        session,
        _parse_child_form(await request.form()),
        ChildUpdate,
        lambda data: children_service.update_child(session, actor, child_id, data),
        saved=lambda: see_other(_detail_path(request, child_id) + "?sparat=1"),
        show=show,
        show_conflicts=True,
    )


# ---------------------------------------------------------------- a child's page

def _today_values(name: str) -> FormValues:
    return {name: clock.today().isoformat()}


async def _schools(session: Session, actor: Actor, query: str | None):
    """The schools to choose from, narrowed by a search; a search too long for the schema is cut, not refused."""
    return await schooling.list_schools(
        session, actor, SchoolFilter(q=(query or "").strip()[:200] or None, page_size=SCHOOL_CHOICES)
    )


async def _sibling_choices(session: Session, actor: Actor, child: ChildOut, query: str) -> dict:
    """The children the sibling select offers, narrowed by a search: not the child itself, nor its siblings."""
    found = await children_service.list_children(
        session, actor, ChildFilter(q=query.strip()[:200] or None, page_size=SIBLING_CHOICES)
    )
    linked = {child.id, *(sibling.id for sibling in child.siblings)}
    options = [(str(item.id), f"{item.name} ({item.personal_number})") for item in found.items if item.id not in linked]
    return {"options": options, "more": found.total - len(found.items)}


async def _staff_choices(session: Session, child: ChildOut) -> list[tuple[str, str]]:
    """Active staff not yet assigned to the child, with their team and unit to tell namesakes apart."""
    return await staff_options(session, leave_out=(staff.id for staff in child.assigned_staff))


async def _detail(
    request: Request,
    session: Session,
    actor: Actor,
    child_id: uuid.UUID,
    *,
    needs_form: FormState | None = None,
    wish_form: FormState | None = None,
    examination_form: FormState | None = None,
    enrol_form: FormState | None = None,
    sibling_form: FormState | None = None,
    staff_form: FormState | None = None,
    saved: str | None = None,
    status_code: int = 200,
    block: str | None = None,
) -> Response:
    """The child's page, or one section of it for htmx; only what that section shows is read (and logged)."""
    child = await children_service.get_child(session, actor, child_id)
    whole_page = block is None or not is_htmx(request)
    can_write = actor.can(Action.CHILD_WRITE) and not child.location_hidden
    context = {
        "child": child,
        "can_write": can_write,
        "write_refused": actor.can(Action.CHILD_WRITE) and child.location_hidden,
        "domains": DOMAINS,
        "needs_by_domain": {need.domain: need for need in child.needs},
        "grades": GRADES,
        "needs_form": needs_form or FormState(values=_today_values("assessed_on")),
        "wish_form": wish_form or FormState(values=_today_values("said_on")),
        "examination_form": examination_form or FormState(values=_today_values("examined_on")),
        "enrol_form": enrol_form or FormState(values=_today_values("started_on")),
        "sibling_form": sibling_form or FormState(),
        "staff_form": staff_form or FormState(),
        "saved": saved or request.query_params.get("sparat"),
        "field_label": labels.child_field_label,
        "school_query": request.query_params.get("skola_q", ""),
        "sibling_query": request.query_params.get("syskon_q", ""),
    }
    if whole_page or block == "school":
        context["enrolments"] = await schooling.list_enrolments(session, actor, child_id)
        context["schools"] = await _schools(session, actor, context["school_query"]) if can_write else None
    if (whole_page or block == "siblings") and can_write:
        context["sibling_choices"] = await _sibling_choices(session, actor, child, context["sibling_query"])
    if (whole_page or block == "staff") and can_write:
        context["staff_choices"] = await _staff_choices(session, child)
    if whole_page:
        context["members"] = await children_service.list_network(session, actor, child_id)
        network = await children_service.child_network(session, actor, child_id)
        drawing = network_drawing.layout(network_drawing.people_of(network))
        context["drawing"] = drawing
        context["drawing_description"] = network_drawing.describe(drawing, f"{child.first_name} {child.last_name}")
        context["kinship_ids"] = {placed.person.key for placed in drawing.people if placed.person.kinship_candidate}
    return render(request, DETAIL_TEMPLATE, context, block=block, status_code=status_code)


async def _save_section(
    request: Request,
    session: Session,
    actor: Actor,
    child_id: uuid.UUID,
    submitted: SubmittedForm,
    model,
    save,
    *,
    section: str,
    form: str,
    saved: str,
    anchor: str,
    **options,
) -> Response:
    """A form in one section of the child's page (``save`` is the service call): once saved, the section anew
    for htmx, or back to the page at the section; otherwise the section with the errors at their fields."""

    async def after_save() -> Response:
        if not is_htmx(request):
            return see_other(_detail_path(request, child_id) + anchor)
        return await _detail(request, session, actor, child_id, saved=saved, block=section)

    async def show(state: FormState, status_code: int) -> Response:
        return await _detail(request, session, actor, child_id, **{form: state}, status_code=status_code, block=section)

    return await submit_form(
        session,
        submitted, model, lambda data: save(session, actor, child_id, data), saved=after_save, show=show, **options
    )


@router.post("/barn/{child_id}/behov", name="child_record_needs")
async def child_record_needs(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    submitted = parse_form(await request.form(), row_constants={"needs": {"domain"}})
    return await _save_section(
        request, session, actor, child_id, submitted, NeedsIn, children_service.record_needs,
        section="needs", form="needs_form", saved="needs", anchor="#behov",
        messages={"needs": "Ange en nivå för minst ett område."},
    )


@router.get("/barn/{child_id}/behov", name="child_need_history")
async def child_need_history(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    child = await children_service.get_child(session, actor, child_id)
    history = await children_service.need_history(session, actor, child_id)
    return render(request, NEED_HISTORY_TEMPLATE, {"child": child, "history": history})


@router.post("/barn/{child_id}/asikter", name="child_add_wish")
async def child_add_wish(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    return await _save_section(
        request, session, actor, child_id, parse_form(await request.form()), WishIn, children_service.add_wish,
        section="wishes", form="wish_form", saved="wish", anchor="#asikter",
    )


@router.post("/barn/{child_id}/natverksutredning", name="child_add_examination")
async def child_add_examination(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    return await _save_section(
        request, session, actor, child_id, parse_form(await request.form()), NetworkExaminationIn,
        children_service.record_network_examination,
        section="examinations", form="examination_form", saved="examination", anchor="#natverksutredning",
    )


@router.post("/barn/{child_id}/skola", name="child_enrol")
async def child_enrol(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    return await _save_section(
        request, session, actor, child_id, parse_form(await request.form()), EnrolmentIn, schooling.add_enrolment,
        section="school", form="enrol_form", saved="school", anchor="#skola", show_conflicts=True,
    )


@router.get("/barn/{child_id}/skolval", name="child_school_choices")
async def child_school_choices(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    """The school select narrowed by a search (htmx); without htmx, the child's page with the search applied."""
    query = request.query_params.get("skola_q", "").strip()
    if not is_htmx(request):
        suffix = f"?{urlencode({'skola_q': query})}" if query else ""
        return see_other(_detail_path(request, child_id) + suffix + "#skola")
    require_permission(actor, Action.CHILD_WRITE, CHILD_WRITE_REFUSAL)
    state = FormState(values={name: request.query_params.get(name, "") for name in ("school_id",)})
    context = {
        "enrol_form": state,
        "schools": await _schools(session, actor, query),
        "school_query": query,
    }
    return render(request, DETAIL_TEMPLATE, context, block="school_select")


# ---------------------------------------------------------------- siblings and assigned staff

@router.post("/barn/{child_id}/syskon", name="child_link_sibling")
async def child_link_sibling(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    return await _save_section(
        request, session, actor, child_id, parse_form(await request.form()), SiblingIn, children_service.link_sibling,
        section="siblings", form="sibling_form", saved="sibling", anchor="?sparat=sibling#syskon", show_conflicts=True,
        messages={"child_id": "Välj vilket barn som är syskon."},
    )


@router.post("/barn/{child_id}/syskon/{sibling_id}/ta-bort", name="child_unlink_sibling")
async def child_unlink_sibling(
    request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID, sibling_id: uuid.UUID
) -> Response:
    await children_service.unlink_sibling(session, actor, child_id, sibling_id)
    if not is_htmx(request):
        return see_other(_detail_path(request, child_id) + "?sparat=sibling_removed#syskon")
    return await _detail(request, session, actor, child_id, saved="sibling_removed", block="siblings")


@router.get("/barn/{child_id}/syskonval", name="child_sibling_choices")
async def child_sibling_choices(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    """The sibling select narrowed by a search (htmx); without htmx, the child's page with the search applied."""
    query = request.query_params.get("syskon_q", "").strip()
    if not is_htmx(request):
        suffix = f"?{urlencode({'syskon_q': query})}" if query else ""
        return see_other(_detail_path(request, child_id) + suffix + "#syskon")
    child = await _editable_child(session, actor, child_id)
    context = {
        "sibling_form": FormState(values={"child_id": request.query_params.get("child_id", "")}),
        "sibling_choices": await _sibling_choices(session, actor, child, query),
        "sibling_query": query,
    }
    return render(request, DETAIL_TEMPLATE, context, block="sibling_select")


async def _assign_staff(session: Session, actor: Actor, child_id: uuid.UUID, data: AssignmentIn) -> ChildOut:
    return await children_service.assign_staff(session, actor, child_id, data.user_id)


@router.post("/barn/{child_id}/personal", name="child_assign_staff")
async def child_assign_staff(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    return await _save_section(
        request, session, actor, child_id, parse_form(await request.form()), AssignmentIn, _assign_staff,
        section="staff", form="staff_form", saved="staff", anchor="?sparat=staff#personal", show_conflicts=True,
        messages={"user_id": "Välj vem som ska tilldelas barnet."},
    )


# ---------------------------------------------------------------- the people in the network

def _parse_member_form(form) -> SubmittedForm:
    submitted = parse_form(form, decimal_comma={"location.latitude", "location.longitude"})
    _drop_blank_group(submitted, "location")
    return submitted


async def _member_form(
    request: Request,
    session: Session,
    actor: Actor,
    child: ChildOut,
    state: FormState,
    *,
    member: NetworkMemberOut | None = None,
    status_code: int = 200,
) -> Response:
    """The form of a person in the network: a new one, or ``member`` to edit (and remove)."""
    kinship_homes = []
    if actor.can(Action.HOME_READ):
        filters = FosterHomeFilter(kind=[HomeKind.KINSHIP], page_size=200)
        kinship_homes = (await foster_homes.list_homes(session, actor, filters)).items
    if member is None:
        action = request.app.url_path_for("child_add_member", child_id=str(child.id))
    else:
        action = request.app.url_path_for("child_update_member", child_id=str(child.id), member_id=str(member.id))
    context = {
        "child": child,
        "member": member,
        "action": action,
        "form": state,
        "kinship_homes": kinship_homes,
        "field_label": labels.member_field_label,
        "importance": list(labels.IMPORTANCE.items()),
    }
    return render(request, MEMBER_TEMPLATE, context, status_code=status_code)


async def _save_member(
    request: Request,
    session: Session,
    actor: Actor,
    child: ChildOut,
    model,
    save,
    *,
    member: NetworkMemberOut | None,
    saved: str,
) -> Response:
    """Validate and save the member form: back to the network on the child's page, or the form again with the
    errors at their fields (422) or a conflict such as a stale version (409)."""

    async def show(state: FormState, status_code: int) -> Response:
        return await _member_form(request, session, actor, child, state, member=member, status_code=status_code)

    return await submit_form(
        session,
        _parse_member_form(await request.form()),
        model,
        save,
        saved=lambda: see_other(_detail_path(request, child.id) + f"?sparat={saved}#natverk"),
        show=show,
        show_conflicts=True,
    )


@router.get("/barn/{child_id}/natverk/ny", name="child_member_new")
async def child_member_new(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    child = await _editable_child(session, actor, child_id)
    values: FormValues = {
        "importance": "2",
        "contact_frequency": ContactFrequency.NONE.value,
        "kinship_assessment": KinshipAssessment.NOT_ASSESSED.value,
    }
    return await _member_form(request, session, actor, child, FormState(values=values))


@router.post("/barn/{child_id}/natverk", name="child_add_member")
async def child_add_member(request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID) -> Response:
    child = await _editable_child(session, actor, child_id)
    return await _save_member(
        request, session, actor, child, NetworkMemberIn, lambda data: children_service.add_member(session, actor, child_id, data),
        member=None, saved="network",
    )


async def _editable_member(
    session: Session, actor: Actor, child_id: uuid.UUID, member_id: uuid.UUID
) -> tuple[ChildOut, NetworkMemberOut]:
    child = await _editable_child(session, actor, child_id)
    for member in await children_service.list_network(session, actor, child_id):
        if member.id == member_id:
            return child, member
    raise NotFoundError(children_service.MEMBER_NOT_FOUND)


def member_form_values(member: NetworkMemberOut) -> FormValues:
    """A stored person in the network as the edit form's input values."""
    return flatten(member.model_dump(mode="json", exclude={"id"}))


@router.get("/barn/{child_id}/natverk/{member_id}/redigera", name="child_member_edit")
async def child_member_edit(
    request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID, member_id: uuid.UUID
) -> Response:
    child, member = await _editable_member(session, actor, child_id, member_id)
    return await _member_form(request, session, actor, child, FormState(values=member_form_values(member)), member=member)


@router.post("/barn/{child_id}/natverk/{member_id}/redigera", name="child_update_member")
async def child_update_member(
    request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID, member_id: uuid.UUID
) -> Response:
    child, member = await _editable_member(session, actor, child_id, member_id)
    return await _save_member(
        request, session, actor, child, NetworkMemberUpdate,
        lambda data: children_service.update_member(session, actor, child_id, member_id, data),
        member=member, saved="member",
    )


@router.post("/barn/{child_id}/natverk/{member_id}/ta-bort", name="child_remove_member")
async def child_remove_member(
    request: Request, session: Session, actor: CurrentActor, child_id: uuid.UUID, member_id: uuid.UUID
) -> Response:
    # The button sits on the person's edit page, below the form: the visit there is the confirmation.
    await children_service.remove_member(session, actor, child_id, member_id)
    return see_other(_detail_path(request, child_id) + "?sparat=member_removed#natverk")
