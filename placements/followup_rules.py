"""The follow-up rules: the defaults a municipality starts from, and when each rule falls due. Pure Python.

A rule is data (table ``followup_rules``, editable by an administrator). This module answers, for one rule
and one placement, whether it applies and when the first and each following item is due. Statutes cite the
Social Services Act as numbered before 1 July 2025 (SoL 2001:453), which is how guidelines and the seeds
name them; the new act (SoL 2025:400) keeps the same duties.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from placements.schemas import (
    FollowupAnchor,
    FollowupOutcome,
    FollowupResponsible,
    FollowupRuleIn,
    FollowupSchedule,
    FollowupSubject,
    LegalBasis,
    PlacementSetting,
    RequestKind,
)

FAMILY, EMERGENCY, INSTITUTION = PlacementSetting.FAMILY_HOME, PlacementSetting.EMERGENCY_HOME, PlacementSetting.INSTITUTION
VISIT_RULES = ("visit_family_home", "visit_emergency_home", "visit_institution")
REVIEW_RULES = ("review_sol", "review_lvu_2", "review_lvu_3")


def _rule(key: str, title: str, statute: str, schedule: FollowupSchedule, **fields) -> FollowupRuleIn:
    return FollowupRuleIn(key=key, title=title, statute=statute, schedule=schedule, **fields)


ONCE, RECURRING, EACH_TERM = FollowupSchedule.ONCE, FollowupSchedule.RECURRING, FollowupSchedule.EACH_TERM

DEFAULT_RULES: tuple[FollowupRuleIn, ...] = (
    # Visits: the child is met, alone too. Anchored on the last visit: "at least four a year" never drifts.
    _rule("visit_family_home", "Besök hos barnet i familjehemmet", "6 kap. 7 b § SoL; Socialstyrelsen: minst 4 besök per år",
          RECURRING, settings=[FAMILY], offset_months=1, interval_months=3, anchor=FollowupAnchor.COMPLETION,
          outcomes=[FollowupOutcome.CHILD_MET_ALONE],
          description="Barnets socialsekreterare besöker barnet och samtalar enskilt med barnet."),
    _rule("visit_emergency_home", "Besök hos barnet i jourhemmet", "6 kap. 7 b § SoL; riktlinje: jourhem var tredje månad",
          RECURRING, settings=[EMERGENCY], offset_months=1, interval_months=3, anchor=FollowupAnchor.COMPLETION,
          outcomes=[FollowupOutcome.CHILD_MET_ALONE]),
    _rule("check_emergency_home", "Avstämning med föräldrar, skola och barnet", "Riktlinje för jourhemsplaceringar: var tredje vecka",
          RECURRING, settings=[EMERGENCY], offset_days=21, interval_days=21, anchor=FollowupAnchor.COMPLETION),
    _rule("visit_institution", "Besök hos den unge på institutionen", "6 kap. 7 b § SoL",
          RECURRING, settings=[INSTITUTION], offset_months=1, interval_months=3, anchor=FollowupAnchor.COMPLETION,
          outcomes=[FollowupOutcome.CHILD_MET_ALONE]),
    # Reviews: every six months from the start, by legal basis.
    _rule("review_sol", "Övervägande av vården", "6 kap. 8 § SoL: var sjätte månad", RECURRING,
          legal_bases=[LegalBasis.SOL], offset_months=6, interval_months=6),
    _rule("review_lvu_2", "Övervägande av vården enligt LVU", "13 § första stycket LVU: var sjätte månad", RECURRING,
          legal_bases=[LegalBasis.LVU_2], offset_months=6, interval_months=6),
    _rule("review_lvu_3", "Omprövning av vården enligt LVU", "13 § andra stycket LVU: var sjätte månad", RECURRING,
          legal_bases=[LegalBasis.LVU_3], offset_months=6, interval_months=6),
    _rule("lvu_6_application", "Ansökan om vård efter omedelbart omhändertagande", "8 § LVU: inom fyra veckor",
          ONCE, legal_bases=[LegalBasis.LVU_6], offset_days=28),
    _rule("custody_transfer", "Överväga vårdnadsöverflyttning", "6 kap. 8 § SoL, 13 § LVU: efter tre år i samma familjehem",
          RECURRING, settings=[FAMILY], placement_kinds=[RequestKind.LONG_TERM], offset_months=36, interval_months=6),
    # Health.
    _rule("health_referral", "Underrättelse till regionen om hälsoundersökning", "11 kap. 3 a § SoL",
          ONCE, offset_days=14, description="Remiss/underrättelse skickad så att regionen kan erbjuda hälsoundersökning."),
    _rule("health_examination", "Hälsoundersökning genomförd", "11 kap. 3 a § SoL", ONCE, offset_days=60),
    _rule("dental_check", "Tandvårdsundersökning", "11 kap. 3 a § SoL", ONCE, offset_days=90),
    # School.
    _rule("school_plan", "Skolplan vid placeringens start (SkolFam/SAMS-kartläggning)", "11 kap. 3 § SoL; SAMS",
          ONCE, offset_days=30, outcomes=[FollowupOutcome.SKOLFAM_OFFERED]),
    _rule("school_term", "Skolresultat och närvaro denna termin", "11 kap. 3 § SoL; SAMS: obruten skolgång",
          EACH_TERM, term_ends=["06-15", "12-20"], offset_days=30, outcomes=[FollowupOutcome.ABSENCE_PERCENT],
          description="Resultat i kärnämnena och frånvaro de senaste tre månaderna."),
    # Plans and the agreement.
    _rule("care_plan", "Vårdplan", "11 kap. 3 § SoL: innan placeringen", ONCE),
    _rule("implementation_plan", "Genomförandeplan (aktuell)", "11 kap. 3 § SoL; SOSFS 2014:5",
          RECURRING, offset_days=30, interval_months=6, anchor=FollowupAnchor.COMPLETION),
    _rule("agreement", "Avtal med familjehemmet undertecknat", "6 kap. 6 b § SoL", ONCE,
          settings=[FAMILY, EMERGENCY]),
    # The family-care team's follow-ups of the home.
    _rule("home_support", "Stödsamtal med familjehemmet", "6 kap. 6 a § SoL: stöd och hjälp till familjehemmet",
          RECURRING, subject=FollowupSubject.HOME, settings=[FAMILY, EMERGENCY], offset_days=14, interval_months=1,
          anchor=FollowupAnchor.COMPLETION, responsible=FollowupResponsible.FAMILY_CARE),
    _rule("home_training", "Grundutbildning för familjehemmet (Ett hem att växa i)", "6 kap. 6 c § SoL",
          ONCE, subject=FollowupSubject.HOME, settings=[FAMILY], offset_months=12,
          responsible=FollowupResponsible.FAMILY_CARE),
)


@dataclass(frozen=True)
class PlacementFacts:
    setting: str
    kind: str
    legal_basis: str
    starts_on: dt.date
    ended_on: dt.date | None = None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has no such day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def applies(rule, placement: PlacementFacts) -> bool:
    return (
        rule.active
        and (not rule.settings or placement.setting in rule.settings)
        and (not rule.placement_kinds or placement.kind in rule.placement_kinds)
        and (not rule.legal_bases or placement.legal_basis in rule.legal_bases)
    )


def _term_end_on_or_after(rule, day: dt.date) -> dt.date:
    for year in (day.year, day.year + 1):
        for month_day in sorted(rule.term_ends):
            month, day_of_month = (int(part) for part in month_day.split("-"))
            candidate = dt.date(year, month, min(day_of_month, calendar.monthrange(year, month)[1]))
            if candidate >= day:
                return candidate
    raise ValueError("a rule scheduled each term has no term ends")


def due_after(rule, anchor: dt.date, k: int, *, offset: bool = True) -> dt.date:
    """The ``k``-th due date of ``rule`` counted from ``anchor``: the offset (unless the anchor has it in it
    already, ``offset=False``) plus ``k`` intervals. The one definition of a due date; ``due_sql`` is the same
    formula in SQL.

    The months are added in one step from the anchor, then the days, so month ends do not creep
    (31 Aug + 6 + 6 months is 31 Aug again, not 28 Feb + 6 months)."""
    months = k * rule.interval_months + (rule.offset_months if offset else 0)
    days = k * rule.interval_days + (rule.offset_days if offset else 0)
    return add_months(anchor, months) + dt.timedelta(days=days)


def due_sql(start: str = "p.starts_on", rule: str = "r", k: str = "k", *, offset: bool = True) -> str:
    """``due_after`` as a SQL expression (a date): ``start`` a date expression, ``rule`` the alias of a row
    with the rule's columns, ``k`` an integer expression. PostgreSQL's date + months clamps to the month's
    last day like ``add_months``; tests/placements/test_due_dates.py holds the two to the same answers."""
    months = f"({k}) * {rule}.interval_months" + (f" + {rule}.offset_months" if offset else "")
    days = f"({k}) * {rule}.interval_days" + (f" + {rule}.offset_days" if offset else "")
    return f"(({start}) + make_interval(months => {months}))::date + ({days})"


def first_due(rule, start: dt.date) -> dt.date:
    """The first item's due date for a placement (or a home's first placement) starting on ``start``."""
    due = due_after(rule, start, 0)
    return _term_end_on_or_after(rule, due) if rule.schedule == FollowupSchedule.EACH_TERM else due


def next_due(rule, start: dt.date, sequence: int, previous_due: dt.date, completed_on: dt.date) -> dt.date | None:
    """When the item after number ``sequence`` falls due; None for a rule done once.

    From the start: the schedule's own dates (a late review does not move the next one). From completion:
    one interval after the item was done (a visit a month late moves the next visit with it)."""
    if rule.schedule == FollowupSchedule.ONCE:
        return None
    if rule.schedule == FollowupSchedule.EACH_TERM:
        return _term_end_on_or_after(rule, previous_due + dt.timedelta(days=1))
    if rule.anchor == FollowupAnchor.COMPLETION:
        return due_after(rule, completed_on, 1, offset=False)
    # Counted from the start each time, so month ends do not creep (31 Aug + 6 + 6 months is 31 Aug again).
    return due_after(rule, start, sequence)
