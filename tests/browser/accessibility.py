"""Accessibility checks every browser test runs on its pages (WCAG 2.1 AA, as Swedish law requires).

Import after ``pytest.importorskip("playwright.async_api", …)``: it needs Playwright and axe-core.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Page

BLOCKING_IMPACTS = {"serious", "critical"}
WIDE = {"width": 1280, "height": 900}
# 1280 CSS pixels at 200 % zoom leave 640 for the page.
ZOOMED = {"width": 640, "height": 900}


async def assert_accessible(page: Page, where: str) -> None:
    """axe-core on the page as it is now; serious and critical violations fail the test."""
    results = await Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"])
        for v in blocking
    )
    assert not blocking, f"axe-core found serious/critical violations on {where}:\n{report}"


async def check_page(page: Page, where: str) -> None:
    """axe-core at full width, then no sideways scrolling of the page at 200 % zoom (tables scroll in their own region)."""
    await assert_accessible(page, where)
    await page.set_viewport_size(ZOOMED)
    overflow = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        too_wide = await page.evaluate(
            "[...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)"
            ".slice(0, 5).map(e => e.tagName + '.' + e.className)"
        )
        pytest.fail(f"{where} scrolls sideways by {overflow}px at 200 % zoom; too wide: {too_wide}")
    await assert_accessible(page, f"{where} at 200 % zoom")
    await page.set_viewport_size(WIDE)
