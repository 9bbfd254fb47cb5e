"""Small cells: a figure about fewer than three children is not shown to a reader who may not see children
(the budget group, the administrative assistant), since one child could be told from it. One rule for the
costs' children counts and costs per care day and for the indicators."""

from __future__ import annotations

SMALL_CELL = 3
"""Fewer children than this make a small cell."""


def shown(children: int) -> int | None:
    """The number of children, or None where it is a small cell (none at all is no one to tell apart)."""
    return children if children == 0 or children >= SMALL_CELL else None


def is_small(children: int) -> bool:
    return shown(children) is None
