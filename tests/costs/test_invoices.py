"""Fakturakontroll, worked out by hand: an agency's October 2026 invoice against the placement sheet.

Familjevård Norr AB's framework contract pays 1 500 kr a care day (level standard); Omsorg Syd AB's 2 000 kr.
October has 31 days; care days run from the start day up to the day before the end day. Today is 2026-11-23.

    placement  home of        care in October          expected          invoiced            status
    full       Norr           1-31 Oct (from 1 Sep)    31 d  46 500,00    31 d  46 500,00     OK
    late       Norr           11-31 Oct                21 d  31 500,00    31 d  46 500,00     fel antal dagar
    pricey     Norr           1-31 Oct                 31 d  46 500,00    31 d  48 000,00     fel pris
    full again Norr           (line 2 already did)      0 d       0,00    31 d  46 500,00     dubblett
    south      Syd            (not Norr's)              0 d       0,00    31 d  62 000,00     inte vår placering
    ended      Norr           ended 1 Oct: none         0 d       0,00    31 d  46 500,00     avslutad
    forgotten  Norr           1-31 Oct                 31 d  46 500,00    no line             saknar faktura
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from accounts import service as accounts
from core.audit import AuditAction, AuditEntry
from core.database import unit_of_work
from core.errors import InvalidInputError
from costs import invoices
from costs.schemas import InvoiceStatus
from tests.costs.test_month_costs import book, child_born
from tests.factories import child_payload, organisation_number, personal_number
from tests.placements.test_placements_api import make_home

NORR, SYD = "Familjevård Norr AB", "Omsorg Syd AB"
NORR_NUMBER, SYD_NUMBER = organisation_number("556677889"), organisation_number("559900112")
HEADING = "Leverantör;Fakturanummer;Placering;Period;Dagar;Belopp"


async def agency(client, name: str, number: str, price: str) -> dict:
    made = await client.post("/api/agencies", json={"name": name, "organisation_number": number})
    assert made.status_code == 201, made.text
    contract = await client.post(f"/api/agencies/{made.json()['id']}/contracts", json={
        "reference": f"RA-{name[:4]}", "valid_from": "2026-01-01", "prices": [{"level": "standard", "daily_price": price}]})
    assert contract.status_code == 201, contract.text
    return made.json()


async def consultant_home(client, agency_row: dict, name: str) -> dict:
    return await make_home(client, kind="consultant", agency_id=agency_row["id"], contract_level="standard",
                           name=name, places=6)


_serials = iter(range(100, 999))


async def placed(client, home: dict, starts_on: str, **child_fields) -> dict:
    serial = f"{next(_serials):03d}"
    if child_fields:
        response = await client.post("/api/children", json=child_payload(
            personal_number=personal_number("20150601", serial), allergies=[],
            responsible_worker_id=str(client.user.id), **child_fields))
        assert response.status_code == 201, response.text
        child = response.json()
    else:
        child = await child_born(client, "20150601", serial)
    return await book(client, child, home, starts_on)


@pytest.fixture
async def sheet(client):
    """The placement sheet of the table above (booked by the everyday placement secretary)."""
    norr, syd = await agency(client, NORR, NORR_NUMBER, "1500"), await agency(client, SYD, SYD_NUMBER, "2000")
    norr_home = await consultant_home(client, norr, "Familjen Norrgård")
    syd_home = await consultant_home(client, syd, "Familjen Södergård")
    full = await placed(client, norr_home, "2026-09-01")
    late = await placed(client, norr_home, "2026-10-11")
    pricey = await placed(client, norr_home, "2026-09-01")
    south = await placed(client, syd_home, "2026-09-01")
    ended = await placed(client, norr_home, "2026-08-01")
    finished = await client.post(f"/api/placements/{ended['id']}/end", json={
        "ended_on": "2026-10-01", "reason": "planned_return_home", "version": ended["version"]})
    assert finished.status_code == 200, finished.text
    forgotten = await placed(client, norr_home, "2026-09-01")
    own = await placed(client, await make_home(client, name="Familjen Egen"), "2026-09-01")
    return {"norr": norr, "syd": syd, "norr_home": norr_home, "full": full, "late": late, "pricey": pricey,
            "south": south, "ended": ended, "forgotten": forgotten, "own": own}


def invoice_csv(*rows: str, heading: str = HEADING, bom: bool = True) -> bytes:
    return (("\ufeff" if bom else "") + "\r\n".join([heading, *rows]) + "\r\n").encode()


def october(sheet) -> bytes:
    ref = {name: sheet[name]["reference"] for name in ("full", "late", "pricey", "south", "ended")}
    return invoice_csv(
        f"{NORR};F-1001;{ref['full']};2026-10;31;46 500,00",
        f"{NORR};F-1001;{ref['late']};2026-10;31;46 500,00",
        f"{NORR};F-1001;{ref['pricey']};2026-10;31;48 000,00",
        f"{NORR};F-1001;{ref['full']};2026-10;31;46500",
        f"{NORR};F-1001;{ref['south']};2026-10;31;62 000,00",
        f"{NORR};F-1001;{ref['ended']};2026-10;31;46 500,00",
    )


async def check(user, content: bytes):
    async with unit_of_work() as session:
        return await invoices.check_invoice(session, accounts.actor_for(user), content)


@pytest.fixture
async def assistant(make_user):
    return await make_user("administrative_assistant", name="Asta Assistent")


def by_line(result) -> dict[int, object]:
    return {line.line: line for line in result.lines}


async def test_each_line_beside_what_placera_computes(sheet, assistant):
    result = await check(assistant, october(sheet))

    lines = by_line(result)
    expected = {  # line: (status, expected days, expected amount, days difference, amount difference)
        2: (InvoiceStatus.OK, 31, "46500.00", 0, "0.00"),
        3: (InvoiceStatus.WRONG_DAYS, 21, "31500.00", 10, "15000.00"),  # 21 × 1 500
        4: (InvoiceStatus.WRONG_PRICE, 31, "46500.00", 0, "1500.00"),
        5: (InvoiceStatus.DUPLICATE, 0, "0.00", 31, "46500.00"),
        6: (InvoiceStatus.NOT_OURS, 0, "0.00", 31, "62000.00"),
        7: (InvoiceStatus.ENDED, 0, "0.00", 31, "46500.00"),
    }
    assert {n: (c.status, c.expected_days, str(c.expected_amount), c.days_difference, str(c.amount_difference))
            for n, c in lines.items()} == expected
    assert lines[5].note == "Samma placering och period som rad 2."
    assert lines[6].note == "Placeringen hör till en annan leverantör."
    assert lines[7].note == "Placeringen avslutades 2026-10-01."
    assert lines[3].status_label == "fel antal dagar" and lines[4].status_label == "fel pris"
    # Wrong lines first (in the order of the statuses), then the right ones.
    assert [c.line for c in result.lines] == [6, 5, 7, 3, 4, 2]
    assert [(m.reference, m.expected_days, m.expected_amount) for m in result.missing] == [
        (sheet["forgotten"]["reference"], 31, Decimal("46500.00"))]
    assert result.agencies == [NORR]


async def test_the_totals_add_up_to_the_lines(sheet, assistant):
    result = await check(assistant, october(sheet))

    assert result.invoiced_amount == Decimal("296000.00") == sum(c.invoiced_amount for c in result.lines)
    assert result.expected_amount == Decimal("124500.00")  # 46 500 + 31 500 + 46 500
    assert result.amount_difference == Decimal("171500.00") == result.invoiced_amount - result.expected_amount
    assert (result.invoiced_days, result.expected_days) == (186, 83)
    assert result.missing_amount == Decimal("46500.00")
    counts = {s.status: (s.lines, s.amount_difference) for s in result.summary}
    assert counts[InvoiceStatus.OK] == (1, Decimal("0.00"))
    assert counts[InvoiceStatus.DUPLICATE] == (1, Decimal("46500.00"))
    assert counts[InvoiceStatus.WITHHELD] == (0, Decimal("0.00"))
    assert sum(s.lines for s in result.summary) == len(result.lines)
    assert sum(s.amount_difference for s in result.summary) == result.amount_difference


async def test_an_amount_within_a_krona_is_right_and_more_is_not(sheet, assistant):
    full = sheet["full"]["reference"]
    result = await check(assistant, invoice_csv(f"{NORR};;{full};2026-10;31;46 500,99",
                                                f"{NORR};;{sheet['pricey']['reference']};2026-10;31;46 498,99"))
    assert [(c.line, c.status) for c in sorted(result.lines, key=lambda c: c.line)] == [
        (2, InvoiceStatus.OK), (3, InvoiceStatus.WRONG_PRICE)]


async def test_unknown_references_other_homes_and_unknown_agencies_are_not_ours(sheet, assistant):
    result = await check(assistant, invoice_csv(
        f"{NORR};;P-ZZZZZZ;2026-10;31;46 500,00",
        f"{NORR};;{sheet['own']['reference']};2026-10;31;46 500,00",
        f"Okänd Leverantör AB;;{sheet['full']['reference']};2026-10;31;46 500,00"))
    lines = by_line(result)
    assert {n: (c.status, c.note, c.expected_amount) for n, c in lines.items()} == {
        2: (InvoiceStatus.NOT_OURS, "Placeringen finns inte i registret.", Decimal("0.00")),
        3: (InvoiceStatus.NOT_OURS, "Placeringen är inte i ett konsulentstött familjehem.", Decimal("0.00")),
        4: (InvoiceStatus.NOT_OURS, "Leverantören finns inte i registret.", Decimal("0.00")),
    }
    # Norr invoiced October: its placements without a line of Norr's are missing (line 4 was not Norr's).
    assert {m.reference for m in result.missing} == {sheet[n]["reference"] for n in ("full", "late", "pricey", "forgotten")}


async def test_a_part_period_and_a_partly_overlapping_duplicate(sheet, assistant):
    full, late = sheet["full"]["reference"], sheet["late"]["reference"]
    heading = "Bemanningsföretag,Placering,Från,Till,Antal dagar,Belopp (kr)"
    result = await check(assistant, invoice_csv(
        f"{NORR_NUMBER},{full},2026-10-01,2026-10-15,15,22500.00",
        f"{NORR_NUMBER},{full},2026-10-11,2026-10-31,21,31500.00",  # 11-15 already invoiced: 16 days are new
        f"{NORR_NUMBER},{late},2026-10-01,2026-10-31,21,31500",  # began 11 October: 21 care days
        heading=heading, bom=False))
    lines = by_line(result)
    assert (lines[2].status, lines[2].expected_days, lines[2].expected_amount) == (InvoiceStatus.OK, 15, Decimal("22500.00"))
    assert (lines[3].status, lines[3].expected_days, lines[3].expected_amount) == (
        InvoiceStatus.DUPLICATE, 16, Decimal("24000.00"))
    assert lines[3].note == "Samma placering och period som rad 2: bara dagarna utanför den förväntas."
    assert lines[3].amount_difference == Decimal("7500.00")  # the five days 11-15 October, twice
    assert (lines[4].status, lines[4].expected_days) == (InvoiceStatus.OK, 21)
    assert result.agencies == [NORR]  # found by its organisation number


def workbook_bytes(rows: list[list], title_rows: int = 0) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for _ in range(title_rows):
        sheet.append(["Faktura 1001 från Familjevård Norr AB"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def test_an_xlsx_invoice_with_a_title_dates_and_numbers(sheet, assistant):
    import datetime as dt

    content = workbook_bytes([
        ["Organisationsnummer", "Placering", "Fr.o.m.", "T.o.m.", "Vårddygn", "Summa", "Fakturanr"],
        [NORR_NUMBER, sheet["full"]["reference"], dt.datetime(2026, 10, 1), dt.datetime(2026, 10, 31), 31, 46500.0, 1001],
        [NORR_NUMBER, sheet["late"]["reference"].lower(), dt.date(2026, 10, 1), dt.date(2026, 10, 31), 31, 46500, 1001],
    ], title_rows=2)
    result = await check(assistant, content)
    lines = by_line(result)
    assert (lines[4].status, lines[4].invoice_number) == (InvoiceStatus.OK, "1001")
    assert (lines[5].status, lines[5].expected_days, lines[5].reference) == (
        InvoiceStatus.WRONG_DAYS, 21, sheet["late"]["reference"])
    assert lines[5].note == "Placeringen började 2026-10-11."


async def test_a_protected_childs_placement_is_neither_confirmed_nor_priced(client, sheet, make_user):
    secret = await placed(client, sheet["norr_home"], "2026-09-01", protected_identity=True)
    stranger = await make_user("placement_secretary", name="Olle Otilldelad")
    content = invoice_csv(f"{NORR};;{secret['reference']};2026-10;31;46 500,00",
                          f"{SYD};;{secret['reference']};2026-10;31;46 500,00",  # probing: another agency
                          f"{NORR};;{sheet['full']['reference']};2026-10;31;46 500,00")

    result = await check(stranger, content)

    lines = by_line(result)
    for n in (2, 3):
        assert (lines[n].status, lines[n].status_label, lines[n].expected_days, lines[n].expected_amount,
                lines[n].amount_difference, lines[n].note) == (
            InvoiceStatus.WITHHELD, "kan inte visas – kontakta barnets handläggare", None, None, None, None)
    assert result.expected_amount == Decimal("46500.00")  # the visible line only
    assert secret["reference"] not in {m.reference for m in result.missing}
    # Left out of the invoice, it is not listed as missing either.
    left_out = await check(stranger, invoice_csv(f"{NORR};;{sheet['full']['reference']};2026-10;31;46 500,00"))
    assert secret["reference"] not in {m.reference for m in left_out.missing}
    assert {m.reference for m in left_out.missing} >= {sheet["forgotten"]["reference"]}

    # The child's own staff see it compared.
    own = await check(client.user, content)
    assert by_line(own)[2].status == InvoiceStatus.OK and by_line(own)[3].status == InvoiceStatus.NOT_OURS


async def test_every_check_is_logged_with_the_placements_compared(sheet, assistant):
    await check(assistant, october(sheet))
    async with unit_of_work() as session:
        [entry] = list(await session.scalars(select(AuditEntry).where(
            AuditEntry.user_id == assistant.id, AuditEntry.object_type == "placement_cost")))
    assert (entry.action, entry.detail) == (AuditAction.READ, f"fakturakontroll {NORR}")
    assert set(entry.object_ids) == {str(sheet[n]["id"]) for n in ("full", "late", "pricey", "south", "ended",
                                                                    "forgotten")}


# ---------------------------------------------------------------- files that cannot be checked


def message_of(content: bytes) -> str:
    with pytest.raises(InvalidInputError) as raised:
        invoices.read_invoice(content)
    assert {error.field for error in raised.value.errors} == {"file"}
    return " | ".join(error.message for error in raised.value.errors)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "Filen är tom."),
    (bytes(range(256)) * 10, "varken en CSV-fil i UTF-8 eller en XLSX-fil"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "gamla format (.xls)"),
    (b"PK\x03\x04 not really a zip", "går inte att läsa som XLSX"),
    (b"%PDF-1.7\n\x00\x01", "varken en CSV-fil eller en XLSX-fil"),
    ("Leverantör;Placering;Dagar;Belopp\nA;P-AAAAAA;3;4\n".encode(), "kolumnen period (eller från och till) saknas"),
    ("Namn;Adress\nA;B\n".encode(), "Hittar ingen rubrikrad med kolumnen placering"),
    ("Leverantör;Placering;Period\n".encode(), "kolumnen dagar och belopp saknas"),
    (invoice_csv(), "inga fakturarader"),
    (invoice_csv(f"{NORR};;P-AAAAAA;2026-13;31;1,00"), "Rad 2, kolumnen ”Period”"),
    (invoice_csv(f"{NORR};;P-AAAAAA;oktober;31;1,00"), "Rad 2, kolumnen ”Period”: ”oktober”"),
    (invoice_csv(f"{NORR};;P-AAAAAA;2026-10;-3;1,00"), "Rad 2, kolumnen ”Dagar”: ”-3”: antalet dagar kan inte vara negativt."),
    (invoice_csv(f"{NORR};;P-AAAAAA;2026-10;3,5;1,00"), "hela dagar"),
    (invoice_csv(f"{NORR};;P-AAAAAA;2026-10;31;tolv"), "Rad 2, kolumnen ”Belopp”: ”tolv” är inget tal."),
    (invoice_csv(f"{NORR};;P-AAAAAA;2026-10;31;1,005"), "högst två decimaler"),
    (invoice_csv(f"{NORR};;P-AAAAAA;2026-10;31;" + "9" * 400), "är större än 100 000 000 kr"),
    (invoice_csv(f"{NORR};;P-AAAAAA;2026-10;99999999999999999999;1"), "högst 366 dagar"),
    (invoice_csv(f"{NORR};;P-AAAAAA;2026-10;31;1e9"), "är inget tal"),
    (invoice_csv(f"{NORR};;;2026-10;31;1"), "Rad 2, kolumnen ”Placering”: värde saknas."),
    (invoice_csv(f";;P-AAAAAA;2026-10;31;1"), "Rad 2, kolumnen ”Leverantör”: värde saknas."),
    (invoice_csv(f"{NORR}\x07;;P-AAAAAA;2026-10;31;1"), "otillåtna tecken"),
    (invoice_csv("A;P-AAAAAA;2026-02-30;2026-03-01;1;1", heading="Leverantör;Placering;Från;Till;Dagar;Belopp"),
     "Rad 2, kolumnen ”Från”: ”2026-02-30” är inget datum som finns."),
    (invoice_csv("A;P-AAAAAA;2026-03-05;2026-03-01;1;1", heading="Leverantör;Placering;Från;Till;Dagar;Belopp"),
     "Rad 2: tilldatumet 2026-03-01 ligger före fråndatumet 2026-03-05."),
    (invoice_csv("A;P-AAAAAA;1850-01-01;1850-01-31;1;1", heading="Leverantör;Placering;Från;Till;Dagar;Belopp"),
     "ligger utanför det som finns i registret"),
    (invoice_csv("A;P-AAAAAA;2026-01-01;2027-06-30;1;1", heading="Leverantör;Placering;Från;Till;Dagar;Belopp"),
     "högst 366 dagar"),
    (invoice_csv('A;P-AAAAAA;2026-10;31;"1\x00"'), "varken en CSV-fil eller en XLSX-fil"),
], ids=lambda value: value[:30] if isinstance(value, str) else None)
def test_a_file_that_cannot_be_checked_is_a_422_naming_the_line_and_column(content, message):
    assert message in message_of(content)


def test_every_bad_line_is_named_at_once():
    text = message_of(invoice_csv(f"{NORR};;P-AAAAAA;2026-10;x;1", f"{NORR};;P-AAAAAA;2026-10;31;1",
                                  f"{NORR};;P-AAAAAA;2026-99;31;y"))
    assert "Rad 2, kolumnen ”Dagar”" in text and "Rad 4, kolumnen ”Period”" in text and "Rad 4, kolumnen ”Belopp”" in text
    assert "Rad 3" not in text


def test_limits_of_size_and_lines():
    assert "större än 2 MB" in message_of(b"a" * (2 * 1024 * 1024 + 1))
    many = invoice_csv(*[f"{NORR};;P-AAAAAA;2026-10;31;1" for _ in range(5001)])
    assert len(many) < 2 * 1024 * 1024
    assert "fler än 5000 fakturarader" in message_of(many)
    assert len(invoices.read_invoice(invoice_csv(*[f"{NORR};;P-AAAAAA;2026-10;31;1" for _ in range(5000)]))) == 5000


def test_an_xlsx_whose_formulas_were_never_calculated_names_the_cells():
    content = workbook_bytes([["Leverantör", "Placering", "Period", "Dagar", "Belopp"],
                              [NORR, "P-AAAAAA", "2026-10", 31, "=D2*1500"]])
    assert "Rad 2, kolumnen ”Belopp”: värde saknas." in message_of(content)


def test_an_xlsx_with_a_huge_number_and_an_impossible_date():
    content = workbook_bytes([["Leverantör", "Placering", "Period", "Dagar", "Belopp"],
                              [NORR, "P-AAAAAA", "2026-10", 1e300, 1e300],
                              [NORR, "P-AAAAAA", "2026-02-30", 3, 1]])
    text = message_of(content)
    assert "Rad 2, kolumnen ”Dagar”" in text and "Rad 2, kolumnen ”Belopp”" in text
    assert "Rad 3, kolumnen ”Period”" in text


def test_swedish_and_other_numbers_read_right():
    rows = invoices.read_invoice(invoice_csv(
        f"{NORR};;P-AAAAAA;2026-10;31;46 500,00", f"{NORR};;P-AAAAAA;2026-10;31;46.500,50",
        f"{NORR};;P-AAAAAA;2026-10;31;46,500.25", f"{NORR};;P-AAAAAA;2026-10;31;46500 kr",
        f"{NORR};;P-AAAAAA;2026-10;31,0;\u221246\u00a0500,75", f"{NORR};;P-AAAAAA;2026-10;31;12"))
    assert [row.amount for row in rows] == [Decimal("46500.00"), Decimal("46500.50"), Decimal("46500.25"),
                                            Decimal("46500.00"), Decimal("-46500.75"), Decimal("12.00")]
    assert all(row.days == 31 and row.starts_on.isoformat() == "2026-10-01" and row.ends_on.day == 31 for row in rows)


async def test_the_result_as_spreadsheets_neutralises_formulas_and_adds_up(sheet, assistant):
    from openpyxl import load_workbook

    result = await check(assistant, invoice_csv(f"=HYPERLINK(\"http://x\");=1+1;{sheet['full']['reference']};2026-10;31;1"))
    [line] = result.lines
    assert (line.agency, line.invoice_number, line.status) == ('=HYPERLINK("http://x")', "=1+1", InvoiceStatus.NOT_OURS)
    text = invoices.result_csv(result)
    assert ';\'=1+1;"\'=HYPERLINK(""http://x"")";' in text and "Summa;;;;;;;;31;0;;1,00;0,00;1,00" in text
    workbook = load_workbook(io.BytesIO(invoices.result_xlsx(result)))
    lines = workbook["Fakturakontroll"]
    assert [cell.value for cell in lines[1]][:4] == ["rad", "fakturanummer", "leverantör", "placering"]
    assert lines["B2"].value == "=1+1" and lines["B2"].data_type == "s" and lines["L2"].value == 1
    assert workbook["Saknar faktura"]["A1"].value == "leverantör"


def test_a_file_of_too_many_periods_is_refused():
    import datetime as dt

    days = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(121)]
    content = invoice_csv(*[f"A;P-AAAAAA;{d.isoformat()};{d.isoformat()};1;1" for d in days],
                          heading="Leverantör;Placering;Från;Till;Dagar;Belopp")
    assert "fler än 120 olika perioder" in message_of(content)


async def test_a_late_line_for_an_earlier_month_does_not_make_that_month_missing(sheet, assistant):
    full, pricey = sheet["full"]["reference"], sheet["pricey"]["reference"]
    result = await check(assistant, invoice_csv(
        f"{NORR};;{full};2026-10;31;46 500,00", f"{NORR};;{pricey};2026-10;31;46 500,00",
        f"{NORR};;{full};2026-09;30;45 000,00"))  # efterfakturering: September, 30 × 1 500
    assert {c.line: c.status for c in result.lines} == {2: InvoiceStatus.OK, 3: InvoiceStatus.OK, 4: InvoiceStatus.OK}
    # October is the invoice's month (two of three lines): late and forgotten lack a line. September is not.
    assert sorted((m.reference, m.starts_on.isoformat()) for m in result.missing) == sorted(
        (sheet[name]["reference"], "2026-10-01") for name in ("late", "forgotten"))
