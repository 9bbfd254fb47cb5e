"""Accounts: user administration, sign-in with slow-down and lockout, and personal API tokens."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import secrets
import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from accounts.models import ApiToken, User, UserSession
from accounts.schemas import (
    CreatedToken,
    PasswordReset,
    TokenCreate,
    TokenOut,
    UserCreate,
    UserOut,
    UserUpdate,
    check_password,
)
from core import clock
from core.audit import AuditAction, authorize, changed_fields, record
from core.database import check_version, flush_or_conflict, get_or_404
from core.errors import ConflictError, DomainError, FieldError, InvalidInputError, NotFoundError
from core.permissions import Action, Actor, Role
from core.settings import get_settings

USER_NOT_FOUND = "Användaren finns inte."
TOKEN_PREFIX = "plc_"
_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("placera-dummy-password")


class SignInError(DomainError):
    status = 401
    title = "Inloggningen misslyckades"


def actor_for(user: User, *, request_id: str | None = None, client_address: str | None = None, via_token=False) -> Actor:
    return Actor(
        user_id=user.id,
        name=user.name,
        roles=frozenset(Role(role) for role in user.roles),
        request_id=request_id,
        client_address=client_address,
        via_token=via_token,
    )


# ---------------------------------------------------------------- administration

def _user_fields(user: User) -> dict:
    return {"name": user.name, "email": user.email, "unit": user.unit, "team": user.team, "roles": list(user.roles), "active": user.active}


async def create_user(session: AsyncSession, actor: Actor, data: UserCreate) -> UserOut:
    await authorize(session, actor, Action.USER_ADMIN, "user")
    user = User(
        id=uuid.uuid4(),
        name=data.name,
        email=data.email,
        unit=data.unit,
        team=data.team,
        roles=[str(role) for role in data.roles],
        password_hash=_hasher.hash(data.password),
    )
    session.add(user)
    record(session, actor, AuditAction.CREATE, "user", user.id, changes=changed_fields({}, _user_fields(user)))
    await flush_or_conflict(session, "Det finns redan en användare med den e-postadressen.")
    return UserOut.model_validate(user)


async def list_users(session: AsyncSession, actor: Actor) -> list[UserOut]:
    await authorize(session, actor, Action.USER_ADMIN, "user")
    users = list(await session.scalars(select(User).order_by(User.name, User.email)))
    record(session, actor, AuditAction.READ, "user", object_ids=[user.id for user in users])
    await session.flush()
    return [UserOut.model_validate(user) for user in users]


async def get_user(session: AsyncSession, actor: Actor, user_id: uuid.UUID) -> UserOut:
    await authorize(session, actor, Action.USER_ADMIN, "user", user_id)
    user = await get_or_404(session, User, user_id, USER_NOT_FOUND)
    record(session, actor, AuditAction.READ, "user", user.id)
    await session.flush()
    return UserOut.model_validate(user)


async def _active_admins_besides(session: AsyncSession, user_id: uuid.UUID) -> int:
    return await session.scalar(
        select(func.count()).where(User.active, User.roles.contains([Role.ADMIN.value]), User.id != user_id)
    ) or 0


async def update_user(session: AsyncSession, actor: Actor, user_id: uuid.UUID, data: UserUpdate) -> UserOut:
    await authorize(session, actor, Action.USER_ADMIN, "user", user_id)
    user = await get_or_404(session, User, user_id, USER_NOT_FOUND, for_update=True)
    check_version(user.version, data.version)
    before = _user_fields(user)
    stays_admin = data.active and Role.ADMIN in data.roles
    if Role.ADMIN.value in user.roles and user.active and not stays_admin:
        if not await _active_admins_besides(session, user.id):
            raise ConflictError("Det måste finnas minst en aktiv administratör.")
    deactivated = user.active and not data.active
    roles_changed = set(user.roles) != {str(role) for role in data.roles}
    user.name, user.unit, user.team, user.active = data.name, data.unit, data.team, data.active
    user.roles = [str(role) for role in data.roles]
    if deactivated or roles_changed:
        await _end_sessions(session, user.id)  # they sign in again, with what they may do now
    if deactivated:
        await _revoke_tokens(session, user.id)
    user.version += 1  # under the row lock taken above
    record(session, actor, AuditAction.UPDATE, "user", user.id, changes=changed_fields(before, _user_fields(user)))
    await flush_or_conflict(session, "Användaren har ändrats av någon annan samtidigt. Ladda om och försök igen.")
    return UserOut.model_validate(user)


async def reset_password(session: AsyncSession, actor: Actor, user_id: uuid.UUID, data: PasswordReset) -> UserOut:
    """Set a new password; it also ends the user's sessions and lifts a lockout."""
    await authorize(session, actor, Action.USER_ADMIN, "user", user_id)
    user = await get_or_404(session, User, user_id, USER_NOT_FOUND, for_update=True)
    check_version(user.version, data.version)
    try:
        check_password(data.password, name=user.name, email=user.email)
    except ValueError as error:
        raise InvalidInputError(FieldError("password", str(error))) from None
    user.password_hash = _hasher.hash(data.password)
    user.password_changed_at = clock.now()
    user.failed_sign_ins, user.locked_until = 0, None
    user.version += 1
    await _end_sessions(session, user.id)
    await _revoke_tokens(session, user.id)  # a reset may follow a leak: their integrations need new tokens
    record(session, actor, AuditAction.UPDATE, "user", user.id, changes={"password": ["***", "***"]})
    await flush_or_conflict(session, "Användaren har ändrats av någon annan samtidigt. Ladda om och försök igen.")
    return UserOut.model_validate(user)


