"""docs/PARAMETERS.md, rendered from :class:`model.params.Params` (``python -m model.params``)."""

from __future__ import annotations

from typing import Any

from model.params import Params, iter_fields
from model.params.provenance_docs import provenance_markdown


def _format_bounds(bounds: dict[str, Any]) -> str:
    if "pattern" in bounds:
        return f"pattern `{bounds['pattern']}`"
    low = (
        f"[{bounds['ge']}"
        if "ge" in bounds
        else (f"({bounds['gt']}" if "gt" in bounds else "(-inf")
    )
    high = (
        f"{bounds['le']}]" if "le" in bounds else (f"{bounds['lt']})" if "lt" in bounds else "inf)")
    )
    return f"{low}, {high}"


def parameters_markdown() -> str:
    """Render docs/PARAMETERS.md from Params (the file is generated; do not edit it by hand)."""
    lines = [
        "# Parameters",
        "",
        "Generated from `model/params/` by `python -m model.params > docs/PARAMETERS.md`; "
        "do not edit by hand (a test fails when this file is stale).",
        "",
        "Override any of them with `--set section.name=value` on the command line or in an "
        'experiment file. "assumed" means no published figure backs the default: treat it as an '
        "uncertainty to sweep.",
        "",
    ]
    lines += provenance_markdown()
    section = None
    for name, default, meta in iter_fields(Params()):
        top = name.split(".")[0]
        if top != section:
            section = top
            doc = (type(getattr(Params(), top)).__doc__ or "").strip().splitlines()[0]
            if lines[-1]:
                lines.append("")
            lines += [
                f"## `{top}`: {doc}",
                "",
                "| parameter | default | unit | range | source | meaning |",
                "| --- | --- | --- | --- | --- | --- |",
            ]
        row = [
            f"`{name}`",
            f"{default}",
            meta["unit"],
            _format_bounds(meta["bounds"]),
            meta["source"],
            meta["description"],
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    lines.append("")
    return "\n".join(lines)
