"""postal_dossier_share (with result_digitization_rate, same denominator): hand-made cases over the
dossier worlds (tests/sql/worlds/dossiers.py)."""

from __future__ import annotations

import pytest

from tests.sql.worlds.dossiers import mv


def test_digitization_and_postal(received):
    con, _ = received
    # received in April: R4..R9 = 6; digitised R4, R7 → 2/6; postal R4 (kenh 3), R5 (by post) → 2/6
    assert mv(con, "result_digitization_rate", "2022-04") == (2.0, 6.0, pytest.approx(1 / 3))
    assert mv(con, "postal_dossier_share", "2022-04") == (2.0, 6.0, pytest.approx(1 / 3))
    # months without receipts: 0/0 → no value; the year = April + R10 (May)
    assert mv(con, "postal_dossier_share", "2022-03")[2] is None
    assert mv(con, "postal_dossier_share", "2022")[:2] == (2.0, 7.0)  # + R10 in May
