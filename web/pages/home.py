"""The start page (Att göra): each role starts on what needs doing today, each line a link to where it is done.

A user may hold several roles; the page has a section per role. The budget group and the administrative
assistant have one place of work each, so they land there (Ekonomi, Fakturakontroll)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from accounts import service as accounts
from core import clock
from core.permissions import Action, Role
from foster_homes import service as foster_homes
from foster_homes.schemas import FosterHomeFilter, HomeSort, HomeStatus
from placements import followups, requests as placement_requests
from placements import service as placements
from placements.schemas import FollowupFilter, FollowupScope, FollowupSubject, PlacementFilter, RequestFilter, RequestStatus
from web.auth import CurrentActor
from web.deps import Session
from web.pages.templating import render

router = APIRouter(include_in_schema=False)

SHOWN = 8
"""Lines per list: the start page points to the work, the page behind the link has all of it."""
COMING_DAYS = 30
STARTING_DAYS = 14
NEWLY_PLACED_DAYS = 30


@dataclass
class Section:
    key: str
    title: str
    lines: list = field(default_factory=list)
    total: int = 0
    more: str | None = None
    """The page with all of them."""
    empty: str = ""
    since: dict = field(default_factory=dict)
    """Homes: since when they have had their status (how long an assessment has gone on)."""


async def _followup_sections(session, actor, subject: FollowupSubject, today: dt.date, overdue_title: str,
                             coming_title: str, key: str) -> list[Section]:
    overdue = await followups.list_followups(session, actor, FollowupFilter(
        scope=FollowupScope.MINE, subject=subject, overdue=True, page_size=SHOWN))
    coming = await followups.list_followups(session, actor, FollowupFilter(
        scope=FollowupScope.MINE, subject=subject, due_from=today,
        due_before=today + dt.timedelta(days=COMING_DAYS), page_size=SHOWN))
    # "Visa alla" opens Uppföljning filtered the same way.
    return [
        Section(f"{key}-forsenade", overdue_title, overdue.items, overdue.total,
                f"/uppfoljning?overdue=true&subject={subject.value}", "Inget är försenat."),
        Section(f"{key}-kommande", coming_title, coming.items, coming.total,
                f"/uppfoljning?horisont={COMING_DAYS}&subject={subject.value}",
                f"Inget faller ut de närmaste {COMING_DAYS} dagarna."),
    ]


async def _requests(session, actor, status: RequestStatus) -> tuple[list, int]:
    page = await placement_requests.list_requests(session, actor, RequestFilter(status=[status], page_size=SHOWN))
    return page.items, page.total


async def _social_worker(session, actor, today: dt.date) -> list[Section]:
    sections = await _followup_sections(session, actor, FollowupSubject.PLACEMENT, today,
                                        "Mina försenade uppföljningar", "Mina kommande uppföljningar", "barn")
    mine = await placement_requests.list_requests(session, actor, RequestFilter(
        status=[RequestStatus.OPEN, RequestStatus.MATCHED], created_by_id=actor.user_id, page_size=SHOWN))
    sections.append(Section("mina-forfragningar", "Förfrågningar jag gjort", mine.items, mine.total, "/matchning",
                            "Du har inga öppna eller matchade förfrågningar."))
    return sections


async def _placement_secretary(session, actor, today: dt.date) -> list[Section]:
    open_items, open_total = await _requests(session, actor, RequestStatus.OPEN)
    matched, matched_total = await _requests(session, actor, RequestStatus.MATCHED)
    starting = await placements.list_placements(session, actor, PlacementFilter(
        starts_from=today, starts_until=today + dt.timedelta(days=STARTING_DAYS), page_size=SHOWN))
    free = await foster_homes.list_homes(session, actor, FosterHomeFilter(
        status=[HomeStatus.APPROVED], min_free=1, free_at=today, sort=HomeSort.NAME, page_size=SHOWN))
    return [
        Section("oppna", "Öppna förfrågningar", open_items, open_total, "/matchning",
                "Inga öppna förfrågningar."),
        Section("matchade", "Matchade, inte bokade", matched, matched_total, "/matchning#matchade",
                "Alla matchade förfrågningar är bokade."),
        Section("borjar", f"Placeringar som börjar inom {STARTING_DAYS} dagar", list(reversed(starting.items)),
                starting.total, "/placeringar", "Inga placeringar börjar de närmaste två veckorna."),
        Section("lediga", "Hem med ledig plats i dag", free.items, free.total,
                f"/familjehem?status=approved&min_free=1&free_at={today.isoformat()}", "Inget godkänt hem har en ledig plats i dag."),
    ]


async def _family_care(session, actor, today: dt.date) -> list[Section]:
    sections = await _followup_sections(session, actor, FollowupSubject.HOME, today,
                                        "Försenade stödsamtal och uppföljningar av hem",
                                        "Kommande stödsamtal och uppföljningar av hem", "hem")
    assessed = await foster_homes.list_homes(session, actor, FosterHomeFilter(
        status=[HomeStatus.UNDER_ASSESSMENT], sort=HomeSort.NAME, page_size=SHOWN))
    unassigned = await foster_homes.list_homes(session, actor, FosterHomeFilter(
        unassigned=True, status=[HomeStatus.APPROVED, HomeStatus.UNDER_ASSESSMENT], sort=HomeSort.NAME,
        page_size=SHOWN))
    newly = await placements.list_placements(session, actor, PlacementFilter(
        home_staff_id=actor.user_id, starts_from=today - dt.timedelta(days=NEWLY_PLACED_DAYS), starts_until=today,
        page_size=SHOWN))
    return sections + [
        Section("utredning", "Hem under utredning", assessed.items, assessed.total,
                "/familjehem?status=under_assessment", "Inga hem är under utredning.",
                await foster_homes.status_since(session, [home.id for home in assessed.items])),
        Section("utan-handlaggare", "Hem utan tilldelad handläggare", unassigned.items, unassigned.total,
                "/familjehem?status=approved&status=under_assessment&unassigned=true",
                "Alla godkända hem och hem under utredning har en handläggare."),
        Section("nyplacerade", f"Nyplacerade barn i mina hem (senaste {NEWLY_PLACED_DAYS} dagarna)", newly.items,
                newly.total, None, "Inga barn har placerats i dina hem den senaste månaden."),
    ]


async def _admin(session, actor, today: dt.date) -> list[Section]:
    users = await accounts.list_users(session, actor)
    now = clock.now()
    locked = [user for user in users if user.locked_until is not None and user.locked_until > now]
    inactive = [user for user in users if not user.active]
    return [Section("konton", "Konton", [
        ("Aktiva konton", sum(user.active for user in users), "/admin/anvandare"),
        ("Låsta efter för många felaktiga inloggningar", len(locked), "/admin/anvandare"),
        ("Inaktiverade konton", len(inactive), "/admin/anvandare"),
        ("Granska loggen", None, "/admin/logg"),
    ], len(users), None, "")]


ROLE_SECTIONS = (
    (Role.PLACEMENT_SECRETARY, "Placeringssekreterare", _placement_secretary),
    (Role.SOCIAL_WORKER, "Barnets socialsekreterare", _social_worker),
    (Role.FAMILY_CARE, "Familjehemssekreterare", _family_care),
    (Role.ADMIN, "Administratör", _admin),
)


@router.get("/")
async def start(request: Request, session: Session, actor: CurrentActor) -> Response:
    roles = [(role, title, build) for role, title, build in ROLE_SECTIONS if role in actor.roles]
    if not roles:  # one place of work: go there
        if Role.ADMIN_ASSISTANT in actor.roles:
            target = "invoice_check_page"
        elif actor.can(Action.COSTS_READ):
            target = "economy_page"
        else:
            target = "admin_start"
        return RedirectResponse(request.app.url_path_for(target), status_code=303)
    today = clock.today()
    groups = [(title, await build(session, actor, today)) for _, title, build in roles]
    return render(request, "start.html", {
        "groups": groups, "today": today, "several": len(groups) > 1,
        "sees_costs": actor.can(Action.COSTS_READ),
    })
