"""The audit log: reads and writes are recorded, and the database refuses to rewrite history."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core.database import get_engine
from tests.factories import home_payload, personal_number


@pytest.fixture
async def admin(client_as):
    return await client_as("admin")


async def entries(admin, **filters) -> list[dict]:
    response = await admin.get("/api/audit", params={"page_size": 500, **filters})
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_reads_and_writes_of_a_home_are_logged_with_who_what_and_changes(client, admin):
    home = (await client.post("/api/foster-homes", json=home_payload(), headers={"X-Request-ID": "req-create-0001"})).json()
    await client.get(f"/api/foster-homes/{home['id']}")
    update = {**{k: v for k, v in home_payload(name="Familjen Lindqvist-Ek").items() if k != "status"}, "version": 1}
    await client.put(f"/api/foster-homes/{home['id']}", json=update)
    await client.post(f"/api/foster-homes/{home['id']}/close", json={"reason": "Slutar", "version": 2})

    logged = await entries(admin, object_id=home["id"])
    actions = [entry["action"] for entry in reversed(logged)]
    assert actions == ["create", "read", "update", "close"]
    assert {entry["user_name"] for entry in logged} == {client.user.name}
    create, _, update_entry, close = reversed(logged)
    assert create["request_id"] == "req-create-0001"
    assert create["changes"]["name"] == [None, "Familjen Lindqvist"]
    assert update_entry["changes"] == {"name": ["Familjen Lindqvist", "Familjen Lindqvist-Ek"]}
    assert close["changes"] == {"status": ["approved", "closed"]} and close["detail"] == "Slutar"
    assert create["client_address"]


async def test_a_list_view_is_one_entry_with_the_ids_shown(client, admin):
    ids = [(await client.post("/api/foster-homes", json=home_payload(name=f"Familjen {n}"))).json()["id"] for n in "ABC"]
    await client.get("/api/foster-homes", params={"page_size": 2})
    reads = await entries(admin, action="read", object_type="foster_home")
    assert len(reads) == 1
    assert reads[0]["object_ids"] == ids[:2] and reads[0]["object_id"] is None
    # Looking a home up in the log also finds the list views that showed it.
    assert [e["action"] for e in await entries(admin, object_id=ids[0])] == ["read", "create"]


async def test_sign_ins_and_failures_are_logged(anonymous, make_user, admin):
    from tests.conftest import sign_in

    user = await make_user("social_worker")
    await sign_in(anonymous, user.email, "fel-lösenord-123")
    await sign_in(anonymous, user.email)
    logged = await entries(admin, object_type="user", object_id=str(user.id))
    assert [e["action"] for e in logged][:2] == ["sign_in", "sign_in_failed"]


async def test_secrets_never_reach_the_log(admin):
    created = await admin.post(
        "/api/users",
        json={"name": "Ny Kollega", "email": "kollega@kommun.example.se", "roles": ["social_worker"], "password": "Vitsippor-i-april-42"},
    )
    await admin.post(f"/api/users/{created.json()['id']}/password", json={"password": "Blåsippor-i-maj-43", "version": 1})
    exported = (await admin.get("/api/audit/export.csv")).text
    assert "Vitsippor" not in exported and "Blåsippor" not in exported and "argon2" not in exported
    assert '""password"": [""***"", ""***""]' in exported  # CSV doubles the quotes


async def test_export_is_semicolon_csv_and_is_itself_logged(client, admin):
    await client.post("/api/foster-homes", json=home_payload())
    response = await admin.get("/api/audit/export.csv", params={"action": "create", "object_type": "foster_home"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["tid", "användare", "händelse"]
    assert [(row[1], row[2], row[3]) for row in rows[1:]] == [(client.user.name, "create", "foster_home")]
    exports = await entries(admin, action="export")
    assert len(exports) == 1 and exports[0]["object_type"] == "audit_log"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET user_name = 'någon annan'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ],
)
async def test_the_database_refuses_to_change_or_remove_log_rows(client, statement):
    await client.get("/api/foster-homes")  # at least one row
    async with get_engine().connect() as connection:
        with pytest.raises(DBAPIError, match="append-only"):
            await connection.execute(text(statement))
        await connection.rollback()
        assert await connection.scalar(text("SELECT count(*) FROM audit_log")) >= 1


async def test_bad_log_filters_are_a_422(admin):
    response = await admin.get("/api/audit", params={"since": "igår", "action": "radera"})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"query.since", "query.action"}


async def test_full_personal_numbers_only_for_roles_that_need_them(client, client_as):
    home = (await client.post("/api/foster-homes", json=home_payload())).json()
    assert home["household_adults"][0]["personal_number"] == personal_number()
    social_worker = await client_as("social_worker")
    seen = (await social_worker.get(f"/api/foster-homes/{home['id']}")).json()
    assert seen["household_adults"][0]["personal_number"] == personal_number()[:9] + "****"
