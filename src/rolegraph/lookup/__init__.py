"""Finding and reading entities: names (:mod:`.names`), size and lists and
search (:mod:`.explore`), one entity and the sources of a fact (:mod:`.show`),
citations (:mod:`.citations`)."""

from __future__ import annotations

from .explore import Hit, Stats, list_entities, match_type, search, stats
from .names import resolve, resolve_as, suggest
from .show import Entity, Link, show, why

__all__ = ["Entity", "Hit", "Link", "Stats", "list_entities", "match_type", "resolve", "resolve_as", "search", "show", "stats", "suggest", "why"]
