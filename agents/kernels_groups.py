"""The armed groups' monthly check of their fronts' sizes, compiled (numba; issue 15).

:meth:`agents.armed.ArmedGroup.reorganize` walks a group's fronts only when one of them is too
large (it splits) or too small (it folds); most months none is, which it reads from the fronts'
table (``FrontRoster.table``). As numpy that was a comparison over the table, a selection, a
maximum and a minimum per group and month, whose calls cost more than the table's few hundred
rows; :func:`misfit_fronts` reads the rows in one call (integers only: nothing to round).
``tests/test_kernels_groups.py`` keeps the numpy form and compares.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def misfit_fronts(
    table: np.ndarray,
    owner_column: int,
    fighters_column: int,
    owner: int,
    largest: int,
    viable: int,
) -> int:  # pragma: no cover - compiled; guarded by tests/test_kernels_groups.py
    """How many of ``owner``'s rows have more than ``largest`` or fewer than ``viable`` fighters.

    0 also when ``owner`` has no row: either way its fronts need no walk.
    """
    count = 0
    for row in range(table.shape[0]):
        if table[row, owner_column] == owner:
            fighters = table[row, fighters_column]
            if fighters > largest or fighters < viable:
                count += 1
    return count
