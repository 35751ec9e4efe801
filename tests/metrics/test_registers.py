"""Review (RASOAT), plan-task register (NHIEMVU) and periodic reports (BAOCAO): the metrics
regulation_cut_rate, compliance_cost_cut_rate, regulatory_activity_count, task_completion_rate,
periodic_report_on_time_rate, dossiers_in_system_rate and their scorecard rows (milestones).
Hand-made cases, answers worked out by hand. As of 30/09/2022, plan hatinh-2022."""

from __future__ import annotations

from datetime import date

import pytest

from tests.metrics.records import HATINH_PLAN, baocao, nhiemvu, nvd, rasoat, scorecard
from tests.warehouse.helpers import AGENCIES, HUYEN, TINH, TW, XA, build_from_records, hoso, rows

REVIEWS = [
    rasoat("1.000001", TINH, 10, 2, 1000, 800, "2022-05-10"),
    rasoat("1.000002", HUYEN, 20, 1, 2000, 1900, "2022-05-20"),
    rasoat("1.000003", TINH, 12, 0, 500, None, "2022-03-01"),  # no cost after: no cut known
    rasoat("1.000004", TINH, 50, 50, 9000, 0, "2022-10-05"),  # approved after D: ignored
]

REGISTER = [
    # activities
    nhiemvu("kiem_tra", TINH, "2022-12-31", "2022-04-10", so_luong=3),
    nhiemvu("kiem_tra", HUYEN, "2022-12-31", "2022-04-20"),  # so_luong empty = 1
    nhiemvu("kiem_tra", XA, "2022-12-31"),  # not done
    nhiemvu("truyen_thong", TINH, "2022-12-31", "2022-05-01", so_luong=5),
    nhiemvu("tham_dinh", TINH, "2022-12-31", "2022-10-01", so_luong=2),  # done after D: unknown
    # milestones
    nhiemvu("P1.I.1", TINH, "2022-03-31", "2022-03-25"),  # due 31/03, done: dat
    nhiemvu("P2.7", TINH, "2022-06-30", "2022-06-15"),  # 1 of 2 on time: chua_dat
    nhiemvu("P2.7", HUYEN, "2022-06-30", "2022-07-10"),
    nhiemvu("P1.II.2", TINH, "2022-08-31"),  # due 31/08, not done
    nhiemvu("P1.II.3", TINH, "2022-12-31"),  # due 31/12: not yet due
    nhiemvu("P1.VII.1", TINH, "2022-06-30", "2022-06-01"),  # plan due 31/12, done early
    # P1.I.2: no row at all
]

REPORTS = [
    # window Quý I/2022 = 15/12/2021-14/03/2022; 6 tháng/2022 = 15/12/2021-14/06/2022
    baocao(TINH, "Quý I/2022", "2022-03-20", "2022-03-18", 3),  # on time; S = 2 <= R = 3
    baocao(HUYEN, "Quý I/2022", "2022-03-20", "2022-03-25", 5),  # late; S = 1
    baocao(XA, "Quý I/2022", "2022-03-20", None, None),  # never sent: late, adds nothing
    baocao(TINH, "6 tháng/2022", "2022-06-20", "2022-06-20", 2),  # on the day; S = 4 > R = 2: capped
    baocao(TW, "Quý I/2022", "2022-03-20", "2022-03-15", 4),  # tw: S = 0
    # windows not named in docs/metrics.md, same cut-off rule; due after D and never sent: no effect
    baocao(XA, "Quý II/2022", "2022-11-20", None, None),
    baocao(XA, "9 tháng/2022", "2022-11-20", None, None),
    baocao(XA, "Quý IV/2022", "2022-11-20", None, None),
    baocao(XA, "Năm 2022", "2022-12-20", None, None),
]

