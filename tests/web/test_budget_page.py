"""The budget page: the year's lines shown to every cost reader, typed in by those who keep the budget, with a
Swedish decimal comma and spaces between thousands; a bad line is shown at its field and nothing is saved."""

from __future__ import annotations

from decimal import Decimal

from tests.conftest import csrf_of

HTML = {"Accept": "text/html"}


async def test_the_budget_is_typed_in_with_swedish_amounts_and_shown(client, client_as):
    page = await client.get("/ekonomi/budget", headers=HTML)
    assert page.status_code == 200 and "Ingen budget är lagd för 2026" in page.text
    form = {"csrf_token": csrf_of(page.text), "ar": "2026",
            "lines.0.category": "own_homes", "lines.0.unit": "Hela nämnden", "lines.0.phasing": "even_by_days",
            "lines.0.annual": "12 500 000,50",
            "lines.1.category": "sis", "lines.1.unit": "Enhet Väst", "lines.1.phasing": "per_month",
            **{f"lines.1.months.{m}": "100 000" for m in range(12)},
            "lines.2.unit": "Hela nämnden", "lines.2.phasing": "even_by_days"}  # a blank row: dropped

    saved = await client.post("/ekonomi/budget", data=form, headers=HTML)

    assert saved.status_code == 303 and saved.headers["location"].endswith("?ar=2026&sparat=1")
    body = (await client.get("/api/budget/2026")).json()
    assert Decimal(body["budget"]) == Decimal("12500000.50") + 12 * 100000
    shown = await client.get("/ekonomi/budget?ar=2026&sparat=1", headers=HTML)
    assert "Budgeten för 2026 är sparad." in shown.text and "Enhet Väst" in shown.text
    assert 'value="12500000,50"' in shown.text  # the form starts from what is saved
    budget_group = await client_as("budget_group")
    read = await budget_group.get("/ekonomi/budget", headers=HTML)
    assert read.status_code == 200 and "Enhet Väst" in read.text and "Spara budgeten" not in read.text
    assert (await budget_group.post("/ekonomi/budget", data=form, headers=HTML)).status_code == 403
    assert (await (await client_as("social_worker")).get("/ekonomi/budget", headers=HTML)).status_code == 403


async def test_a_bad_line_is_shown_at_its_field_and_nothing_is_saved(client):
    page = await client.get("/ekonomi/budget", headers=HTML)
    form = {"csrf_token": csrf_of(page.text), "ar": "2026",
            "lines.0.category": "own_homes", "lines.0.unit": "Hela nämnden", "lines.0.phasing": "even_by_days",
            "lines.0.annual": "mycket",
            "lines.1.category": "hvb", "lines.1.unit": "Hela nämnden", "lines.1.phasing": "per_month",
            "lines.1.months.0": "5"}

    refused = await client.post("/ekonomi/budget", data=form, headers=HTML)

    assert refused.status_code == 422
    assert "Rad 1: årsbelopp" in refused.text and "Rad 2" in refused.text
    assert 'value="mycket"' in refused.text  # what was typed stays
    assert (await client.get("/api/budget/2026")).json()["budget"] == "0.00"
    wrong_year = await client.get("/ekonomi/budget?ar=3000", headers=HTML)
    assert wrong_year.status_code == 422


async def test_the_budget_is_imported_from_a_spreadsheet_on_the_page(client, client_as):
    page = await client.get("/ekonomi/budget", headers=HTML)
    assert "Importera från kalkylblad (XLSX eller CSV)" in page.text and 'enctype="multipart/form-data"' in page.text
    assert "/api/budget/2026/import-template.xlsx" in page.text
    form = {"csrf_token": csrf_of(page.text), "ar": "2026"}
    content = "Kategori;Enhet;Årsbelopp\nHVB;Enhet Väst;1 234 567,50\nSiS;;2 000 000 kr\n".encode()

    imported = await client.post("/ekonomi/budget/import", data=form, files={"file": ("budget.csv", content, "text/csv")},
                                 headers=HTML)

    assert imported.status_code == 303 and imported.headers["location"].endswith("?ar=2026&importerat=1")
    shown = await client.get(imported.headers["location"], headers=HTML)
    assert "importerad från kalkylbladet och sparad: 2 rader" in shown.text
    assert "Enhet Väst" in shown.text and 'value="1234567,50"' in shown.text
    assert Decimal((await client.get("/api/budget/2026")).json()["budget"]) == Decimal("3234567.50")

    bad = "Kategori;Årsbelopp\nHVB;1\nYachter;-5\n".encode()
    refused = await client.post("/ekonomi/budget/import", data=form, files={"file": ("budget.csv", bad, "text/csv")},
                                headers=HTML)
    assert refused.status_code == 422
    assert "Filen kan inte läsas in" in refused.text and 'aria-invalid="true"' in refused.text
    assert "Rad 3, kolumnen ”Kategori”: ”Yachter” är ingen kategori" in refused.text
    assert "Enhet Väst" in refused.text  # the saved budget is still shown
    assert Decimal((await client.get("/api/budget/2026")).json()["budget"]) == Decimal("3234567.50")
    no_file = await client.post("/ekonomi/budget/import", data=form, headers=HTML)
    assert no_file.status_code == 422 and "Välj budgetfilen" in no_file.text

    budget_group = await client_as("budget_group")
    read = await budget_group.get("/ekonomi/budget", headers=HTML)
    assert "Importera från kalkylblad" not in read.text
    assert (await budget_group.post("/ekonomi/budget/import", data=form, files={"file": ("b.csv", content, "text/csv")},
                                    headers=HTML)).status_code == 403
