"""feedback_transfer_on_time_rate and feedback_handled_on_time_rate (docs/metrics.md, "Feedback"):
hand-made cases across Tết 2022 (31/01-04/02 off) and the Hùng Vương day off (11/04/2022).
As of 30/06/2022."""

from __future__ import annotations

from datetime import date

import pytest

from tests.sql.records import HATINH_PLAN, pakn
from tests.warehouse.helpers import AGENCIES, TINH, build_from_records

FEEDBACK = [
    # received Thu 27/01; 5 working days after: 28/01 (1), Tết, 07/02 (2), 08 (3), 09 (4),
    # 10/02 (5) -> transfer deadline 10/02.
    # K1 transferred 10/02: on time. Handled: start 10/02, 15th working day after = 03/03; result
    # 03/03: on time. Handled in 2022-03 (start in Feb but its deadline 03/03 > E of Feb).
    pakn("K1", "2022-01-27 09:00", "2022-02-10 15:00", "2022-03-03 10:00", ma_don_vi_xu_ly=TINH),
    # K2 transferred 11/02: late (agency unknown -> no level, still province-wide). Handled:
    # start 11/02, deadline 04/03; result 07/03: late.
    pakn("K2", "2022-01-27 09:00", "2022-02-11 08:00", "2022-03-07 10:00", ma_don_vi_xu_ly="999.99.99.H27"),
    # K3 received Wed 22/06, never transferred; deadline 29/06 < E 30/06: past -> late
    pakn("K3", "2022-06-22 09:00"),
    # K6 received Thu 23/06, never transferred; deadline 30/06 = E: not yet past -> excluded
    pakn("K6", "2022-06-23 09:00"),
    # K4 received Fri 24/06, never transferred; deadline 01/07 > E -> excluded
    pakn("K4", "2022-06-24 09:00"),
    # K5 not about an administrative regulation: never counted
    pakn("K5", "2022-01-27 09:00", thuoc_pham_vi=False),
    # K7 received Fri 01/04, not transferred: start 01/04; 15 working days (11/04 off):
    # 04-08/04 (1-5), 12-15 (6-9), 18-22 (10-14), 25/04 (15) -> 25/04 <= E of April: in
    # April's denominator for handling, no result -> late.
    pakn("K7", "2022-04-01 09:00", ma_don_vi_xu_ly=TINH),
    # K8 received Wed 04/05 (02, 03/05 off), start 04/05, deadline 25/05; result 25/05: on time.
    pakn("K8", "2022-05-04 09:00", None, "2022-05-25 16:00", ma_don_vi_xu_ly=TINH),
    # K9 transferred after D (05/07): not known at D -> a never-transferred PAKN as of D.
    # Received Mon 13/06, deadline 20/06 < E: late.
    pakn("K9", "2022-06-13 09:00", "2022-07-05 09:00"),
]


@pytest.fixture(scope="session")
def feedback_con(tmp_path_factory):
    c = build_from_records(
        tmp_path_factory.mktemp("pakn"),
        {
            "donvi": AGENCIES,
            "pakn": FEEDBACK,
            "hoso": [],
        },
        as_of=date(2022, 6, 30),
        plan_paths=[HATINH_PLAN],
    )
    yield c
    c.close()
