"""electronic_circulation_rate: hand-made cases over the dossier worlds (tests/sql/worlds/dossiers.py)."""

from __future__ import annotations

from tests.sql.worlds.dossiers import mv
from tests.warehouse.helpers import facts


def test_electronic_circulation(circulation):
    con, _ = circulation
    # den: E1, E2, E6, E7 (received in March, with a transfer); num: E2, E6, E7 → 3/4
    assert mv(con, "electronic_circulation_rate", "2022-03") == (3.0, 4.0, 0.75)
    got = {f["unit_id"]: f["num"] for f in facts(con, "electronic_circulation_rate", "2022-03")}
    assert got == {"E1": 0.0, "E2": 1.0, "E6": 1.0, "E7": 1.0}
    assert con.execute(
        "SELECT has_transfer, all_transfers_electronic FROM fct_dossier WHERE ma_ho_so='E3'"
    ).fetchone() == (False, None)
