"""The hand-made worlds of the QĐ 766 indicators of groups 3-5 (tests/sql/index766/worlds.py),
built once per session."""

from __future__ import annotations

import pytest

from tests.sql.index766.worlds import absent_world, example_a_world, example_b_world, rules_world

BUILDS: dict = {}  # world name -> BuildResult (its checks), filled by the fixtures below


@pytest.fixture(scope="session")
def example_a(tmp_path_factory):
    con, BUILDS["example_a"] = example_a_world(tmp_path_factory.mktemp("ex_a"))
    yield con
    con.close()


@pytest.fixture(scope="session")
def example_b(tmp_path_factory):
    con, BUILDS["example_b"] = example_b_world(tmp_path_factory.mktemp("ex_b"))
    yield con
    con.close()


@pytest.fixture(scope="session")
def rules(tmp_path_factory):
    con, BUILDS["rules"] = rules_world(tmp_path_factory.mktemp("rules"))
    yield con
    con.close()


@pytest.fixture(scope="session")
def absent(tmp_path_factory):
    con, res = absent_world(tmp_path_factory.mktemp("absent"))
    BUILDS["absent"] = res
    yield con, res
    con.close()
