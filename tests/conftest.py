"""Session-wide test settings: never touch the user's key or data folder. Also the small simulated
world (January 2022) and its API, used by tests/sources and tests/simulator."""

import os
from datetime import date

import pytest

from tests.sources.helpers import TOKEN
from tests.sql.worlds.due_soon import due_soon_db  # noqa: F401 - one build per session for sql, inspect, reports, flows

# The suite runs on every core (`-n auto` in pyproject) under `--dist loadgroup`. A session fixture
# is built once per worker that needs it, so the tests sharing an expensive one go to one worker:
# each such fixture names its group here. Every other test is grouped by its file, which keeps a
# module fixture (a hand-made warehouse) built once. Fixture name → group.
SHARED_FIXTURE_GROUPS = {
    "site": "reports_site",  # tests/reports/conftest.py: the hand-made warehouse and its site
    "fixture_db": "reports_site",
    "sim_year": "inspect_sim_year",  # tests/inspect/conftest.py: a simulated year, nightly run
}
MAX_WORKERS = 4  # each worker holds DuckDB files and simulations; more cores than that rarely pay


def pytest_xdist_auto_num_workers(config):
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        shared = [SHARED_FIXTURE_GROUPS[f] for f in item.fixturenames if f in SHARED_FIXTURE_GROUPS]
        group = shared[0] if shared else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))
    result = yield  # every other hook, xdist's among them, runs here
    _group_suffix_for_structured_node_ids(config, items)
    return result


def _group_suffix_for_structured_node_ids(config, items) -> None:
    """loadgroup schedules by a "@group" suffix that xdist 3.8 writes into `item._nodeid`; pytest
    9.2 reads node ids from the structured `item._id`, so the suffix was lost and the tests of a
    file went to any worker (module fixtures built twice, test_kills' closing figure wrong):
    pytest-dev/pytest-xdist#1386, fix proposed in #1388. Until it lands, the suffix is written
    where pytest 9 reads it; nothing is done where xdist's own suffix took effect."""
    if not config.getoption("loadgroup", default=False):
        return
    from _pytest.nodeid import NodeId  # noqa: PLC0415 — private, pytest ≥ 9.2 only

    for item in items:
        marks = item.iter_markers("xdist_group")
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in marks})
        suffix = "@" + "_".join(names)
        if names and not item.nodeid.endswith(suffix) and hasattr(item, "_id"):
            item._id = NodeId.parse(item.nodeid + suffix)


@pytest.fixture(autouse=True, scope="session")
def _isolated_env(tmp_path_factory):
    base = tmp_path_factory.mktemp("env")
    old = {k: os.environ.get(k) for k in ("MOTCUA_KEY_FILE", "MOTCUA_DATA_DIR", "PREFECT_HOME")}
    os.environ["MOTCUA_KEY_FILE"] = str(base / "pseudonym.key")
    os.environ["MOTCUA_DATA_DIR"] = str(base / "data")
    os.environ["PREFECT_HOME"] = str(base / "prefect")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def world():
    from simulator.generate import generate_world

    return generate_world(seed=5, scale=0.002, start=date(2022, 1, 1), end=date(2022, 1, 31))


@pytest.fixture()
def api(world):
    """A clean API over the world: (server, base_url)."""
    from simulator.api_server import serve_api

    server, url = serve_api(world, token=TOKEN)
    try:
        yield server, url
    finally:
        server.stop()
