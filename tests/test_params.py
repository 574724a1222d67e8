import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from model.categories import Category
from model.errors import DecertsimInputError, ParamsError
from model.params import Params, iter_fields
from model.params.markdown import parameters_markdown

ROOT = Path(__file__).resolve().parents[1]
PARAMETERS_MD = ROOT / "docs" / "PARAMETERS.md"

LEAVES = list(iter_fields(Params()))


def test_defaults_validate():
    p = Params()
    assert Params.model_validate(p.model_dump()) == p
    assert Params.from_overrides({}) == p
    assert Params.from_overrides(None) == p


def test_iter_fields_covers_every_section():
    sections = {name.split(".")[0] for name, _, _ in LEAVES}
    assert sections == set(Params.model_fields)
    names = [name for name, _, _ in LEAVES]
    assert len(names) == len(set(names))
    for category in Category:
        assert f"capacity.{category.value}.delay_months" in names


@pytest.mark.parametrize(("name", "meta"), [(n, m) for n, _, m in LEAVES], ids=lambda v: str(v))
def test_every_leaf_has_unit_source_and_bounds(name, meta):
    assert meta["unit"].strip(), f"{name} has no unit"
    assert meta["source"].strip(), f"{name} has no source"
    assert meta["description"].strip(), f"{name} has no description"
    assert meta["bounds"], f"{name} has neither bounds nor a pattern"


@pytest.mark.parametrize(("name", "value", "meta"), LEAVES, ids=[n for n, _, _ in LEAVES])
def test_every_default_lies_within_its_bounds(name, value, meta):
    # pydantic does not validate defaults, so check them explicitly.
    b = meta["bounds"]
    if value is None:  # "from the data" (groups.<key>.members, model/initial.py)
        assert "from" in meta["description"], name
        return
    if "pattern" in b:
        assert re.fullmatch(b["pattern"], value), name
        return
    if "ge" in b:
        assert value >= b["ge"], name
    if "gt" in b:
        assert value > b["gt"], name
    if "le" in b:
        assert value <= b["le"], name
    if "lt" in b:
        assert value < b["lt"], name


@pytest.mark.parametrize(
    ("field", "value", "bound"),
    [
        ("armed.recruitment_rate", 0.5, "less than or equal to 0.2"),
        ("capacity.intelligence.delay_months", 0, "greater than 0"),
        ("security.n_units", 0, "greater than or equal to 1"),
        ("control.spillover", 1.5, "less than or equal to 1"),
        ("capacity.commercial_markup", -0.1, "greater than or equal to 0"),
        ("simulation.start_month", "2025-13", "pattern"),
    ],
)
def test_out_of_range_override_names_field_and_bound(field, value, bound):
    with pytest.raises(ParamsError) as info:
        Params.from_overrides({field: value})
    message = str(info.value)
    assert f"'{field}'" in message
    assert bound in message
    assert isinstance(info.value, DecertsimInputError)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("politics.next_cooperation", True, "valid number"),
        ("capacity.fiscal_backfill_share", "0.3", "valid number"),
        ("armed.front_size", 60.5, "valid integer"),
        ("armed.front_size", 60.0, "valid integer"),
        ("security.n_units", False, "valid integer"),
        ("simulation.start_month", 202510, "valid string"),
    ],
)
def test_types_are_strict(field, value, expected):
    with pytest.raises(ParamsError) as info:
        Params.from_overrides({field: value})
    assert f"'{field}'" in str(info.value) and expected in str(info.value)


def test_a_whole_number_is_a_real_number():
    assert (
        Params.from_overrides({"capacity.fiscal_backfill_share": 1}).capacity.fiscal_backfill_share
        == 1.0
    )


def test_out_of_range_nested_override_names_dotted_field():
    with pytest.raises(ParamsError) as info:
        Params.from_overrides({"armed": {"recruitment_rate": 0.5}})
    assert "'armed.recruitment_rate'" in str(info.value)
    assert "0.2" in str(info.value)


def test_every_bad_field_is_reported():
    with pytest.raises(ParamsError) as info:
        Params.from_overrides({"armed.recruitment_rate": 0.5, "security.lethality": -1})
    message = str(info.value)
    assert "2 problem(s)" in message
    assert "'armed.recruitment_rate'" in message
    assert "'security.lethality'" in message


