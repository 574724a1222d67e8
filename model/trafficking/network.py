"""The route network: land cells, neighbours and least-cost routes to the exits (ODD 7.10).

Nodes are the land cells of the grid (1,484 at 0.25 degree, 9,262 at 0.1 degree); edges join
each cell to its eight neighbours (Moore), with their great-circle length in km. The graph is a
``networkx.Graph`` built once and turned into a ``scipy.sparse`` CSR array
(``nx.to_scipy_sparse_array``); :meth:`RouteNetwork.routes` weighs its edges
``km * (c[u] + c[v]) / 2`` for cell costs ``c`` in US$ per kg and km, and runs Dijkstra's
algorithm from every exit (``scipy.sparse.csgraph.dijkstra``'s, compiled:
``model/trafficking/kernels_routes.py``): the least-cost tree toward each exit, for every cell
at once.

:class:`Forest` lays several such trees (one per shipper and exit) side by side and sorts their
nodes by depth, so that cocaine moves down every tree at once level by level
(``model/trafficking/flows.py``; both compiled, ``model/trafficking/kernels.py``).

A network depends only on the landscape's land, coordinates and exits, and nothing changes it
after it is built (its arrays are read-only), so :func:`route_network` keeps the last few built,
keyed on those inputs: every model of a process on the same landscape shares one (building it
was about a fifth of a 0.25-degree model's set-up; issue 15).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

import networkx as nx
import numpy as np

from model.geo.geometry import haversine_km
from model.geo.landscape import ExitPoint
from model.trafficking.kernels import lay_out_forest
from model.trafficking.kernels_routes import edge_weights, least_cost_trees

#: the four neighbour offsets that, with their opposites, make the Moore neighbourhood
_HALF_MOORE = ((1, 0), (0, 1), (1, 1), (1, -1))
#: smallest edge weight (US$/kg): Dijkstra needs strictly positive weights
_MIN_WEIGHT = 1e-9
#: networks kept by :func:`route_network` (a process uses one or two landscapes; tests more)
_CACHE_SIZE = 4
_CACHE: OrderedDict[tuple, RouteNetwork] = OrderedDict()


@dataclass(frozen=True)
class Trees:
    """Least-cost trees toward each exit for one shipper.

    Attributes:
        cost: ``[exit, node]`` least cost (US$/kg) from each node to the exit (inf: unreachable).
        next_node: ``[exit, node]`` the next node toward the exit (-9999 at the exit and where
            the exit cannot be reached: scipy's convention).
    """

    cost: np.ndarray
    next_node: np.ndarray


class RouteNetwork:
    """Land cells as a networkx graph, and least-cost routes over it to the export points."""

    def __init__(
        self, land: np.ndarray, lat: np.ndarray, lon: np.ndarray, exits: tuple[ExitPoint, ...]
    ) -> None:
        """Build the graph of land cells (Moore neighbours, edge length in km).

        Args:
            land: Boolean ``[x, y]`` land mask.
            lat: ``[x, y]`` latitude of cell centres.
            lon: ``[x, y]`` longitude of cell centres.
            exits: Export points (each on a land cell).
        """
        self.shape = land.shape
        self.xs, self.ys = np.nonzero(land)
        self.n = len(self.xs)
        #: each node's index in a flattened ``[x, y]`` layer (C order)
        self.flat = np.ravel_multi_index((self.xs, self.ys), land.shape)
        self.node_of = np.full(land.shape, -1, dtype=np.int64)
        self.node_of[self.xs, self.ys] = np.arange(self.n)
        self.lat = lat[self.xs, self.ys]
        self.lon = lon[self.xs, self.ys]
        self.graph = nx.Graph()
        self.graph.add_nodes_from(range(self.n))
        for dx, dy in _HALF_MOORE:
            u, v = self._neighbour_pairs(dx, dy)
            km = haversine_km(self.lat[u], self.lon[u], self.lat[v], self.lon[v])
            self.graph.add_weighted_edges_from(
                zip(u.tolist(), v.tolist(), km.tolist(), strict=True), weight="km"
            )
        csr = nx.to_scipy_sparse_array(self.graph, nodelist=range(self.n), weight="km")
        self._csr = csr.tocsr()
        self._csr.sort_indices()
        self._rows = np.repeat(np.arange(self.n), np.diff(self._csr.indptr))
        self._cols = self._csr.indices
        self._indptr = self._csr.indptr
        self._km = self._csr.data.copy()
        self._neighbour_km = self._km_to_neighbours()
        self.exits = exits
        self.exit_nodes = np.array([self.node_of[e.x, e.y] for e in exits], dtype=np.int64)
        for array in (self.xs, self.ys, self.node_of, self.lat, self.lon, self._rows, self._km):
            array.setflags(write=False)  # shared by the models of a process (route_network)
        for array in (self.flat, self._cols, self._indptr, self._neighbour_km, self.exit_nodes):
            array.setflags(write=False)

    def at_nodes(self, layer: np.ndarray) -> np.ndarray:
        """``layer[xs, ys]``: an ``[x, y]`` layer's values at the nodes, ``[node]``.

        A take along the flattened layer, a quarter of the time of the 2-D gather (monthly in
        the trafficking step; issue 15), the same values.
        """
        return np.ravel(layer).take(self.flat)

    def to_grid(self, values: np.ndarray) -> np.ndarray:
        """A ``[node]`` array as an ``[x, y]`` layer (0 off land), float."""
        grid = np.zeros(self.shape)
        grid.ravel()[self.flat] = values  # a view of the new C-ordered grid
        return grid

    def _neighbour_pairs(self, dx: int, dy: int) -> tuple[np.ndarray, np.ndarray]:
        """Node pairs ``(u, v)`` of land cells ``(x, y)`` and ``(x + dx, y + dy)``."""
        x2, y2 = self.xs + dx, self.ys + dy
        width, height = self.shape
        inside = (x2 >= 0) & (x2 < width) & (y2 >= 0) & (y2 < height)
        u = np.flatnonzero(inside)
        v = self.node_of[x2[inside], y2[inside]]
        keep = v >= 0
        return u[keep], v[keep]

    def _km_to_neighbours(self) -> np.ndarray:
        """``[node, 9]`` length (km) of the edge toward each neighbour offset (``_offset``)."""
        table = np.zeros((self.n, 9))
        table[self._rows, self._offset(self._rows, self._cols)] = self._km
        return table

    def _offset(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Index 0..8 of the offset from node ``u`` to its neighbour ``v``."""
        return 3 * (self.xs[v] - self.xs[u] + 1) + (self.ys[v] - self.ys[u] + 1)

    def edge_km(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Length (km) of the edges from nodes ``u`` to their neighbours ``v``."""
        return self._neighbour_km[u, self._offset(u, v)]

    def routes(self, cell_cost: np.ndarray) -> Trees:
        """Least-cost trees from every node to every exit.

        Args:
            cell_cost: ``[node]`` cost of crossing each cell, US$ per kg and km (>= 0).

        Returns:
            The costs and next nodes toward each exit.
        """
        # np.maximum(km * 0.5 * (cell_cost[rows] + cell_cost[cols]), _MIN_WEIGHT), compiled
        weights = edge_weights(self._km, self._rows, self._cols, cell_cost, _MIN_WEIGHT)
        # the weights are symmetric, so the tree grown from an exit is the tree toward it;
        # scipy.sparse.csgraph.dijkstra's trees, compiled (kernels_routes.py: the same arrays)
        cost, pred = least_cost_trees(self._indptr, self._cols, weights, self.exit_nodes)
        return Trees(cost=cost, next_node=pred)


def route_network(
    land: np.ndarray, lat: np.ndarray, lon: np.ndarray, exits: tuple[ExitPoint, ...]
) -> RouteNetwork:
    """The :class:`RouteNetwork` of these inputs: built once, then shared (module docstring).

    The key is the inputs' content (shapes, bytes and exits), not their identity, so a
    landscape rebuilt with the same inputs finds its network too.
    """
    land = np.asarray(land, dtype=bool)
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    digest = hashlib.blake2b(digest_size=16)
    for array in (land, lat, lon):
        digest.update(repr(array.shape).encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    key = (digest.digest(), tuple(exits))
    network = _CACHE.get(key)
    if network is None:
        network = RouteNetwork(land, lat, lon, tuple(exits))
        _CACHE[key] = network
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return network


@dataclass(frozen=True)
class Forest:
    """Trees laid side by side, their nodes sorted by depth (deepest first).

    Tree ``t`` of the forest holds the nodes that can reach its exit; position ``i`` of the
    forest is node ``node[i]`` of tree ``tree[i]``. Levels are contiguous: the nodes of depth
    ``d`` occupy ``[bounds[k], bounds[k + 1])`` and their parents the next slice.

    Attributes:
        node: ``[position]`` the cell (network node).
        tree: ``[position]`` the tree (shipper * n_exits + exit).
        parent: ``[position]`` position of the next node toward the exit (-1 at roots).
        km_up: ``[position]`` length (km) of the edge to the parent (0 at roots).
        bounds: Level boundaries, deepest level first; the last slice holds the roots.
    """

    node: np.ndarray
    tree: np.ndarray
    parent: np.ndarray
    km_up: np.ndarray
    bounds: np.ndarray

    @property
    def roots(self) -> slice:
        """The positions of the roots (the exits)."""
        return slice(int(self.bounds[-2]), int(self.bounds[-1]))

    def subset(self, keep: np.ndarray) -> Forest:
        """The forest of the positions in ``keep`` (boolean).

        ``keep`` must hold every ancestor of every position it holds (a position feeds its path
        to the exit).
        """
        index = np.cumsum(keep) - 1
        parent = self.parent[keep]
        level = np.repeat(np.arange(len(self.bounds) - 1), np.diff(self.bounds))[keep]
        change = np.flatnonzero(np.diff(level)) + 1
        return Forest(
            node=self.node[keep],
            tree=self.tree[keep],
            parent=np.where(parent >= 0, index[np.maximum(parent, 0)], -1),
            km_up=self.km_up[keep],
            bounds=np.concatenate([[0], change, [int(keep.sum())]]),
        )


def build_forest(
    network: RouteNetwork, trees: list[Trees], sends: np.ndarray | None = None
) -> Forest:
    """Lay the trees of every shipper side by side and sort their nodes by depth.

    Positions run deepest first, and within a depth by tree, then node. One compiled pass
    (``model/trafficking/kernels.py: lay_out_forest``) numbers each node's depth and places it,
    so building a forest costs no Python loop over nodes.

    Args:
        network: The route network.
        trees: One :class:`Trees` per shipper, each ``[exit, node]``.
        sends: ``[tree, node]`` the nodes that send cocaine toward each tree's exit: the forest
            holds them and the nodes on their way, which is what :meth:`Forest.subset` of the
            positions carrying anything from them would keep (``Routes.build``). None: every
            node that reaches the exit.
    """
    cost = np.concatenate([t.cost for t in trees])  # [tree, node]
    nxt = np.concatenate([t.next_node for t in trees])
    reachable = np.isfinite(cost)
    sends = reachable if sends is None else reachable & sends
    node, tree, parent, km_up, bounds = lay_out_forest(
        nxt, sends, network.xs, network.ys, network._neighbour_km
    )
    return Forest(node=node, tree=tree, parent=parent, km_up=km_up, bounds=bounds)
