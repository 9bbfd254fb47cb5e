from tests.factories import home_payload


async def test_create_and_read_home(client):
    created = await client.post("/api/foster-homes", json=home_payload())
    assert created.status_code == 201, created.text
    body = created.json()
    fetched = await client.get(f"/api/foster-homes/{body['id']}")
    assert fetched.status_code == 200
    assert fetched.json()["name"] == "Familjen Lindqvist"
    assert fetched.json()["free_places"] == 2
