"""CLI commands (filled in by its own module owner)."""

from __future__ import annotations

COMMANDS: list = []
