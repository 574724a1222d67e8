"""Adaptive ABC-SMC (Del Moral, Doucet and Jasra 2012) over a uniform prior in unit space.

Why this algorithm and not pyabc: docs/VALIDATION.md, "Calibration". In short: every
simulation goes through the batch runner's executors and a cache keyed by run id, so a killed
fit resumes without redoing a finished simulation and the same seed gives the same posterior;
the number of simulations per generation is fixed, so ``--budget`` is exact.

The algorithm, with ``N`` particles in the unit cube of :mod:`runs.priors`:

1. Generation 0: ``N`` draws from the prior, each simulated once; tolerance ``eps_0 = inf``.
2. Each later generation ``t``:

   a. **Tolerance**: ``eps_t`` is the distance below which a share :attr:`SMCSettings.alpha`
      of the living particles lie (the adaptive rule of Del Moral et al.: the effective sample
      size falls by the factor ``alpha``). Particles above it get weight 0.
   b. **Resampling**: when the effective sample size is below ``N / 2``, systematic
      resampling back to ``N`` equally weighted particles.
   c. **Move**: one Metropolis-Hastings step per living particle with the ABC likelihood
      ``1[d <= eps_t]``: a Gaussian random walk whose covariance is :attr:`kernel_scale`
      (2, Beaumont et al. 2009) times the weighted covariance of the living particles (plus a
      small ridge so that a collapsed dimension can still move), reflected at the faces of the
      unit cube (:func:`reflect`). Reflection keeps the kernel symmetric, so the uniform prior
      and the kernel still cancel in the acceptance ratio, and every move is simulated: a walk
      that was cut at the faces instead (rejecting proposals outside the cube) lost most of its
      moves in six dimensions once the particles spread over their ranges, and stopped after
      two generations. A move is accepted when its distance is at most ``eps_t``.

3. Stop when the next generation would exceed the budget of simulations, when fewer than
   :attr:`min_acceptance` of the moves are accepted (the tolerance can no longer shrink
   usefully), or when the tolerance stops falling.

Every random draw comes from ``numpy.random.SeedSequence(seed, spawn_key=(generation, k))``,
and the per-simulation seeds as well: rerunning with the same seed replays the same proposals,
and the cache answers those already simulated.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

SEED_DRAWS = 0
SEED_SIMS = 1


@dataclass(frozen=True)
class Proposal:
    """A parameter set to simulate: its place, its unit-space point and the model's seed."""

    generation: int
    index: int
    unit: tuple[float, ...]
    seed: int


Simulator = Callable[[list[Proposal]], list[float]]
"""Distances of a batch of proposals, in the order given (NaN or inf for a failed run)."""


@dataclass(frozen=True)
class SMCSettings:
    """How the sampler runs.

    Attributes:
        particles: ``N``, particles per generation.
        budget: Most simulations in all (generation 0 costs ``N``).
        seed: The master seed.
        alpha: Share of living particles kept by each new tolerance.
        kernel_scale: Multiplier of the particles' covariance in the move kernel.
        min_acceptance: Stop when a generation accepts fewer moves than this share.
        ridge: Added to the kernel covariance's diagonal (unit space).
    """

    particles: int
    budget: int
    seed: int = 1
    alpha: float = 0.5
    kernel_scale: float = 2.0
    min_acceptance: float = 0.05
    ridge: float = 1e-4

    def __post_init__(self) -> None:
        """Reject settings that cannot run."""
        if self.particles < 2:
            raise ValueError("at least 2 particles")
        if self.budget < self.particles:
            raise ValueError(f"a budget of {self.budget} cannot pay {self.particles} particles")
        if not 0 < self.alpha < 1:
            raise ValueError("alpha must be in (0, 1)")


@dataclass
class Generation:
    """One generation's population after its move."""

    t: int
    epsilon: float
    unit: np.ndarray
    distance: np.ndarray
    weight: np.ndarray
    simulations: int
    proposed: int
    accepted: int

    @property
    def acceptance(self) -> float:
        """Share of proposed moves accepted (1 for generation 0)."""
        return self.accepted / self.proposed if self.proposed else math.nan

    def ess(self) -> float:
        """Effective sample size of the weights."""
        return effective_sample_size(self.weight)


@dataclass
class SMCResult:
    """What the sampler did and the final population."""

    generations: list[Generation] = field(default_factory=list)
    stopped: str = ""

    @property
    def final(self) -> Generation:
        """The last generation (the posterior sample)."""
        return self.generations[-1]

    @property
    def simulations(self) -> int:
        """Simulations run in all."""
        return sum(g.simulations for g in self.generations)


def effective_sample_size(weight: np.ndarray) -> float:
    """``1 / sum(w^2)`` of normalised weights (0 if all are 0)."""
    total = weight.sum()
    if total <= 0:
        return 0.0
    w = weight / total
    return float(1.0 / np.sum(w * w))


def _rng(seed: int, generation: int, stream: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(generation, stream)))


def _model_seeds(seed: int, generation: int, n: int) -> list[int]:
    state = np.random.SeedSequence(seed, spawn_key=(generation, SEED_SIMS)).generate_state(n)
    return [int(s) for s in state]


