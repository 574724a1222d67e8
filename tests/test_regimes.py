from pathlib import Path

import pytest
from pydantic import ValidationError

from model.assistance import Regime
from model.categories import Category
from model.errors import DecertsimInputError, RegimeError
from runs.catalog import REGIMES_DIR, regime_names

SHIPPED = (
    "certified",
    "waivers",
    "full_cutoff",
    "late_waiver",
    "history_2016_2025",
    "conditional_recertification",
)


def write(tmp_path: Path, text: str, name: str = "custom.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- shipped regimes -------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(REGIMES_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_shipped_regime_file_loads(path):
    regime = Regime.from_file(path)
    assert regime.name == path.stem
    assert regime.description
    assert regime.decision, "every shipped regime starts with a decision"


def test_shipped_regimes_are_all_the_files(regimes_dir):
    # SHIPPED (used by the tests below) must name every file, and the CLI must list them all
    assert {p.stem for p in regimes_dir.glob("*.toml")} == set(SHIPPED)
    assert regime_names() == sorted(SHIPPED)


def test_regime_round_trips_through_canonical_json(load_regime):
    for name in SHIPPED:
        regime = load_regime(name)
        # The display title is not part of what a regime does (nor of its run ids).
        assert Regime.model_validate_json(regime.canonical()) == regime.model_copy(
            update={"title": None}
        )


def test_every_shipped_regime_has_a_display_title_and_ids_ignore_it(load_regime):
    for name in SHIPPED:
        regime = load_regime(name)
        assert regime.title and regime.display_name == regime.title
        renamed = regime.model_copy(update={"title": "Another title"})
        assert renamed.canonical() == regime.canonical()
    untitled = load_regime("full_cutoff").model_copy(update={"title": None})
    assert untitled.display_name == "full_cutoff"


# --- malformed regimes -------------------------------------------------------------------------

ALL_CATEGORY_NAMES = [c.value for c in Category]

MALFORMED = {
    "unknown_category": (
        """
name = "bad"
[[decision]]
month = "2025-09"
certified = false
waived = ["intel"]
""",
        ["decision[0].waived[0]", "'intel'", *ALL_CATEGORY_NAMES],
    ),
    "negative_money": (
        """
name = "bad"
[[schedule]]
categories = ["intelligence"]
start = "2026-01"
musd_per_year = -5
""",
        ["schedule[0].musd_per_year", "greater than or equal to 0", "-5"],
    ),
    "overlapping_schedule": (
        """
name = "bad"
[[schedule]]
categories = ["intelligence", "justice"]
start = "2026-01"
end = "2026-12"
share_of_baseline = 1.0
[[schedule]]
categories = ["justice"]
start = "2026-06"
share_of_baseline = 0.5
""",
        ["schedule[0]", "schedule[1]", "overlap", "justice", "one schedule entry per month"],
    ),
    "unknown_top_level_field": (
        """
name = "bad"
colour = "red"
""",
        ["'colour'", "unknown field", "name", "description", "decision", "schedule"],
    ),
    "bad_month": (
        """
name = "bad"
[[decision]]
month = "2025-13"
certified = true
""",
        ["decision[0].month", "2025-13", "pattern", r"(0[1-9]|1[0-2])"],
    ),
    "decisions_out_of_order": (
        """
name = "bad"
[[decision]]
month = "2026-01"
certified = false
[[decision]]
month = "2025-09"
certified = true
""",
        ["decision[1].month", "decision[0].month", "date order"],
    ),
    "toml_syntax": (
        """
name = "bad
[[decision]]
""",
        ["not valid TOML", "line 2"],
    ),
    "missing_level": (
        """
name = "bad"
[[schedule]]
categories = ["justice"]
start = "2026-01"
""",
        ["schedule[0]", "exactly one of share_of_baseline or musd_per_year"],
    ),
    "linear_without_end": (
        """
name = "bad"
[[schedule]]
categories = ["justice"]
start = "2026-01"
share_of_baseline = 0.5
shape = "linear"
""",
        ["schedule[0]", "needs an end month"],
    ),
    "unknown_rule_variable": (
        """
name = "bad"
[[rule]]
start = "2026-08"
when = "cooperation > 0.6 and popularity < 0.4"
then = { certified = true }
""",
        [
            "rule[0].when",
            "unknown rule variable 'popularity'",
            "cooperation",
            "armed_control_share",
        ],
    ),
    "unreadable_rule_condition": (
        """
name = "bad"
[[rule]]
start = "2026-08"
when = "cooperation is high"
then = { certified = true }
""",
        ["rule[0].when", "VARIABLE OP NUMBER", ">="],
    ),
    "rule_decision_unknown_category": (
        """
name = "bad"
[[rule]]
start = "2026-08"
when = "cooperation > 0.6"
then = { certified = false, waived = ["drones"] }
""",
        ["rule[0].then.waived[0]", "'drones'", "intelligence"],
    ),
    "certified_as_text": (
        """
name = "bad"
[[decision]]
month = "2025-09"
certified = "yes"
""",
        ["decision[0].certified", "valid boolean", "'yes'"],
    ),
    "lending_support_as_number": (
        """
name = "bad"
[[decision]]
month = "2025-09"
certified = false
lending_support = 1
""",
        ["decision[0].lending_support", "valid boolean", "got 1"],
    ),
    "share_as_boolean": (
        """
name = "bad"
[[schedule]]
categories = ["justice"]
start = "2026-01"
share_of_baseline = true
""",
        ["schedule[0].share_of_baseline", "valid number", "got True"],
    ),
    "bad_shape": (
        """
name = "bad"
[[schedule]]
categories = ["justice"]
start = "2026-01"
end = "2026-06"
share_of_baseline = 0.5
shape = "cubic"
""",
        ["schedule[0].shape", "'step'", "'linear'"],
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_regime_names_file_field_and_allowed_values(tmp_path, case):
    text, expected = MALFORMED[case]
    path = write(tmp_path, text, name=f"{case}.toml")
    with pytest.raises(RegimeError) as info:
        Regime.from_file(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert isinstance(info.value, DecertsimInputError)


def test_missing_regime_file_raises_regime_error(tmp_path):
    path = tmp_path / "nope.toml"
    with pytest.raises(RegimeError, match="no such regime file"):
        Regime.from_file(path)


def test_regimes_are_frozen(load_regime):
    regime = load_regime("waivers")
    with pytest.raises(ValidationError):
        regime.name = "other"
    assert regime.name == "waivers"


# --- rules and history -------------------------------------------------------------------------


def test_rule_condition_clauses():
    from model.assistance import parse_condition

    assert parse_condition("cooperation > 0.6 and armed_control_share <= 0.25") == [
        ("cooperation", ">", 0.6),
        ("armed_control_share", "<=", 0.25),
    ]
