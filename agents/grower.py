"""Coca growers: households that grow coca or licit crops (C5; F2, F3, F4).

One :class:`CocaGrower` stands for the households of one cell that grow coca, and owns
that cell's coca area. Each month it compares the expected net return of a hectare of coca
(less the risk of losing it to eradication, as far as that deters planting, ODD 7.9; plus the
pull of an armed group's coercion where one controls the cell, scaled by the farm-gate price of
coca relative to set-up, issue 11) with that
of licit crops (scaled by the economy, by alternative-development support where the state is
present, and by the share of the cell's people not confined this month, F9), and moves its coca
area part of the way toward the share of its land that the comparison favours. The government's
campaign then eradicates a share of its coca (``model.government.eradication``), of which growers
replant ``coca.replant_share`` at once.

:meth:`CocaGrower.returns` is the one place where the returns are computed. Each cell's coca
return is multiplied by its own ``premium``, the unobserved advantage of coca on that land (soil,
access to buyers, labour), calibrated once at set-up, after the trafficking's set-up fixed the
price index at 1, so that the coca of the start month is the rule's equilibrium under the start
month's conditions, price included (:meth:`CocaGrower.calibrate`): change then comes from the
mechanisms (a price that moves with seizures and demand among them), not from a start out of
balance with the rule (issue 10).

The growers never move and none is added or removed after set-up, so their state is kept in
:class:`GrowerRows`, one row per grower in numpy arrays, and each agent object is a view on its
row (as displaced households are, ``agents/migrant.py``). The month's rule runs for all of them
at once, in the agent set's order, in compiled loops (``agents/kernels_grower.py``:
``grower_returns`` and ``grower_step``, the rule's one implementation); an agent's own
:meth:`CocaGrower.returns` and :meth:`CocaGrower.step` run the same loops on its one row
(issue 15).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from mesa.discrete_space import FixedAgent

from agents import fpmath
from agents.kernels_grower import added_in_order, grower_returns, grower_step
from agents.mesa_paths import move_agents

if TYPE_CHECKING:  # pragma: no cover - type-only import
    from model.simulation import ColombiaModel

#: Largest share of its land a calibrated grower is put in equilibrium at (a start area that
#: would need all of it is held a little below, and declines toward it)
MAX_CALIBRATED_SHARE = 0.95


class GrowerRows:
    """The growers' state: one row per :class:`CocaGrower`, in the agent set's order."""

    def __init__(
        self, xs: np.ndarray, ys: np.ndarray, coca_ha: np.ndarray, potential_ha: np.ndarray
    ) -> None:
        """Rows for growers on cells ``(xs, ys)`` with ``coca_ha`` and room for ``potential_ha``."""
        self.x = np.asarray(xs, dtype=np.int64)
        self.y = np.asarray(ys, dtype=np.int64)
        #: hectares of coca of each grower
        self.coca_ha = np.array(coca_ha, dtype=float)
        #: hectares each grower could put in coca (its land for coca or licit crops)
        self.potential_ha = np.array(potential_ha, dtype=float)
        #: hectares this month's campaign eradicated of each
        self.eradicated_ha = np.zeros(len(self.x))
        #: each cell's unobserved advantage of coca over licit crops (1 until calibrated)
        self.premium = np.ones(len(self.x))
        self.all = np.arange(len(self.x), dtype=np.int64)

    def __len__(self) -> int:
        """Growers (rows)."""
        return len(self.x)

    def returns(self, model: ColombiaModel, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Expected net returns (US$/ha/month) of coca and of licit crops of ``slots``.

        See :meth:`CocaGrower.returns` for the rule.
        """
        m = model
        p = m.params.coca
        coca, licit = np.empty(len(slots)), np.empty(len(slots))
        grower_returns(
            slots,
            self.x,
            self.y,
            self.premium,
            m.government.eradication,
            m.presence,
            m.control.is_armed(),
            m.migration.confined_share,
            p.replant_share,
            p.eradication_deterrence,
            p.coca_net_usd_per_ha,
            p.coercion_bonus,
            m.trafficking.price_index,
            p.licit_net_usd_per_ha,
            m.inputs.economy,
            p.alt_dev_bonus,
            m.inputs.alt_development,
            coca,
            licit,
        )
        return coca, licit

    def step(self, model: ColombiaModel, slots: np.ndarray | None = None) -> None:
        """One month of the growers in ``slots`` (all by default), in order; events counted.

        See :meth:`CocaGrower.step` for the rule.
        """
        slots = self.all if slots is None else slots
        p = model.params.coca
        coca, licit = self.returns(model, slots)
        grower_step(
            slots,
            self.x,
            self.y,
            self.coca_ha,
            self.potential_ha,
            self.eradicated_ha,
            model.government.eradication,
            coca,
            licit,
            p.adjustment_rate,
            p.choice_sharpness,
            p.replant_share,
        )
        # each grower's eradication added in turn, as MonthEvents.add_each does, compiled
        events = model.events
        total = added_in_order(events.get("eradicated_ha"), self.eradicated_ha, slots)
        events.set_sums("eradicated_ha", total)

    def calibrate(self, model: ColombiaModel, slots: np.ndarray | None = None) -> None:
        """Set-up: the premium that puts each grower of ``slots`` at rest (ODD 5).

        See :meth:`CocaGrower.calibrate` for the rule. Elementwise over the rows (issue 15),
        each value by the same operations in the same order as :meth:`calibrate_by_grower`,
        the loop it replaced (``tests/test_agents.py`` compares them bit for bit); ``**`` is
        the C library's ``pow`` (``fpmath.power``) as Python's is.
        """
        slots = self.all if slots is None else slots
        p = model.params.coca
        a = p.adjustment_rate
        e = model.government.eradication[self.x[slots], self.y[slots]] * (1.0 - p.replant_share)
        kept = self.premium[slots]
        self.premium[slots] = 1.0
        coca, licit = self.returns(model, slots)
        area, potential = self.coca_ha[slots], self.potential_ha[slots]
        # a grower the rule cannot put at rest keeps its premium (NaN compares false, as there)
        still = (area <= 0) | (potential <= 0) | (a <= 0) | (e >= 1)
        with np.errstate(all="ignore"):  # values of the rows left out are discarded
            target = area * (1.0 - (1.0 - a) * (1.0 - e)) / (a * potential * (1 - e))
            # min(target, MAX): the bound only where it is smaller, NaN kept
            target = np.where(MAX_CALIBRATED_SHARE < target, MAX_CALIBRATED_SHARE, target)
            ratio = fpmath.power(target / (1.0 - target), 1.0 / p.choice_sharpness)
            premium = np.where(
                still, kept, np.where((coca > 0) & (licit > 0), ratio * licit / coca, 1.0)
            )
        self.premium[slots] = premium

    def calibrate_by_grower(self, model: ColombiaModel, slots: np.ndarray | None = None) -> None:
        """:meth:`calibrate` grower by grower (the reference it is tested against)."""
        slots = self.all if slots is None else slots
        p = model.params.coca
        a = p.adjustment_rate
        loss = model.government.eradication[self.x[slots], self.y[slots]] * (1.0 - p.replant_share)
        kept = self.premium[slots].tolist()
        self.premium[slots] = 1.0
        coca, licit = self.returns(model, slots)
        for n, i in enumerate(slots.tolist()):
            e, area, potential = float(loss[n]), float(self.coca_ha[i]), float(self.potential_ha[i])
            if area <= 0 or potential <= 0 or a <= 0 or e >= 1:
                self.premium[i] = kept[n]  # not calibrated: its premium stays
                continue
            target = area * (1.0 - (1.0 - a) * (1.0 - e)) / (a * potential * (1 - e))
            target = min(target, MAX_CALIBRATED_SHARE)
            c, lic = float(coca[n]), float(licit[n])
            if c > 0 and lic > 0:
                ratio = (target / (1.0 - target)) ** (1.0 / p.choice_sharpness)
                self.premium[i] = ratio * lic / c


