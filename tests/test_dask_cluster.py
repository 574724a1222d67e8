"""Dask workers started by hand with docs/CLUSTER.md's settings (runs/dask_cluster.py).

The LocalCluster that DaskExecutor starts is checked in tests/test_runner.py. Here the
configuration file that docs/CLUSTER.md gives for ``dask worker`` is read from the document and
used by a fresh process (so no fork server of this test process is reused), whose nanny loads
``runs.dask_cluster`` as ``--preload-nanny``: the workers must see every setting, glibc's memory
defaults and the model imported before their first task.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from runs.dask_cluster import LOCAL_CLUSTER_CONFIG

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import json
from distributed import Client, LocalCluster
from runs.dask_cluster import describe_worker

if __name__ == "__main__":
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      preload_nanny=["runs.dask_cluster"]) as cluster, Client(cluster) as client:
        print(json.dumps(list(client.run(describe_worker).values())))
"""


def documented_yaml() -> str:
    """The Dask configuration file that docs/CLUSTER.md tells users to write."""
    text = (ROOT / "docs" / "CLUSTER.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
    assert len(blocks) == 1, "docs/CLUSTER.md should hold one yaml block"
    return blocks[0]


@pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server"
)
def test_workers_started_with_the_documented_configuration_get_every_setting(tmp_path):
    (tmp_path / "decertsim.yaml").write_text(documented_yaml())
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASK_")}
    env["DASK_CONFIG"] = str(tmp_path)
    (tmp_path / "start.py").write_text(SCRIPT)
    done = subprocess.run(
        [sys.executable, str(tmp_path / "start.py")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    workers = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(workers) == 2
    for worker in workers:
        for key, value in LOCAL_CLUSTER_CONFIG.items():
            assert worker["config"][key] == value, key
        assert worker["config"]["distributed.worker.multiprocessing-method"] == "forkserver"
        assert worker["malloc_trim_threshold"] is None  # Dask's 65536 removed by the file
        assert worker["model_imported"], "the fork server did not import the model"
        assert "'distributed', 'runs.single'" in worker["parent"]  # the preload's fork server


def test_describe_worker_reports_this_process():
    from runs.dask_cluster import describe_worker

    seen = describe_worker()
    assert set(seen) == {"config", "malloc_trim_threshold", "model_imported", "parent"}
    assert set(seen["config"]) == {
        *LOCAL_CLUSTER_CONFIG,
        "distributed.worker.multiprocessing-method",
    }
    assert seen["model_imported"]  # the tests import the model
