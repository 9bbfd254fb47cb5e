"""Listing placement requests costs the same number of SQL statements for 3 requests as for 12 (no query per row)."""

from __future__ import annotations

from sqlalchemy import event

from tests.factories import child_payload, personal_number


async def _register_requests(client, count: int, first: int) -> None:
    """``count`` more requests, each for its own child (a child is in one open request at a time)."""
    for n in range(first, first + count):
        child = (await client.post("/api/children", json=child_payload(
            first_name=f"Barn{n}", personal_number=personal_number("20140405", f"{100 + n}")))).json()
        response = await client.post("/api/placement-requests", json={
            "child_ids": [child["id"]], "kind": "long_term", "legal_basis": "lvu_2", "wanted_start": "2026-12-01"})
        assert response.status_code == 201, response.text


async def _statements_to_list(client, engine, expected_total: int) -> int:
    executed = []

    def count(conn, cursor, statement, parameters, context, executemany):
        executed.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        response = await client.get("/api/placement-requests")
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"]) == expected_total
    assert all(item["children"] and item["waiting_days"] == 0 for item in body["items"])
    return len(executed)


async def test_listing_requests_makes_the_same_number_of_statements_for_3_as_for_12(client, engine):
    await _register_requests(client, 3, first=0)
    few = await _statements_to_list(client, engine, 3)
    await _register_requests(client, 9, first=3)
    many = await _statements_to_list(client, engine, 12)
    assert few == many