class CocaGrower(FixedAgent):
    """Households on one cell choosing between coca and licit crops: a view on its row."""

    def __init__(self, model: ColombiaModel, cell, rows: GrowerRows, slot: int) -> None:
        """Create the growers of row ``slot`` of ``rows``, on ``cell``."""
        super().__init__(model)
        self.take_row(cell, rows, slot)

    def take_row(self, cell, rows: GrowerRows, slot: int) -> None:
        """The constructor after Mesa's registration (``model/made_at_once.py`` registers many)."""
        self.cell = cell
        self.rows = rows
        self.slot = slot
        self._one = np.array([slot], dtype=np.int64)

    @staticmethod
    def take_rows(growers: list[CocaGrower], grid: Any, rows: GrowerRows, first: int) -> None:
        """:meth:`take_row` for each of ``growers`` in turn, on rows ``first, first + 1, ...``.

        The set-up's growers (``model/made_at_once.py``), made at once (issue 15): none stands
        on a cell yet, so Mesa's ``FixedCell`` setter is Mesa's move, which ``move_agents``
        makes for all of them (the cells' agent lists in the same order, the ``empty`` layer),
        each row's cell ``grid[rows.x[slot], rows.y[slot]]``; then each gets its row and its
        ``_one`` as ``take_row`` gives them, the attributes in the same order (``_one`` a
        row of one ``[n, 1]`` array: the same dtype, shape and value).
        """
        end = first + len(growers)
        move_agents(grid, growers, rows.x[first:end].tolist(), rows.y[first:end].tolist())
        ones = np.arange(first, end, dtype=np.int64).reshape(-1, 1)
        for grower, slot, one in zip(growers, range(first, end), ones, strict=True):
            grower.rows = rows
            grower.slot = slot
            grower._one = one

    def _field(name: str, doc: str) -> property:  # noqa: N805 - a property factory
        def get(self: CocaGrower) -> float:
            return float(getattr(self.rows, name)[self.slot])

        def set_(self: CocaGrower, value: float) -> None:
            getattr(self.rows, name)[self.slot] = value

        return property(get, set_, doc=doc)

    coca_ha = _field("coca_ha", "Hectares of coca.")
    potential_ha = _field("potential_ha", "Hectares it could put in coca.")
    eradicated_ha = _field("eradicated_ha", "Hectares this month's campaign eradicated.")
    premium = _field("premium", "The cell's unobserved advantage of coca (1 until calibrated).")
    del _field

    def loss_share(self) -> float:
        """Share of its coca that this month's eradication removes for good (not replanted)."""
        m = self.model
        return float(m.government.eradication[self.cell.coordinate]) * (
            1.0 - m.params.coca.replant_share
        )

    def returns(self) -> tuple[float, float]:
        """Expected net returns (US$/ha/month) of coca and of licit crops on this cell.

        ``loss`` is :meth:`loss_share`; ``risk = 1 - exp(-12 * d * loss)`` the chance a hectare
        is lost to eradication within a year at this month's rate, weighed by ``d =
        coca.eradication_deterrence`` (how much that chance deters planting). Coca:
        ``coca_net_usd_per_ha * premium * (1 - risk) * (1 + coercion_bonus * armed) *
        price_index`` (``armed`` 1 where a group controls the cell; the farm-gate price
        relative to set-up: seizures' risk premium and demand, ODD 7.10). Licit:
        ``licit_net_usd_per_ha * economy * (1 + alt_dev_bonus * alt_development * presence) *
        (1 - confined_share)`` (the confined do not work, F9).
        """
        coca, licit = self.rows.returns(self.model, self._one)
        return float(coca[0]), float(licit[0])

    def share(self) -> float:
        """Share of its land that the returns favour: ``c**k / (c**k + l**k)``."""
        coca, licit = self.returns()
        k = self.model.params.coca.choice_sharpness
        return coca**k / (coca**k + licit**k) if coca + licit > 0 else 0.0

    def calibrate(self) -> None:
        """Set-up: the premium that makes the start area the rule's equilibrium (ODD 5).

        The area is at rest when ``coca = (coca + a * (s * P - coca)) * (1 - e)`` (``a`` the
        adjustment rate, ``P`` the potential, ``e`` the loss share), i.e. at the share
        ``s* = coca * (1 - (1 - a) * (1 - e)) / (a * P * (1 - e))`` (at most
        ``MAX_CALIBRATED_SHARE``); the premium is the factor on coca's return that gives ``s*``:
        ``(s* / (1 - s*)) ** (1 / k) * licit / coca``, with ``coca`` and ``licit`` the returns
        of :meth:`returns` at a premium of 1 at set-up (the price index, 1 once
        ``Trafficking.start`` ran, included: a later price moves the grower off this rest).
        """
        self.rows.calibrate(self.model, self._one)

    def step(self) -> None:
        """Adjust coca area toward the return-favoured share, then suffer eradication.

        ``coca += adjustment_rate * (share * potential - coca)`` (:meth:`share`); this month's
        campaign eradicates ``coca * eradication`` of it, of which ``replant_share`` is
        replanted at once; the area never goes below zero.
        """
        self.rows.step(self.model, self._one)
