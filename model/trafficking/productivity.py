"""Cocaine yield per hectare by year: UNODC's productivity, a forcing from data (ODD 7.10; F3).

UNODC's potential production of Colombia rose faster than its coca area: 1,120 t from about
170,000 ha in 2018, 2,664 t from about 241,500 ha in 2023. The yield of a hectare (leaf per
plant, plants per hectare, the laboratories' efficiency) is not a mechanism of this model, so
its change over the years is read as data: ``model/data/coca_productivity.csv`` gives, for each
year from 2017 to 2023, UNODC's potential production over the mean of the two censuses that
bracket the year (31 December of the year before and of the year: the area that produced in
it), with the arithmetic in each row (``derived``).

The model uses the **index** of that yield over the reference year's, 2023, the year
``trafficking.yield_kg_per_ha_year`` was set from:

    yield(month) = trafficking.yield_kg_per_ha_year * index(calendar year of the month) ** w

with ``w`` = ``trafficking.yield_by_year``: 1, the default, follows the data; 0 holds 2023's
yield in every year (measured at the calibrated defaults: with 1 the hindcast gains the
potential-production rows of 2018-2020, by construction, and the Clan del Golfo's members of
2022-2023, whose cocaine income of 2018-2022 falls; it loses the seizures of 2020 and 2022;
docs/MISFITS.md).

Before the first year of the file its first index holds; from the reference year on the index
is 1 (no figure after 2023 was found), so runs that start in or after 2023 (the status quo
from September 2025) are unchanged. A year's index holds for its twelve months.

Because the yields are derived from ``cocaine_potential_t_unodc``, the scorecard's rows of that
series then test the model's coca area (and the forcing's consistency), not an independent
yield; docs/VALIDATION.md says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from model.calendar import month_label
from model.datafile import read_rows
from model.errors import DecertsimInputError

#: the yield-by-year file
PRODUCTIVITY_FILE = Path(__file__).resolve().parents[1] / "data" / "coca_productivity.csv"
#: the year whose yield ``trafficking.yield_kg_per_ha_year`` is (index 1)
REFERENCE_YEAR = 2023
#: confidence flags a forcing row may carry (a recalled yield is not read)
READ_FLAGS = ("verified", "derived")


class ProductivityDataError(DecertsimInputError, ValueError):
    """The yield-by-year file is missing a column or a year, or a value is malformed."""


@dataclass(frozen=True)
class YearYield:
    """One row of the yield file: a calendar year and its yield (kg pure cocaine / ha / year)."""

    year: int
    kg_per_ha_year: float
    confidence: str


def read_yields(path: Path = PRODUCTIVITY_FILE) -> tuple[YearYield, ...]:
    """Read the yields, checking that the years follow one another and include the reference.

    Raises:
        ProductivityDataError: naming the file, the line, the field and what is allowed.
    """
    columns = ("year", "yield_kg_per_ha_year", "confidence")
    rows = read_rows(path, columns, ProductivityDataError, "coca yields")
    yields: list[YearYield] = []
    for line, row in rows:
        try:
            item = YearYield(
                int(row["year"]), float(row["yield_kg_per_ha_year"]), row["confidence"]
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ProductivityDataError(
                f"{path}, line {line}: columns year (an integer), yield_kg_per_ha_year (a "
                f"number) and confidence are required ({exc})"
            ) from None
        if item.confidence not in READ_FLAGS:
            raise ProductivityDataError(
                f"{path}, line {line}: confidence {item.confidence!r}; allowed: "
                + ", ".join(READ_FLAGS)
            )
        if not item.kg_per_ha_year > 0:
            raise ProductivityDataError(
                f"{path}, line {line}: yield_kg_per_ha_year must be > 0, got {item.kg_per_ha_year}"
            )
        if yields and item.year != yields[-1].year + 1:
            raise ProductivityDataError(
                f"{path}, line {line}: year {item.year} does not follow {yields[-1].year}"
            )
        yields.append(item)
    if not any(y.year == REFERENCE_YEAR for y in yields):
        raise ProductivityDataError(f"{path}: no row for the reference year {REFERENCE_YEAR}")
    if yields[-1].year != REFERENCE_YEAR:
        raise ProductivityDataError(
            f"{path}: the last year must be the reference year {REFERENCE_YEAR}, "
            f"got {yields[-1].year}"
        )
    return tuple(yields)


class YieldIndex:
    """The yield index of a run, by the run's month (step) number (module docstring)."""

    def __init__(self, start_month: str, path: Path = PRODUCTIVITY_FILE) -> None:
        """Read the yields and index them on the reference year.

        Args:
            start_month: The run's ``simulation.start_month`` (``YYYY-MM``).
            path: The yield-by-year file.
        """
        self.start_month = start_month
        yields = read_yields(path)
        reference = next(y.kg_per_ha_year for y in yields if y.year == REFERENCE_YEAR)
        self.first_year = yields[0].year
        #: index by calendar year, ``first_year`` .. ``REFERENCE_YEAR``
        self.by_year = {y.year: y.kg_per_ha_year / reference for y in yields}

    def of_year(self, year: int) -> float:
        """The index of calendar ``year`` (first year's before the data, 1 from the reference)."""
        if year >= REFERENCE_YEAR:
            return 1.0
        return self.by_year[max(year, self.first_year)]

    def at(self, month: int) -> float:
        """The index in month ``month`` of the run (0 = the start month)."""
        return self.of_year(int(month_label(month, self.start_month)[:4]))
