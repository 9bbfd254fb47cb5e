"""Follow-ups over the API: what a booking makes due, completing and rescheduling, the lists per worker,
team and unit, the rules as data, the calendar feed, and the indicators with the placements behind them."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from placements import followup_rules
from placements.schemas import FollowupRuleIn
from tests.placements.test_placements_api import booking, items_of, make_child, make_home


@pytest.fixture
async def placed(client):
    home = await make_home(client)
    child = await make_child(client)
    placement = (await client.post("/api/placements", json=booking([child["id"]], home["id"]))).json()[0]
    return {"home": home, "child": child, "placement": placement, "items": await items_of(client, placement["id"])}


async def test_completing_a_visit_makes_the_next_due_three_months_after_it(client, placed):
    visit = placed["items"]["visit_family_home"]
    url = f"/api/followups/{visit['id']}/complete"
    wrong = await client.post(url, json={"completed_on": "2026-11-20", "absence_percent": 20, "version": visit["version"]})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "absence_percent"
    future = await client.post(url, json={"completed_on": "2026-12-24", "version": visit["version"]})
    assert future.status_code == 422

    done = await client.post(url, json={"completed_on": "2026-11-20", "note": "Samtal enskilt med Elsa.",
                                        "child_met_alone": True, "version": visit["version"]})

    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "done" and body["completed_by"] == client.user.name
    assert body["outcome"] == {"child_met_alone": True}
    items = await items_of(client, placed["placement"]["id"])
    assert items["visit_family_home"]["sequence"] == 2 and items["visit_family_home"]["due_on"] == "2027-02-20"
    assert (await client.post(url, json={"completed_on": "2026-11-20", "version": body["version"]})).status_code == 422
    assert (await client.post(url, json={"completed_on": "2026-11-20", "version": 1})).status_code == 409


async def test_a_late_review_does_not_move_the_next_one(client, placed):
    review = placed["items"]["review_lvu_2"]
    clock.set_today(dt.date(2027, 7, 10))
    done = await client.post(f"/api/followups/{review['id']}/complete",
                             json={"completed_on": "2027-07-10", "version": review["version"]})
    assert done.status_code == 200, done.text
    items = await items_of(client, placed["placement"]["id"])
    assert items["review_lvu_2"]["due_on"] == "2027-12-01"  # six months after the six-month point, not after completion


async def test_rescheduling_needs_a_reason_and_keeps_the_rules_date(client, placed):
    plan = placed["items"]["implementation_plan"]
    url = f"/api/followups/{plan['id']}/reschedule"
    assert (await client.post(url, json={"due_on": "2027-01-15", "reason": "", "version": 1})).status_code == 422
    past = await client.post(url, json={"due_on": "2026-01-15", "reason": "Sjukdom", "version": 1})
    assert past.status_code == 422 and past.json()["errors"][0]["field"] == "due_on"
    moved = await client.post(url, json={"due_on": "2027-01-15", "reason": "Familjen bortrest.", "version": 1})
    assert moved.status_code == 200, moved.text
    assert moved.json()["due_on"] == "2027-01-15" and moved.json()["original_due_on"] == "2026-12-31"
    assert moved.json()["rescheduled_reason"] == "Familjen bortrest."


async def test_due_lists_show_overdue_first_for_the_worker_the_team_and_the_unit(client, client_as, placed):
    clock.set_today(dt.date(2026, 12, 20))
    mine = (await client.get("/api/followups")).json()["items"]
    assert [item["rule_key"] for item in mine][:2] == ["care_plan", "agreement"] or {
        mine[0]["rule_key"], mine[1]["rule_key"]} == {"care_plan", "agreement"}
    assert all(item["overdue_days"] == 19 for item in mine[:2])
    assert [item["due_on"] for item in mine] == sorted(item["due_on"] for item in mine)
    overdue = (await client.get("/api/followups", params={"overdue": "true"})).json()["items"]
    assert {item["rule_key"] for item in overdue} == {"care_plan", "agreement", "health_referral"}
    later = (await client.get("/api/followups", params={"due_before": "2027-01-31"})).json()["items"]
    assert "visit_family_home" in {item["rule_key"] for item in later}
    assert all(item["child_name"] == "Elsa Nyström" for item in mine)

    stranger = await client_as("social_worker", unit="Enhet placering", team="Team Öst")
    assert (await stranger.get("/api/followups")).json()["total"] == 0
    unit = (await stranger.get("/api/followups", params={"scope": "unit"})).json()
    assert unit["total"] == len(mine)
    assert (await stranger.get("/api/followups", params={"scope": "team"})).json()["total"] == 0


async def test_the_calendar_feed_names_no_child(client, anonymous, placed):
    created = await client.post("/api/followups/calendar")
    assert created.status_code == 201
    url = created.json()["url"]
    feed = await anonymous.get(url)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    body = feed.text
    within_a_year = [item for item in placed["items"].values() if item["due_on"] <= "2027-11-24"]
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.count("BEGIN:VEVENT") == len(within_a_year)
    assert "custody_transfer" in placed["items"] and len(within_a_year) == len(placed["items"]) - 1
    assert placed["child"]["reference"] in body and "Elsa" not in body and "Nyström" not in body
    assert "DTSTART;VALUE=DATE:20261201" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    renewed = (await client.post("/api/followups/calendar")).json()["url"]
    assert (await anonymous.get(url)).status_code == 404  # the old address stops working
    assert (await anonymous.get(renewed)).status_code == 200
    assert (await anonymous.get("/api/followups/calendar/cal_made-up.ics")).status_code == 404


async def test_the_calendar_feed_names_a_home_by_its_reference_never_its_name(client, anonymous):
    home = await make_home(client, name="Familjen Björk")
    assigned = await client.post(f"/api/foster-homes/{home['id']}/assignments", json={"user_id": str(client.user.id)})
    assert assigned.status_code == 200, assigned.text
    child = await make_child(client)
    assert (await client.post("/api/placements", json=booking([child["id"]], home["id"]))).status_code == 201
    url = (await client.post("/api/followups/calendar")).json()["url"]
    body = (await anonymous.get(url)).text.replace("\r\n ", "")  # unfolded
    reference = (await client.get(f"/api/foster-homes/{home['id']}")).json()["reference"]
    assert f"SUMMARY:Stödsamtal med familjehemmet – familjehem {reference}" in body
    assert "Björk" not in body and home["address"]["street"] not in body


async def test_the_rules_are_data_an_administrator_changes(client, client_as):
    rules = (await client.get("/api/followups/rules")).json()
    assert {rule["key"] for rule in rules} == {rule.key for rule in followup_rules.DEFAULT_RULES}
    visit = next(rule for rule in rules if rule["key"] == "visit_family_home")
    changed = {**{k: v for k, v in visit.items() if k != "id"}, "interval_months": 2, "offset_months": 0, "offset_days": 14}
    assert (await client.put(f"/api/followups/rules/{visit['id']}", json=changed)).status_code == 403
    admin = await client_as("admin")
    saved = await admin.put(f"/api/followups/rules/{visit['id']}", json=changed)
    assert saved.status_code == 200, saved.text
    no_interval = await admin.post("/api/followups/rules", json={**FollowupRuleIn(
        key="x_visit", title="T", statute="S", schedule="recurring", interval_months=1).model_dump(mode="json"),
        "interval_months": 0})
    assert no_interval.status_code == 422
    home = await make_home(client)
    child = await make_child(client)
    placement = (await client.post("/api/placements", json=booking([child["id"]], home["id"]))).json()[0]
    assert (await items_of(client, placement["id"]))["visit_family_home"]["due_on"] == "2026-12-15"


async def test_school_absence_is_flagged(client, placed):
    clock.set_today(dt.date(2027, 6, 16))
    term = placed["items"]["school_term"]
    assert term["due_on"] == "2027-06-15"  # the first term end at least a month after the start
    done = await client.post(f"/api/followups/{term['id']}/complete",
                             json={"completed_on": "2027-06-16", "absence_percent": "17.5", "version": term["version"]})
    assert done.status_code == 200, done.text
    assert done.json()["flag"].startswith("Hög skolfrånvaro: 17,5 %")
    assert (await items_of(client, placed["placement"]["id"]))["school_term"]["due_on"] == "2027-12-20"


def test_due_dates_follow_the_calendar():
    assert followup_rules.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    review = next(rule for rule in followup_rules.DEFAULT_RULES if rule.key == "review_sol")
    rule = type("Rule", (), {**review.model_dump(), "active": True})
    start = dt.date(2026, 8, 31)
    assert followup_rules.first_due(rule, start) == dt.date(2027, 2, 28)
    assert followup_rules.next_due(rule, start, 1, dt.date(2027, 2, 28), dt.date(2027, 3, 20)) == dt.date(2027, 8, 31)
    custody = next(r for r in followup_rules.DEFAULT_RULES if r.key == "custody_transfer")
    assert followup_rules.first_due(custody, dt.date(2024, 1, 10)) == dt.date(2027, 1, 10)
    facts = followup_rules.PlacementFacts("institution", "long_term", "lvu_3", start)
    assert not followup_rules.applies(type("Rule", (), {**custody.model_dump(), "active": True}), facts)


async def test_the_homes_support_talks_are_in_the_family_care_secretarys_list_and_the_homes_log(client):
    """The staff assigned to the home are its family-care secretaries: the booking gives them its follow-ups."""
    home = await make_home(client)
    assigned = await client.post(f"/api/foster-homes/{home['id']}/assignments", json={"user_id": str(client.user.id)})
    assert assigned.status_code == 200, assigned.text
    child = await make_child(client)
    placement = (await client.post("/api/placements", json=booking([child["id"]], home["id"]))).json()[0]
    assert placement["family_care_secretary"] == client.user.name
    listed = (await client.get("/api/followups", params={"due_before": "2026-12-31"})).json()["items"]
    support = next(item for item in listed if item["rule_key"] == "home_support")
    assert support["home_name"] == "Familjen Lindqvist" and support["child_name"] is None
    assert support["due_on"] == "2026-12-15"
    done = await client.post(f"/api/followups/{support['id']}/complete",
                             json={"completed_on": "2026-11-23", "note": "Pratade om skolstarten.", "version": 1})
    assert done.status_code == 200, done.text
    log = (await client.get(f"/api/foster-homes/{home['id']}/support-contacts")).json()
    assert [(c["contact_date"], c["note"]) for c in log] == [("2026-11-23", "Pratade om skolstarten.")]
    again = (await client.get("/api/followups", params={"due_before": "2027-01-31"})).json()["items"]
    assert next(item for item in again if item["rule_key"] == "home_support")["due_on"] == "2026-12-23"
    # Home training is not due: the example home has had its training.
    assert "home_training" not in {item["rule_key"] for item in again}


async def test_a_talk_logged_on_the_homes_page_completes_its_due_support_talk(client):
    """The reverse of completing the follow-up: a call or a visit logged in the home's support log is the talk."""
    home = await make_home(client)
    await client.post(f"/api/foster-homes/{home['id']}/assignments", json={"user_id": str(client.user.id)})
    await client.post("/api/placements", json=booking([(await make_child(client))["id"]], home["id"]))
    url = f"/api/foster-homes/{home['id']}/support-contacts"

    training = await client.post(url, json={"contact_date": "2026-11-20", "kind": "training", "staff_name": "Fia",
                                            "note": "Kurs i traumamedvetet omhändertagande."})
    after_training = (await client.get("/api/followups", params={"due_before": "2027-01-31"})).json()["items"]
    call = await client.post(url, json={"contact_date": "2026-11-22", "kind": "phone", "staff_name": "Fia",
                                        "note": "Stödsamtal om sömnen."})

    assert (training.status_code, call.status_code) == (201, 201), call.text
    assert next(i for i in after_training if i["rule_key"] == "home_support")["status"] == "open"  # not a talk
    items = (await client.get("/api/followups", params={"due_before": "2027-01-31", "status": ["open", "done"]}
                              )).json()["items"]
    talks = sorted((i["status"], i["due_on"], i["completed_on"]) for i in items if i["rule_key"] == "home_support")
    assert talks == [("done", "2026-12-15", "2026-11-22"), ("open", "2026-12-22", None)]
    log = (await client.get(url)).json()
    assert sorted(c["kind"] for c in log) == ["phone", "training"]  # the talk is logged once


