"""Session-wide test settings: never touch the user's key or data folder."""

import os

import pytest


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
