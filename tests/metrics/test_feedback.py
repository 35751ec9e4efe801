"""feedback_transfer_on_time_rate and feedback_handled_on_time_rate (docs/metrics.md, "Feedback"):
hand-made cases across Tết 2022 (31/01-04/02 off) and the Hùng Vương day off (11/04/2022).
As of 30/06/2022."""

from __future__ import annotations

from datetime import date

import pytest

from tests.metrics.records import HATINH_PLAN, nvd, pakn, scorecard
from tests.warehouse.helpers import AGENCIES, TINH, build_from_records, rows

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


@pytest.fixture(scope="module")
def con(tmp_path_factory):
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


def test_working_day_deadlines(con):
    got = rows(
        con,
        "SELECT wd_add(DATE '2022-01-27', 5) AS a, wd_add(DATE '2022-02-10', 15) AS b, "
        "wd_add(DATE '2022-04-01', 15) AS c, wd_add(DATE '2022-06-22', 5) AS d",
    )[0]
    assert got == {"a": date(2022, 2, 10), "b": date(2022, 3, 3), "c": date(2022, 4, 25), "d": date(2022, 6, 29)}


def test_transfer_within_5_working_days_over_tet(con):
    # 2022-01: K1 on time, K2 late -> 1/2; K1 at tinh 1/1, K2 (unknown agency) only province-wide
    assert nvd(con, "feedback_transfer_on_time_rate", "2022-01") == (1, 2)
    assert nvd(con, "feedback_transfer_on_time_rate", "2022-01", "tinh") == (1, 1)
    # P1.V.1 has no scope: its toan_tinh is metric_values' (level-less K2 included) -> 1/2,
    # tracking -> theo_doi; P1.V.2 shows its reference threshold 1.0
    r = scorecard(con, "P1.V.1", "2022-01")
    assert (r["numerator"], r["denominator"], r["status"]) == (1, 2, "theo_doi")
    assert scorecard(con, "P1.V.2", "2022-03")["threshold"] == 1.0


def test_never_transferred_late_once_past_deadline(con):
    # 2022-06 (E 30/06): K3 (deadline 29/06) and K9 (transfer after D) late; K6 (deadline = E)
    # and K4 (deadline 01/07) not yet counted -> 0/2
    assert nvd(con, "feedback_transfer_on_time_rate", "2022-06") == (0, 2)
    units = {
        r["unit_id"]
        for r in rows(
            con,
            "SELECT unit_id FROM metric_facts WHERE metric_id = "
            "'feedback_transfer_on_time_rate' AND period = '2022-06'",
        )
    }
    assert units == {"K3", "K9"}
    # year: K1 1, K2 0, K3 0, K9 0, and K7, K8 (never transferred, received in April and May,
    # long past their 5th working day) 0 -> 1/6 (K5 out of scope; K4, K6 not yet due)
    assert nvd(con, "feedback_transfer_on_time_rate", "2022") == (1, 6)


def test_handled_within_15_working_days(con):
    # 2022-02: K1, K2 start in Feb but their deadlines (03/03, 04/03) are after E (28/02) and
    # they were not handled in Feb -> nothing
    assert nvd(con, "feedback_handled_on_time_rate", "2022-02") == (0, 0)
    # 2022-03: handled in March: K1 on time, K2 late -> 1/2
    assert nvd(con, "feedback_handled_on_time_rate", "2022-03") == (1, 2)
    # 2022-04: K7 deadline 25/04 <= E, no result -> 0/1; 2022-05: K8 on the deadline day -> 1/1
    assert nvd(con, "feedback_handled_on_time_rate", "2022-04") == (0, 1)
    assert nvd(con, "feedback_handled_on_time_rate", "2022-05") == (1, 1)
    # year (E 30/06): K1 1, K2 0, K7 0, K8 1; K3/K4/K6/K9 deadlines after 30/06 -> 2/4
    assert nvd(con, "feedback_handled_on_time_rate", "2022") == (2, 4)