def test_unknown_field_lists_allowed_fields():
    with pytest.raises(ParamsError) as info:
        Params.from_overrides({"armed.recruitment_rat": 0.02})
    message = str(info.value)
    assert "'armed.recruitment_rat'" in message
    assert "unknown field" in message
    for allowed in Params.model_fields["armed"].annotation.model_fields:
        assert allowed in message


def test_unknown_section_lists_sections():
    with pytest.raises(ParamsError) as info:
        Params.from_overrides({"armd.recruitment_rate": 0.02})
    message = str(info.value)
    assert "'armd'" in message
    for section in Params.model_fields:
        assert section in message


def test_wrong_type_raises_params_error():
    with pytest.raises(ParamsError, match="security.n_units"):
        Params.from_overrides({"security.n_units": "many"})


def test_dotted_and_nested_overrides_agree():
    dotted = Params.from_overrides(
        {
            "armed.recruitment_rate": 0.02,
            "armed.front_size": 80,
            "capacity.fiscal_backfill_share": 0.2,
            "capacity.intelligence.delay_months": 2.0,
        }
    )
    nested = Params.from_overrides(
        {
            "armed": {"recruitment_rate": 0.02, "front_size": 80},
            "capacity": {"fiscal_backfill_share": 0.2, "intelligence": {"delay_months": 2.0}},
        }
    )
    assert dotted == nested
    assert dotted.armed.recruitment_rate == 0.02
    assert dotted.armed.front_size == 80
    assert dotted.capacity.fiscal_backfill_share == 0.2
    assert dotted.capacity.intelligence.delay_months == 2.0
    assert dotted.digest() == nested.digest()
    # untouched values keep their defaults
    assert dotted.armed.kidnap_rate == Params().armed.kidnap_rate
    assert dotted.security == Params().security


def test_dotted_and_nested_keys_for_one_section_combine():
    p = Params.from_overrides({"armed.front_size": 80, "armed": {"recruitment_rate": 0.02}})
    assert p.armed.front_size == 80
    assert p.armed.recruitment_rate == 0.02


def test_partial_category_override_keeps_the_categorys_other_defaults():
    default = Params().capacity.intelligence
    p = Params.from_overrides({"capacity.intelligence.delay_months": 2.0})
    assert p.capacity.intelligence.delay_months == 2.0
    assert p.capacity.intelligence.baseline_musd_per_year == default.baseline_musd_per_year
    assert p.capacity.intelligence.us_dependence == default.us_dependence


def test_dotted_then_nested_subsection_merge_deeply():
    p = Params.from_overrides(
        {
            "capacity.intelligence.delay_months": 2.0,
            "capacity": {"intelligence": {"us_dependence": 0.5}},
        }
    )
    assert p.capacity.intelligence.delay_months == 2.0
    assert p.capacity.intelligence.us_dependence == 0.5


def test_from_overrides_does_not_modify_its_argument():
    armed = {"front_size": 80}
    Params.from_overrides({"armed": armed, "armed.recruitment_rate": 0.02})
    assert armed == {"front_size": 80}


def test_params_are_frozen():
    p = Params()
    with pytest.raises(ValidationError):
        p.armed.recruitment_rate = 0.1
    with pytest.raises(ValidationError):
        p.armed = p.armed
    with pytest.raises(ValidationError):
        p.capacity.intelligence.delay_months = 3.0
    assert p.armed.recruitment_rate == Params().armed.recruitment_rate


def test_digest_is_stable_and_tracks_values():
    assert Params().digest() == Params().digest()
    assert Params.from_overrides({"armed.kidnap_rate": 0.005}).digest() != Params().digest()


def test_capacity_baselines_add_up_to_fy2025_request():
    cap = Params().capacity
    total = sum(cap.category(c).baseline_musd_per_year for c in Category)
    assert total == pytest.approx(413.0)


def test_parameters_doc_is_up_to_date():
    assert PARAMETERS_MD.exists(), "generate it: python -m model.params > docs/PARAMETERS.md"
    assert PARAMETERS_MD.read_text(encoding="utf-8") == parameters_markdown(), (
        "docs/PARAMETERS.md is stale: python -m model.params > docs/PARAMETERS.md"
    )


def test_parameters_doc_has_a_row_per_parameter():
    text = parameters_markdown()
    for name, _, _ in LEAVES:
        assert f"| `{name}` |" in text


def test_full_control_threshold_below_control_threshold_is_refused() -> None:
    with pytest.raises(ParamsError, match="full_control_threshold"):
        Params.from_overrides({"control.full_control_threshold": 0.4})
    assert Params.from_overrides({"control.full_control_threshold": 0.5}).control