async def test_a_rule_missing_its_schedule_is_refused_and_nothing_is_written(client_as):
    admin = await client_as("admin")
    before = len((await admin.get("/api/followups/rules")).json())
    no_terms = await admin.post("/api/followups/rules", json={
        "key": "term_report", "title": "Terminsrapport", "statute": "Lokal riktlinje", "schedule": "each_term"})
    assert no_terms.status_code == 422 and no_terms.json()["errors"][0]["field"] == "term_ends"
    no_interval = await admin.post("/api/followups/rules", json={
        "key": "monthly_call", "title": "Samtal", "statute": "Lokal riktlinje", "schedule": "recurring"})
    assert no_interval.status_code == 422 and no_interval.json()["errors"][0]["field"] == "interval_days"
    assert len((await admin.get("/api/followups/rules")).json()) == before


async def test_a_homes_rule_counted_from_the_start_keeps_its_schedule(client, client_as):
    """A home's follow-up every six months from the start falls due 6, 12, 18 months after the first child
    came, not an offset more each time; when the last child leaves and another comes, it starts again."""
    admin = await client_as("admin")
    rule = FollowupRuleIn(key="home_review", title="Uppföljning av familjehemmet", statute="6 kap. 6 a § SoL",
                          schedule="recurring", subject="home", settings=["family_home"], offset_months=6,
                          interval_months=6, anchor="start", responsible="family_care")
    created = await admin.post("/api/followups/rules", json=rule.model_dump(mode="json"))
    assert created.status_code == 201, created.text
    home = await make_home(client)

    async def open_home_review() -> dict:
        listed = await client.get("/api/followups", params={"scope": "all", "due_before": "2031-01-01", "page_size": 500})
        return next(item for item in listed.json()["items"] if item["rule_key"] == "home_review")

    async def complete_on(day: str) -> dict:
        clock.set_today(dt.date.fromisoformat(day))
        item = await open_home_review()
        done = await client.post(f"/api/followups/{item['id']}/complete", json={"completed_on": day, "version": item["version"]})
        assert done.status_code == 200, done.text
        return await open_home_review()

    first_child = await make_child(client)
    placement = (await client.post("/api/placements", json=booking([first_child["id"]], home["id"]))).json()[0]
    assert (await open_home_review())["due_on"] == "2027-06-01"  # placed 1 Dec 2026
    assert (await complete_on("2027-06-20"))["due_on"] == "2027-12-01"
    second = await complete_on("2027-11-25")
    assert (second["sequence"], second["due_on"]) == (3, "2028-06-01")

    # The child leaves: the home's follow-up is cancelled. The next child placed there starts a new run.
    ended = await client.post(f"/api/placements/{placement['id']}/end",
                              json={"ended_on": "2027-12-15", "reason": "planned_return_home", "version": placement["version"]})
    assert ended.status_code == 200, ended.text
    clock.set_today(dt.date(2028, 1, 10))
    next_child = await make_child(client, 1, first_name="Oskar")
    booked = await client.post("/api/placements", json=booking([next_child["id"]], home["id"], starts_on="2028-01-15"))
    assert booked.status_code == 201, booked.text
    restarted = await open_home_review()
    assert (restarted["sequence"], restarted["due_on"]) == (4, "2028-07-15")
    assert (await complete_on("2028-07-15"))["due_on"] == "2029-01-15"
    assert (await complete_on("2029-01-30"))["due_on"] == "2029-07-15"