DOSSIERS = [
    hoso("T1", "2021-12-20 08:00", ma_don_vi=TINH),  # in both windows
    hoso("T2", "2022-03-14 16:00", ma_don_vi=TINH),  # 14/03: last day of Quý I
    hoso("T3", "2022-03-15 08:00", ma_don_vi=TINH),  # 15/03: not in Quý I, in 6 tháng
    hoso("T4", "2022-05-01 08:00", ma_don_vi=TINH),  # 6 tháng
    hoso("T5", "2022-02-01 08:00", ma_don_vi=HUYEN),  # Quý I
    hoso("T6", "2022-02-02 08:00", ma_don_vi=XA),  # its report was never sent
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    c = build_from_records(
        tmp_path_factory.mktemp("reg"),
        {
            "donvi": AGENCIES,
            "rasoat": REVIEWS,
            "nhiemvu": REGISTER,
            "baocao": REPORTS,
            "hoso": DOSSIERS,
        },
        as_of=date(2022, 9, 30),
        plan_paths=[HATINH_PLAN],
    )
    yield c
    c.close()


def test_regulation_and_cost_cut_sums(con):
    # 2022-05: (2 + 1) / (10 + 20) = 0.1; cost (200 + 100) / (1000 + 2000) = 0.1
    assert nvd(con, "regulation_cut_rate", "2022-05") == (3, 30)
    assert nvd(con, "compliance_cost_cut_rate", "2022-05") == (300, 3000)
    # year (the 10/2022 approval is after D): regulations 3 / 42; cost 300 / 3500
    assert nvd(con, "regulation_cut_rate", "2022") == (3, 42)
    assert nvd(con, "compliance_cost_cut_rate", "2022") == (300, 3500)
    assert nvd(con, "regulation_cut_rate", "2022-05", "huyen") == (1, 20)
    # scorecard P1.II.1a (>= 0.10): 2022-05 exactly 0.1 -> dat; year 0.071 -> chua_dat
    assert scorecard(con, "P1.II.1a", "2022-05")["status"] == "dat"
    assert scorecard(con, "P1.II.1a", "2022")["status"] == "chua_dat"
    assert scorecard(con, "P1.II.1b", "2022-05")["status"] == "dat"


def test_activity_counts(con):
    # kiem_tra completed in April: 3 + 1 (empty so_luong) = 4; the xa row is not done
    assert nvd(con, "regulatory_activity_count", "2022-04", group_key="kiem_tra") == (4, None)
    assert nvd(con, "regulatory_activity_count", "2022", group_key="kiem_tra") == (4, None)
    assert nvd(con, "regulatory_activity_count", "2022-05", group_key="truyen_thong") == (5, None)
    # tham_dinh was completed after D: nothing yet
    assert nvd(con, "regulatory_activity_count", "2022", group_key="tham_dinh") == (0, 0)
    # milestone codes are not activities
    assert nvd(con, "regulatory_activity_count", "2022", group_key="P1.I.1") == (0, 0)
    # scorecard: tracking counts -> theo_doi with the value
    r = scorecard(con, "P1.IV.1", "2022", group_key="kiem_tra")
    assert (r["value"], r["denominator"], r["status"]) == (4, None, "theo_doi")
    r = scorecard(con, "P1.I.6", "2022", group_key="tham_dinh")
    assert (r["value"], r["status"]) == (0, "theo_doi")


def test_task_completion_and_milestone_statuses(con):
    # task_completion_rate of P2.7 in 2022: rows due by E (30/09): 1 of 2 on time
    assert nvd(con, "task_completion_rate", "2022", group_key="P2.7") == (1, 2)

    def s(tid, period="2022"):
        return scorecard(con, tid, period, group_key=tid)["status"]

    assert s("P1.I.1") == "dat"  # due 31/03, done on time
    assert s("P2.7") == "chua_dat"  # 1/2
    assert s("P1.II.2") == "chua_dat"  # due 31/08 <= E, not done: 0/1
    assert s("P1.II.2", "2022-06") == "chua_den_han"  # E 30/06 < due 31/08, nothing due yet
    assert s("P1.II.3") == "chua_den_han"  # due 31/12 > E and not done
    assert s("P1.VII.1") == "dat"  # done before the plan's due date: 1
    assert s("P1.I.2") == "khong_co_du_lieu"  # the register has no row for it
    assert s("P2.7", "2022-Q1") == "chua_den_han"  # Q1: due 30/06 after E 31/03
    # per level (a milestone has no scope: all four levels): tinh 1/1 dat, huyen 0/1 chua_dat,
    # xa has no register row -> khong_co_du_lieu
    assert scorecard(con, "P2.7", "2022", "tinh", group_key="P2.7")["status"] == "dat"
    assert scorecard(con, "P2.7", "2022", "huyen", group_key="P2.7")["status"] == "chua_dat"
    assert scorecard(con, "P2.7", "2022", "xa", group_key="P2.7")["status"] == "khong_co_du_lieu"


def test_report_windows_and_dossiers_in_system(con):
    w = {
        (r["ma_don_vi"], r["ky_bao_cao"]): (r["window_start"], r["window_end"])
        for r in rows(con, "SELECT ma_don_vi, ky_bao_cao, window_start, window_end FROM core_baocao")
    }
    assert w[(TINH, "Quý I/2022")] == (date(2021, 12, 15), date(2022, 3, 14))
    assert w[(TINH, "6 tháng/2022")] == (date(2021, 12, 15), date(2022, 6, 14))
    assert w[(XA, "Quý II/2022")] == (date(2022, 3, 15), date(2022, 6, 14))
    assert w[(XA, "9 tháng/2022")] == (date(2021, 12, 15), date(2022, 9, 14))
    assert w[(XA, "Quý IV/2022")] == (date(2022, 9, 15), date(2022, 12, 14))
    assert w[(XA, "Năm 2022")] == (date(2021, 12, 15), date(2022, 12, 14))
    # S: TINH Quý I = T1 (20/12/2021) + T2 (14/03) = 2 (T3 on 15/03 is out) -> min(2, 3) = 2;
    # TINH 6 tháng = T1..T4 = 4 > R 2 -> 2; HUYEN Quý I = 1 -> min(1, 5) = 1; XA never sent:
    # nothing; TW Quý I: min(0, 4) = 0.
    f = {
        r["unit_id"]: (r["num"], r["den"])
        for r in rows(
            con,
            "SELECT unit_id, num, den FROM metric_facts WHERE metric_id = 'dossiers_in_system_rate' "
            "AND period = '2022'",
        )
    }
    assert f == {
        f"{TINH}|Quý I/2022": (2, 3),
        f"{TINH}|6 tháng/2022": (2, 2),
        f"{HUYEN}|Quý I/2022": (1, 5),
        f"{TW}|Quý I/2022": (0, 4),
    }
    # 2022 (rows whose window ends in the annual window of 2022): (2 + 2 + 1 + 0) / (3 + 2 + 5 + 4)
    assert nvd(con, "dossiers_in_system_rate", "2022") == (5, 14)
    # Q1 2022: every window overlaps Q1 -> same 5/14; Q3: no window overlaps -> nothing
    assert nvd(con, "dossiers_in_system_rate", "2022-Q1") == (5, 14)
    assert nvd(con, "dossiers_in_system_rate", "2022-Q3") == (0, 0)
    # 2021 (data start in 12/2021): the windows start 15/12/2021 but end in 2022's annual window:
    # not in year 2021; the month 2021-12 overlaps them (literal "window overlapping P")
    assert nvd(con, "dossiers_in_system_rate", "2021") == (0, 0)
    assert nvd(con, "dossiers_in_system_rate", "2021-12") == (5, 14)
    # scorecard P2.4a (scope tinh, huyen, xa: the tw row is excluded): 5 / 10 -> chua_dat
    r = scorecard(con, "P2.4a", "2022")
    assert (r["numerator"], r["denominator"], r["status"]) == (5, 10, "chua_dat")
    assert rows(con, "SELECT count(*) AS n FROM plan_scorecard WHERE target_id = 'P2.4a' AND level = 'tw'")[0]["n"] == 0
    r = scorecard(con, "P2.4a", "2022", "tinh")
    assert (r["numerator"], r["denominator"], r["threshold"]) == (4, 5, 1.0)


def test_periodic_reports_on_time(con):
    # due in 2022-03: TINH on time, HUYEN late, XA never sent (late), TW on time -> 2/4
    assert nvd(con, "periodic_report_on_time_rate", "2022-03") == (2, 4)
    assert nvd(con, "periodic_report_on_time_rate", "2022-03", "xa") == (0, 1)
    # due 20/06, sent 20/06: on time
    assert nvd(con, "periodic_report_on_time_rate", "2022-06") == (1, 1)
    # scorecard P1.VII.2 is tracking with reference 1.0: theo_doi
    r = scorecard(con, "P1.VII.2", "2022")
    assert (r["numerator"], r["denominator"], r["threshold"], r["status"]) == (3, 5, 1.0, "theo_doi")
