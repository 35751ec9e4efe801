"""fct_dossier: which dossier is received, which version is current (dossier worlds,
tests/sql/worlds/dossiers.py)."""

from __future__ import annotations

from tests.sql.worlds.dossiers import mv
from tests.warehouse.helpers import rows


def test_received_rule(received):
    con, _ = received
    got = dict(con.execute("SELECT ma_ho_so, is_received FROM fct_dossier").fetchall())
    assert [k for k, v in sorted(got.items()) if v] == ["R10", "R4", "R5", "R6", "R7", "R8", "R9"]
    assert mv(con, "result_digitization_rate", "2022-05") == (0.0, 1.0, 0.0)


def test_newest_version_wins(versions):
    con, _ = versions
    cur = {r["ma_ho_so"]: r for r in rows(con, "SELECT ma_ho_so, trang_thai, kenh, _landed_seq FROM fct_dossier")}
    assert cur["V1"]["trang_thai"] == 9 and cur["V1"]["_landed_seq"] == 2
    assert cur["V2"]["kenh"] == 3
    assert cur["V3"]["trang_thai"] == 9
    assert cur["V4"]["kenh"] == 3
    assert cur["V6"]["kenh"] == 3
    # V1 resolved 10/03 (no appointment → on time) and V3 resolved 02/03 count in March
    assert mv(con, "on_time_resolution_rate", "2022-03") == (2.0, 2.0, 1.0)


def test_versions_after_as_of_ignored(versions):
    con15, con30 = versions
    assert con15.execute("SELECT trang_thai, is_resolved FROM fct_dossier WHERE ma_ho_so = 'V5'").fetchone() == (
        4,
        False,
    )
    assert con30.execute("SELECT trang_thai, is_resolved FROM fct_dossier WHERE ma_ho_so = 'V5'").fetchone() == (
        9,
        True,
    )
    assert mv(con15, "on_time_resolution_rate", "2022-06") == (0.0, 0.0, None)
    assert mv(con30, "on_time_resolution_rate", "2022-06") == (1.0, 1.0, 1.0)


def test_exact_duplicates_removed_keeping_latest_landing(versions):
    con, _ = versions
    assert con.execute("SELECT count(*), max(_file_id) FROM stg_hoso WHERE ma_ho_so = 'V7'").fetchone() == (1, "f2")
    # every other version is kept in staging
    assert con.execute("SELECT count(*) FROM stg_hoso WHERE ma_ho_so = 'V1'").fetchone()[0] == 3
    assert con.execute("SELECT so_phien_ban FROM fct_dossier WHERE ma_ho_so = 'V1'").fetchone()[0] == 3
