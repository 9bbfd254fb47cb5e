"""Browser tests: the real app in a uvicorn subprocess on the test database, driven by Debian's Chromium.

Playwright never downloads a browser here; without /usr/bin/chromium the browser tests are skipped.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.serving import wait_until_healthy

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(database_url, engine):
    """Base URL of the app served by uvicorn against the test database.

    Depending on ``engine`` puts every test that uses the server under the suite's table clean-up.
    """
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url}
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "web.app:create_app", "--factory", "--host", "127.0.0.1", f"--port={port}"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(base_url, process, log)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_healthy(base_url: str, process: subprocess.Popen, log) -> None:
    def output() -> str:
        log.seek(0)
        return log.read().decode(errors="replace")

    wait_until_healthy(base_url, process, STARTUP_SECONDS, output)


@pytest.fixture(scope="module")
async def browser():
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@pytest.fixture
async def staff(make_user):
    return await make_user("placement_secretary", "family_care", name="Maja Matchning")


@pytest.fixture
async def api_headers(staff, token_for) -> dict[str, str]:
    """For setting up data over the API as the same user the browser signs in as."""
    return {"Authorization": f"Bearer {await token_for(staff)}"}


@pytest.fixture
async def signed_in_tab(browser, live_server):
    """Opens a browser tab signed in, through the sign-in page, as the given user; closes it after the test."""
    from tests.conftest import STAFF_PASSWORD

    contexts = []

    async def open_tab(user):
        context = await browser.new_context(base_url=live_server, locale="sv-SE", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = await context.new_page()
        await page.goto("/login")
        await page.get_by_label("E-postadress").fill(user.email)
        await page.get_by_label("Lösenord").fill(STAFF_PASSWORD)
        await page.get_by_role("button", name="Logga in").click()
        await page.wait_for_url(lambda url: "/login" not in url)
        return page

    yield open_tab
    for context in contexts:
        await context.close()


@pytest.fixture
async def page(signed_in_tab, staff):
    """A browser tab signed in as a placement secretary in the family-care team."""
    return await signed_in_tab(staff)
