"""online_dossier_rate: hand-made cases over the dossier worlds (tests/sql/worlds/dossiers.py)."""

from __future__ import annotations

from datetime import date

from pipelines.settings import connect
from pipelines.warehouse.build import build_database
from tests.sql.worlds.dossiers import mv
from tests.warehouse.helpers import AGENCIES, facts, hoso, records_to_table


def test_online_rate_excludes_tw_and_level_2(received):
    con, _ = received
    # den: R4 (m4), R5 (m3), R8 (m3, unknown level: not known to be tw → kept), R9 (m4); not R6 (m2), R7 (tw)
    # num: R8, R9 (kenh 2) → 2/4
    assert mv(con, "online_dossier_rate", "2022-04") == (2.0, 4.0, 0.5)
    assert mv(con, "online_dossier_rate", "2022-04", "tinh") == (0.0, 2.0, 0.0)
    assert mv(con, "online_dossier_rate", "2022-04", "xa") == (1.0, 1.0, 1.0)
    assert mv(con, "online_dossier_rate", "2022-04", "tw") == (0.0, 0.0, None)
    assert {f["unit_id"] for f in facts(con, "online_dossier_rate", "2022-04")} == {"R4", "R5", "R8", "R9"}


# ---------------------------------------------------------------- required columns (issue 13)
# online_dossier_rate needs hoso.kenh ("Kênh thực hiện") and hoso.muc_do.


def _online_world(tmp_path, kenh_values, drop_kenh=False):
    """One dossier per value of `kenh_values`, level 3, received 10/03/2022 at the tinh agency;
    `drop_kenh`: the hoso export has no kenh column at all."""
    recs = [hoso(f"K{i}", muc_do=3, kenh=k) for i, k in enumerate(kenh_values)]
    table = records_to_table("hoso", recs)
    if drop_kenh:
        table = table.drop_columns(["kenh"])
    raw = {"donvi": records_to_table("donvi", AGENCIES), "hoso": table}
    res = build_database(tmp_path / "w.duckdb", raw, date(2022, 3, 31), [])
    return connect(res.db_path, read_only=True)


def _march(con):
    return con.execute(
        "SELECT numerator, denominator, ly_do_khong_co_du_lieu FROM metric_values "
        "WHERE metric_id = 'online_dossier_rate' AND period = '2022-03' AND level = 'toan_tinh'"
    ).fetchone()


def test_empty_channel_is_direct_by_the_source_rule(tmp_path):
    # The column is carried; 3 of 5 cells are empty (60%). exports.md, HOSO: "kenh … empty = 1"
    # is the source system's rule for an empty cell of a carried column: the 3 are direct
    # submissions (kenh_nop 1), not missing data -> online 2 of 5, no reason.
    con = _online_world(tmp_path, [2, 2, None, None, None])
    try:
        assert _march(con) == (2.0, 5.0, None)
        got = con.execute("SELECT ma_ho_so, kenh, kenh_nop FROM fct_dossier ORDER BY ma_ho_so").fetchall()
        assert got == [("K0", 2, 2), ("K1", 2, 2), ("K2", None, 1), ("K3", None, 1), ("K4", None, 1)]
    finally:
        con.close()


def test_channel_column_absent_has_no_value(tmp_path):
    # The same dossiers from an export without the kenh column: the rule "empty = 1" does not
    # stand in for an absent column (metrics.md, "Required columns"): kenh_nop stays empty and
    # online_dossier_rate has no value, the reason naming "Kênh thực hiện".
    con = _online_world(tmp_path, [2, 2, None, None, None], drop_kenh=True)
    try:
        assert _march(con) == (
            None,
            None,
            "Dữ liệu không có cột Kênh thực hiện (tệp: test-hoso): chưa tính được tỷ lệ hồ sơ trực tuyến",
        )
        assert con.execute("SELECT count(kenh_nop) FROM fct_dossier").fetchone()[0] == 0
        assert con.execute(
            "SELECT carried FROM file_columns WHERE entity = 'hoso' AND column_name = 'kenh'"
        ).fetchall() == [(False,)]
    finally:
        con.close()