def systematic_resample(weight: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Indices of a systematic resample of ``len(weight)`` particles."""
    n = len(weight)
    cumulative = np.cumsum(weight / weight.sum())
    cumulative[-1] = 1.0
    points = (rng.random() + np.arange(n)) / n
    return np.searchsorted(cumulative, points, side="left")


def next_epsilon(distance: np.ndarray, weight: np.ndarray, alpha: float) -> float:
    """The tolerance keeping a share ``alpha`` of the living particles (by count)."""
    alive = np.sort(distance[(weight > 0) & np.isfinite(distance)])
    if alive.size == 0:
        return math.inf
    k = max(1, int(math.ceil(alpha * alive.size)))
    return float(alive[k - 1])


def reflect(u: np.ndarray) -> np.ndarray:
    """Fold points back into the unit cube by reflection at its faces (any distance out).

    ``1 - |1 - (u mod 2)|``: the identity inside [0, 1]; ``-0.2`` becomes ``0.2`` and ``1.3``
    becomes ``0.7``. A Gaussian step followed by this fold is a symmetric kernel on the cube.
    """
    return 1.0 - np.abs(1.0 - np.mod(u, 2.0))


def kernel_cholesky(unit: np.ndarray, weight: np.ndarray, scale: float, ridge: float) -> np.ndarray:
    """Cholesky factor of the move kernel's covariance (see the module docstring)."""
    w = weight / weight.sum()
    mean = w @ unit
    centred = unit - mean
    cov = (centred * w[:, None]).T @ centred
    cov = scale * cov + ridge * np.eye(unit.shape[1])
    return np.linalg.cholesky(cov)


def _simulate(simulate: Simulator, proposals: list[Proposal]) -> np.ndarray:
    if not proposals:
        return np.empty(0)
    values = np.asarray(simulate(proposals), dtype=float)
    if values.shape != (len(proposals),):
        raise ValueError(f"the simulator gave {values.shape} distances for {len(proposals)}")
    return np.where(np.isfinite(values), values, math.inf)


def abc_smc(d: int, simulate: Simulator, settings: SMCSettings) -> SMCResult:
    """Run the sampler over ``[0, 1]^d`` (see the module docstring).

    Args:
        d: Number of parameters.
        simulate: Distances of a batch of proposals (runs them, or reads them from a cache).
        settings: Particles, budget, seed and the tuning constants.

    Returns:
        Every generation and why the sampler stopped.
    """
    n = settings.particles
    result = SMCResult()
    rng = _rng(settings.seed, 0, SEED_DRAWS)
    unit = rng.random((n, d))
    seeds = _model_seeds(settings.seed, 0, n)
    proposals = [Proposal(0, i, tuple(unit[i]), seeds[i]) for i in range(n)]
    distance = _simulate(simulate, proposals)
    weight = np.where(np.isfinite(distance), 1.0, 0.0)
    result.generations.append(Generation(0, math.inf, unit, distance, weight, n, n, n))
    epsilon = math.inf
    t = 0
    while True:
        t += 1
        alive_before = int((weight > 0).sum())
        if alive_before < 2:
            result.stopped = "fewer than two particles left"
            break
        if result.simulations + n > settings.budget:  # a generation costs at most N
            result.stopped = f"budget of {settings.budget} simulations reached"
            break
        new_eps = next_epsilon(distance, weight, settings.alpha)
        if not new_eps < epsilon:
            result.stopped = f"tolerance stopped falling at {epsilon:.4g}"
            break
        epsilon = new_eps
        weight = weight * (distance <= epsilon)
        rng = _rng(settings.seed, t, SEED_DRAWS)
        if effective_sample_size(weight) < n / 2:
            idx = systematic_resample(weight, rng)
            unit, distance = unit[idx].copy(), distance[idx].copy()
            weight = np.ones(n)
        alive = np.flatnonzero(weight > 0)
        chol = kernel_cholesky(unit[alive], weight[alive], settings.kernel_scale, settings.ridge)
        moved = unit.copy()
        moved[alive] = reflect(unit[alive] + rng.standard_normal((alive.size, d)) @ chol.T)
        inside = [i for i in alive if np.all((moved[i] >= 0) & (moved[i] <= 1))]
        seeds = _model_seeds(settings.seed, t, n)
        proposals = [Proposal(t, i, tuple(moved[i]), seeds[i]) for i in inside]
        new_distance = _simulate(simulate, proposals)
        accepted = 0
        for i, dist in zip(inside, new_distance, strict=True):
            if dist <= epsilon:
                unit[i], distance[i] = moved[i], dist
                accepted += 1
        gen = Generation(
            t,
            epsilon,
            unit.copy(),
            distance.copy(),
            weight.copy(),
            len(inside),
            alive.size,
            accepted,
        )
        result.generations.append(gen)
        if gen.acceptance < settings.min_acceptance:
            result.stopped = f"acceptance {gen.acceptance:.1%} below {settings.min_acceptance:.0%}"
            break
    return result


def weighted_quantile(values: np.ndarray, weight: np.ndarray, q: float | np.ndarray) -> np.ndarray:
    """Quantile(s) ``q`` of ``values`` under normalised ``weight`` (inverse of the weighted CDF)."""
    order = np.argsort(values)
    v, w = values[order], weight[order] / weight.sum()
    cdf = np.cumsum(w) - 0.5 * w
    return np.interp(q, cdf, v)