# ---------------------------------------------------------------- sign-in

def _anonymous(email: str, request_id: str | None, client_address: str | None) -> Actor:
    return Actor(user_id=None, name=email[:200], roles=frozenset(), request_id=request_id, client_address=client_address)


async def authenticate(
    session: AsyncSession, email: str, password: str, *, request_id: str | None = None, client_address: str | None = None
) -> User:
    """Check a sign-in. Failures in a row first slow down, then lock the account for a while.

    Every attempt is logged. The same message answers a wrong e-mail and a wrong password.
    """
    settings = get_settings()
    email = email.strip().lower()
    user = await session.scalar(select(User).where(User.email == email).with_for_update())
    now = clock.now()
    # One answer for every failure (wrong password, unknown e-mail, locked or inactive account): saying
    # "locked" only for real accounts would tell anyone which e-mail addresses have one.
    failed = SignInError(
        "Fel e-postadress eller lösenord. Efter för många misslyckade försök i rad är ett konto tillfälligt låst "
        f"i {settings.sign_in_lock_minutes} minuter."
    )
    if user is not None and user.locked_until is not None and user.locked_until > now:
        _password_matches(_DUMMY_HASH, password)  # as long as any other failure takes
        record(session, _anonymous(email, request_id, client_address), AuditAction.SIGN_IN_FAILED, "user", user.id, detail="låst konto")
        await session.commit()  # sign-in's own commit: a failed attempt is kept although the request fails
        raise failed
    if not _password_matches(user.password_hash if user else _DUMMY_HASH, password) or user is None or not user.active:
        failures = 0
        if user is not None:
            user.failed_sign_ins += 1
            failures = user.failed_sign_ins
            if failures >= settings.sign_in_lock_after:
                user.locked_until = now + dt.timedelta(minutes=settings.sign_in_lock_minutes)
        record(
            session,
            _anonymous(email, request_id, client_address),
            AuditAction.SIGN_IN_FAILED,
            "user",
            user.id if user else None,
            detail="inaktivt konto" if user is not None and not user.active else None,
        )
        await session.commit()  # as above: the count and the log entry must outlive the refusal
        if failures > settings.sign_in_slowdown_after:
            # Each further failure waits longer (1, 2, 4 s …), which makes guessing slow before the lock.
            await asyncio.sleep(min(2 ** (failures - settings.sign_in_slowdown_after - 1), 8))
        raise failed
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_sign_ins, user.locked_until, user.last_sign_in_at = 0, None, now
    record(session, actor_for(user, request_id=request_id, client_address=client_address), AuditAction.SIGN_IN, "user", user.id)
    await session.flush()
    return user


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# ---------------------------------------------------------------- sessions

def _renew_after(idle: dt.timedelta) -> dt.timedelta:
    # last_seen_at is written at most this often, so a stale value cuts the idle time by at most this much.
    return min(dt.timedelta(minutes=1), idle / 10)


async def start_session(session: AsyncSession, user: User) -> str:
    """A new server-side session; returns the secret for the cookie (only its hash is stored)."""
    secret = secrets.token_urlsafe(32)
    now = clock.now()
    session.add(UserSession(id=uuid.uuid4(), id_hash=_token_hash(secret), user_id=user.id, created_at=now, last_seen_at=now))
    await session.flush()
    return secret


def _expires_at(row: UserSession) -> dt.datetime:
    settings = get_settings()
    return min(
        row.last_seen_at + dt.timedelta(minutes=settings.session_idle_minutes),
        row.created_at + dt.timedelta(hours=settings.session_max_hours),
    )


async def user_for_session(session: AsyncSession, secret: str, *, renew: bool = True) -> tuple[User, dt.datetime] | None:
    """The signed-in user and when the session runs out, unless it has ended, idled out, passed its
    absolute lifetime, or the user is deactivated. Activity (renew) pushes the idle limit on."""
    row = await session.scalar(select(UserSession).where(UserSession.id_hash == _token_hash(secret)))
    now = clock.now()
    if row is None or row.ended_at is not None or _expires_at(row) <= now:
        return None
    user = await session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    idle = dt.timedelta(minutes=get_settings().session_idle_minutes)
    if renew and now - row.last_seen_at >= _renew_after(idle):
        row.last_seen_at = now
        await session.flush()
    return user, _expires_at(row)


async def _end_sessions(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(
        update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None)).values(ended_at=clock.now())
    )


async def _revoke_tokens(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(
        update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None)).values(revoked_at=clock.now())
    )


