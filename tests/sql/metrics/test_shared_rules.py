"""Rules shared by several metrics: orphan evaluations and payments, one fact per dossier and
period, dossiers of an unknown agency."""

from __future__ import annotations

from datetime import date

import pytest

from tests.sql.records import danhgia, nvd, thanhtoan, tthc
from tests.sql.worlds.dossiers import MINE
from tests.warehouse.helpers import AGENCIES, HUYEN, build_from_records, hoso, rows


def _orphan_records(with_dossier: bool):
    dossiers = [hoso("K1", "2022-03-01 08:00", ma_tthc="1.000001")]
    if with_dossier:  # the dossier arrives in a later export
        dossiers.append(hoso("K2", "2022-03-02 08:00", ma_tthc="1.000001", ma_don_vi=HUYEN))
    return {
        "donvi": AGENCIES,
        "hoso": dossiers,
        "tthc": [tthc("2022-01-01", "1.000001", ["tinh", "huyen"], trien_khai_thanh_toan_truc_tuyen=True)],
        "danhgia": [danhgia("G1", "K1", "2022-03-05 08:00", 5), danhgia("G2", "K2", "2022-03-06 08:00", 1)],
        "thanhtoan": [thanhtoan("P1", "K1", "2022-03-05 08:00", 1), thanhtoan("P2", "K2", "2022-03-06 08:00", 3)],
    }


def test_orphans_quarantined_then_loaded_when_dossier_arrives(tmp_path):
    # first build: K2 unknown -> G2 and P2 are orphans, listed with file and row, not counted
    c = build_from_records(tmp_path, _orphan_records(False), as_of=date(2022, 3, 31), name="a.duckdb")
    try:
        assert rows(c, "SELECT ma_danh_gia, ma_ho_so, _row FROM orphan_danhgia") == [
            {"ma_danh_gia": "G2", "ma_ho_so": "K2", "_row": 2}
        ]
        assert rows(c, "SELECT ma_giao_dich, ma_ho_so, _row FROM orphan_thanhtoan") == [
            {"ma_giao_dich": "P2", "ma_ho_so": "K2", "_row": 2}
        ]
        assert nvd(c, "satisfaction_rate", "2022-03") == (1, 1)
        assert nvd(c, "online_payment_transaction_rate", "2022-03") == (1, 1)
    finally:
        c.close()
    # second build, K2 has arrived: both load (satisfaction 1/2, payments 1/2), no orphans
    c = build_from_records(tmp_path, _orphan_records(True), as_of=date(2022, 3, 31), name="b.duckdb")
    try:
        assert rows(c, "SELECT count(*) AS n FROM orphan_danhgia")[0]["n"] == 0
        assert rows(c, "SELECT count(*) AS n FROM orphan_thanhtoan")[0]["n"] == 0
        assert nvd(c, "satisfaction_rate", "2022-03") == (1, 2)
        assert nvd(c, "satisfaction_rate", "2022-03", "huyen") == (0, 1)
        assert nvd(c, "online_payment_transaction_rate", "2022-03") == (1, 2)
    finally:
        c.close()


@pytest.mark.parametrize("fixture", ["resolved", "received", "overdue", "circulation"])
def test_dossier_metrics_emit_one_fact_per_dossier_and_period(fixture, request):
    # the six metrics declare unique_units (the aggregator then sums without de-duplicating):
    # one fact per (period, dossier) must hold by construction
    con = request.getfixturevalue(fixture)
    con = con[0] if isinstance(con, tuple) else con
    dup = con.execute(
        "SELECT metric_id, period, unit_id, count(*) FROM metric_facts WHERE metric_id IN "
        f"{MINE} GROUP BY ALL HAVING count(*) > 1"
    ).fetchall()
    assert dup == []
    assert con.execute(f"SELECT bool_and(unique_units) FROM dim_metric WHERE metric_id IN {MINE}").fetchone()[0]
