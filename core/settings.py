"""Process settings, read from the environment once."""

from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import platformdirs


@dataclass(frozen=True)
class Settings:
    database_url: str | None
    """External PostgreSQL (DATABASE_URL). When unset, an embedded server is started in data_dir."""
    data_dir: Path
    """PLACERA_DATA_DIR: where the embedded PostgreSQL keeps its data between runs."""
    database_name: str
    """Database created on the embedded server (PLACERA_DATABASE_NAME, default placera)."""
    session_idle_minutes: int
    """PLACERA_SESSION_IDLE_MINUTES: a session unused this long is signed out (default 30)."""
    session_max_hours: int
    """PLACERA_SESSION_MAX_HOURS: a session ends this long after sign-in, however active (default 10)."""
    cookie_secure: bool
    """PLACERA_COOKIE_SECURE=1 behind HTTPS: the session cookie is then sent over HTTPS only."""
    sign_in_slowdown_after: int
    """PLACERA_SIGNIN_SLOWDOWN_AFTER: failed sign-ins in a row before each further failure is delayed."""
    sign_in_lock_after: int
    """PLACERA_SIGNIN_LOCK_AFTER: failed sign-ins in a row that lock the account."""
    sign_in_lock_minutes: int
    """PLACERA_SIGNIN_LOCK_MINUTES: how long a locked account stays locked."""

    @property
    def secret_key(self) -> str:
        return _secret_key(self.data_dir)


def _secret_key(data_dir: Path) -> str:
    """PLACERA_SECRET_KEY signs session cookies. Without it, one is made once and kept in the data folder,
    so sessions survive restarts of a demo; several workers or hosts must share one through the variable."""
    configured = os.environ.get("PLACERA_SECRET_KEY")
    if configured:
        return configured
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@functools.cache
def get_settings() -> Settings:
    data_dir = os.environ.get("PLACERA_DATA_DIR") or platformdirs.user_data_dir("placera")
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or None,
        data_dir=Path(data_dir).expanduser().resolve(),
        database_name=os.environ.get("PLACERA_DATABASE_NAME", "placera"),
        session_idle_minutes=_int("PLACERA_SESSION_IDLE_MINUTES", 30),
        session_max_hours=_int("PLACERA_SESSION_MAX_HOURS", 10),
        cookie_secure=os.environ.get("PLACERA_COOKIE_SECURE", "0") == "1",
        sign_in_slowdown_after=_int("PLACERA_SIGNIN_SLOWDOWN_AFTER", 3),
        sign_in_lock_after=_int("PLACERA_SIGNIN_LOCK_AFTER", 6),
        sign_in_lock_minutes=_int("PLACERA_SIGNIN_LOCK_MINUTES", 15),
    )
