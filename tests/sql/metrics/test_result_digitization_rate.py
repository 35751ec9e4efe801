"""result_digitization_rate: hand-made cases over the dossier worlds (tests/sql/worlds/dossiers.py)."""

from __future__ import annotations

import tests.warehouse.helpers as H
from tests.sql.worlds.dossiers import UNKNOWN


def test_unknown_agency_only_in_toan_tinh(received):
    con, res = received
    assert con.execute("SELECT level FROM fct_dossier WHERE ma_ho_so = 'R8'").fetchone()[0] is None
    assert con.execute("SELECT count(*) FROM dim_agency WHERE ma_don_vi = ?", [UNKNOWN]).fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM metric_values WHERE ma_don_vi = ?", [UNKNOWN]).fetchone()[0] == 0
    # digitisation April by level sums to 5 (R8 in no level), toan_tinh 6
    lv = con.execute(
        "SELECT sum(denominator) FROM metric_values WHERE metric_id = 'result_digitization_rate' "
        "AND period = '2022-04' AND level <> 'toan_tinh' AND ma_don_vi IS NULL"
    ).fetchone()[0]
    assert lv == 5.0
    c = H.check(res, "unknown_agency")
    assert c["severity"] == "warn" and c["sample"] == [{"ma_don_vi": UNKNOWN, "so_ho_so": 1}]
    assert res.failed_checks == []
