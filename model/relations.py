"""Relations between armed groups: a small networkx graph the fronts consult before fighting.

Edges carry ``relation`` = ``"rival"`` or ``"allied"``. Default (assumed, from the 2024-2025
landscape in ``model/data/geo/armed_groups_long.csv``): every pair is rival except the ELN and the
Segunda Marquetalia lineage, allied in Nariño's Coordinadora Guerrillera del Pacífico.
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx

DEFAULT_ALLIANCES: frozenset[frozenset[str]] = frozenset({frozenset({"eln", "sm"})})


def build_relations(
    keys: tuple[str, ...], alliances: frozenset[frozenset[str]] = DEFAULT_ALLIANCES
) -> nx.Graph:
    """Complete graph over the group keys, each edge rival unless listed as an alliance."""
    graph = nx.Graph()
    graph.add_nodes_from(keys)
    for a, b in combinations(keys, 2):
        graph.add_edge(a, b, relation="allied" if frozenset({a, b}) in alliances else "rival")
    return graph


def fight(graph: nx.Graph, a: str, b: str) -> bool:
    """Whether fronts of groups ``a`` and ``b`` fight when they meet."""
    return a != b and graph.edges[a, b]["relation"] == "rival"
