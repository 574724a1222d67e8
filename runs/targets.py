"""Observed targets: read and check a targets CSV (the columns of model/data/colombia_targets.csv).

Any CSV with the columns ``series,year,value,unit,source,url,confidence,note`` can be scored
(docs/VALIDATION.md, "Adding observations"). Every mistake is a :class:`TargetsError` naming the
file, the row (its line in the file; the header is line 1) and the column, so the command line
prints it without a traceback (exit 2):

* a missing column;
* an empty ``series``;
* a ``value`` that is not a number;
* a ``confidence`` other than ``verified``, ``derived`` or ``recalled`` (the flags of
  model/data/TARGETS_README.md); ``recalled`` rows are read but never scored;
* a ``year`` that is not a period (:mod:`runs.periods`), reported when the row would be scored.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from model.errors import DecertsimInputError
from runs.periods import Period, PeriodError, parse_period

COLUMNS: tuple[str, ...] = (
    "series",
    "year",
    "value",
    "unit",
    "source",
    "url",
    "confidence",
    "note",
)
"""Columns a targets file must have (others are ignored)."""

CONFIDENCE: tuple[str, ...] = ("verified", "derived", "recalled")
"""Allowed confidence flags; ``recalled`` rows are never scored."""

SHIPPED_TARGETS = Path(__file__).resolve().parents[1] / "model" / "data" / "colombia_targets.csv"
"""The project's targets file (the default of ``decertsim score --targets``)."""


class TargetsError(DecertsimInputError):
    """A targets file that cannot be read or has a malformed row."""


@dataclass(frozen=True)
class Target:
    """One row of a targets file.

    Attributes:
        file: The file it came from.
        row: Its line in the file (the header is line 1).
        series, year, value, unit, source, url, confidence, note: The columns.
    """

    file: str
    row: int
    series: str
    year: str
    value: float
    unit: str
    source: str
    url: str
    confidence: str
    note: str

    @property
    def recalled(self) -> bool:
        """Not read on any page: never a target (TARGETS_README.md)."""
        return self.confidence == "recalled"

    def where(self, column: str) -> str:
        """``FILE, row N, column C`` for messages."""
        return f"{self.file}, row {self.row}, column '{column}'"

    def period(self) -> Period:
        """The row's period.

        Raises:
            TargetsError: the ``year`` column is not a period.
        """
        try:
            return parse_period(self.year)
        except PeriodError as exc:
            raise TargetsError(f"{self.where('year')}: {exc}") from None


def _number(text: str, where: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise TargetsError(f"{where}: {text!r} is not a number (write 12833 or 0.67)") from None
    if not math.isfinite(value):
        raise TargetsError(f"{where}: {text!r} is not a finite number")
    return value


def load_targets(path: Path | str) -> list[Target]:
    """Read and check a targets file.

    Raises:
        TargetsError: the file is missing, unreadable, lacks a column or has a bad row.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TargetsError(f"cannot read targets file {path}: {exc}") from None
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise TargetsError(
            f"{path}, row 1 (header): missing column(s) {', '.join(repr(c) for c in missing)}; "
            f"a targets file needs the columns {','.join(COLUMNS)}"
        )
    reader.fieldnames = header
    targets: list[Target] = []
    for raw in reader:
        values = [v for v in raw.values() if isinstance(v, str)]
        if not any(v.strip() for v in values):
            continue  # a line of empty cells
        # the row's first line: its last line minus the line breaks inside quoted cells
        row = reader.line_num - sum(v.count("\n") for v in values)
        cells = {c: (raw.get(c) or "").strip() for c in COLUMNS}
        where = f"{path}, row {row}, column"
        if not cells["series"]:
            raise TargetsError(f"{where} 'series': empty series name")
        if not cells["year"]:
            raise TargetsError(f"{where} 'year': empty period")
        value = _number(cells["value"], f"{where} 'value'")
        confidence = cells["confidence"].lower()
        if confidence not in CONFIDENCE:
            raise TargetsError(
                f"{where} 'confidence': {cells['confidence']!r} is not a confidence flag; "
                f"allowed: {', '.join(CONFIDENCE)}"
            )
        targets.append(
            Target(
                file=str(path),
                row=row,
                series=cells["series"],
                year=cells["year"],
                value=value,
                unit=cells["unit"],
                source=cells["source"],
                url=cells["url"],
                confidence=confidence,
                note=cells["note"],
            )
        )
    return targets
