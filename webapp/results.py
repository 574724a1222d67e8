"""The results page: open a finished ``decertsim compare`` folder and read its report.

It lists the result folders (those holding an ``experiment.json``) under the results folder
(``decertsim app --results DIR``; ``results/`` by default) and shows the chosen one's findings
(the opening of its ``report.md``) and figures: fan charts, maps of the modal controller and of
the probability of armed control, capacity. It only reads: a folder without a report says which
command writes one.
"""

from __future__ import annotations

import os
from pathlib import Path

import solara

from runs.cli_app import RESULTS_ENV
from webapp.text import Note

#: Figures shown, in order, when the folder has them: (file, caption).
FIGURES: tuple[tuple[str, str], ...] = (
    ("fan_charts.png", "Outcomes over time: median and 5-95% band over seeds"),
    ("control_maps.png", "Who controls each cell in most seeds"),
    ("armed_control_maps.png", "Probability of armed control, and its difference to the baseline"),
    ("capacity.png", "State capacity per assistance category"),
)


def results_root() -> Path:
    """The folder the page lists (``$DECERTSIM_RESULTS``, else ``results`` here)."""
    return Path(os.environ.get(RESULTS_ENV) or "results")


def result_folders(root: Path, depth: int = 2) -> list[Path]:
    """Folders under ``root`` (itself included, ``depth`` levels down) with an experiment.json."""
    found = []
    if (root / "experiment.json").is_file():
        found.append(root)
    if depth > 0 and root.is_dir():
        for child in sorted(p for p in root.iterdir() if p.is_dir()):
            if child.name in ("runs", "maps", "failures"):
                continue
            found += result_folders(child, depth - 1)
    return found


def report_sections(text: str) -> tuple[str, str]:
    """The report's title line and its findings section (markdown), from report.md's text."""
    lines = text.splitlines()
    title = lines[0].lstrip("# ").strip() if lines else ""
    start = next((i for i, line in enumerate(lines) if line.strip() == "## Findings"), None)
    if start is None:
        return title, ""
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return title, "\n".join(lines[start + 1 : end])


@solara.component
def ResultsView():  # noqa: N802
    """Choose a result folder; show its findings and figures."""
    root = results_root()
    folders = {
        (str(p.relative_to(root)) if p != root else p.resolve().name): p
        for p in result_folders(root)
    }
    names = list(folders)
    chosen = solara.use_reactive(names[0] if names else None)
    Note(
        f"Result folders of `decertsim compare` under **{root}** "
        "(`decertsim app --results DIR` chooses another folder)."
    )
    if not names:
        solara.Info(
            f"No result folder under {root} yet. Run `decertsim compare --size smoke "
            f"--out {root}/smoke` (a minute), then reload this page."
        )
        return
    solara.Select("Result folder", values=names, value=chosen, classes=["results-select"])
    folder = folders.get(chosen.value or "", root)
    report = folder / "report.md"
    if not report.is_file():
        solara.Warning(f"{folder} has no report yet: run `decertsim report {folder}`.")
        return
    title, section = report_sections(report.read_text(encoding="utf-8"))
    with solara.Column(classes=["results-report"], style={"max-width": "1100px"}):
        Note(f"### {title}")
        Note(section, classes=["findings"])
        for name, caption in FIGURES:
            path = folder / name
            if path.is_file():
                Note(f"**{caption}** (`{name}`)")
                solara.Image(path.read_bytes(), width="100%", classes=[f"figure-{path.stem}"])
        solara.Text(f"Everything else: {report} and the CSV files next to it.")
