"""Golden digests guard results: a refactor leaves them identical (see ``tests/golden.py``)."""

from __future__ import annotations

import pytest

from tests.golden import case_ids, load_digests, run_digest

DIGESTS = load_digests()


@pytest.mark.parametrize("case", case_ids())
def test_results_match_the_golden_digest(case: str) -> None:
    assert case in DIGESTS, f"no golden digest for {case}: run `python -m tests.golden --write`"
    assert run_digest(case) == DIGESTS[case], (
        f"results of {case} changed. If the change of behaviour is deliberate, regenerate with "
        "`python -m tests.golden --write` and say why in the commit."
    )


def test_every_committed_digest_is_a_current_case() -> None:
    assert set(DIGESTS) == set(case_ids())
