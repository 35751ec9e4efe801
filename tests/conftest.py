"""Session-wide test settings: never touch the user's key or data folder. Also the small simulated
world (January 2022) and its API, used by tests/sources and tests/simulator."""

import os
from datetime import date

import pytest

from tests.sources.helpers import TOKEN
from tests.sql.worlds.due_soon import due_soon_db  # noqa: F401 - one build per session for sql, inspect, reports, flows


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
