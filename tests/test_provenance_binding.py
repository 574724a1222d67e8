"""The calibration's cache is bound to the model's files, not to its commit or its products.

A finished ``make calibrate --publish`` writes the posterior and calibrated.toml under model/;
the calibration notebook's full mode then reads the same simulations back from the cache. That
failed on 2026-12-02 ("holds the simulations of another job") because the cache was bound to
the commit with a ``+dirty`` flag that the published products themselves raised.
"""

from __future__ import annotations

from runs import calibrate, provenance


def test_the_calibrations_products_do_not_make_the_model_dirty(monkeypatch):
    calls: list[tuple[str, ...]] = []

    def git(*args: str) -> str:
        calls.append(args)
        return "0123456789ab" if args[0] == "rev-parse" else ""

    monkeypatch.setattr(provenance, "_git", git)
    assert provenance.model_commit() == "0123456789ab"
    status = next(c for c in calls if c[0] == "status")
    for product in provenance.PRODUCTS:
        assert f":(exclude){product}" in status


def test_the_calibration_cache_is_bound_to_the_digest_and_records_the_commit(monkeypatch, tmp_path):
    monkeypatch.setattr(calibrate, "model_digest", lambda: "digest-of-model-files")
    options = calibrate.CalibrateOptions(out=tmp_path, budget=8, particles=4, seeds_per_particle=2)
    priors = calibrate.load_priors(options.priors)
    info = calibrate.manifest(options, priors, calibrate.fit_candidates(options))
    assert info["model"] == "digest-of-model-files"
