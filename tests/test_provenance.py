"""The classifier of parameter sources and the generated counts in the docs (issues 10, 17)."""

from __future__ import annotations

import pytest

from model.params import Params, iter_fields
from model.params.markdown import parameters_markdown
from model.params.provenance import KINDS, classify, registry_provenance, source_kind
from model.params.provenance_docs import (
    ODD_BEGIN,
    ODD_END,
    expected_docs,
    odd_block,
    splice,
    validation_block,
)


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("calibrated: make calibrate on main 2f537cd", "calibrated"),
        ("assumed; scaled by hand so that FY2023 is near 168,000", "hand"),
        ("assumed; set by hand against the scorecard", "hand"),
        ("Reyes 2014 ...; 0 set by hand against the scorecard", "hand"),
        ("assumed, then rescaled by hand: 4% -> 1%", "hand"),
        ("assumed, then chosen by hand among 0.02 and 0.03 on the hindcast", "hand"),
        ("calibrated; rescaled by hand later", "calibrated"),
        ("assumed", "assumed"),
        ("assumed (Kalyvas 2006 zones)", "assumed"),
        ("assumed; F13: intelligence tells which shipments to stop", "assumed"),
        ("design", "design"),
        ("design: a scenario switch (no ceasefire after 2024)", "design"),
        ("Epstein 2002 (k = 2.3)", "model"),
        ("Flee (Suleimenova, Bell and Groen 2017): town weight 1", "model"),
        ("F17 (1996: up to 150% markup)", "data"),
        ("colombia_targets.csv (model/initial.py) unless set", "data"),
        ("recalled: wholesale price of cocaine in Colombia", "data"),
        ("the file's sources (Decrees 457 and 1168 of 2020)", "data"),
        ("a number someone liked", "unclassified"),
        ("", "unclassified"),
    ],
)
def test_source_kind_follows_the_documented_rules(source: str, kind: str) -> None:
    assert source_kind(source) == kind


def test_every_parameter_source_has_a_kind() -> None:
    prov = registry_provenance()
    assert prov.names.get("unclassified", []) == [], (
        "write these sources so a rule of model/params/provenance.py matches"
    )
    assert prov.total == sum(1 for _ in iter_fields(Params()))


def test_classify_keeps_registry_order_and_empty_kinds() -> None:
    prov = classify([("b", "assumed"), ("a", "assumed"), ("c", "F8")])
    assert prov.names["assumed"] == ["b", "a"]
    assert prov.names["data"] == ["c"]
    assert set(KINDS) <= set(prov.names)
    assert prov.count("calibrated") == 0 and prov.total == 3


def test_every_source_that_says_by_hand_is_listed_as_set_by_hand() -> None:
    hand = set(registry_provenance().names["hand"])
    for name, _, meta in iter_fields(Params()):
        says = "by hand" in meta["source"].lower()
        if says and not meta["source"].lower().startswith("calibrated"):
            assert name in hand, name
    block = validation_block()
    assert all(f"`{name}`" in block for name in hand)


def test_parameters_doc_lists_every_parameter_under_one_kind() -> None:
    text = parameters_markdown()
    summary = text.split("## Where the defaults come from", 1)[1].split("\n## `", 1)[0]
    prov = registry_provenance()
    for kind, names in prov.names.items():
        assert f"| {KINDS[kind]} | {len(names)} |" in summary
        for name in names:
            assert summary.count(f"`{name}`") == 1, name


def test_odd_block_quotes_the_counts() -> None:
    prov = registry_provenance()
    block = odd_block(prov)
    assert block.startswith(ODD_BEGIN) and block.endswith(ODD_END)
    assert f"Of {prov.total} parameters, {prov.count('assumed')} are assumed" in block
    assert f"{prov.count('hand')} were set by hand" in block


def test_splice_refuses_a_document_without_markers() -> None:
    with pytest.raises(ValueError, match="markers missing"):
        splice("no markers here", "x", ODD_BEGIN, ODD_END)
    assert splice(f"a{ODD_BEGIN}old{ODD_END}b", "new", ODD_BEGIN, ODD_END) == "anewb"


def test_odd_and_validation_counts_are_up_to_date() -> None:
    for path, expected in expected_docs().items():
        assert path.read_text(encoding="utf-8") == expected, (
            f"{path.name}'s generated parameter counts are stale: run make docs"
        )
