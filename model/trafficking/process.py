"""The month of cocaine's road: production, routes, seizures, the hub, exports (ODD 3, 7.10).

:class:`Trafficking` is the process object (``model.trafficking``); each month
(:meth:`Trafficking.step`):

1. **Production.** Each cell's coca gives ``coca_ha * yield_kg_per_ha_year * index ** w / 12`` kg
   of cocaine, ``index`` the year's yield over 2023's (UNODC's productivity, a forcing from data:
   ``productivity.py``), ``w`` = ``trafficking.yield_by_year`` (1, on, by default); it is
   processed and stockpiled for a month (the **stock in transit**) and shipped the next.
2. **Hazards.** The hub's coordination moves (``hub.py``); the seizure hazard of every cell and
   exit follows from this month's capacity, presence and security units, and the flow shipped
   (enforcement swamping; ``interdiction.py``).
3. **Routes.** Each shipper's cost of every cell (``costs.py``) uses the hazard traffickers
   perceive. If those costs moved by more than ``recompute_threshold`` since the routes were last
   computed, the least-cost trees to every exit are recomputed (``network.py``) and with them the
   logit shares over routes (``flows.py``); otherwise last routes stand.
4. **Shipping.** Last month's stock moves down the trees with this month's (real) hazards:
   seized on the way, seized at the exit, or leaving Colombia; partner countries seize a share
   of what leaves (the hub); the rest is exported. Cocaine of cells that reach no exit stays in
   the stock in transit.
5. **Learning and prices.** Traffickers' perceived hazards move toward what they met
   (``risk_memory_months``); the seized share moves the prices (``prices.py``).

Kilograms are conserved: ``stock(t-1) + produced(t) = seized(t) + seized_partners(t) +
exported(t) + stock(t)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from agents import fpmath
from model.capacity import StateInputs
from model.geo.landscape import Landscape
from model.params import Params
from model.trafficking import costs
from model.trafficking.hub import RegionalHub
from model.trafficking.interdiction import cell_hazard, exit_hazards, exit_kind, swamping
from model.trafficking.kernels import index_routes
from model.trafficking.kernels_costs import kinds_month
from model.trafficking.kernels_logit import route_shares
from model.trafficking.kernels_passage import ship_down
from model.trafficking.network import Forest, RouteNetwork, Trees, build_forest, route_network
from model.trafficking.prices import CocaPrices
from model.trafficking.productivity import YieldIndex

#: routes carrying less than this share of a cell's cocaine are dropped (the logit is renormalized
#: over the others), so that the trees carry no negligible flows
MIN_ROUTE_SHARE = 1e-4

if TYPE_CHECKING:  # pragma: no cover - type-only imports
    from model.control import ControlState
    from model.forces import Forces


@dataclass(frozen=True)
class TraffickingMonth:
    """One month of cocaine flows (tonnes are per month; arrays are ``[x, y]`` kg).

    Attributes:
        potential_t: Cocaine produced this month (potential production).
        shipped_t: Cocaine shipped this month (last month's stock in transit).
        seized_t: Seized in Colombia (on the routes and at the exits).
        seized_partners_t: Seized by partner countries after leaving Colombia.
        exported_t: Left Colombia and was not seized by partners.
        in_transit_t: Stock in transit at the end of the month.
        produced_kg: Cocaine produced in each cell.
        through_kg: Cocaine passing through each cell (shipped from it or crossing it).
        kg_km: Kilograms times kilometres carried out of each cell.
        seized_kg: Cocaine seized in each cell (exits: also what is seized there).
        exit_arrivals_t: ``[exit]`` cocaine reaching each exit.
        exit_seized_t: ``[exit]`` cocaine seized at each exit.
        routes_recomputed: Whether the least-cost routes were recomputed this month.
    """

    potential_t: float
    shipped_t: float
    seized_t: float
    seized_partners_t: float
    exported_t: float
    in_transit_t: float
    produced_kg: np.ndarray
    through_kg: np.ndarray
    kg_km: np.ndarray
    seized_kg: np.ndarray
    exit_arrivals_t: np.ndarray = field(repr=False)
    exit_seized_t: np.ndarray = field(repr=False)
    routes_recomputed: bool = False

    @property
    def seized_share(self) -> float:
        """Share of the shipped cocaine seized in Colombia or by partners."""
        lost = self.seized_t + self.seized_partners_t
        return lost / self.shipped_t if self.shipped_t > 0 else 0.0


@dataclass(frozen=True)
class Routes:
    """The routes in use until the next recomputation: trees, logit shares, flat indices.

    Attributes:
        forest: Every kind of shipper's least-cost trees toward every exit.
        here: ``[position]`` index of (kind, node) in a flattened ``[kind, node]`` array.
        up: ``[position]`` the same for the next node toward the exit.
        share: ``[position]`` share of the node's cocaine (of that kind) sent to that exit.
    """

    forest: Forest
    here: np.ndarray
    up: np.ndarray
    share: np.ndarray

    @classmethod
    def build(
        cls, network: RouteNetwork, trees: list[Trees], shares: np.ndarray, n_exits: int
    ) -> Routes:
        """Index the forest of trees ``kind * n_exits + exit`` (``shares[tree, node]``).

        Positions no cocaine can reach (no node below them sends any share to that exit) are
        left out: they would carry nothing (:func:`build_forest` lays out only the sending nodes
        and those on their way).
        """
        forest = build_forest(network, trees, sends=shares > 0)
        # (tree // n_exits * n + node, the same for the parent's node, shares[tree, node]):
        # one compiled pass (kernels.py); a root's "up" is any node, its km_up is 0
        here, up, share = index_routes(forest.node, forest.tree, forest.parent, shares, n_exits)
        return cls(forest=forest, here=here, up=up, share=share)

    @cached_property
    def roots(self) -> int:
        """The first position of the roots (they come last; 0 in an empty forest)."""
        bounds = self.forest.bounds
        return int(bounds[-2]) if len(bounds) > 1 else 0

    @cached_property
    def narrow(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``here``, ``up`` and the forest's ``parent``, ``node`` and ``tree`` as int32.

        The same indices in half the bytes: the month's pass over every position
        (``kernels_passage.ship_down``) reads them from memory the rest of the month has filled
        the caches with, and reads less (issue 15). Made once per recomputation, at the first month.
        """
        f = self.forest
        return tuple(  # type: ignore[return-value]
            np.ascontiguousarray(a, dtype=np.int32)
            for a in (self.here, self.up, f.parent, f.node, f.tree)
        )


class Trafficking:
    """Cocaine's road through the grid: routes, seizures, the hub and prices (module docstring)."""

    def __init__(
        self, params: Params, landscape: Landscape, relations: nx.Graph, group_keys: tuple[str, ...]
    ) -> None:
        """Build the route network; nothing flows until :meth:`start`.

        Args:
            params: Parameters (``trafficking``, ``interdiction``, ``prices``).
            landscape: The landscape (land, coordinates, remoteness, exits).
            relations: Rivalry and alliance between groups (``model/relations.py``).
            group_keys: The groups, in actor order (1..G).
        """
        self.params = params
        self.shape = (landscape.width, landscape.height)
        # shared by every model on this landscape (built once per process)
        self.network = net = route_network(
            landscape.land, landscape.lat, landscape.lon, landscape.exits
        )
        self.exit_kinds = tuple(exit_kind(e) for e in landscape.exits)
        self.n_exits = len(landscape.exits)
        self.remoteness = landscape.layers["remoteness"][net.xs, net.ys]
        self.n_groups = len(group_keys)
        #: how each kind of shipper stands toward each group, and the kind of each shipper
        self.stances, self.kind_of = costs.shipper_kinds(
            costs.relation_matrix(relations, group_keys)
        )
        self.n_kinds = len(self.stances)
        t = params.trafficking
        #: the parameters of a cell's cost and of protection, in ``shipper_month``'s order
        self.cost_terms = np.array(
            [
                t.transport_usd_per_kg_km,
                t.terrain_weight,
                t.protection,
                t.rival_cost_usd_per_kg_100km,
                t.transit_tax_usd_per_kg_100km,
            ],
            dtype=float,
        )
        #: multiplier of each exit's hazard (1: as its kind says); experiments and tests raise
        #: the pressure on one corridor with it
        self.corridor_pressure = np.ones(self.n_exits)
        self.rate = 1.0 - math.exp(-1.0 / params.trafficking.risk_memory_months)
        self.pending_kg = np.zeros(self.shape)
        self.stranded_kg = 0.0
        self.perceived = np.zeros(net.n)
        self.perceived_exit = np.zeros(self.n_exits)
        self.routes: Routes | None = None
        self.costs_used = np.zeros((self.n_kinds, net.n))
        self.exit_costs_used = np.zeros(self.n_exits)
        #: times the least-cost routes were computed (set-up included)
        self.recomputations = 0
        self.hub: RegionalHub | None = None
        self.prices: CocaPrices | None = None
        self.month: TraffickingMonth | None = None
        #: the yield index by month of the run (``productivity.py``), and the months stepped
        self.yield_index = YieldIndex(params.simulation.start_month)
        self.months_run = 0
        #: the world's monthly production at its 2023 coca and yield: the flow the hazards were
        #: scaled at (the reference of enforcement swamping, ``interdiction.swamping``)
        self.reference_kg = float(
            landscape.layers["coca_ha_2023"].sum() * params.trafficking.yield_kg_per_ha_year / 12
        )
        #: this month's swamping factor on every seizure hazard
        self.swamping = 1.0

    # --- the month ------------------------------------------------------------------------------
    def start(
        self,
        coca_ha: np.ndarray,
        presence: np.ndarray,
        forces: Forces,
        control: ControlState,
        inputs: StateInputs,
    ) -> TraffickingMonth:
        """Set-up: a month of production in transit, routes, and a dry run of its shipping.

        The dry run gives the routes and flows the rents of the first month read and the seized
        share prices start from; it changes no stock.
        """
        produced = self.production(coca_ha, 0)
        self.pending_kg = produced.copy()
        self.hub = RegionalHub(inputs, self.params.interdiction)
        hazard, exit_hazard = self._hazards(presence, forces, inputs)
        self.perceived, self.perceived_exit = hazard.copy(), exit_hazard.copy()
        value = self.params.prices.export_usd_per_kg
        self.month = self._ship(produced, produced, control, hazard, exit_hazard, value)
        self.stranded_kg = 0.0  # a dry run moves nothing
        self.prices = CocaPrices(
            self.month.seized_share,
            self.params.trafficking.risk_memory_months,
            self.params.prices,
        )
        return self.month

    def step(
        self,
        coca_ha: np.ndarray,
        presence: np.ndarray,
        forces: Forces,
        control: ControlState,
        inputs: StateInputs,
    ) -> TraffickingMonth:
        """One month (module docstring): ship last month's stock, stock this month's production."""
        if self.hub is None or self.prices is None:
            raise RuntimeError("Trafficking.start must run before the first step")
        produced = self.production(coca_ha, self.months_run)
        self.months_run += 1
        self.hub.step(inputs)
        hazard, exit_hazard = self._hazards(presence, forces, inputs)
        shipped = self.pending_kg
        self.pending_kg = produced
        month = self._ship(
            shipped, produced, control, hazard, exit_hazard, self.prices.export_usd_per_kg
        )
        self.perceived += (hazard - self.perceived) * self.rate
        self.perceived_exit += (exit_hazard - self.perceived_exit) * self.rate
        self.prices.step(month.seized_share)
        self.month = month
        return month

    def production(self, coca_ha: np.ndarray, month: int) -> np.ndarray:
        """Cocaine produced in each cell in month ``month`` of the run (kg; 0 = start month)."""
        t = self.params.trafficking
        kg_per_ha_year = t.yield_kg_per_ha_year * self.yield_index.at(month) ** t.yield_by_year
        return coca_ha * kg_per_ha_year / 12.0

    @property
    def price_index(self) -> float:
        """The farm-gate price of coca relative to set-up (1 until the first month; growers)."""
        return self.prices.index if self.prices is not None else 1.0

    @property
    def in_transit_kg(self) -> float:
        """Stock in transit: this month's production, plus cocaine that can reach no exit."""
        return float(self.pending_kg.sum()) + self.stranded_kg

    # --- the parts -----------------------------------------------------------------------------
    def _hazards(
        self, presence: np.ndarray, forces: Forces, inputs: StateInputs
    ) -> tuple[np.ndarray, np.ndarray]:
        """This month's seizure hazard per km of every cell (``[node]``) and of every exit."""
        net = self.network
        units = forces.state - forces.police
        p = self.params.interdiction
        self.swamping = swamping(float(self.pending_kg.sum()), self.reference_kg, p)
        hazard = cell_hazard(net.at_nodes(presence), net.at_nodes(units), inputs, p)
        exits = exit_hazards(self.exit_kinds, inputs, p) * self.corridor_pressure
        return hazard * self.swamping, exits * self.swamping

    def _ship(
        self,
        shipped: np.ndarray,
        produced: np.ndarray,
        control: ControlState,
        hazard: np.ndarray,
        exit_hazard: np.ndarray,
        value: float,
    ) -> TraffickingMonth:
        """Route and ship ``shipped`` kg (``[x, y]``); ``produced`` is this month's output."""
        net = self.network
        # [group, node]: each group's share of each cell
        groups = control.group_shares_at(net.xs, net.ys)
        # each kind's standing (costs.standing), kg, costs.cell_costs and
        # costs.protected_hazard in one call (kernels_costs.py)
        kg, cell_cost, met = kinds_month(
            groups,
            self.stances,
            self.kind_of,
            self.remoteness,
            self.perceived,
            hazard,
            net.at_nodes(shipped),
            value,
            self.cost_terms,
        )
        recomputed = self._maybe_recompute(cell_cost, value * self.perceived_exit)
        routes = self.routes
        assert routes is not None
        forest = routes.forest
        here, up, parent, node, tree = routes.narrow
        # the cocaine down the trees, its seizures and its sums per cell, in one pass over the
        # positions (kernels_passage.py; the hazards' expm1 is the C library's, as fpmath's)
        source, through_kg, kg_km, seized_kg, arrived_kg = ship_down(
            kg.ravel(),
            met.ravel(),
            here,
            up,
            routes.share,
            forest.km_up,
            parent,
            node,
            tree,
            routes.roots,
            net.n,
            self.n_kinds * self.n_exits,
        )
        arrived = arrived_kg.reshape(self.n_kinds, self.n_exits).sum(axis=0)
        at_exit = arrived * -fpmath.expm1(-exit_hazard)
        leaving = float((arrived - at_exit).sum())
        partners = leaving * self.hub.partner_share if self.hub is not None else 0.0
        self.stranded_kg += float(kg.sum() - source.sum())
        seized_nodes = seized_kg + np.bincount(net.exit_nodes, weights=at_exit, minlength=net.n)
        return TraffickingMonth(
            potential_t=float(produced.sum()) / 1000.0,
            shipped_t=float(source.sum()) / 1000.0,
            seized_t=float(seized_nodes.sum()) / 1000.0,
            seized_partners_t=partners / 1000.0,
            exported_t=(leaving - partners) / 1000.0,
            in_transit_t=self.in_transit_kg / 1000.0,
            produced_kg=produced,
            through_kg=self._grid(through_kg),
            kg_km=self._grid(kg_km),
            seized_kg=self._grid(seized_nodes),
            exit_arrivals_t=arrived / 1000.0,
            exit_seized_t=at_exit / 1000.0,
            routes_recomputed=recomputed,
        )

    def _maybe_recompute(self, cell_cost: np.ndarray, exit_cost: np.ndarray) -> bool:
        """Recompute routes and their logit shares if costs moved enough (or never computed)."""
        if self.routes is not None:
            moved = np.abs(cell_cost - self.costs_used).sum() / self.costs_used.sum()
            moved_exit = np.abs(exit_cost - self.exit_costs_used).sum() / max(
                self.exit_costs_used.sum(), 1e-12
            )
            if max(moved, moved_exit) <= self.params.trafficking.recompute_threshold:
                return False
        trees = [self.network.routes(cost) for cost in cell_cost]
        scale = self.params.trafficking.logit_scale_usd_per_kg
        # flows.logit_shares of each kind's routes (with the exits' own costs), compiled whole
        shares = np.concatenate(
            [route_shares(tree.cost, exit_cost, scale, MIN_ROUTE_SHARE) for tree in trees]
        )
        self.routes = Routes.build(self.network, trees, shares, self.n_exits)
        self.costs_used = cell_cost.copy()
        self.exit_costs_used = exit_cost.copy()
        self.recomputations += 1
        return True

    def _grid(self, values: np.ndarray) -> np.ndarray:
        """A ``[node]`` array as an ``[x, y]`` layer (0 off land)."""
        return self.network.to_grid(values)
