"""Fakturakontroll: an agency's invoice checked line by line against the placement sheet (placeringsark).

The file (CSV or XLSX with Swedish headings) is read, never stored. Each line is compared with what Placera
computes for that placement in that period (costs/day_cost.py, the same computation as every cost report):
the care days and the amount. A protected child's placement is neither confirmed nor priced to a reader who
may not see where the child lives (costs.service.withheld_placements). Every check is logged.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock, periods
from core.audit import AuditAction, authorize, record
from core.errors import FieldError, InvalidInputError
from core.permissions import Action, Actor
from core import spreadsheet
from core.spreadsheet import CellError, Sheet, csv_text, xlsx_bytes
from costs import day_cost
from costs.schemas import (
    INVOICE_MAX_AMOUNT,
    INVOICE_MAX_BYTES,
    INVOICE_MAX_DAYS,
    INVOICE_MAX_LINES,
    INVOICE_MAX_PERIODS,
    INVOICE_PRICE_TOLERANCE,
    InvoiceCheck,
    InvoiceLine,
    InvoiceLineCheck,
    InvoiceStatus,
    InvoiceStatusCount,
    MissingInvoiceLine,
)
from costs.service import RULE, WITHHELD_SQL, withheld_placements
from foster_homes import rate_cards
from foster_homes.models import Agency
from foster_homes.schemas import HomeKind

FIELD = "file"
"""The upload's field, in the API and on the page: every error about the file is reported on it."""

STATUS_LABELS = {
    InvoiceStatus.OK: "OK",
    InvoiceStatus.WRONG_DAYS: "fel antal dagar",
    InvoiceStatus.WRONG_PRICE: "fel pris",
    InvoiceStatus.DUPLICATE: "dubblett",
    InvoiceStatus.NOT_OURS: "inte vår placering",
    InvoiceStatus.ENDED: "avslutad",
    InvoiceStatus.WITHHELD: "kan inte visas – kontakta barnets handläggare",
}
MISSING_LABEL = "saknar faktura – periodisera"
STATUS_ORDER = list(InvoiceStatus)
WRONG = {InvoiceStatus.NOT_OURS, InvoiceStatus.DUPLICATE, InvoiceStatus.ENDED, InvoiceStatus.WRONG_DAYS,
         InvoiceStatus.WRONG_PRICE}

INVOICE_RULE = (
    "Förväntat är vad Placera räknar fram för placeringen under radens period, med samma beräkning som "
    f"kostnaderna: {RULE} Ett belopp inom {INVOICE_PRICE_TOLERANCE:.0f} kr från det förväntade räknas som rätt. "
    "En dubblett förväntas bara för de dagar som inga tidigare rader i filen redan har fakturerat; en annan "
    "leverantörs placering, en placering som inte är i ett konsulentstött familjehem och en avslutad period "
    "förväntas inte kosta något. Leverantörens placeringar med vårddygn under fakturans månad (den eller de "
    "månader minst hälften av dess rader avser) men utan rad den månaden saknar faktura och bör periodiseras.")

# Headings the agencies use, compared without case, spaces, punctuation or a unit in brackets ("Belopp (kr)").
HEADINGS: dict[str, tuple[str, ...]] = {
    "agency": ("leverantör", "leverantor", "leverantörsnamn", "bemanningsföretag", "konsulentföretag",
               "konsulentverksamhet", "företag", "bolag", "utförare"),
    "organisation_number": ("organisationsnummer", "orgnr", "organisationsnr", "orgnummer"),
    "reference": ("placering", "placeringsreferens", "placeringsnummer", "placeringsnr", "placeringsid",
                  "referens"),
    "period": ("period", "månad", "fakturaperiod", "avser", "avserperiod", "avsermånad"),
    "starts_on": ("från", "fråndatum", "frånochmed", "from", "fom", "periodfrån", "startdatum"),
    "ends_on": ("till", "tilldatum", "tillochmed", "tom", "periodtill", "slutdatum"),
    "days": ("dagar", "antaldagar", "vårddygn", "antalvårddygn", "dygn", "antaldygn"),
    "amount": ("belopp", "summa", "totalt", "totalbelopp", "attbetala", "kronor", "beloppkr", "beloppsek"),
    "invoice_number": ("fakturanummer", "fakturanr", "faktura", "fakturaid"),
}
NEEDED = ("leverantör (eller organisationsnummer), placering, period (eller från och till), dagar och belopp")


