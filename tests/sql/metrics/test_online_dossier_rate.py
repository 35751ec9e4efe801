"""online_dossier_rate: hand-made cases over the dossier worlds (tests/sql/worlds/dossiers.py)."""

from __future__ import annotations

from tests.sql.worlds.dossiers import mv
from tests.warehouse.helpers import facts


def test_online_rate_excludes_tw_and_level_2(received):
    con, _ = received
    # den: R4 (m4), R5 (m3), R8 (m3, unknown level: not known to be tw → kept), R9 (m4); not R6 (m2), R7 (tw)
    # num: R8, R9 (kenh 2) → 2/4
    assert mv(con, "online_dossier_rate", "2022-04") == (2.0, 4.0, 0.5)
    assert mv(con, "online_dossier_rate", "2022-04", "tinh") == (0.0, 2.0, 0.0)
    assert mv(con, "online_dossier_rate", "2022-04", "xa") == (1.0, 1.0, 1.0)
    assert mv(con, "online_dossier_rate", "2022-04", "tw") == (0.0, 0.0, None)
    assert {f["unit_id"] for f in facts(con, "online_dossier_rate", "2022-04")} == {"R4", "R5", "R8", "R9"}
