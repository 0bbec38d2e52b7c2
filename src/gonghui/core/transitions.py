"""The edge type shared by the domain state machines (items, hardship files)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    """One edge set of a state machine: ``action`` moves a record from any of
    ``sources`` to ``target``, done by a user whose role is in ``roles``."""

    action: str
    sources: frozenset[str]
    target: str
    roles: tuple[str, ...]