def _missing_columns(columns) -> list[str]:
    return [label for label, present in (
        ("leverantör", "agency" in columns or "organisation_number" in columns),
        ("period (eller från och till)", "period" in columns or {"starts_on", "ends_on"} <= columns.keys()),
        ("dagar", "days" in columns), ("belopp", "amount" in columns)) if not present]


LAYOUT = spreadsheet.Layout(
    headings=HEADINGS, key="reference", key_label="placering", needed=NEEDED, missing=_missing_columns,
    noun="fakturan", field=FIELD, detail="Fakturafilen kan inte kontrolleras.",
    rows_detail="Fakturafilen kan inte kontrolleras: rätta raderna och försök igen.", max_bytes=INVOICE_MAX_BYTES)
_ISO_DAY = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[ T]00:00(?::00)?)?$")
TOO_MANY_PERIODS = (f"Filen avser fler än {INVOICE_MAX_PERIODS} olika perioder (från och till). Dela upp fakturan "
                    "per månad.")


# ---------------------------------------------------------------- reading the file

def read_invoice(content: bytes, *, today: dt.date | None = None) -> list[InvoiceLine]:
    """The invoice's lines from a CSV (semicolons or commas, decimal comma or point, UTF-8 with or without BOM)
    or an XLSX file. Anything wrong is one InvalidInputError naming each bad line and column, so nothing is
    checked from a file half read."""
    table = spreadsheet.read_table(content, LAYOUT)
    today = clock.today() if today is None else today
    lines: list[InvoiceLine] = []
    errors: list[FieldError] = []
    for number, row in table:
        if table.value(row, "reference") is None and spreadsheet.is_sum_row(row):
            continue  # the invoice's own sum at the bottom
        if len(lines) == INVOICE_MAX_LINES:
            raise LAYOUT.invalid(f"Filen har fler än {INVOICE_MAX_LINES} fakturarader. Dela upp fakturan.")
        line = table.line(number, row)

        def optional(name: str, parse):
            return line.read(name, parse, required=False) if name in table.columns else None

        agency = optional("agency", spreadsheet.text)
        organisation_number = optional("organisation_number", spreadsheet.text)
        if agency is None and organisation_number is None and not line.problems:
            line.cell_problem("agency" if "agency" in table.columns else "organisation_number", "värde saknas.")
        reference = line.read("reference", _reference)
        period = optional("period", lambda v: _period(v, today))
        starts_on = optional("starts_on", lambda v: _day(v, today))
        ends_on = optional("ends_on", lambda v: _day(v, today))
        days = line.read("days", _days)
        amount = line.read("amount", lambda v: spreadsheet.amount(v, INVOICE_MAX_AMOUNT))
        invoice_number = optional("invoice_number", spreadsheet.text)
        if starts_on is None and ends_on is None and period is not None:
            starts_on, ends_on = period
        if not line.problems:
            if starts_on is None or ends_on is None:
                line.problem("ange perioden (2026-05) eller både från- och tilldatum.")
            elif ends_on < starts_on:
                line.problem(f"tilldatumet {ends_on.isoformat()} ligger före fråndatumet {starts_on.isoformat()}.")
            elif (ends_on - starts_on).days + 1 > INVOICE_MAX_DAYS:
                line.problem(f"en rad får avse högst {INVOICE_MAX_DAYS} dagar.")
        if line.problems:
            errors.extend(line.problems)
            if len(errors) >= spreadsheet.MAX_ERRORS:
                break
            continue
        lines.append(InvoiceLine(
            line=number, agency=organisation_number or agency, reference=reference, starts_on=starts_on,
            ends_on=ends_on, days=days, amount=amount, invoice_number=invoice_number))
    if errors:
        raise spreadsheet.rows_invalid(LAYOUT, errors)
    if not lines:
        raise LAYOUT.invalid("Filen har inga fakturarader under rubrikraden.")
    if len({(line.starts_on, line.ends_on) for line in lines}) > INVOICE_MAX_PERIODS:
        raise LAYOUT.invalid(TOO_MANY_PERIODS)
    return lines


