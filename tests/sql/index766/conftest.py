"""The hand-made worlds of the QĐ 766 indicators of groups 3-5 (tests/sql/index766/worlds.py),
built once per session over sql/ (with stand-ins for shared models not merged yet)."""

from __future__ import annotations

import pytest

from tests.sql.index766.standins import sql_dir_with_standins
from tests.sql.index766.worlds import absent_world, example_a_world, example_b_world, rules_world

BUILDS: dict = {}  # world name -> BuildResult (its checks), filled by the fixtures below


@pytest.fixture(scope="session")
def sql_766(tmp_path_factory):
    return sql_dir_with_standins(tmp_path_factory.mktemp("sql766") / "sql")


@pytest.fixture(scope="session")
def example_a(tmp_path_factory, sql_766):
    con, BUILDS["example_a"] = example_a_world(tmp_path_factory.mktemp("ex_a"), sql_766)
    yield con
    con.close()


@pytest.fixture(scope="session")
def example_b(tmp_path_factory, sql_766):
    con, BUILDS["example_b"] = example_b_world(tmp_path_factory.mktemp("ex_b"), sql_766)
    yield con
    con.close()


@pytest.fixture(scope="session")
def rules(tmp_path_factory, sql_766):
    con, BUILDS["rules"] = rules_world(tmp_path_factory.mktemp("rules"), sql_766)
    yield con
    con.close()


@pytest.fixture(scope="session")
def absent(tmp_path_factory, sql_766):
    con, res = absent_world(tmp_path_factory.mktemp("absent"), sql_766)
    BUILDS["absent"] = res
    yield con, res
    con.close()
