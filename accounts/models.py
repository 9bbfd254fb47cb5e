"""Users and their API tokens."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, func, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.database import Base, Timestamps, UuidPrimaryKey


class User(UuidPrimaryKey, Timestamps, Base):
    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    """Also the sign-in name; stored in lower case."""
    unit: Mapped[str | None] = mapped_column(String(200), index=True)
    """The unit (enhet), e.g. "Familjevårdsenheten Spånga-Tensta": the follow-up lists' unit view."""
    team: Mapped[str | None] = mapped_column(String(200), index=True)
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    """SHA-256 of the secret in the user's calendar feed address (iCalendar of their due follow-ups)."""
    """The team within the unit, e.g. "Familjehemsteam Väst": the follow-up lists' team view."""
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(30)))
    password_hash: Mapped[str] = mapped_column(String(200))
    password_changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    """Bumped by administrators' edits only: signing in must not make an open edit form stale."""

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", lazy="raise", order_by="ApiToken.created_at")

    __table_args__ = (Index("uq_users_email", "email", unique=True),)


class ApiToken(UuidPrimaryKey, Base):
    """A personal token for integrations. Only its SHA-256 is kept; the token is shown once."""

    __tablename__ = "api_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    """The first characters, so a user can tell their tokens apart."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(back_populates="tokens", lazy="joined")


class UserSession(UuidPrimaryKey, Base):
    """A signed-in browser session. The cookie carries a random id; only its SHA-256 is kept here, so a
    copy of this table cannot be used to sign in."""

    __tablename__ = "user_sessions"

    id_hash: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    """Renewed on activity, at most about once a minute (not a write per request)."""
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("uq_user_sessions_id_hash", "id_hash", unique=True),)
