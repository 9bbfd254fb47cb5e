"""Anything a client can send gets a 4xx, never a 500: control characters, wrong types, absurd numbers."""

import csv
import io

import pytest
from pydantic import ValidationError

from foster_homes.schemas import FosterHomeFilter

from tests.factories import child_payload, home_payload, school_payload


def assert_invalid_field(response, field: str) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in [error["field"] for error in response.json()["errors"]], response.json()


@pytest.mark.parametrize("name", ["x\u0000y", "x\u0001y", "x\u001by", "x\u202ey", "x\u2066y", "x\ny", "x\ty"])
async def test_control_characters_and_direction_overrides_in_a_name_are_refused(client, name):
    response = await client.post("/api/foster-homes", json=home_payload(name=name))
    assert_invalid_field(response, "name")
    assert (await client.get("/api/foster-homes")).json()["total"] == 0


async def test_line_breaks_and_tabs_stay_allowed_in_free_text(client):
    response = await client.post("/api/foster-homes", json=home_payload(wishes="Rad ett\nRad två\ttabb"))
    assert response.status_code == 201, response.text
    assert response.json()["wishes"] == "Rad ett\nRad två\ttabb"


async def test_nul_in_free_text_is_refused_before_it_reaches_the_audit_log(client):
    response = await client.post("/api/foster-homes", json=home_payload(wishes="a\u0000b"))
    assert_invalid_field(response, "wishes")


async def test_nul_in_a_list_item_names_the_list(client):
    response = await client.post("/api/foster-homes", json=home_payload(languages=["svenska", "fi\u0000nska"]))
    assert_invalid_field(response, "languages")


async def test_nul_in_a_query_is_refused(client):
    assert_invalid_field(await client.get("/api/foster-homes", params={"q": "a\u0000b"}), "query.q")
    assert_invalid_field(await client.get("/api/children", params={"q": "a\u0000b"}), "query.q")


def test_the_filters_refuse_control_characters_without_the_guard_too():
    with pytest.raises(ValidationError, match="otillåtna tecken"):
        FosterHomeFilter(q="a\u0000b")


async def test_nul_in_a_plain_query_parameter_is_refused_by_the_guard(client):
    home = (await client.post("/api/foster-homes", json=home_payload())).json()
    response = await client.get(f"/api/foster-homes/{home['id']}", params={"reveal_reason": "a\u0000b"})
    assert_invalid_field(response, "query.reveal_reason")


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/api/foster-homes", home_payload(tags=1), "tags"),
        ("/api/foster-homes", home_payload(languages=5), "languages"),
        ("/api/foster-homes", home_payload(languages=[1, 2]), "languages"),
        ("/api/children", child_payload(languages={"a": 1}), "languages"),
    ],
)
async def test_a_non_list_where_words_are_expected_is_refused(client, path, payload, field):
    assert_invalid_field(await client.post(path, json=payload), field)


async def test_wish_tags_that_are_not_a_list_are_refused(client):
    child = (await client.post("/api/children", json=child_payload())).json()
    response = await client.post("/api/placement-requests", json={
        "child_ids": [child["id"]], "kind": "long_term", "legal_basis": "sol", "wish_tags": False,
    })
    assert_invalid_field(response, "wish_tags")


@pytest.mark.parametrize("within_km", ["5e-324", "0", "1e308", "nan", "inf"])
async def test_absurd_search_radius_is_refused(client, within_km):
    response = await client.get(
        "/api/foster-homes", params={"near_lat": 59.33, "near_lon": 18.06, "within_km": within_km}
    )
    assert_invalid_field(response, "query.within_km")


async def test_a_denormal_coordinate_is_refused_and_school_searches_keep_working(client):
    response = await client.post("/api/schools", json=school_payload(longitude=5e-324))
    assert_invalid_field(response, "longitude")
    created = await client.post("/api/schools", json=school_payload(longitude=17.90201234567))
    assert created.status_code == 201, created.text
    assert created.json()["longitude"] == 17.902012
    near = await client.get("/api/schools", params={"near_lat": 59.388, "near_lon": 5e-324})
    assert_invalid_field(near, "query.near_lon")
    assert (await client.get("/api/schools", params={"near_lat": 59.388, "near_lon": 17.928})).status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"])
async def test_a_day_outside_real_years_is_refused_in_filters_bodies_and_queries(client_as, day):
    # Year 1 becomes a Swedish midnight before year 1 and 9999 has no next day: both were 500s.
    admin = await client_as("admin", "placement_secretary")
    for field in ("since", "until"):
        assert_invalid_field(await admin.get("/api/audit", params={field: day}), f"query.{field}")
        assert_invalid_field(await admin.get("/api/audit/export.csv", params={field: day}), f"query.{field}")
    child = (await admin.post("/api/children", json=child_payload())).json()
    request = await admin.post("/api/placement-requests", json={
        "child_ids": [child["id"]], "kind": "long_term", "legal_basis": "sol", "wanted_start": day,
    })
    assert_invalid_field(request, "wanted_start")
    continuity = await admin.get(f"/api/children/{child['id']}/school-continuity",
                                 params={"latitude": 59.33, "longitude": 18.06, "move_on": day})
    assert_invalid_field(continuity, "query.move_on")


async def test_the_first_and_last_real_days_are_accepted(client_as):
    admin = await client_as("admin")
    response = await admin.get("/api/audit", params={"since": "1900-01-01", "until": "2199-12-31"})
    assert response.status_code == 200, response.text


async def test_exports_write_formulas_as_text(client_as):
    admin = await client_as("admin", "placement_secretary", "family_care")
    created = await admin.post("/api/foster-homes", json=home_payload(name='=HYPERLINK("http://x","y")'))
    assert created.status_code == 201, created.text
    homes = (await admin.get("/api/foster-homes/export.csv")).text
    assert ';"\'=HYPERLINK(""http://x"",""y"")";' in homes
    assert ';"=HYPERLINK' not in homes
    audit = (await admin.get("/api/audit/export.csv")).text
    cells = [cell for row in csv.reader(io.StringIO(audit.lstrip("\ufeff")), delimiter=";") for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


async def test_a_token_name_longer_than_its_column_is_refused(client):
    assert_invalid_field(await client.post("/api/tokens", json={"name": "n" * 150}), "name")
    assert (await client.post("/api/tokens", json={"name": "n" * 100})).status_code == 201


async def test_the_openapi_documents_problem_answers_for_every_operation(client):
    schema = (await client.get("/openapi.json")).json()
    assert "Problem" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code in ["401", "403", "404", "409", "422"]:
                assert "application/problem+json" in operation["responses"][code]["content"], (method, path, code)
