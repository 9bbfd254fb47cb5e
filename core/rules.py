"""Rules a municipality may set differently, kept as data: one JSON document per rule set, with defaults.

Each rule set is a Pydantic model with a class-level ``rule_key``; until an administrator saves one, its defaults apply.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import DateTime, String, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from core.audit import AuditAction, authorize, changed_fields, record
from core.database import Base
from core.permissions import Action, Actor

RuleSet = TypeVar("RuleSet", bound=BaseModel)


class RuleSetting(Base):
    __tablename__ = "rule_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[dict] = mapped_column(JSONB)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), onupdate=func.now())


def _key(model: type[BaseModel]) -> str:
    return model.rule_key


async def load(session: AsyncSession, model: type[RuleSet]) -> RuleSet:
    """The saved rules, or the defaults."""
    saved = await session.scalar(select(RuleSetting.value).where(RuleSetting.key == _key(model)))
    return model.model_validate(saved) if saved is not None else model()


async def save(session: AsyncSession, actor: Actor, rules: RuleSet) -> RuleSet:
    await authorize(session, actor, Action.RULES_WRITE, "rule_settings", _key(type(rules)))
    before = await load(session, type(rules))
    row = await session.get(RuleSetting, _key(type(rules)), with_for_update=True)
    document = rules.model_dump(mode="json")
    if row is None:
        session.add(RuleSetting(key=_key(type(rules)), value=document, updated_by=actor.name))
    else:
        row.value, row.updated_by = document, actor.name
    record(
        session, actor, AuditAction.UPDATE, "rule_settings", _key(type(rules)),
        changes=changed_fields(before.model_dump(mode="json"), document),
    )
    await session.flush()
    return rules
