"""Positions for a graph too large for the browser's physics, in linear time.

Force-directed layouts cost O(n²) per iteration (and networkx's need numpy,
which rolegraph does not depend on), so a 5,000-node page would spend minutes
settling. This layout is O(nodes + edges): the best-connected entities (the
hubs: roles, common skills) sit on a circle, every other entity is placed at
the mean position of the hubs it is linked to (an entity shared by two roles
lands between them), and entities that share an anchor are spread around it
on a sunflower spiral so they do not overlap. Entities no hub reaches are set
out on a grid below.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

GOLDEN = math.pi * (3 - math.sqrt(5))
SPACING = 38.0  # distance between neighbours on a spiral, in canvas pixels


def hub_layout(nodes: Sequence[str], edges: Sequence[tuple[str, str, str]], kinds: Mapping[str, str]) -> dict[str, tuple[float, float]]:
    """``{node: (x, y)}`` for every node (deterministic: same input, same picture)."""
    if not nodes:
        return {}
    adj: dict[str, set[str]] = defaultdict(set)
    for s, _p, o in edges:
        if s != o:
            adj[s].add(o)
            adj[o].add(s)
    ranked = sorted(nodes, key=lambda n: (-len(adj[n]), kinds.get(n, ""), n))
    n_hubs = max(1, min(len(nodes), int(math.sqrt(len(nodes)) / 2) + 1))
    hubs = [h for h in ranked[:n_hubs] if adj[h]] or ranked[:1]
    # Hubs of one kind next to each other on the circle.
    hubs.sort(key=lambda n: (kinds.get(n, ""), -len(adj[n]), n))
    radius = max(300.0, SPACING * math.sqrt(len(nodes)) * 1.6)
    pos: dict[str, tuple[float, float]] = {}
    for i, h in enumerate(hubs):
        angle = 2 * math.pi * i / len(hubs)
        pos[h] = (radius * math.cos(angle), radius * math.sin(angle)) if len(hubs) > 1 else (0.0, 0.0)

    # Breadth-first from the hubs: each entity is anchored on the positions of
    # the already-placed neighbours nearest the hubs.
    anchors: dict[tuple[str, ...], list[str]] = defaultdict(list)
    frontier = list(hubs)
    placed = set(hubs)
    while frontier:
        layer: dict[str, list[str]] = defaultdict(list)
        for u in frontier:
            for v in adj[u]:
                if v not in placed:
                    layer[v].append(u)
        for v in sorted(layer, key=lambda n: (kinds.get(n, ""), n)):
            key = tuple(sorted(layer[v])[:4])
            anchors[key].append(v)
        for key, members in sorted(anchors.items()):
            cx = sum(pos[k][0] for k in key) / len(key)
            cy = sum(pos[k][1] for k in key) / len(key)
            if len(key) == 1:
                # Push a single hub's own entities outwards, away from the centre.
                d = math.hypot(cx, cy) or 1.0
                cx, cy = cx + (cx / d) * SPACING * 2, cy + (cy / d) * SPACING * 2
            for j, v in enumerate(members, start=1):
                r = SPACING * math.sqrt(j)
                pos[v] = (cx + r * math.cos(j * GOLDEN), cy + r * math.sin(j * GOLDEN))
        placed.update(layer)
        frontier = list(layer)
        anchors.clear()

    rest = [n for n in nodes if n not in pos]
    if rest:
        ys = [p[1] for p in pos.values()]
        top = max(ys) + SPACING * 4
        xs = [p[0] for p in pos.values()]
        left = min(xs)
        cols = max(1, int(math.sqrt(len(rest)) * 2))
        for i, n in enumerate(sorted(rest, key=lambda n: (kinds.get(n, ""), n))):
            pos[n] = (left + (i % cols) * SPACING * 2, top + (i // cols) * SPACING)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}
