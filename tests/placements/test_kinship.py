"""Kinship has one meaning (children.network.ChildNetwork.kinship, as matching ranks by it): an adult of the
household is in the child's network, or the home is registered as the network's home, never through a person
the child is protected from. Booking asks "why not kin?" exactly when the home is not kin by that meaning;
the home's registered kind does not decide it."""

from __future__ import annotations

from tests.factories import member_payload, personal_number
from tests.placements.test_placements_api import booking, make_child, make_home

AUNT = personal_number("19800312", "123")  # Eva Lindqvist, the first adult of the factory's household


async def add_member(client, child: dict, **fields) -> None:
    response = await client.post(f"/api/children/{child['id']}/network", json=member_payload(**fields))
    assert response.status_code == 201, response.text


async def book_without_reason(client, child: dict, home: dict):
    return await client.post("/api/placements", json=booking([child["id"]], home["id"], not_kinship_reason=None))


async def test_an_own_home_where_the_childs_aunt_lives_is_kin(client):
    home = await make_home(client, kind="own")
    child = await make_child(client)
    await add_member(client, child, name="Eva Lindqvist", relation="aunt_uncle", personal_number=AUNT)

    response = await book_without_reason(client, child, home)

    assert response.status_code == 201, response.text


async def test_the_registered_network_home_is_kin(client):
    home = await make_home(client, kind="own")
    child = await make_child(client)
    await add_member(client, child, kinship_home_id=home["id"])

    assert (await book_without_reason(client, child, home)).status_code == 201


async def test_a_home_registered_as_kinship_is_not_kin_to_a_child_without_ties_there(client):
    home = await make_home(client, kind="kinship")
    child = await make_child(client)

    response = await book_without_reason(client, child, home)

    assert response.status_code == 422
    assert response.json()["errors"] == [{
        "field": "not_kinship_reason",
        "message": "Nätverket först: skriv varför barnet inte placeras i ett nätverkshem."}]
    assert (await client.get("/api/placements")).json()["total"] == 0


async def test_a_person_the_child_is_protected_from_never_makes_a_home_kin(client):
    home = await make_home(client, kind="kinship")
    child = await make_child(client)
    await add_member(client, child, name="Eva Lindqvist", relation="mother", personal_number=AUNT,
                     protected_from=True, protected_reason="Våld i hemmet.", willing_kinship_home=False)

    response = await book_without_reason(client, child, home)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "not_kinship_reason"


async def test_siblings_book_without_a_reason_only_if_the_home_is_kin_to_each(client):
    home = await make_home(client, kind="own")
    first, second = await make_child(client, 0), await make_child(client, 1)
    await add_member(client, first, name="Eva Lindqvist", relation="aunt_uncle", personal_number=AUNT)

    both = await client.post("/api/placements", json=booking([first["id"], second["id"]], home["id"], not_kinship_reason=None))

    assert both.status_code == 422
    assert both.json()["errors"][0]["field"] == "not_kinship_reason"
    assert (await client.get("/api/placements")).json()["total"] == 0


async def test_the_kinship_share_counts_placements_with_kin_by_the_same_meaning(client):
    aunts_home = await make_home(client, kind="own", name="Familjen Lindqvist")
    registered_kinship = await make_home(client, kind="kinship", name="Nätverkshem utan band")
    with_aunt, without_ties = await make_child(client, 0), await make_child(client, 1)
    await add_member(client, with_aunt, name="Eva Lindqvist", relation="aunt_uncle", personal_number=AUNT)
    first = await client.post("/api/placements", json=booking(
        [with_aunt["id"]], aunts_home["id"], not_kinship_reason=None, starts_on="2026-11-01"))
    second = await client.post("/api/placements", json=booking(
        [without_ties["id"]], registered_kinship["id"], starts_on="2026-11-01"))
    assert first.status_code == 201 and second.status_code == 201, (first.text, second.text)
    assert (first.json()[0]["with_kin"], second.json()[0]["with_kin"]) == (True, False)

    response = await client.get("/api/indicators", params={"period": "2026-11"})
    assert response.status_code == 200, response.text
    body = response.json()
    share = next(row for row in body["rows"] if row["key"] == "kinship_share")

    assert share["total"]["value"] == 50.0