async def test_an_end_set_ahead_leaves_the_homes_follow_ups_until_then(client):
    home = await make_home(client)
    await client.post(f"/api/foster-homes/{home['id']}/assignments", json={"user_id": str(client.user.id)})
    child = await make_child(client)
    placement = (await client.post("/api/placements", json=booking([child["id"]], home["id"]))).json()[0]
    ended = await client.post(f"/api/placements/{placement['id']}/end",
                              json={"ended_on": "2027-03-01", "reason": "planned_return_home", "version": placement["version"]})
    assert ended.status_code == 200, ended.text
    listed = (await client.get("/api/followups", params={"due_before": "2026-12-31"})).json()["items"]
    support = next(item for item in listed if item["rule_key"] == "home_support")
    assert support["status"] == "open" and support["due_on"] == "2026-12-15"  # the child lives there until March


async def test_the_law_the_references_follow_is_data_an_administrator_changes(client, client_as, placed):
    assert (await client.get("/api/followups/settings")).json()["statute_law"] == "socialtjänstlagen (2001:453)"
    page = await client.get(f"/placeringar/{placed['placement']['id']}", headers={"Accept": "text/html"})
    assert "Lagrummen hänvisar till socialtjänstlagen (2001:453) (SoL)" in page.text
    settings = (await client.get("/api/followups/settings")).json()
    new_law = {**settings, "statute_law": "socialtjänstlagen (2025:400)"}
    assert (await client.put("/api/followups/settings", json=new_law)).status_code == 403  # not an administrator
    admin = await client_as("admin")
    assert (await admin.put("/api/followups/settings", json=new_law)).status_code == 200
    assert (await admin.put("/api/followups/settings", json={**new_law, "statute_law": ""})).status_code == 422
    listed = await client.get("/uppfoljning?horisont=90", headers={"Accept": "text/html"})
    assert "Lagrummen hänvisar till socialtjänstlagen (2025:400) (SoL)" in listed.text
