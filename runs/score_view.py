"""The scorecard in a terminal: one table per family (at most 100 columns wide) and a summary.

Numbers are human-readable (226.5k, 0.67, 1.2M); relative errors and changes are percentages.
"""

from __future__ import annotations

import math
from typing import Any

from rich.console import Console
from rich.table import Table

from runs.scoring import FAMILIES, Record

WIDTH = 100
"""The tables never need more columns than this."""

#: (header, max width, justify) of the table's columns; widths plus one space each <= WIDTH
COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("target", 27, "left"),
    ("date", 16, "left"),
    ("observed", 8, "right"),
    ("model", 8, "right"),
    ("95% interval", 16, "left"),
    ("error", 6, "right"),
    ("tol.", 6, "right"),
    ("", 4, "left"),
)

KIND_TEXT: dict[str, str] = {
    "unknown series": "series not in the registry",
    "excluded": "not comparable (runs/series.py says why)",
    "outside span": "outside the simulated span",
    "no model outcome": "no model outcome yet",
    "recalled": "recalled (never scored)",
    "ambiguous": "two values for one period",
    "not applicable": "not applicable to this run",
}


def human(x: float | None) -> str:
    """A short number: 226.5k, 12.8k, 1.2M, 848, 12.3, 0.67."""
    if x is None or not math.isfinite(x):
        return "-"
    a = abs(x)
    if a >= 999_950_000:
        return f"{x / 1e9:.1f}G"
    if a >= 999_950:
        return f"{x / 1e6:.1f}M"
    if a >= 999.5:
        return f"{x / 1e3:.1f}k"
    if a >= 100:
        return f"{x:.0f}"
    if a >= 1:
        return f"{x:.3g}"
    return f"{x:.2g}"


def percent(x: float | None) -> str:
    """A signed percentage: +12%, -45%."""
    if x is None or not math.isfinite(x):
        return "-"
    return f"{x * 100:+.0f}%"


def error_text(x: float | None) -> str:
    """A relative error: +12%, -45%; x18.6 (the model 18.6 times the observed) beyond +999%."""
    if x is not None and math.isfinite(x) and x >= 9.995:
        return f"x{1 + x:.3g}"
    return percent(x)


def cells(r: Record, markup: bool = True) -> list[str]:
    """The table cells of one record (``markup``: colour pass and FAIL for rich)."""
    number = percent if r.criterion == "direction" else human
    interval = f"[{number(r.model_low)}, {number(r.model_high)}]"
    if r.criterion == "relative":
        observed, error = human(r.observed), error_text(r.relative_error)
        tol = f"±{r.tolerance:.0%}"
    elif r.criterion == "direction":
        observed, error, tol = percent(r.observed), "", f"±{r.tolerance:.0%}"
    else:
        sign = ">=" if r.criterion == "at_least" else "<="
        observed, error, tol = "", "", f"{sign}{human(r.tolerance)}"
    ok = "pass" if r.passed else "FAIL"
    if markup:
        ok = "[green]pass[/]" if r.passed else "[bold red]FAIL[/]"
    return [r.series, r.label, observed, number(r.model_mean), interval, error, tol, ok]


def family_table(family: str, records: list[Record]) -> Table:
    """One family's records as a table."""
    passed = sum(r.passed for r in records)
    table = Table(
        title=f"{family}: {passed} of {len(records)} passed",
        title_justify="left",
        box=None,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="bold",
    )
    for header, width, justify in COLUMNS:
        table.add_column(
            header, max_width=width, no_wrap=True, overflow="ellipsis", justify=justify
        )
    for r in records:
        table.add_row(*cells(r))
    return table


def summary_lines(summary: dict[str, Any], not_scored: list[Any]) -> list[str]:
    """The summary under the tables."""
    lines = []
    if summary["scored"]:
        lines.append(
            f"passed {summary['passed']} of {summary['scored']} targets ({summary['share']:.0%})"
        )
    else:
        lines.append("no target was scored")
    for family, s in summary["families"].items():
        share = f" ({s['share']:.0%})" if s["scored"] else ""
        lines.append(f"  {family}: {s['passed']} of {s['scored']}{share}")
    if not_scored:
        lines.append(f"not scored: {summary['not_scored']} (all listed in --json):")
        for kind, count in sorted(summary["not_scored_by_kind"].items(), key=lambda kv: -kv[1]):
            lines.append(f"  {count} {KIND_TEXT.get(kind, kind)}")
            if kind == "no model outcome":
                names = sorted({n.series for n in not_scored if n.kind == kind})
                lines.append(f"    ({', '.join(names)})")
    return lines


def print_scorecard(card: Any, console: Console) -> None:
    """Print a :class:`runs.score.Scorecard`: header, a table per family, summary."""
    if not console.is_terminal and console.width < WIDTH:
        console.width = WIDTH  # a pipe or a file: rich's 80-column default would squeeze
    meta = card.meta
    console.print(
        f"scorecard: regime {meta['regime']}, {meta['start']}..{meta['end']} "
        f"({meta['months']} months), {len(meta['seeds'])} seeds (master seed {meta['seed']}), "
        f"{meta['resolution']} grid; targets {meta['targets']}",
        highlight=False,
    )
    for family in FAMILIES:
        records = [r for r in card.records if r.family == family]
        if records:
            console.print()
            console.print(family_table(family, records))
    console.print()
    for line in summary_lines(card.summary(), card.not_scored):
        console.print(line, highlight=False, markup=False)
