"""A new planned end (an extension decided, or an earlier end foreseen): recorded with its day, so a forecast
rebuilt for an earlier day still sees the old one; bad input is refused and writes nothing."""

from __future__ import annotations

from sqlalchemy import select

from core.audit import AuditEntry
from core.database import unit_of_work
from placements.models import PlacementRecord
from tests.costs.test_month_costs import book, child_born
from tests.placements.test_placements_api import make_home


async def test_a_new_planned_end_is_recorded_and_logged(client):
    placement = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01",
                           planned_end="2026-12-31")

    changed = await client.put(f"/api/placements/{placement['id']}/planned-end",
                               json={"planned_end": "2027-06-30", "note": "Förlängt av nämnden.", "version": 1})

    assert changed.status_code == 200, changed.text
    assert changed.json()["planned_end"] == "2027-06-30" and changed.json()["version"] == 2
    async with unit_of_work() as session:
        records = list(await session.scalars(select(PlacementRecord).where(
            PlacementRecord.placement_id == placement["id"]).order_by(PlacementRecord.seq)))
        details = list(await session.scalars(select(AuditEntry.detail).where(AuditEntry.object_id == placement["id"])))
    assert [(r.change, str(r.planned_end), str(r.recorded_on)) for r in records] == [
        ("booked", "2026-12-31", "2026-11-23"), ("planned_end", "2027-06-30", "2026-11-23")]
    assert "nytt planerat slut: Förlängt av nämnden." in details


async def test_a_planned_end_before_the_start_a_stale_version_or_an_ended_placement_is_refused(client):
    placement = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01")
    url = f"/api/placements/{placement['id']}/planned-end"

    early = await client.put(url, json={"planned_end": "2026-09-30", "version": 1})
    stale = await client.put(url, json={"planned_end": "2027-01-31", "version": 7})
    junk = await client.put(url, json={"planned_end": "snart", "version": 1})
    assert (early.status_code, stale.status_code, junk.status_code) == (422, 409, 422)
    assert "planned_end" in early.text
    ended = await client.post(f"/api/placements/{placement['id']}/end",
                              json={"ended_on": "2026-11-20", "reason": "planned_return_home", "version": 1})
    assert ended.status_code == 200, ended.text
    after_end = await client.put(url, json={"planned_end": "2027-01-31", "version": 2})
    assert after_end.status_code == 422 and "avslutad" in after_end.text
    assert (await client.get(f"/api/placements/{placement['id']}")).json()["planned_end"] is None
