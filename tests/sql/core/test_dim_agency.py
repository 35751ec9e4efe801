"""dim_agency: the newest landing of an agency is current (dossier worlds, tests/sql/worlds/dossiers.py)."""

from __future__ import annotations

from tests.warehouse.helpers import TINH


def test_dim_agency_newest_landing(received):
    con, _ = received
    assert con.execute("SELECT ten_don_vi, level FROM dim_agency WHERE ma_don_vi = ?", [TINH]).fetchone() == (
        "Sở Tư pháp tỉnh Hà Tĩnh",
        "tinh",
    )
    assert con.execute("SELECT count(*) FROM dim_agency").fetchone()[0] == 4
