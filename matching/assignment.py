"""Whole-queue assignment: place every open request at once for the greatest total score.

Kinship homes (a request's priority homes) come first: the objective adds a bonus larger than any score
difference, so the most children possible go to kin, and among such solutions the total score is highest.

Single-child requests only: a min-cost flow (networkx), exact for this bipartite problem. Sibling groups
that need several places in one home: an integer program (scipy's milp with HiGHS), solved to proven
optimality. Greedy by urgency is computed beside it, to show what the optimum gains.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

SCORE_SCALE = 1_000_000  # flow costs must be integers
PRIORITY_BONUS = 1.0  # larger than any difference of totals (0–1): priority homes win first, then scores


@dataclass(frozen=True)
class QueueItem:
    request_id: uuid.UUID
    size: int
    """Places needed in one home (the sibling group when it must stay together; else 1)."""
    urgency: int
    waiting_days: int
    scores: dict[int, float]
    """Feasible homes (by index into the capacities) and their total scores."""
    priority: frozenset[int] = frozenset()
    """Homes to prefer before any score (kinship homes: network first)."""


@dataclass
class Assignment:
    homes: dict[uuid.UUID, int | None]
    total: float
    method: str
    optimal: bool
    reasons: dict[uuid.UUID, str]


def keep_best(items: list[QueueItem], capacities: np.ndarray) -> list[QueueItem]:
    """Keep each request's best R homes that can hold it (R = number of requests). That loses no optimum:
    each other request fills at most one home, so one of the R is always still open to this request."""
    trimmed = []
    for item in items:
        fitting = [(home, score) for home, score in item.scores.items() if capacities[home] >= item.size]
        best = sorted(fitting, key=lambda pair: (pair[0] not in item.priority, -pair[1]))[: len(items)]
        trimmed.append(QueueItem(item.request_id, item.size, item.urgency, item.waiting_days, dict(best), item.priority))
    return trimmed


def _reasons(items: list[QueueItem], homes: dict[uuid.UUID, int | None], other: str) -> dict[uuid.UUID, str]:
    reasons = {}
    for item in items:
        if homes[item.request_id] is None:
            reasons[item.request_id] = "Inget hem uppfyller kraven." if not item.scores else other
    return reasons


def _value(item: QueueItem, home: int) -> float:
    return item.scores[home] + (PRIORITY_BONUS if home in item.priority else 0.0)


def assign_optimal(items: list[QueueItem], capacities: np.ndarray) -> Assignment:
    items = keep_best(items, capacities)
    if all(item.size == 1 for item in items):
        homes, optimal = _flow(items, capacities), True
        method = "min-cost flow"
    else:
        homes, optimal = _milp(items, capacities)
        method = "heltalsprogram (HiGHS)"
    total = sum(item.scores[homes[item.request_id]] for item in items if homes[item.request_id] is not None)
    return Assignment(homes, round(total, 6), method, optimal,
                      _reasons(items, homes, "Platserna gav större samlad nytta för andra förfrågningar."))


def _flow(items: list[QueueItem], capacities: np.ndarray) -> dict[uuid.UUID, int | None]:
    graph = nx.DiGraph()
    graph.add_node("source", demand=-len(items))
    graph.add_node("sink", demand=len(items))
    for r, item in enumerate(items):
        graph.add_edge("source", ("r", r), capacity=1, weight=0)
        graph.add_edge(("r", r), "sink", capacity=1, weight=0)  # staying unassigned costs nothing
        for home, score in item.scores.items():
            graph.add_edge(("r", r), ("h", home), capacity=1, weight=-round(_value(item, home) * SCORE_SCALE))
    for home in {home for item in items for home in item.scores}:
        graph.add_edge(("h", home), "sink", capacity=int(capacities[home]), weight=0)
    flow = nx.min_cost_flow(graph)
    result = {}
    for r, item in enumerate(items):
        chosen = [home for (kind, home), amount in ((k, v) for k, v in flow[("r", r)].items() if k != "sink") if amount]
        result[item.request_id] = chosen[0] if chosen else None
    return result


def _milp(items: list[QueueItem], capacities: np.ndarray) -> tuple[dict[uuid.UUID, int | None], bool]:
    pairs = [(r, home, _value(item, home)) for r, item in enumerate(items) for home in item.scores]
    if not pairs:
        return {item.request_id: None for item in items}, True
    homes = sorted({home for _, home, _ in pairs})
    home_row = {home: len(items) + k for k, home in enumerate(homes)}
    rows, cols, values = [], [], []
    for column, (r, home, _) in enumerate(pairs):
        rows += [r, home_row[home]]
        cols += [column, column]
        values += [1, items[r].size]
    matrix = coo_matrix((values, (rows, cols)), shape=(len(items) + len(homes), len(pairs))).tocsr()
    upper = np.concatenate([np.ones(len(items)), capacities[homes].astype(float)])
    result = milp(
        c=-np.array([score for _, _, score in pairs]),
        constraints=LinearConstraint(matrix, -np.inf, upper),
        integrality=np.ones(len(pairs)),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0},
    )
    chosen = {item.request_id: None for item in items}
    if result.x is not None:
        for column, (r, home, _) in enumerate(pairs):
            if result.x[column] > 0.5:
                chosen[items[r].request_id] = home
    return chosen, result.status == 0


def assign_greedy(items: list[QueueItem], capacities: np.ndarray) -> Assignment:
    """Most urgent first, longest waiting first among equals; each takes its best home with room left."""
    left = capacities.astype(int).copy()
    homes: dict[uuid.UUID, int | None] = {}
    total = 0.0
    for item in sorted(items, key=lambda i: (-i.urgency, -i.waiting_days)):
        options = [(_value(item, home), home) for home in item.scores if left[home] >= item.size]
        if options:
            _, home = max(options)
            left[home] -= item.size
            homes[item.request_id] = home
            total += item.scores[home]
        else:
            homes[item.request_id] = None
    return Assignment(homes, round(total, 6), "en i taget efter angelägenhet", False,
                      _reasons(items, homes, "De lämpliga hemmen hade redan tagits av mer brådskande förfrågningar."))
