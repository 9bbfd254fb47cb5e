"""Decision records (matchningsunderlag): a saved ranking and the chosen home with the secretary's motive."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, ForeignKey, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from core.database import Base, UuidPrimaryKey


class DecisionRecord(UuidPrimaryKey, Base):
    __tablename__ = "decision_records"

    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement_requests.id"), index=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[uuid.UUID | None]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    settings: Mapped[dict] = mapped_column(JSONB)
    """The weights and thresholds the ranking was made with."""
    candidates: Mapped[list] = mapped_column(JSONB)
    """Every candidate considered, with its total, each criterion's score and reason, and warnings."""
    excluded: Mapped[list] = mapped_column(JSONB)
    """The excluded homes by reason, with counts."""
    chosen_home_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("foster_homes.id"))
    motive: Mapped[str] = mapped_column(Text)
