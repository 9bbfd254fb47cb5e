"""Matching settings (rules with defaults an administrator can change) and the engine's results as API models."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import ClassVar

from pydantic import BaseModel, Field, field_validator

from core.schemas import InputModel

CRITERIA = ("network", "school", "needs", "culture", "cost", "stability", "continuity")


class CriterionWeights(InputModel):
    network: float = Field(default=0.30, ge=0, le=1)
    school: float = Field(default=0.20, ge=0, le=1)
    needs: float = Field(default=0.20, ge=0, le=1)
    culture: float = Field(default=0.10, ge=0, le=1)
    cost: float = Field(default=0.10, ge=0, le=1)
    stability: float = Field(default=0.05, ge=0, le=1)
    continuity: float = Field(default=0.05, ge=0, le=1)


class MatchingSettings(InputModel):
    """Weights and thresholds of the matching engine. Defaults follow DOMAIN.md: network first, school,
    needs; own homes before bought ones through the cost criterion."""

    rule_key: ClassVar[str] = "matching"

    weights: CriterionWeights = Field(default_factory=CriterionWeights)
    kinship_first: bool = True
    """Network first: possible kinship homes rank before all others, and the queue places children in kin first."""
    protected_distance_km: float = Field(default=20, ge=0, le=500)
    """No home within this distance of a person the child is protected from (nor in their municipality)."""
    proximity_scale_km: float = Field(default=10, gt=0, le=200)
    """Distance at which closeness to a network person counts half."""
    sibling_near_km: float = Field(default=10, gt=0, le=200)
    """A split sibling group's homes count as near each other within this distance."""
    # Own homes' fees and allowances are the dated rate card's (foster_homes.rate_cards, foster_homes.prices).
    consultant_default_daily_price: Decimal = Field(default=Decimal("1500"), ge=0)
    """Used when a consultant home's agency has no contract price in force."""
    cost_floor_monthly: Decimal = Field(default=Decimal("15000"), ge=0)
    cost_ceiling_monthly: Decimal = Field(default=Decimal("60000"), gt=0)

    @field_validator("weights")
    @classmethod
    def _some_weight(cls, weights: CriterionWeights) -> CriterionWeights:
        if sum(weights.model_dump().values()) <= 0:
            raise ValueError("Minst ett kriterium måste ha en vikt större än 0.")
        return weights


class CriterionOut(BaseModel):
    criterion: str
    score: float
    weight: float
    contribution: float
    reason: str


class CandidateOut(BaseModel):
    home_id: uuid.UUID
    home_name: str
    home_kind: str
    total: float
    criteria: list[CriterionOut]
    warnings: list[str]
    kinship: bool
    distance_km: float | None
    """From the child's home address, when known (and visible to the reader)."""


class ExclusionGroupOut(BaseModel):
    reason: str
    count: int
    homes: list[dict]
    """The first homes excluded for this reason: id, name, and the specific detail."""


class SplitOut(BaseModel):
    explanation: str
    homes: list[dict]
    """Each child with the proposed home: child_id, child_name, home_id, home_name, total."""


class MatchesOut(BaseModel):
    request_id: uuid.UUID
    considered: int
    feasible: int
    candidates: list[CandidateOut]
    excluded: list[ExclusionGroupOut]
    split: SplitOut | None
    """When siblings must stay together but no home can take them all: the best split, said plainly."""


class AssignIn(InputModel):
    request_ids: list[uuid.UUID] | None = None
    """The requests to assign; all open requests when left out."""


class AssignedOut(BaseModel):
    request_id: uuid.UUID
    reference: str
    children: str
    """The children's first names."""
    home_id: uuid.UUID | None
    home_name: str | None
    score: float | None
    reason: str | None
    """Why the request stays unassigned."""


class AssignmentOut(BaseModel):
    method: str
    proven_optimal: bool
    total: float
    greedy_total: float
    proposal: list[AssignedOut]
    greedy: list[AssignedOut]
    seconds: float
    note: str


class DecisionRecordIn(InputModel):
    chosen_home_id: uuid.UUID | None = None
    accept_split: bool = False
    """Record the proposed split instead of one home (only when no home can take the siblings together)."""
    motive: str = Field(min_length=1, max_length=4000)
