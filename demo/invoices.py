"""The demo's agency invoices: last month's consultant home placements invoiced by their agencies, one CSV file
per agency, with deliberate errors for Fakturakontroll to find (a wrong number of days, a wrong price, a duplicate
line, another agency's placement, a placement that has ended or not yet begun, and a placement left out).

The right lines are what Placera computes (costs/day_cost.py), so everything not made wrong on purpose checks
out as OK. The files are written to fakturor/ in the data directory (PLACERA_DATA_DIR), beside the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock, periods
from core.settings import get_settings
from costs import day_cost
from foster_homes import rate_cards
from foster_homes.schemas import HomeKind

AGENCIES = 3
"""The agencies with most placements last month each send an invoice."""


@dataclass
class _Line:
    reference: str
    days: int
    amount: Decimal


@dataclass
class _Agency:
    name: str
    organisation_number: str
    lines: list[_Line]
    ended: tuple[str, dt.date] | None
    """A placement of the agency's that ended before last month (its reference and end), if any."""
    latest_start: tuple[str, dt.date]


async def _agencies(session: AsyncSession, month: periods.Period) -> list[_Agency]:
    """Each agency's consultant home placements with care days last month, priced as Placera prices them."""
    await rate_cards.ensure_defaults(session)
    totals = await session.execute(text(day_cost.placement_totals_sql(f"AND pl.target_kind = '{HomeKind.CONSULTANT}'")),
                                   {"start": month.start, "stop": month.end + dt.timedelta(days=1)})
    priced = {row.id: row for row in totals if row.care_days > 0}
    facts = await session.execute(text(
        "SELECT pl.id, pl.reference, pl.starts_on, pl.ended_on, a.name, a.organisation_number "
        "FROM placements pl JOIN foster_homes h ON h.id = pl.foster_home_id JOIN agencies a ON a.id = h.agency_id "
        "WHERE pl.target_kind = :kind ORDER BY a.name, pl.starts_on, pl.reference"), {"kind": HomeKind.CONSULTANT.value})
    agencies: dict[str, _Agency] = {}
    for row in facts:
        agency = agencies.setdefault(row.name, _Agency(row.name, row.organisation_number, [], None,
                                                       (row.reference, row.starts_on)))
        if row.id in priced:
            agency.lines.append(_Line(row.reference, priced[row.id].care_days, priced[row.id].total))
        if row.ended_on is not None and row.ended_on <= month.start:
            agency.ended = (row.reference, row.ended_on)
        if row.starts_on >= agency.latest_start[1]:
            agency.latest_start = (row.reference, row.starts_on)
    return sorted((a for a in agencies.values() if len(a.lines) >= 2), key=lambda a: (-len(a.lines), a.name))


def _swedish(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def _file_name(name: str) -> str:
    """``Vårdkompaniet Familjevård AB`` → ``faktura-vardkompaniet-familjevard-ab.csv``"""
    plain = name.casefold().translate(str.maketrans("åäöé", "aaoe"))
    words = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in plain)
    return "faktura-" + "-".join(word for word in words.split("-") if word) + ".csv"


async def write_demo_invoices(session: AsyncSession, directory: Path | None = None) -> str:
    """Write last month's invoices of the agencies with most placements; a line for the summary."""
    directory = directory or get_settings().data_dir / "fakturor"
    month = periods.previous(periods.containing(clock.today(), periods.PeriodKind.MONTH))
    agencies = (await _agencies(session, month))[:AGENCIES]
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("faktura-*.csv"):
        old.unlink()
    for number, agency in enumerate(agencies):
        others = [line for other in agencies if other is not agency for line in other.lines]
        rows = _rows(agency, month, others[0] if others else None, every_error=number == 0)
        invoice_number = f"{month.start:%Y%m}-{number + 1:02d}"
        if number == 1:  # the same invoice as another agency writes it: commas, decimal points, dates
            body = ["Organisationsnummer,Fakturanummer,Placering,Från,Till,Vårddygn,Belopp (kr)"] + [
                f"{agency.organisation_number},{invoice_number},{ref},{start.isoformat()},{end.isoformat()},{days},{amount:.2f}"
                for ref, start, end, days, amount in rows]
        else:
            body = ["Leverantör;Fakturanummer;Placering;Period;Dagar;Belopp"] + [
                f"{agency.name};{invoice_number};{ref};{start:%Y-%m};{days};{_swedish(amount)}"
                for ref, start, end, days, amount in rows]
        (directory / _file_name(agency.name)).write_text("\ufeff" + "\r\n".join(body) + "\r\n", encoding="utf-8")
    if not agencies:
        return "Fakturor: inga konsulentstödda placeringar förra månaden, inga leverantörsfakturor."
    return (f"Fakturor: {len(agencies)} leverantörsfakturor för {month.name.lower()} med avsiktliga fel att hitta i "
            f"Fakturakontroll, i {directory}.")


def _rows(agency: _Agency, month: periods.Period, others_line: _Line | None, *, every_error: bool):
    """The invoice's lines (reference, first day, last day, days, amount): right, but for the errors made here.
    The first agency's invoice carries one of each; the others one wrong price each."""
    whole = (month.start, month.end)
    lines = list(agency.lines)
    rows = [(line.reference, *whole, line.days, line.amount) for line in lines]
    if not every_error:
        reference, start, end, days, amount = rows[-1]
        rows[-1] = (reference, start, end, days, amount + Decimal("450.00"))  # a price not in the contract
        return rows
    daily = (lines[0].amount / lines[0].days).quantize(Decimal("0.01")) if lines[0].days else Decimal(0)
    reference, start, end, days, amount = rows[0]
    rows[0] = (reference, start, end, days + 2, amount + 2 * daily)  # two days too many, at the right price
    if len(rows) > 1:
        reference, start, end, days, amount = rows[1]
        rows[1] = (reference, start, end, days, amount + Decimal("1250.00"))  # the right days at a higher price
    if len(rows) > 3:
        rows.pop()  # one placement left out: Fakturakontroll lists it as missing, to accrue
    if len(rows) > 2:
        rows.append(rows[2])  # the same line twice
    if others_line is not None:
        rows.append((others_line.reference, *whole, others_line.days, others_line.amount))  # another agency's
    if agency.ended is not None:
        days_in_month = (month.end - month.start).days + 1
        rows.append((agency.ended[0], *whole, days_in_month, daily * days_in_month))
    else:
        # No placement of the agency has ended: one invoiced for a month before it began is as wrong.
        reference, began = agency.latest_start
        before = periods.previous(periods.containing(began, periods.PeriodKind.MONTH))
        if before.start.year >= periods.FIRST_YEAR:
            days_before = (before.end - before.start).days + 1
            rows.append((reference, before.start, before.end, days_before, daily * days_before))
    return rows
