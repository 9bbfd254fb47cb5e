"""THE occupancy rule: a home is as full as its fullest day from the day on; Python, numpy and SQL agree."""

import datetime as dt
import random

import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from foster_homes import capacity
from foster_homes.models import FosterHome
from tests.factories import home_payload

D = dt.date(2026, 12, 1)
OPEN_END = dt.date.max.toordinal()


def days(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def test_placed_on_counts_who_lives_there_and_the_moving_day_is_the_next_homes():
    stays = [(days(-30), None), (days(-30), D), (days(1), None)]
    assert capacity.placed_on(stays, D) == 1  # the second child moved out on D; the third comes tomorrow
    assert capacity.placed_on(stays, days(-1)) == 2


def test_occupied_from_counts_a_child_booked_to_arrive_later():
    stays = [(days(-30), None), (days(10), None)]
    assert capacity.placed_on(stays, D) == 1
    assert capacity.occupied_from(stays, D) == 2
    assert capacity.free_from(2, stays, D) == 0


def test_a_departure_before_the_arrival_leaves_the_place_free_for_both():
    stays = [(days(-30), days(5)), (days(5), None)]  # one leaves on the day the next arrives
    assert capacity.occupied_from(stays, D) == 1
    assert capacity.stays_from(stays, days(5)) == [(days(5), None)]


def _random_stays(rng: random.Random, homes: int) -> dict[int, list[capacity.Stay]]:
    stays: dict[int, list[capacity.Stay]] = {home: [] for home in range(homes)}
    for home in range(homes):
        for _ in range(rng.randint(0, 5)):
            start = days(rng.randint(-60, 60))
            end = None if rng.random() < 0.4 else start + dt.timedelta(days=rng.randint(1, 90))
            stays[home].append((start, end))
    return stays


def test_numpy_gives_the_same_answers_as_python():
    rng = random.Random(7)
    stays = _random_stays(rng, 200)
    rows = [(home, start, end) for home, listed in stays.items() for start, end in listed]
    home = np.array([r[0] for r in rows])
    starts = np.array([r[1].toordinal() for r in rows])
    ends = np.array([r[2].toordinal() if r[2] else OPEN_END for r in rows])
    for day in (days(-10), D, days(30)):
        vectorised = capacity.occupied_from_arrays(day.toordinal(), home, starts, ends, len(stays))
        assert vectorised.tolist() == [capacity.occupied_from(stays[h], day) for h in range(len(stays))]


async def test_sql_gives_the_same_answers_as_python(client, engine):
    rng = random.Random(11)
    stays = _random_stays(rng, 25)
    ids = {}
    for index, listed in stays.items():
        children = [{"birth_year": 2015, "relation": "placed", "placed_from": start.isoformat(),
                     "placed_until": end.isoformat() if end else None} for start, end in listed]
        payload = home_payload(name=f"Familjen Nr {index}", household_children=children)
        payload["capacity"]["places"] = 10
        response = await client.post("/api/foster-homes", json=payload)
        assert response.status_code == 201, response.text
        ids[response.json()["id"]] = index
    async with AsyncSession(engine) as session:
        for day in (days(-10), D, days(30)):
            expected = {home_id: capacity.occupied_from(stays[index], day) for home_id, index in ids.items()}
            per_row = dict((await session.execute(select(FosterHome.id, capacity.occupied_from_per_row(day)))).all())
            grouped = capacity.occupied_from_per_home(day)
            per_home = dict((await session.execute(select(grouped.c.home_id, grouped.c.occupied))).all())
            assert {str(k): v for k, v in per_row.items()} == expected
            # The grouped form lists only homes with a stay ahead; the others are joined as 0.
            assert {str(k): v for k, v in per_home.items() if v} == {k: v for k, v in expected.items() if v}
