"""A year's budget imported from a Swedish spreadsheet (POST /api/budget/{year}/import): annual amounts spread by
days or twelve months, as XLSX or Swedish CSV, saved as the typed budget is; a bad file or row is a 422 naming the
line and column, and nothing is saved."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from core.errors import InvalidInputError
from costs.budget import read_budget

IMPORT = "/api/budget/2026/import"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"]


def workbook_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "budget.csv") -> dict:
    return {"file": (name, content, "text/csv")}


def message_of(content: bytes) -> str:
    with pytest.raises(InvalidInputError) as raised:
        read_budget(content)
    return " | ".join(error.message for error in raised.value.errors)


async def saved_budget(client, year: int = 2026) -> dict:
    body = (await client.get(f"/api/budget/{year}")).json()
    return {(c["category"], m["month"]): m["budget"] for c in body["categories"] for m in c["months"]}


async def test_annual_amounts_from_xlsx_are_the_typed_budget(client):
    content = workbook_bytes([
        ["Budget 2026, socialnämnden"],  # a title line before the headings
        [],
        ["Kategori", "Enhet", "Årsbelopp (kr)"],
        ["Familjehem i egen regi", None, 12500000.5],
        ["HVB", "Enhet Väst", "1 234 567,50"],
        ["SiS", "Hela nämnden", "2 000 000 kr"],
        ["Konsulentstödda familjehem", "", 3650000],
        ["Summa", None, 19384568],  # the sheet's own sum
    ])

    imported = await client.post(IMPORT, files=upload(content, "budget.xlsx"))

    assert imported.status_code == 200, imported.text
    from_file = await saved_budget(client)
    assert (await client.put("/api/budget/2026", json={"lines": [
        {"category": "own_homes", "annual": "12500000.50"},
        {"category": "hvb", "unit": "Enhet Väst", "annual": "1234567.50"},
        {"category": "sis", "annual": "2000000"},
        {"category": "consultant_homes", "annual": "3650000"}]})).status_code == 200
    assert from_file == await saved_budget(client)
    assert imported.json()["budget"] == "19384568.00"
    lines = {(line.category, line.unit): line for line in read_budget(content).lines}
    assert lines[("hvb", "Enhet Väst")].annual == 1234567.5


async def test_twelve_months_from_swedish_csv_are_the_typed_budget(client, client_as):
    rows = ["Kategori;Enhet;" + ";".join(MONTHS) + ";Totalt",
            "Nätverkshem;;" + ";".join(["100 000,25"] * 12) + ";1 200 003,00",
            "Jourhem;Enhet Öst;" + ";".join(str(m * 1000) for m in range(1, 13)) + ";"]
    content = ("\ufeff" + "\r\n".join(rows) + "\r\n").encode()

    imported = await client.post(IMPORT, files=upload(content))

    assert imported.status_code == 200, imported.text
    from_file = await saved_budget(client)
    assert (await client.put("/api/budget/2026", json={"lines": [
        {"category": "kinship_homes", "phasing": "per_month", "months": ["100000.25"] * 12},
        {"category": "emergency_homes", "unit": "Enhet Öst", "phasing": "per_month",
         "months": [str(m * 1000) for m in range(1, 13)]}]})).status_code == 200
    assert from_file == await saved_budget(client)
    admin = await client_as("admin")
    log = (await admin.get("/api/audit", params={"object_type": "budget", "action": "update"})).json()["items"]
    assert any("importerad från kalkylblad" in (entry["detail"] or "") for entry in log)


def test_month_headings_as_full_names_or_numbers_and_comma_separated_csv():
    full = ("Kategori,Januari,Februari,Mars,April,Maj,Juni,Juli,Augusti,September,Oktober,November,December\n"
            "Stödboende," + ",".join(["10"] * 12) + "\n").encode()
    numbered = workbook_bytes([["Kategori", *range(1, 13)], ["Övrigt", *([5.5] * 12)]])
    [by_name] = read_budget(full).lines
    [by_number] = read_budget(numbered).lines
    assert (by_name.category, by_name.phasing, sum(by_name.months)) == ("supported_housing", "per_month", 120)
    assert (by_number.category, sum(by_number.months)) == ("other", 66)


async def test_a_bad_row_names_its_line_and_column_and_nothing_is_saved(client):
    await client.put("/api/budget/2026", json={"lines": [{"category": "sis", "annual": "1000"}]})
    content = "\n".join([
        "Kategori;Enhet;Årsbelopp",
        "Familjehem;;1 000",
        "Yachter;;5",
        "HVB;;-5",
        "HVB;;mycket",
        "Jourhem;;",
        "Familjehem i egen regi;Hela nämnden;7",
    ]).encode()

    refused = await client.post(IMPORT, files=upload(content))

    assert refused.status_code == 422
    text = " | ".join(error["message"] for error in refused.json()["errors"])
    assert "Rad 3, kolumnen ”Kategori”: ”Yachter” är ingen kategori" in text
    assert "Rad 4, kolumnen ”Årsbelopp”: Får inte vara mindre än 0." in text
    assert "Rad 5, kolumnen ”Årsbelopp”: ”mycket” är inget tal." in text
    assert "Rad 6, kolumnen ”Årsbelopp”: värde saknas" in text
    assert "Rad 2" not in text
    assert (await saved_budget(client))[("sis", "2026-01-01")] == "84.93"  # the budget before stays


async def test_a_category_and_unit_twice_names_both_lines(client):
    content = "Kategori;Enhet;Årsbelopp\nHVB;;1\nSiS;;2\nhvb-hem;Hela nämnden;3\n".encode()
    refused = await client.post(IMPORT, files=upload(content))
    assert refused.status_code == 422
    assert "Rad 4: HVB för Hela nämnden finns redan på rad 2." in refused.text
    assert (await client.get("/api/budget/2026")).json()["budget"] == "0.00"


@pytest.mark.parametrize("content, message", [
    (b"", "Filen är tom."),
    (b"a" * (2 * 1024 * 1024 + 1), "större än 2 MB"),
    (b"\xd0\xcf\x11\xe0 old excel", "gamla format (.xls)"),
    (b"PK\x03\x04 not really a zip", "går inte att läsa som XLSX"),
    (b"%PDF-1.7\n\x00\x01", "varken en CSV-fil eller en XLSX-fil"),
    ("Namn;Adress\nA;B\n".encode(), "Hittar ingen rubrikrad med kolumnen kategori"),
    ("Kategori;Enhet\nHVB;\n".encode(), "kolumnen årsbelopp (eller tolv månader) saknas"),
    ("Kategori;Jan;Feb;Mar\nHVB;1;2;3\n".encode(), "kolumnen april och maj och juni"),
    (("Kategori;" + ";".join(MONTHS) + ";Januari\nHVB;" + ";".join(["1"] * 13) + "\n").encode(),
     "fler än tolv månadskolumner; januari"),
    ("Kategori;Årsbelopp\n".encode(), "inga budgetrader"),
    (("Kategori;" + ";".join(MONTHS) + "\nHVB;" + ";".join(["1"] * 11) + ";\n").encode(),
     "Rad 2, kolumnen ”Dec”: värde saknas."),
    ("Kategori;Jan;Feb;Mar;Apr;Maj;Jun;Jul;Aug;Sep;Okt;Nov;Dec;Årsbelopp\nHVB;1;1;1;1;1;1;1;1;1;1;1;1;13\n".encode(),
     "Rad 2, kolumnen ”Årsbelopp”: årsbeloppet 13.00 är inte summan av månaderna (12.00)"),
    ("Kategori;Årsbelopp\nHVB;1,005\n".encode(), "högst två decimaler"),
    ("Kategori;Årsbelopp\nHVB;".encode() + b"9" * 400 + b"\n", "är större än 10 000 000 000 kr"),
    ("Kategori;Enhet;Årsbelopp\nHVB;Väst\x07;1\n".encode(), "otillåtna tecken"),
    (("Kategori;Enhet;Årsbelopp\n" + "".join(f"HVB;Enhet {n};1\n" for n in range(201))).encode(), "Högst 200"),
], ids=lambda value: value[:30] if isinstance(value, str) else None)
def test_a_file_that_cannot_be_imported_says_why(content, message):
    assert message in message_of(content)


async def test_a_bad_file_over_http_is_a_422_never_a_500(client, client_as):
    for content in (b"", b"PK\x03\x04\x00\x00", "Kategori\nHVB\n".encode(), bytes(range(256)) * 10):
        response = await client.post(IMPORT, files=upload(content))
        assert response.status_code == 422, (content[:20], response.text)
        assert response.json()["errors"][0]["field"] == "file"
    assert (await client.post(IMPORT)).status_code == 422  # no file at all
    budget_group = await client_as("budget_group")
    good = "Kategori;Årsbelopp\nHVB;1000\n".encode()
    assert (await budget_group.post(IMPORT, files=upload(good))).status_code == 403
    assert (await budget_group.get("/api/budget/2026/import-template.xlsx")).status_code == 403
    assert (await client.get("/api/budget/2026")).json()["budget"] == "0.00"


async def test_the_template_imports_as_it_is_filled_in(client):
    empty = load_workbook(io.BytesIO((await client.get("/api/budget/2026/import-template.xlsx")).content))
    sheet = empty.active
    assert [cell.value for cell in sheet[1]] == ["Kategori", "Enhet", "Årsbelopp", *MONTHS]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)][:2] == ["Familjehem i egen regi", "Nätverkshem"]
    for row in sheet.iter_rows(min_row=2):
        row[2].value = 120000
    buffer = io.BytesIO()
    empty.save(buffer)
    assert (await client.post(IMPORT, files=upload(buffer.getvalue(), "mall.xlsx"))).status_code == 200
    assert (await client.get("/api/budget/2026")).json()["budget"] == "960000.00"

    csv = await client.get("/api/budget/2026/import-template.csv")  # now the saved lines, to change and import
    assert csv.text.startswith("\ufeffKategori;Enhet;Årsbelopp;Jan")
    assert "HVB;Hela nämnden;120000,00;" in csv.text
    again = await client.post(IMPORT, files=upload(csv.content))
    assert again.status_code == 200 and again.json()["budget"] == "960000.00"


def test_a_year_beside_the_month_headings_is_no_part_of_them():
    import datetime as dt

    with_year = ("Kategori;" + ";".join(f"{name} 2026" for name in MONTHS) + "\nHVB;" + ";".join(["1"] * 12)).encode()
    as_months = ("Kategori;" + ";".join(f"2026-{m:02d}" for m in range(1, 13)) + "\nHVB;" + ";".join(["2"] * 12)).encode()
    as_dates = workbook_bytes([["Kategori", *(dt.datetime(2026, m, 1) for m in range(1, 13))], ["HVB", *([3] * 12)]])
    annual = "Kategori;Budget 2026\nHVB;365\n".encode()
    assert [sum(read_budget(content).lines[0].months) for content in (with_year, as_months, as_dates)] == [12, 24, 36]
    assert read_budget(annual).lines[0].annual == 365
