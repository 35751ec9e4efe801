"""Roll-ups of the framework (docs/index-766.md §4): a record shared by several units counts once,
favourable in the roll-up when favourable in any unit (`rollup: any`, the default) or only when
favourable in every unit that counts it (`rollup: all`). Two made-up indicators (9.8 any, 9.9
all) are added to a copy of sql/ for this test; both state the same facts (March 2022):

| record | at B (tinh)   | at C (huyen)  |
|--------|---------------|---------------|
| K1     | favourable    | unfavourable  |
| K2     | favourable    | favourable    |
| K3     | unfavourable  | —             |

B: 2/3, C: 1/2. toan_tinh: 3 records (K1 once); any → K1, K2 favourable = 2/3; all → K2 only = 1/3.
"""

from __future__ import annotations

import shutil

import pytest

from pipelines.settings import SQL_DIR, connect
from pipelines.warehouse.build import build_database
from tests.sql.worlds.index766 import AGENCIES, B, C, D
from tests.warehouse.helpers import records_to_table, rows

FACTS = """SELECT
    '{id}' AS indicator_id, '2022-03' AS period_id, ma_don_vi, record_key,
    true AS in_denominator, is_favourable, CAST([] AS VARCHAR []) AS flags
FROM (VALUES ('{b}', 'K1', true), ('{c}', 'K1', false), ('{b}', 'K2', true), ('{c}', 'K2', true),
    ('{b}', 'K3', false)) AS made_up (ma_don_vi, record_key, is_favourable)"""

META = """name: ind_{name}
kind: index766_indicator
indicator_id: "{id}"
rollup: {rollup}
friendly_name_vi: Chỉ số giả định {id}
description_vi: Chỉ số giả định của kiểm thử.
materialized: view
sensitivity: cong_khai
depends_on: []
columns: {{}}
"""


@pytest.fixture(scope="module")
def rolled(tmp_path_factory):
    root = tmp_path_factory.mktemp("idx766_rollup")
    sql = root / "sql"
    shutil.copytree(SQL_DIR, sql)
    for ind_id, rollup in (("9.8", "any"), ("9.9", "all")):
        folder = sql / "index766" / f"ind_{ind_id.replace('.', '_')}"
        folder.mkdir()
        (folder / "query.sql").write_text(FACTS.format(id=ind_id, b=B, c=C), encoding="utf-8")
        name = ind_id.replace(".", "_")
        (folder / "metadata.yaml").write_text(META.format(name=name, id=ind_id, rollup=rollup), encoding="utf-8")
    raw = {"donvi": records_to_table("donvi", AGENCIES)}
    result = build_database(root / "rollup.duckdb", raw, D, [], sql_dir=sql)
    return connect(result.db_path, read_only=True)


def counts(con, ind_id, level, unit=None):
    got = rows(
        con,
        "SELECT numerator, denominator FROM index766_counts WHERE indicator_id = ? AND period_id = '2022-03' "
        "AND level = ? AND ma_don_vi IS NOT DISTINCT FROM ?",
        [ind_id, level, unit],
    )
    return (got[0]["numerator"], got[0]["denominator"])


def test_units_count_their_own_records(rolled):
    for ind_id in ("9.8", "9.9"):
        assert counts(rolled, ind_id, "tinh", B) == (2, 3)
        assert counts(rolled, ind_id, "huyen", C) == (1, 2)


def test_province_counts_a_shared_record_once(rolled):
    # d = 3 (K1 at B and C is one record), not 3 + 2 = 5
    assert counts(rolled, "9.8", "toan_tinh") == (2, 3)  # any: K1 (favourable at B), K2
    assert counts(rolled, "9.9", "toan_tinh") == (1, 3)  # all: K2 only
    assert rows(rolled, "SELECT rollup FROM index766_indicator_catalog WHERE indicator_id = '9.9'") == [
        {"rollup": "all"}
    ]