async def record_sign_out(session: AsyncSession, actor: Actor) -> None:
    """Signing out ends every session of the user (all browsers), not just this cookie."""
    await _end_sessions(session, actor.user_id)
    record(session, actor, AuditAction.SIGN_OUT, "user", actor.user_id)
    await session.flush()


# ---------------------------------------------------------------- API tokens

def _token_hash(token: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough (unlike passwords, they cannot be guessed).
    return hashlib.sha256(token.encode()).hexdigest()


async def create_token(
    session: AsyncSession, actor: Actor, data: TokenCreate, *, for_user: uuid.UUID | None = None
) -> CreatedToken:
    """A new personal token; the plain token is returned this once. Admins may create one for another user."""
    owner_id = for_user or actor.user_id
    await authorize(session, actor, Action.OWN_TOKENS if owner_id == actor.user_id else Action.USER_ADMIN, "api_token")
    owner = await get_or_404(session, User, owner_id, USER_NOT_FOUND)
    if not owner.active:
        raise ConflictError("Användaren är inaktiverad.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = clock.now() + dt.timedelta(days=data.expires_in_days) if data.expires_in_days else None
    row = ApiToken(
        id=uuid.uuid4(), user_id=owner.id, name=data.name, token_hash=_token_hash(token), prefix=token[:10], expires_at=expires_at
    )
    session.add(row)
    record(session, actor, AuditAction.CREATE, "api_token", row.id, detail=f"token för {owner.email}")
    await flush_or_conflict(session, "Token kunde inte skapas. Försök igen.")
    await session.refresh(row)
    return CreatedToken(**TokenOut.model_validate(row).model_dump(), token=token)


async def list_tokens(session: AsyncSession, actor: Actor, *, all_users: bool = False) -> list[TokenOut]:
    await authorize(session, actor, Action.USER_ADMIN if all_users else Action.OWN_TOKENS, "api_token")
    statement = select(ApiToken).order_by(ApiToken.created_at.desc())
    if not all_users:
        statement = statement.where(ApiToken.user_id == actor.user_id)
    return [TokenOut.model_validate(token) for token in await session.scalars(statement)]


async def revoke_token(session: AsyncSession, actor: Actor, token_id: uuid.UUID) -> TokenOut:
    token = await session.get(ApiToken, token_id, with_for_update={"of": ApiToken})
    if token is None or (token.user_id != actor.user_id and not actor.can(Action.USER_ADMIN)):
        raise NotFoundError("Token finns inte.")
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        record(session, actor, AuditAction.CLOSE, "api_token", token.id, detail="återkallad")
        await session.flush()
    return TokenOut.model_validate(token)


async def user_for_token(session: AsyncSession, token: str) -> User | None:
    row = await session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
    now = clock.now()
    if row is None or row.revoked_at is not None or (row.expires_at is not None and row.expires_at <= now):
        return None
    if not row.user.active:
        return None
    if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=5):
        row.last_used_at = now  # at most one write per token every few minutes
        await session.flush()
    return row.user


# ---------------------------------------------------------------- for other domains

async def names_of(session: AsyncSession, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Names of staff, e.g. those assigned to a home (no audit entry: staff names are not case data)."""
    if not user_ids:
        return {}
    rows = await session.execute(select(User.id, User.name).where(User.id.in_(user_ids)).order_by(User.name))
    return {user_id: name for user_id, name in rows}


async def is_active_user(session: AsyncSession, user_id: uuid.UUID) -> bool:
    return bool(await session.scalar(select(User.active).where(User.id == user_id)))


async def team_and_unit(session: AsyncSession, user_id: uuid.UUID) -> tuple[str | None, str | None]:
    row = (await session.execute(select(User.team, User.unit).where(User.id == user_id))).first()
    return (row.team, row.unit) if row else (None, None)


async def users_in(session: AsyncSession, *, team: str | None = None, unit: str | None = None) -> list[uuid.UUID]:
    """Everyone in a team or a unit (the follow-up lists' team and unit views)."""
    statement = select(User.id)
    if team is not None:
        statement = statement.where(User.team == team)
    if unit is not None:
        statement = statement.where(User.unit == unit)
    return list(await session.scalars(statement))


async def staff_directory(session: AsyncSession, role: Role | None = None) -> list[tuple[uuid.UUID, str, str | None, str | None]]:
    """Active staff (id, name, team, unit), of one role if given, to pick a responsible worker from: names are
    not case data."""
    statement = select(User.id, User.name, User.team, User.unit).where(User.active.is_(True)).order_by(User.name)
    if role is not None:
        statement = statement.where(User.roles.any(role.value))
    rows = await session.execute(statement)
    return [tuple(row) for row in rows]


async def set_calendar_token_hash(session: AsyncSession, user_id: uuid.UUID, token_hash: str) -> None:
    user = await session.get(User, user_id)
    user.calendar_token_hash = token_hash


async def user_by_calendar_token_hash(session: AsyncSession, token_hash: str) -> User | None:
    return await session.scalar(select(User).where(User.calendar_token_hash == token_hash, User.active.is_(True)))


# ---------------------------------------------------------------- operators

async def find_user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == email.strip().lower()))
