"""Sign-in, lockout, sessions, CSRF, tokens and security headers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select

from accounts.models import ApiToken, User
from core.database import unit_of_work
from tests.conftest import STAFF_PASSWORD, csrf_of, sign_in
from tests.factories import home_payload

HTML = {"accept": "text/html"}


@pytest.fixture
async def browser_client(app):
    """A cookie-keeping client, like a browser."""
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        yield client


@pytest.fixture
def fast_lockout(monkeypatch):
    """Slow-down after 1 failure (sleeps made instant), lock after 3, for 15 minutes."""
    import accounts.service
    from core.settings import get_settings

    settings = get_settings()
    monkeypatch.setattr(
        accounts.service,
        "get_settings",
        lambda: type(settings)(**{**settings.__dict__, "sign_in_slowdown_after": 1, "sign_in_lock_after": 3}),
    )
    slept = []

    async def no_sleep(seconds):
        slept.append(seconds)

    monkeypatch.setattr(accounts.service.asyncio, "sleep", no_sleep)
    return slept


async def test_sign_in_sets_a_protected_session_cookie_and_opens_the_register(browser_client, make_user):
    user = await make_user("placement_secretary")
    response = await sign_in(browser_client, user.email)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    page = await browser_client.get("/familjehem", headers=HTML)
    assert page.status_code == 200 and user.name in page.text


async def test_wrong_password_and_unknown_email_get_the_same_answer(browser_client, make_user):
    user = await make_user("placement_secretary")
    wrong_password = await sign_in(browser_client, user.email, "fel-lösenord-123")
    unknown = await sign_in(browser_client, "ingen@kommun.example.se", STAFF_PASSWORD)
    assert wrong_password.status_code == unknown.status_code == 401
    assert "Fel e-postadress eller lösenord." in wrong_password.text and "Fel e-postadress eller lösenord." in unknown.text
    assert (await browser_client.get("/familjehem", headers=HTML)).status_code == 303


async def test_failures_slow_down_then_lock_the_account(browser_client, make_user, fast_lockout):
    user = await make_user("placement_secretary")
    for _ in range(3):
        assert (await sign_in(browser_client, user.email, "fel-lösenord-123")).status_code == 401
    assert fast_lockout == [1, 2]  # the second and third failures waited, longer each time
    locked = await sign_in(browser_client, user.email, STAFF_PASSWORD)  # even the right password
    assert locked.status_code == 401 and "tillfälligt låst" in locked.text
    async with unit_of_work() as session:
        row = await session.scalar(select(User).where(User.email == user.email))
        assert row.failed_sign_ins == 3 and row.locked_until is not None
        # time passes: the lock lifts
        row.locked_until = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
        await session.commit()
    assert (await sign_in(browser_client, user.email, STAFF_PASSWORD)).status_code == 303


async def test_a_locked_account_and_an_unknown_email_get_the_same_answer(browser_client, make_user, fast_lockout):
    user = await make_user("placement_secretary")
    for _ in range(3):
        await sign_in(browser_client, user.email, "fel-lösenord-123")
    locked = await sign_in(browser_client, user.email, STAFF_PASSWORD)
    unknown = await sign_in(browser_client, "ingen@kommun.example.se", STAFF_PASSWORD)
    assert locked.status_code == unknown.status_code == 401
    message = re.compile(r'<p[^>]*class="[^"]*problem[^"]*"[^>]*>.*?</p>|Fel e-postadress[^<]*', re.S)
    assert message.search(locked.text).group(0) == message.search(unknown.text).group(0)


async def test_a_form_post_without_the_csrf_token_is_refused_and_writes_nothing(browser_client, make_user, client):
    user = await make_user("placement_secretary", "family_care")
    await sign_in(browser_client, user.email)
    fields = {"name": "Familjen Utan Token", "kind": "own"}
    refused = await browser_client.post("/familjehem/ny", data=fields, headers=HTML)
    assert refused.status_code == 403 and "CSRF" in refused.text
    wrong = await browser_client.post("/familjehem/ny", data={**fields, "csrf_token": "gissat"}, headers=HTML)
    assert wrong.status_code == 403
    # A JSON request on the session cookie needs the header too (htmx sends it from the page).
    api = await browser_client.post("/api/foster-homes", json=home_payload())
    assert api.status_code == 403
    page = await browser_client.get("/familjehem", headers=HTML)
    with_header = await browser_client.post("/api/foster-homes", json=home_payload(), headers={"X-CSRF-Token": csrf_of(page.text)})
    assert with_header.status_code == 201
    assert (await client.get("/api/foster-homes")).json()["total"] == 1


async def test_sign_in_itself_needs_the_forms_token(browser_client, make_user):
    user = await make_user("placement_secretary")
    await browser_client.get("/login")
    response = await browser_client.post("/login", data={"email": user.email, "password": STAFF_PASSWORD})
    assert response.status_code == 403


async def test_sign_out_ends_the_session(browser_client, make_user):
    user = await make_user("placement_secretary")
    await sign_in(browser_client, user.email)
    page = await browser_client.get("/familjehem", headers=HTML)
    response = await browser_client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert (await browser_client.get("/familjehem", headers=HTML)).status_code == 303


@pytest.fixture
def now(monkeypatch):
    """clock.now(), moved forward by the test (no sleeping)."""
    from core import clock

    class Now:
        value = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.timezone.utc)

        def advance(self, **delta):
            self.value += dt.timedelta(**delta)

    current = Now()
    monkeypatch.setattr(clock, "now", lambda: current.value)
    return current


@pytest.fixture
def idle_one_minute(monkeypatch):
    import accounts.service
    from core.settings import get_settings

    settings = get_settings()
    monkeypatch.setattr(
        accounts.service, "get_settings", lambda: type(settings)(**{**settings.__dict__, "session_idle_minutes": 1})
    )


async def test_an_idle_session_expires(browser_client, make_user, now):
    user = await make_user("placement_secretary")
    await sign_in(browser_client, user.email)
    assert (await browser_client.get("/api/foster-homes")).status_code == 200
    now.advance(minutes=31)  # idle limit 30 minutes
    assert (await browser_client.get("/api/foster-homes")).status_code == 401


async def test_activity_keeps_the_session_alive_until_its_absolute_lifetime(browser_client, make_user, now, idle_one_minute):
    user = await make_user("placement_secretary")
    await sign_in(browser_client, user.email)
    for _ in range(12):  # a request every 15 s for 3 minutes, with a 1-minute idle limit
        now.advance(seconds=15)
        assert (await browser_client.get("/api/foster-homes")).status_code == 200
    status = await browser_client.get("/sessionen")
    assert 0 < status.json()["remaining_seconds"] <= 60
    # Asking how long is left is not activity.
    for _ in range(5):
        now.advance(seconds=15)
        await browser_client.get("/sessionen")
    assert (await browser_client.get("/api/foster-homes")).status_code == 401


async def test_a_session_ends_after_its_absolute_lifetime_however_active(browser_client, make_user, now):
    user = await make_user("placement_secretary")
    await sign_in(browser_client, user.email)
    for _ in range(10 * 3):  # every 20 minutes for 10 hours
        assert (await browser_client.get("/api/foster-homes")).status_code == 200
        now.advance(minutes=20)
    assert (await browser_client.get("/api/foster-homes")).status_code == 401


async def _copied_cookie_client(app, browser_client) -> AsyncClient:
    return AsyncClient(transport=ASGITransport(app=app), base_url="http://test", cookies=dict(browser_client.cookies))


async def test_a_cookie_copied_before_sign_out_is_dead_after_it(app, browser_client, make_user):
    user = await make_user("placement_secretary")
    await sign_in(browser_client, user.email)
    page = await browser_client.get("/admin/token", headers=HTML)
    async with await _copied_cookie_client(app, browser_client) as thief:
        assert (await thief.get("/api/children")).status_code == 200
        await browser_client.post("/logout", data={"csrf_token": csrf_of(page.text)})
        assert (await thief.get("/api/children")).status_code == 401
        token = await thief.post("/admin/token", data={"name": "x", "expires_in_days": "30", "csrf_token": csrf_of(page.text)})
        assert token.status_code in (303, 401) and "plc_" not in token.text


async def test_a_role_change_ends_the_users_sessions(app, browser_client, make_user, client_as):
    admin = await client_as("admin")
    user = await make_user("placement_secretary")
    await sign_in(browser_client, user.email)
    async with await _copied_cookie_client(app, browser_client) as copy:
        changed = await admin.put(f"/api/users/{user.id}", json={"name": user.name, "roles": ["social_worker"], "active": True, "version": 1})
        assert changed.status_code == 200, changed.text
        assert (await copy.get("/api/children")).status_code == 401
        assert (await browser_client.get("/api/children")).status_code == 401


async def test_a_password_reset_also_revokes_the_users_api_tokens(make_user, token_for, client_as, app):
    admin = await client_as("admin")
    user = await make_user("placement_secretary")
    token = await token_for(user)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test", headers={"Authorization": f"Bearer {token}"}) as integration:
        assert (await integration.get("/api/foster-homes")).status_code == 200
        reset = await admin.post(f"/api/users/{user.id}/password", json={"password": "Nya-blåbär-i-skogen-9", "version": 1})
        assert reset.status_code == 200, reset.text
        assert (await integration.get("/api/foster-homes")).status_code == 401


async def test_deactivation_and_password_reset_end_existing_sessions(browser_client, make_user, client_as):
    admin = await client_as("admin")
    user = await make_user("placement_secretary")
    await sign_in(browser_client, user.email)
    reset = await admin.post(f"/api/users/{user.id}/password", json={"password": "Nya-blåbär-i-skogen-9", "version": 1})
    assert reset.status_code == 200, reset.text
    assert (await browser_client.get("/api/foster-homes")).status_code == 401
    assert (await sign_in(browser_client, user.email, "Nya-blåbär-i-skogen-9")).status_code == 303
    deactivated = await admin.put(f"/api/users/{user.id}", json={"name": user.name, "roles": ["placement_secretary"], "active": False, "version": 2})
    assert deactivated.status_code == 200, deactivated.text
    assert (await browser_client.get("/api/foster-homes")).status_code == 401
    assert (await sign_in(browser_client, user.email, "Nya-blåbär-i-skogen-9")).status_code == 401


async def test_the_last_admin_cannot_be_removed(client_as):
    admin = await client_as("admin")
    me = admin.user
    response = await admin.put(f"/api/users/{me.id}", json={"name": me.name, "roles": ["social_worker"], "version": 1})
    assert response.status_code == 409 and "minst en aktiv administratör" in response.json()["detail"]


async def test_password_policy_is_clear(client_as):
    admin = await client_as("admin")
    for password, reason in [
        ("kort", "minst 12 tecken"),
        ("aaaaaaaaaaaaaaaa", "5 olika tecken"),
        ("Password1234", "för vanligt"),
        ("Kalle-Anka-lösenord", "namn"),
    ]:
        response = await admin.post(
            "/api/users", json={"name": "Kalle Anka", "email": "kalle@kommun.example.se", "roles": ["social_worker"], "password": password}
        )
        assert response.status_code == 422
        assert reason in response.json()["errors"][0]["message"], (password, response.json())
    assert len((await admin.get("/api/users")).json()) == 1


async def test_tokens_are_shown_once_stored_hashed_and_revocable(client_as, anonymous):
    user = await client_as("social_worker")
    created = await user.post("/api/tokens", json={"name": "Verksamhetssystemet", "expires_in_days": 30})
    assert created.status_code == 201
    token = created.json()["token"]
    assert token.startswith("plc_") and len(token) > 40
    listed = (await user.get("/api/tokens")).json()
    assert all("token" not in item for item in listed)
    async with unit_of_work() as session:
        hashes = set(await session.scalars(select(ApiToken.token_hash)))
    assert token not in hashes and len(next(iter(hashes))) == 64
    bearer = {"Authorization": f"Bearer {token}"}
    assert (await anonymous.get("/api/agencies", headers=bearer)).status_code == 200
    assert (await user.post(f"/api/tokens/{created.json()['id']}/revoke")).status_code == 200
    assert (await anonymous.get("/api/agencies", headers=bearer)).status_code == 401


async def test_someone_elses_token_cannot_be_revoked(client_as):
    owner = await client_as("social_worker")
    other = await client_as("social_worker")
    token_id = (await owner.get("/api/tokens")).json()[0]["id"]
    assert (await other.post(f"/api/tokens/{token_id}/revoke")).status_code == 404


async def test_security_headers_on_every_response(anonymous):
    for path in ("/login", "/health", "/static/app.css", "/api/foster-homes"):
        response = await anonymous.get(path)
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        assert response.headers["x-request-id"]


async def test_only_safe_next_targets_after_sign_in(browser_client, make_user):
    user = await make_user("placement_secretary")
    form = await browser_client.get("/login?next=https://elak.example.com/")
    response = await browser_client.post(
        "/login", data={"email": user.email, "password": STAFF_PASSWORD, "csrf_token": csrf_of(form.text), "next": "//elak.example.com"}
    )
    assert response.headers["location"] == "/"


async def test_signing_in_after_expiry_returns_to_the_page_not_to_the_post_address(browser_client, make_user, now):
    user = await make_user("placement_secretary", "family_care")
    await sign_in(browser_client, user.email)
    page = await browser_client.get("/admin/token", headers=HTML)
    now.advance(hours=1)
    # A POST-only address (revoking a token) submitted after the session ran out.
    posted = await browser_client.post(
        "/admin/token/00000000-0000-4000-8000-000000000000/aterkalla", data={"csrf_token": csrf_of(page.text)},
        headers={**HTML, "referer": "http://test/admin/token"},
    )
    assert posted.status_code == 303
    form = await browser_client.get(posted.headers["location"], headers={**HTML, "referer": "http://test/admin/token"})
    assert 'name="next" value="/admin/token"' in form.text
    signed_in = await browser_client.post(
        "/login", data={"email": user.email, "password": STAFF_PASSWORD, "csrf_token": csrf_of(form.text), "next": "/admin/token"}
    )
    assert signed_in.headers["location"] == "/admin/token"
    # Another site as the Referer, or a scheme-relative next, never becomes the target.
    evil = await browser_client.get("/login?next=//evil.example", headers={**HTML, "referer": "http://evil.example/x"})
    assert evil.headers["location"] == "/"


async def test_pages_carry_the_idle_warning_and_its_script_is_served(browser_client, make_user):
    user = await make_user("placement_secretary")
    await sign_in(browser_client, user.email)
    page = await browser_client.get("/admin/token", headers=HTML)
    assert 'data-session-url="/sessionen"' in page.text and "/static/session.js" in page.text
    script = await browser_client.get("/static/session.js")
    assert script.status_code == 200 and "Du loggas snart ut" in script.text and "Fortsätt vara inloggad" in script.text
    kept = await browser_client.post("/sessionen", headers={"X-CSRF-Token": csrf_of(page.text)})
    assert kept.status_code == 200 and kept.json()["remaining_seconds"] > 0
    assert (await browser_client.post("/sessionen")).status_code == 403  # the CSRF token is needed


async def test_an_api_token_has_no_session_to_time_out(client_as):
    integration = await client_as("placement_secretary")  # signs with a Bearer token, not a session cookie

    status = await integration.get("/sessionen")

    assert status.status_code == 200 and status.json() == {"remaining_seconds": None}
