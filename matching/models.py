"""Decision records (matchningsunderlag): a saved ranking and the chosen home with the secretary's motive."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text, func
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
    request: Mapped[dict | None] = mapped_column(JSONB(none_as_null=True))
    """The request as it was when the ranking was made (kind, legal basis, start, children, wishes)."""
    """The weights and thresholds the ranking was made with."""
    candidates: Mapped[list] = mapped_column(JSONB)
    """Every candidate considered, with its total, each criterion's score and reason, and warnings."""
    excluded: Mapped[list] = mapped_column(JSONB)
    """The excluded homes by reason, with counts."""
    chosen_home_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("foster_homes.id"))
    """The chosen home; null when the siblings are split (see ``split``)."""
    split: Mapped[dict | None] = mapped_column(JSONB(none_as_null=True))  # SQL NULL, not JSON null
    """The accepted split when no home could take the siblings together: each child with its home."""
    motive: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("(chosen_home_id IS NULL) <> (split IS NULL)", name="one_home_or_a_split"),
    )
