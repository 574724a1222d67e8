"""One home for a group: identity in model/groups.py, parameters in the section groups.<key>."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from model.errors import ParamsError
from model.groups import GROUP_KEYS, GROUP_LABELS, GROUPS, group_identity
from model.params import GroupParams, Params

GEO = Path(__file__).resolve().parents[1] / "model" / "data" / "geo"


def test_every_group_has_one_parameter_section_in_group_order():
    assert tuple(Params().groups.model_dump()) == GROUP_KEYS
    for key in GROUP_KEYS:
        assert isinstance(Params().groups.of(key), GroupParams)


def test_names_colours_and_labels_are_distinct():
    assert len({g.name for g in GROUPS}) == len(GROUPS)
    assert len({g.color.lower() for g in GROUPS}) == len(GROUPS)
    labels = [label for g in GROUPS for label in g.labels]
    assert len(labels) == len(set(labels))


def test_every_label_is_used_in_the_presence_data():
    with (GEO / "armed_groups_long.csv").open(encoding="utf-8") as fh:
        used = {row["group"] for row in csv.DictReader(fh)}
    for label, key in GROUP_LABELS.items():
        assert label in used, f"{key}: label '{label}' not in armed_groups_long.csv"
    for key in GROUP_KEYS:
        assert key in GROUP_LABELS.values(), f"{key} has no presence rows"


def test_unknown_group_key_names_the_known_ones():
    with pytest.raises(KeyError, match="known: egc, eln, emc, sm"):
        group_identity("farc")
    assert group_identity("eln").name == "ELN"


def test_group_members_override_sets_the_placed_members(make_model):
    m = make_model(seed=3, overrides={"groups.eln.members": 240, "groups.sm.members": 0})
    by_key = {g.key: g for g in m.groups}
    assert by_key["eln"].members == 240
    assert by_key["sm"].members == 0


def test_the_old_flat_member_names_are_refused():
    with pytest.raises(ParamsError, match=r"armed\.members_egc': unknown field"):
        Params.from_overrides({"armed.members_egc": 100})
