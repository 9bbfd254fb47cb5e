"""The request is the unit of work: services flush, the request's session commits once when the handler has
answered and rolls back when it raised, and a refused form save undoes only what the save wrote.

Each test mounts a small route on the app that calls a real service and then fails the way a later step of a
real request can (a conflict, a refusal, bad input), and reads the database afterwards from outside."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from core.audit import AuditAction, authorize, record
from core.errors import ConflictError, FieldError, InvalidInputError
from core.permissions import Action
from foster_homes import service as foster_homes
from foster_homes.schemas import FosterHomeCreate
from tests.factories import home_payload
from web.auth import CurrentActor
from web.deps import Session
from web.pages.forms import FormState, SubmittedForm, submit_form


def new_home() -> FosterHomeCreate:
    return FosterHomeCreate.model_validate(home_payload())


def mount(app, route: str, endpoint) -> None:
    router = APIRouter()
    router.add_api_route(route, endpoint, methods=["POST"])
    app.include_router(router)


async def count(engine, sql: str) -> int:
    async with engine.connect() as connection:
        return (await connection.execute(text(sql))).scalar_one()


async def test_a_request_that_succeeds_is_committed_once_it_has_answered(app, client, engine):
    async def create(session: Session, actor: CurrentActor) -> dict:
        home = await foster_homes.create_home(session, actor, new_home())
        return {"id": str(home.id)}

    mount(app, "/test/create", create)
    response = await client.post("/test/create")

    assert response.status_code == 200, response.text
    assert await count(engine, "SELECT count(*) FROM foster_homes") == 1
    assert await count(engine, "SELECT count(*) FROM audit_log WHERE action = 'create' AND object_type = 'foster_home'") == 1


async def test_a_service_call_inside_a_failed_request_writes_nothing(app, client, engine):
    async def create_then_fail(session: Session, actor: CurrentActor) -> dict:
        await foster_homes.create_home(session, actor, new_home())
        raise ConflictError("Ett senare steg i samma förfrågan gick inte att göra.")

    mount(app, "/test/create-then-fail", create_then_fail)
    response = await client.post("/test/create-then-fail")

    assert response.status_code == 409
    assert response.json()["detail"] == "Ett senare steg i samma förfrågan gick inte att göra."
    assert await count(engine, "SELECT count(*) FROM foster_homes") == 0
    assert await count(engine, "SELECT count(*) FROM audit_log WHERE action = 'create' AND object_type = 'foster_home'") == 0


async def test_a_refusal_is_logged_although_the_request_rolls_back(app, client, engine):
    async def create_then_refuse(session: Session, actor: CurrentActor) -> dict:
        await foster_homes.create_home(session, actor, new_home())
        await authorize(session, actor, Action.USER_ADMIN, "user")  # the client is no administrator
        return {}

    mount(app, "/test/create-then-refuse", create_then_refuse)
    response = await client.post("/test/create-then-refuse")

    assert response.status_code == 403
    assert await count(engine, "SELECT count(*) FROM foster_homes") == 0
    assert await count(engine, "SELECT count(*) FROM audit_log WHERE action = 'create' AND object_type = 'foster_home'") == 0
    assert await count(engine, "SELECT count(*) FROM audit_log WHERE action = 'permission_denied'") == 1


async def test_a_refused_form_save_undoes_its_writes_and_keeps_the_pages_reads(app, client, engine):
    async def form_page(request: Request, session: Session, actor: CurrentActor) -> Response:
        # What the page read before the save is logged, as on any page that shows a record.
        record(session, actor, AuditAction.READ, "foster_home", detail="formuläret visas")

        async def save(data: FosterHomeCreate) -> None:
            await foster_homes.create_home(session, actor, data)
            raise InvalidInputError(FieldError("name", "Ett fel som tjänsten hittar efter att ha skrivit."))

        async def show(state: FormState, status_code: int) -> Response:
            return JSONResponse({"errors": state.errors.by_field}, status_code=status_code)

        return await submit_form(session, SubmittedForm(data=home_payload(), values={}), FosterHomeCreate, save,
                                 saved=lambda: JSONResponse({}), show=show)

    mount(app, "/test/form", form_page)
    response = await client.post("/test/form")

    assert response.status_code == 422
    assert response.json()["errors"] == {"name": ["Ett fel som tjänsten hittar efter att ha skrivit."]}
    assert await count(engine, "SELECT count(*) FROM foster_homes") == 0
    assert await count(engine, "SELECT count(*) FROM audit_log WHERE action = 'create' AND object_type = 'foster_home'") == 0
    assert await count(engine, "SELECT count(*) FROM audit_log WHERE action = 'read' AND detail = 'formuläret visas'") == 1
