"""What ``run``, ``compare`` and ``report`` print: tables at most 100 columns wide, human numbers.

Numbers are formatted by :func:`runs.score_view.human` (226.5k, 0.67, 1.2M), the scorecard's
rule; months are labelled the one way used everywhere: "2027-08 (month 23)", month 0 being the
start month (2025-09 by default). ``compare`` prints the means at the last horizon, as many
regimes per table as fit, then the first findings of the report (``runs/findings.py``).
"""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.table import Table

from model.groups import GROUP_KEYS
from model.outcomes import KEY_OUTCOMES, outcome_registry
from runs.findings import finding_text, horizon_label, identical_text
from runs.report_md import ReportData
from runs.score_view import WIDTH, human

#: Width of a regime's column in ``compare``'s table (its title wraps on words).
REGIME_COLUMN = 11
#: Findings ``compare`` prints (report.md has them all).
FINDINGS_SHOWN = 5


def fit_width(console: Console) -> int:
    """The width tables may use: the terminal's, at most 100 (100 when writing to a file).

    A console that is not a terminal (a pipe, a file) is widened to 100 columns, since rich's
    80-column default would squeeze the tables.
    """
    if not console.is_terminal and console.width < WIDTH:
        console.width = WIDTH
    return min(console.width, WIDTH)


def _table(*headers: str, title: str | None = None) -> Table:
    table = Table(
        title=title,
        title_justify="left",
        box=None,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="bold",
    )
    for header in headers:
        table.add_column(header)
    return table


def month_heading(month: int, date: str) -> str:
    """'2027-08 (month 23)': the one way a month is labelled."""
    return f"{date} (month {month})"


def run_table(frame: pd.DataFrame, months: int) -> Table:
    """Key outcomes, U.S. assistance and capacities at the first and the last month of a run.

    Args:
        frame: The run's tidy rows (``month, date, outcome, value``).
        months: Months simulated.
    """
    dates = frame.drop_duplicates("month").set_index("month")["date"]
    last = months - 1
    table = _table("outcome", "unit", month_heading(0, dates[0]), month_heading(last, dates[last]))
    for column in table.columns[2:]:
        column.justify = "right"
    registry = outcome_registry(GROUP_KEYS)
    first_values = frame[frame["month"] == 0].set_index("outcome")["value"]
    last_values = frame[frame["month"] == last].set_index("outcome")["value"]
    shown = [*KEY_OUTCOMES, "us_assistance_musd"] + [
        n for n in registry if n.startswith("state_capacity_")
    ]
    for name in shown:
        table.add_row(
            name, registry[name].unit, human(first_values[name]), human(last_values[name])
        )
    return table


def compare_tables(data: ReportData, width: int) -> list[Table]:
    """Means at the last horizon: outcomes by regimes, split so each table fits ``width``."""
    horizon = max(data.experiment.horizons_within())
    last = data.summary[data.summary["horizon_months"] == horizon].set_index(["regime", "outcome"])
    outcomes = data.experiment.outcomes
    first = max(len("outcome"), *(len(o) for o in outcomes))
    per_table = max(1, (width - first - 1) // (REGIME_COLUMN + 1))
    title = f"mean across seeds at {horizon_label(horizon, data.start)}; intervals in report.md"
    tables = []
    for i in range(0, len(data.regimes), per_table):
        chunk = data.regimes[i : i + per_table]
        table = _table(title=title if i == 0 else None)
        table.add_column("outcome", no_wrap=True)
        for regime in chunk:
            table.add_column(data.titles.get(regime, regime), justify="right", width=REGIME_COLUMN)
        for outcome in outcomes:
            cells = [
                human(last.loc[(r, outcome), "mean"]) if (r, outcome) in last.index else ""
                for r in chunk
            ]
            table.add_row(outcome, *cells)
        tables.append(table)
    return tables


def print_compare(data: ReportData, console: Console) -> None:
    """The means table(s), then the first findings and the identical regimes, in plain words."""
    width = fit_width(console)
    for table in compare_tables(data, width):
        console.print(table, width=width)
        console.print()
    horizon = max(data.experiment.horizons_within())
    found = [f for f in data.findings if f.horizon == horizon]
    if found:
        console.print(
            f"Findings at {horizon_label(horizon, data.start)} "
            f"({min(len(found), FINDINGS_SHOWN)} of {len(found)}, largest first; all in "
            "report.md):",
            highlight=False,
        )
        for f in found[:FINDINGS_SHOWN]:
            text = finding_text(f, data.titles, data.experiment.baseline, markdown=False)
            console.print(f"- {text}", highlight=False, markup=False, width=width)
    for line in identical_text(data.groups, data.titles, data.start):
        console.print(line, highlight=False, markup=False, width=width)
