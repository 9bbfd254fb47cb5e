"""The demo's agency invoices: last month's (October 2026 here) consultant home placements, one CSV per agency,
with every deliberate error for Fakturakontroll to find, and nothing else wrong."""

from __future__ import annotations

from core.database import unit_of_work
from costs.schemas import InvoiceStatus
from demo.invoices import write_demo_invoices
from tests.costs.test_invoices import check, consultant_home, placed, sheet  # noqa: F401 (sheet is a fixture)


async def test_the_demo_invoices_carry_each_deliberate_error(client, sheet, make_user, tmp_path):  # noqa: F811
    await placed(client, await consultant_home(client, sheet["syd"], "Familjen Söderlund"), "2026-09-01")
    (tmp_path / "faktura-gammal.csv").write_text("last month's")

    async with unit_of_work() as session:
        summary = await write_demo_invoices(session, tmp_path)

    files = sorted(tmp_path.glob("faktura-*.csv"))
    assert [f.name for f in files] == ["faktura-familjevard-norr-ab.csv", "faktura-omsorg-syd-ab.csv"]
    assert summary.startswith("Fakturor: 2 leverantörsfakturor för oktober 2026")
    assistant = await make_user("administrative_assistant")
    norr = await check(assistant, files[0].read_bytes())
    assert sorted(c.status for c in norr.lines if c.status != InvoiceStatus.OK) == sorted([
        InvoiceStatus.WRONG_DAYS, InvoiceStatus.WRONG_PRICE, InvoiceStatus.DUPLICATE, InvoiceStatus.NOT_OURS,
        InvoiceStatus.ENDED])
    [left_out] = norr.missing  # one of Norr's four placements with care days in October
    assert left_out.reference in {sheet[name]["reference"] for name in ("full", "late", "pricey", "forgotten")}
    assert left_out.reference not in {c.reference for c in norr.lines}
    syd = await check(assistant, files[1].read_bytes())
    assert [c.status for c in syd.lines] == [InvoiceStatus.WRONG_PRICE, InvoiceStatus.OK] and not syd.missing
