"""Process settings, read from the environment once."""

from __future__ import annotations

import functools
import os
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


@functools.cache
def get_settings() -> Settings:
    data_dir = os.environ.get("PLACERA_DATA_DIR") or platformdirs.user_data_dir("placera")
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or None,
        data_dir=Path(data_dir).expanduser().resolve(),
        database_name=os.environ.get("PLACERA_DATABASE_NAME", "placera"),
    )
