"""Agencies with framework contracts, consultant homes tied to them, and institutions."""

from tests.factories import home_payload, organisation_number


def agency_payload(**overrides) -> dict:
    payload = {
        "name": "Familjehemsbolaget Norr AB",
        "organisation_number": organisation_number("556677889"),
        "municipality": "Uppsala",
        "contact_person": "Lena Holm",
        "email": "lena.holm@example.se",
    }
    payload.update(overrides)
    return payload


def contract_payload(**overrides) -> dict:
    payload = {
        "reference": "RA-2026-14",
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
        "prices": [
            {"level": "standard", "daily_price": "1450.00"},
            {"level": "reinforced", "daily_price": "1890.50"},
        ],
    }
    payload.update(overrides)
    return payload


async def create_agency(client, **overrides) -> dict:
    response = await client.post("/api/agencies", json=agency_payload(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


async def test_agency_with_contracts_and_exact_prices(client):
    agency = await create_agency(client)
    response = await client.post(f"/api/agencies/{agency['id']}/contracts", json=contract_payload())
    assert response.status_code == 201, response.text
    contract = response.json()["contracts"][0]
    assert contract["prices"] == [
        {"level": "standard", "daily_price": "1450.00"},
        {"level": "reinforced", "daily_price": "1890.50"},
    ]


async def test_overlapping_contract_periods_are_refused(client):
    agency = await create_agency(client)
    url = f"/api/agencies/{agency['id']}/contracts"
    assert (await client.post(url, json=contract_payload())).status_code == 201
    overlapping = await client.post(url, json=contract_payload(reference="RA-2", valid_from="2026-12-31", valid_to=None))
    assert overlapping.status_code == 409
    assert "överlappar" in overlapping.json()["detail"]
    following = await client.post(url, json=contract_payload(reference="RA-3", valid_from="2027-01-01", valid_to=None))
    assert following.status_code == 201
    assert len(following.json()["contracts"]) == 2


async def test_bad_agency_and_contract_input(client):
    bad = await client.post(
        "/api/agencies", json=agency_payload(organisation_number="556677-8890", email="inte-en-adress")
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"organisation_number", "email"}
    agency = await create_agency(client)
    duplicate = await client.post("/api/agencies", json=agency_payload(name="Samma nummer AB"))
    assert duplicate.status_code == 409
    contract = contract_payload(
        valid_from="2026-06-01",
        valid_to="2026-01-01",
        prices=[{"level": "standard", "daily_price": "-1"}, {"level": "standard", "daily_price": "12.345"}],
    )
    response = await client.post(f"/api/agencies/{agency['id']}/contracts", json=contract)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"valid_to", "prices.0.daily_price", "prices.1.daily_price"}
    assert (await client.get(f"/api/agencies/{agency['id']}")).json()["contracts"] == []


async def test_consultant_home_belongs_to_an_agency_that_cannot_end_while_it_has_homes(client):
    agency = await create_agency(client)
    home = await client.post(
        "/api/foster-homes",
        json=home_payload(kind="consultant", agency_id=agency["id"], contract_level="reinforced"),
    )
    assert home.status_code == 201, home.text
    assert home.json()["agency"] == {"id": agency["id"], "name": agency["name"]}
    listed = (await client.get("/api/foster-homes", params={"kind": "consultant"})).json()["items"]
    assert listed[0]["agency_name"] == agency["name"]
    close = {"reason": "Avtalet upphör", "version": agency["version"]}
    refused = await client.post(f"/api/agencies/{agency['id']}/close", json=close)
    assert refused.status_code == 409 and "1 familjehem" in refused.json()["detail"]
    own_with_agency = home_payload(agency_id=agency["id"])
    response = await client.post("/api/foster-homes", json=own_with_agency)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "agency_id"


async def test_ended_agency_takes_no_new_homes(client):
    agency = await create_agency(client)
    closed = await client.post(
        f"/api/agencies/{agency['id']}/close", json={"reason": "Konkurs", "closed_on": "2026-10-01", "version": 1}
    )
    assert closed.status_code == 200 and closed.json()["active"] is False
    response = await client.post(
        "/api/foster-homes", json=home_payload(kind="consultant", agency_id=agency["id"], contract_level="standard")
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "agency_id", "message": "Konsulentverksamheten är avslutad."}]
    assert (await client.get("/api/agencies", params={"active": "true"})).json()["total"] == 0


async def test_agency_stale_update_is_409(client):
    agency = await create_agency(client)
    url = f"/api/agencies/{agency['id']}"
    assert (await client.put(url, json=agency_payload(phone="08-123 45", version=1))).status_code == 200
    assert (await client.put(url, json=agency_payload(phone="08-999 99", version=1))).status_code == 409
    assert (await client.get(url)).json()["phone"] == "08-123 45"


def institution_payload(**overrides) -> dict:
    payload = {
        "name": "Stegens HVB",
        "kind": "hvb",
        "operator": "Stegen Omsorg AB",
        "municipality": "Norrtälje",
        "postal_code": "76130",
        "latitude": 59.758,
        "longitude": 18.705,
        "places": 8,
        "age_min": 13,
        "age_max": 18,
        "daily_price": "5200.00",
        "target_groups": "missbruk, tonaringar",
    }
    payload.update(overrides)
    return payload


async def test_institution_lifecycle(client):
    response = await client.post("/api/institutions", json=institution_payload())
    assert response.status_code == 201, response.text
    institution = response.json()
    assert institution["postal_code"] == "761 30"
    assert institution["target_groups"] == ["missbruk", "tonaringar"]
    url = f"/api/institutions/{institution['id']}"
    assert (await client.put(url, json=institution_payload(daily_price="5400", version=1))).json()["daily_price"] == "5400.00"
    assert (await client.put(url, json=institution_payload(version=1))).status_code == 409
    near = {"near_lat": 59.76, "near_lon": 18.70, "within_km": 5}
    assert (await client.get("/api/institutions", params=near)).json()["total"] == 1
    assert (await client.get("/api/institutions", params={"kind": "sis"})).json()["total"] == 0
    assert (await client.get("/api/institutions", params={"accepts_age": 10})).json()["total"] == 0
    closed = await client.post(f"{url}/close", json={"reason": "Avtalet löpte ut", "version": 2})
    assert closed.status_code == 200 and closed.json()["active"] is False
    assert (await client.put(url, json=institution_payload(version=3))).status_code == 409


async def test_bad_institution_input_writes_nothing(client):
    response = await client.post(
        "/api/institutions", json=institution_payload(kind="fängelse", age_min=18, age_max=13, daily_price="abc", places=-2)
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"kind", "age_max", "daily_price", "places"}
    assert (await client.get("/api/institutions")).json()["total"] == 0
