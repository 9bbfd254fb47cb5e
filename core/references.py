"""Pseudonymous references (B-… child, F-… request, P-… placement): what a report may show instead of a name."""

from __future__ import annotations

import secrets


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_reference(prefix: str) -> str:
    """A pseudonymous reference, e.g. B-7K3QXM (child), F-… (request), P-… (placement)."""
    return prefix + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