def _reference(value: Any) -> str:
    return spreadsheet.text(value).upper().replace(" ", "")


def _day(value: Any, today: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        match = _ISO_DAY.match(value.strip())
        if not match:
            raise CellError(f"”{spreadsheet.shown(value)}” är inget datum; skriv datum som 2026-05-31.")
        try:
            day = dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise CellError(f"”{spreadsheet.shown(value)}” är inget datum som finns.") from None
    else:
        raise CellError(f"”{spreadsheet.shown(value)}” är inget datum; skriv datum som 2026-05-31.")
    if not periods.FIRST_YEAR <= day.year <= today.year + periods.PLANNING_YEARS:
        raise CellError(f"{day.isoformat()} ligger utanför det som finns i registret.")
    return day


def _period(value: Any, today: dt.date) -> tuple[dt.date, dt.date]:
    if isinstance(value, dt.date):  # Excel turns 2026-05 typed in a cell into the 1st of May
        value = value.strftime("%Y-%m")
    if not isinstance(value, str):
        raise CellError(f"”{spreadsheet.shown(value)}” är ingen månad. {periods.MONTH_HELP}")
    try:
        month = periods.parse_month(value, today=today)
    except InvalidInputError as error:
        raise CellError(f"”{spreadsheet.shown(value)}”: {error.errors[0].message}") from None
    return month.start, month.end


def _days(value: Any) -> int:
    number = spreadsheet.number(value)
    if number != number.to_integral_value():
        raise CellError(f"”{spreadsheet.shown(value)}”: dagar anges i hela dagar.")
    if number < 0:
        raise CellError(f"”{spreadsheet.shown(value)}”: antalet dagar kan inte vara negativt.")
    if number > INVOICE_MAX_DAYS:
        raise CellError(f"”{spreadsheet.shown(value)}”: en rad kan avse högst {INVOICE_MAX_DAYS} dagar.")
    return int(number)

# ---------------------------------------------------------------- checking it against the placement sheet

Range = tuple[dt.date, dt.date]
"""Half-open: the first day and the day after the last, as day_cost's statements take them."""


def _range(line: InvoiceLine) -> Range:
    return line.starts_on, line.ends_on + dt.timedelta(days=1)


def _overlaps(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _uncovered(wanted: Range, covered: Iterable[Range]) -> list[Range]:
    """The parts of ``wanted`` that none of ``covered`` holds."""
    parts = [wanted]
    for cut in covered:
        parts = [piece for part in parts for piece in (
            (part[0], min(part[1], cut[0])), (max(part[0], cut[1]), part[1])) if piece[0] < piece[1]]
    return parts


@dataclass
class _Known:
    id: uuid.UUID
    reference: str
    target_kind: str
    agency_id: uuid.UUID | None
    starts_on: dt.date
    ended_on: dt.date | None


def _normal_name(name: str) -> str:
    return spreadsheet.clean(name).casefold()


def _organisation_digits(value: str) -> str | None:
    """An organisation number's ten digits (a leading 16, the century of legal persons, dropped); None if the
    text is not one."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    return digits if len(digits) == 10 and not re.search(r"[^\d\s-]", value) else None


async def check_invoice(session: AsyncSession, actor: Actor, content: bytes, *,
                        export: str | None = None) -> InvoiceCheck:
    """Check an uploaded invoice against the placement sheet; the file is read here and kept nowhere.
    ``export`` names the format when the result is downloaded, which is logged as an export too."""
    await authorize(session, actor, Action.INVOICE_CHECK, "placement_cost")
    lines = read_invoice(content)
    await rate_cards.ensure_defaults(session)

    agencies = list(await session.execute(select(Agency.id, Agency.name, Agency.organisation_number)))
    by_number = {_organisation_digits(a.organisation_number): a for a in agencies}
    by_name = {_normal_name(a.name): a for a in agencies}

    def agency_of(written: str):
        digits = _organisation_digits(written)
        return by_number.get(digits) if digits else by_name.get(_normal_name(written))

    known = {row.reference: _Known(*row) for row in await session.execute(text(
        "SELECT pl.id, pl.reference, pl.target_kind, h.agency_id, pl.starts_on, pl.ended_on FROM placements pl "
        "LEFT JOIN foster_homes h ON h.id = pl.foster_home_id WHERE pl.reference = ANY(:references)"),
        {"references": sorted({line.reference for line in lines})})}
    withheld = await withheld_placements(session, actor)
    hidden = set(withheld)

    # Each line's verdict before the amounts: who it is for, whether earlier lines already invoiced its days.
    verdicts: list[tuple[InvoiceLine, Any, _Known | None, InvoiceStatus | None, str | None, list[Range]]] = []
    earlier: dict[str, list[tuple[int, Range]]] = {}
    for line in lines:
        agency, placement = agency_of(line.agency), known.get(line.reference)
        status, note, to_price = None, None, [_range(line)]
        if placement is not None and placement.id in hidden:
            status, to_price = InvoiceStatus.WITHHELD, []
        elif placement is None:
            status, note, to_price = InvoiceStatus.NOT_OURS, "Placeringen finns inte i registret.", []
        elif agency is None:
            status, note, to_price = InvoiceStatus.NOT_OURS, "Leverantören finns inte i registret.", []
        elif placement.target_kind != HomeKind.CONSULTANT:
            status, note, to_price = (InvoiceStatus.NOT_OURS, "Placeringen är inte i ett konsulentstött familjehem.",
                                      [])
        elif placement.agency_id != agency.id:
            status, note, to_price = InvoiceStatus.NOT_OURS, "Placeringen hör till en annan leverantör.", []
        else:
            before = earlier.setdefault(line.reference, [])
            overlapping = [number for number, covered in before if _overlaps(covered, _range(line))]
            if overlapping:
                to_price = _uncovered(_range(line), [covered for _, covered in before])
                status = InvoiceStatus.DUPLICATE
                note = (f"Samma placering och period som rad {', '.join(map(str, overlapping))}"
                        + (": bara dagarna utanför den förväntas." if to_price else "."))
            before.append((line.line, _range(line)))
        verdicts.append((line, agency, placement, status, note, to_price))

    # The amounts: one statement per distinct range, for the lines' placements and, for the missing ones,
    # every consultant home placement of each agency in the months its invoice is for.
    ids_by_range: dict[Range, set[uuid.UUID]] = {}
    for line, agency, placement, status, _, to_price in verdicts:
        if status in (None, InvoiceStatus.DUPLICATE):
            for part in to_price:
                ids_by_range.setdefault(part, set()).add(placement.id)
    agencies_by_range: dict[Range, set[uuid.UUID]] = {}
    for agency_id, months in _invoiced_months(verdicts).items():
        for month in months:
            agencies_by_range.setdefault(month, set()).add(agency_id)
    where = (f"AND (pl.id = ANY(:ids) OR (pl.target_kind = '{HomeKind.CONSULTANT}' AND h.agency_id = ANY(:agencies))) "
             f"{WITHHELD_SQL}")
    if len(ids_by_range.keys() | agencies_by_range.keys()) > INVOICE_MAX_PERIODS:
        raise LAYOUT.invalid(TOO_MANY_PERIODS)  # duplicates' remaining days cut into more pieces than the file has
    totals: dict[Range, dict[uuid.UUID, Any]] = {}
    for part in ids_by_range.keys() | agencies_by_range.keys():
        rows = await session.execute(text(day_cost.placement_totals_sql(where)), {
            "start": part[0], "stop": part[1], "ids": sorted(ids_by_range.get(part, ())),
            "agencies": sorted(agencies_by_range.get(part, ())), "withheld": withheld})
        totals[part] = {row.id: row for row in rows}

    checked: list[InvoiceLineCheck] = []
    for line, agency, placement, status, note, to_price in verdicts:
        expected_days: int | None = 0
        expected_amount: Decimal | None = Decimal("0.00")
        for part in to_price:
            row = totals[part].get(placement.id)
            if row is not None:
                expected_days += row.care_days
                expected_amount += row.total
        if status == InvoiceStatus.WITHHELD:
            expected_days = expected_amount = None
        elif status is None:
            status, note = _compare(line, placement, expected_days, expected_amount)
        checked.append(InvoiceLineCheck(
            line=line.line, invoice_number=line.invoice_number, agency=agency.name if agency else line.agency,
            reference=line.reference, starts_on=line.starts_on, ends_on=line.ends_on, status=status,
            status_label=STATUS_LABELS[status], note=note, invoiced_days=line.days, invoiced_amount=line.amount,
            expected_days=expected_days, expected_amount=expected_amount,
            days_difference=None if expected_days is None else line.days - expected_days,
            amount_difference=None if expected_amount is None else line.amount - expected_amount))
    checked.sort(key=lambda c: (STATUS_ORDER.index(c.status), c.line))

    # Missing: the agency's placements with care days in a month it invoiced, and no line of its in that month.
    invoiced = [(agency.id, line.reference, _range(line)) for line, agency, *_ in verdicts if agency is not None]
    names = {a.id: a.name for a in agencies}
    agency_of_placement = await _agencies_of(session, {pid for rows in totals.values() for pid in rows})
    missing: list[MissingInvoiceLine] = []
    compared = {placement.id for _, _, placement, _, _, _ in verdicts if placement is not None}
    for part, agency_ids in agencies_by_range.items():
        for pid, row in totals[part].items():
            agency_id = agency_of_placement.get(pid)
            if (row.care_days > 0 and agency_id in agency_ids
                    and not any(a == agency_id and ref == row.reference and _overlaps(r, part)
                                for a, ref, r in invoiced)):
                compared.add(pid)
                missing.append(MissingInvoiceLine(
                    agency=names[agency_id], reference=row.reference, starts_on=part[0],
                    ends_on=part[1] - dt.timedelta(days=1), expected_days=row.care_days, expected_amount=row.total))
    missing.sort(key=lambda m: (m.agency, m.starts_on, m.reference))

    named = sorted({c.agency for c in checked})
    record(session, actor, AuditAction.READ, "placement_cost", object_ids=sorted(compared, key=str),
           detail=f"fakturakontroll {', '.join(named)}"[:500])
    if export:
        record(session, actor, AuditAction.EXPORT, "placement_cost", object_ids=sorted(compared, key=str),
               detail=f"fakturakontroll {', '.join(named)}"[:490] + f" ({export})")
    shown = [c for c in checked if c.expected_amount is not None]
    return InvoiceCheck(
        agencies=named, lines=checked, missing=missing,
        summary=[InvoiceStatusCount(
            status=status, label=STATUS_LABELS[status], lines=sum(1 for c in checked if c.status == status),
            invoiced_amount=sum((c.invoiced_amount for c in checked if c.status == status), Decimal("0.00")),
            amount_difference=sum((c.amount_difference for c in shown if c.status == status), Decimal("0.00")))
            for status in STATUS_ORDER],
        invoiced_days=sum(c.invoiced_days for c in checked),
        invoiced_amount=sum((c.invoiced_amount for c in checked), Decimal("0.00")),
        expected_days=sum(c.expected_days for c in shown),
        expected_amount=sum((c.expected_amount for c in shown), Decimal("0.00")),
        amount_difference=sum((c.amount_difference for c in shown), Decimal("0.00")),
        missing_amount=sum((m.expected_amount for m in missing), Decimal("0.00")),
        rule=INVOICE_RULE,
    )


def _invoiced_months(verdicts) -> dict[uuid.UUID, list[Range]]:
    """The months each agency's invoice is for: those at least half of its lines fall in. A late line for an
    earlier month (efterfakturering) does not make every other placement of that month look unbilled."""
    lines_of: dict[uuid.UUID, int] = {}
    touched: dict[uuid.UUID, dict[Range, int]] = {}
    for line, agency, _, status, _, _ in verdicts:
        if agency is None or status == InvoiceStatus.WITHHELD:
            continue
        lines_of[agency.id] = lines_of.get(agency.id, 0) + 1
        month = periods.containing(line.starts_on, periods.PeriodKind.MONTH)
        while month.start <= line.ends_on:
            key = (month.start, month.end + dt.timedelta(days=1))
            touched.setdefault(agency.id, {})[key] = touched.get(agency.id, {}).get(key, 0) + 1
            month = periods.following(month)
    return {agency_id: sorted(month for month, count in months.items() if 2 * count >= lines_of[agency_id])
            for agency_id, months in touched.items()}


async def _agencies_of(session: AsyncSession, placement_ids: set[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """The agency of each consultant home placement among ``placement_ids``."""
    rows = await session.execute(text(
        "SELECT pl.id, h.agency_id FROM placements pl JOIN foster_homes h ON h.id = pl.foster_home_id "
        "WHERE pl.id = ANY(:ids) AND pl.target_kind = :kind AND h.agency_id IS NOT NULL"),
        {"ids": sorted(placement_ids), "kind": HomeKind.CONSULTANT.value})
    return {row.id: row.agency_id for row in rows}


def _compare(line: InvoiceLine, placement: _Known, days: int, amount: Decimal) -> tuple[InvoiceStatus, str | None]:
    """An agency's own placement's line: outside the placement, the wrong days, the wrong price, or right."""
    if placement.ended_on is not None and line.starts_on >= placement.ended_on:
        return InvoiceStatus.ENDED, f"Placeringen avslutades {placement.ended_on.isoformat()}."
    if line.ends_on < placement.starts_on:
        return InvoiceStatus.ENDED, f"Placeringen började {placement.starts_on.isoformat()}."
    if line.days != days:
        if placement.ended_on is not None and line.starts_on < placement.ended_on <= line.ends_on:
            return InvoiceStatus.WRONG_DAYS, f"Placeringen avslutades {placement.ended_on.isoformat()}."
        if line.starts_on < placement.starts_on <= line.ends_on:
            return InvoiceStatus.WRONG_DAYS, f"Placeringen började {placement.starts_on.isoformat()}."
        return InvoiceStatus.WRONG_DAYS, None
    if abs(line.amount - amount) > INVOICE_PRICE_TOLERANCE:
        return InvoiceStatus.WRONG_PRICE, None
    return InvoiceStatus.OK, None


# ---------------------------------------------------------------- the result as a spreadsheet

LINE_COLUMNS = ["rad", "fakturanummer", "leverantör", "placering", "från", "till", "status", "kommentar",
                "fakturerade dagar", "förväntade dagar", "skillnad dagar", "fakturerat belopp", "förväntat belopp",
                "skillnad belopp"]
MISSING_COLUMNS = ["leverantör", "placering", "från", "till", "status", "förväntade dagar", "förväntat belopp"]


def result_sheets(check: InvoiceCheck) -> list[Sheet]:
    """The check as tables: the lines (wrong first) with their sum, and the placements that lack a line."""
    rows: list[list[Any]] = [
        [c.line, c.invoice_number, c.agency, c.reference, c.starts_on, c.ends_on, c.status_label, c.note,
         c.invoiced_days, c.expected_days, c.days_difference, c.invoiced_amount, c.expected_amount,
         c.amount_difference] for c in check.lines]
    rows.append(["Summa", None, None, None, None, None, None, None, check.invoiced_days, check.expected_days, None,
                 check.invoiced_amount, check.expected_amount, check.amount_difference])
    missing: list[list[Any]] = [[m.agency, m.reference, m.starts_on, m.ends_on, MISSING_LABEL, m.expected_days,
                                 m.expected_amount] for m in check.missing]
    missing.append(["Summa", None, None, None, None, sum(m.expected_days for m in check.missing), check.missing_amount])
    return [Sheet("Fakturakontroll", LINE_COLUMNS, rows), Sheet("Saknar faktura", MISSING_COLUMNS, missing)]


def result_csv(check: InvoiceCheck) -> str:
    """Swedish CSV (semicolons, decimal commas): the lines, an empty line, then the placements lacking a line."""
    lines, missing = result_sheets(check)
    return csv_text(lines) + "\r\n" + csv_text(missing)


def result_xlsx(check: InvoiceCheck) -> bytes:
    return xlsx_bytes(result_sheets(check))
