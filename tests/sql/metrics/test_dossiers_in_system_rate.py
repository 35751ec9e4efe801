"""dossiers_in_system_rate: hand-made cases over the registers world (tests/sql/worlds/registers.py)
and over a world of seven agencies, one for each branch of the choice of report rows
(docs/metrics.md, "Report windows of BAOCAO")."""

from __future__ import annotations

from datetime import date

import pytest

from tests.sql.records import baocao, nvd, scorecard
from tests.warehouse.helpers import HUYEN, TINH, TW, XA, agency, build_from_records, hoso, rows


@pytest.fixture(scope="module")
def con(registers_con):
    return registers_con


def facts_of(con, period: str) -> dict[str, tuple[float, float]]:
    return {
        r["unit_id"]: (r["num"], r["den"])
        for r in rows(
            con,
            "SELECT unit_id, num, den FROM metric_facts WHERE metric_id = 'dossiers_in_system_rate' AND period = ?",
            [period],
        )
    }


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
    # Year 2022: TINH sent Quý I and 6 tháng, which overlap (Quý I ⊂ 6 tháng): only 6 tháng
    # (182 days against 90) is taken, so T1 and T2 are counted once, not twice.
    assert facts_of(con, "2022") == {
        f"{TINH}|6 tháng/2022": (2, 2),
        f"{HUYEN}|Quý I/2022": (1, 5),
        f"{TW}|Quý I/2022": (0, 4),
    }
    # 2022: (2 + 1 + 0) / (2 + 5 + 4) = 3/11 (it was 5/14 while both TINH rows were summed)
    assert nvd(con, "dossiers_in_system_rate", "2022") == (3, 11)
    # A month or quarter takes the rows whose window ends in it: Quý I ends 14/03 (Q1, March):
    # (2 + 1 + 0) / (3 + 5 + 4) = 3/12; 6 tháng ends 14/06 (Q2, June): 2/2; nothing ends in Q3.
    assert nvd(con, "dossiers_in_system_rate", "2022-Q1") == (3, 12)
    assert nvd(con, "dossiers_in_system_rate", "2022-03") == (3, 12)
    assert nvd(con, "dossiers_in_system_rate", "2022-02") == (0, 0)
    assert nvd(con, "dossiers_in_system_rate", "2022-Q2") == (2, 2)
    assert nvd(con, "dossiers_in_system_rate", "2022-06") == (2, 2)
    assert nvd(con, "dossiers_in_system_rate", "2022-Q3") == (0, 0)
    # 2021 (data start in 12/2021): the windows start 15/12/2021 but end in 2022's annual window:
    # not in year 2021, and none ends in 12/2021
    assert nvd(con, "dossiers_in_system_rate", "2021") == (0, 0)
    assert nvd(con, "dossiers_in_system_rate", "2021-12") == (0, 0)
    # scorecard P2.4a (scope tinh, huyen, xa: the tw row is excluded): (2 + 1) / (2 + 5) -> chua_dat
    r = scorecard(con, "P2.4a", "2022")
    assert (r["numerator"], r["denominator"], r["status"]) == (3, 7, "chua_dat")
    assert rows(con, "SELECT count(*) AS n FROM plan_scorecard WHERE target_id = 'P2.4a' AND level = 'tw'")[0]["n"] == 0
    r = scorecard(con, "P2.4a", "2022", "tinh")
    assert (r["numerator"], r["denominator"], r["threshold"], r["status"]) == (2, 2, 1.0, "dat")


# ----------------------------------------------------------------------------- every branch
#
# Seven agencies. Each received one dossier on 20/12/2021 (in Quý I's window), 20/04/2022 (Quý II),
# 20/07/2022 (Quý III) and 20/10/2022 (Quý IV), so S of a window = the quarters it spans:
#   Quý I 1, Quý II 1, Quý III 1, Quý IV 1, 6 tháng 2, 9 tháng 3, Năm 4.
# Window days (15th-14th): Quý I 90 (15/12-14/03), Quý II 92, Quý III 92, Quý IV 91, 6 tháng 182,
# 9 tháng 274, Năm 365. The self-reported R tells which row was taken: Quý I 10, 6 tháng 20,
# Quý III 30, Quý II 50, 9 tháng 60, Quý IV 70; Năm 3 (below S = 4: capped).
A = [f"000.00.{40 + k}.H27" for k in range(1, 8)]
AGENCIES = [agency(A[0], "tinh"), agency(A[1], "huyen")] + [agency(code, "tinh") for code in A[2:]]
R = {"Quý I": 10, "6 tháng": 20, "Quý III": 30, "Quý II": 50, "9 tháng": 60, "Quý IV": 70, "Năm": 3}
DUE = {"Quý I": "03-18", "Quý II": "06-18", "6 tháng": "06-18", "Quý III": "09-18", "9 tháng": "09-18"}
DUE |= {"Quý IV": "12-18", "Năm": "12-18"}


def sent(code: str, kind: str, ngay_nop: str | None = None) -> dict:
    due = f"2022-{DUE[kind]}"
    return baocao(code, f"{kind}/2022" if kind != "Năm" else "Năm 2022", due, ngay_nop or due, R[kind])


def never_sent(code: str, kind: str) -> dict:
    return baocao(code, f"{kind}/2022" if kind != "Năm" else "Năm 2022", f"2022-{DUE[kind]}", None, None)


REPORTS = [
    # A1: Năm sent -> Năm alone: min(4, 3) = 3 over 3
    *(sent(A[0], k) for k in ("Quý I", "6 tháng", "Quý III", "Năm")),
    # A2 (huyen): Năm never sent -> 6 tháng + Quý III (182 + 92 days): (2 + 1) / (20 + 30)
    *(sent(A[1], k) for k in ("Quý I", "6 tháng", "Quý III")),
    never_sent(A[1], "Năm"),
    # A3: 6 tháng and Quý I -> 6 tháng: 2 / 20
    *(sent(A[2], k) for k in ("Quý I", "6 tháng")),
    # A4: Quý I + Quý III (90 + 92 days, no overlap) -> both: (1 + 1) / (10 + 30)
    *(sent(A[3], k) for k in ("Quý I", "Quý III")),
    # A5: only Quý III -> 1 / 30; its Năm was sent on 05/01/2023, after D: not known yet
    sent(A[4], "Quý III"),
    sent(A[4], "Năm", "2023-01-05"),
    # A6: Quý I, Quý II, 9 tháng, Quý IV -> 9 tháng + Quý IV (274 + 91 = 365 days) beats
    # Quý I + Quý II + Quý IV (273): (3 + 1) / (60 + 70)
    *(sent(A[5], k) for k in ("Quý I", "Quý II", "9 tháng", "Quý IV")),
    # A7: Quý I, Quý II and 6 tháng: Quý I + Quý II cover 182 days, as 6 tháng does: the single
    # cumulative report wins the tie: 2 / 20
    *(sent(A[6], k) for k in ("Quý I", "Quý II", "6 tháng")),
]
DOSSIERS = [
    hoso(f"H{i}{q}", f"{day} 08:00", ma_don_vi=code)
    for i, code in enumerate(A, 1)
    for q, day in enumerate(("2021-12-20", "2022-04-20", "2022-07-20", "2022-10-20"))
]


@pytest.fixture(scope="module")
def branches(tmp_path_factory):
    c = build_from_records(
        tmp_path_factory.mktemp("dis"),
        {"donvi": AGENCIES, "baocao": REPORTS, "hoso": DOSSIERS},
        as_of=date(2022, 12, 31),
    )
    yield c
    c.close()


def test_each_agency_contributes_its_non_overlapping_reports_covering_the_most_days(branches):
    assert facts_of(branches, "2022") == {
        f"{A[0]}|Năm 2022": (3, 3),
        f"{A[1]}|6 tháng/2022": (2, 20),
        f"{A[1]}|Quý III/2022": (1, 30),
        f"{A[2]}|6 tháng/2022": (2, 20),
        f"{A[3]}|Quý I/2022": (1, 10),
        f"{A[3]}|Quý III/2022": (1, 30),
        f"{A[4]}|Quý III/2022": (1, 30),
        f"{A[5]}|9 tháng/2022": (3, 60),
        f"{A[5]}|Quý IV/2022": (1, 70),
        f"{A[6]}|6 tháng/2022": (2, 20),
    }
    # 2022: (3 + 3 + 2 + 2 + 1 + 4 + 2) / (3 + 50 + 20 + 40 + 30 + 130 + 20) = 17 / 293
    assert nvd(branches, "dossiers_in_system_rate", "2022") == (17, 293)
    # huyen = A2 alone: 3 / 50; tinh = the six others: 14 / 243
    assert nvd(branches, "dossiers_in_system_rate", "2022", "huyen") == (3, 50)
    assert nvd(branches, "dossiers_in_system_rate", "2022", "tinh") == (14, 243)


def test_a_month_or_quarter_takes_the_report_ending_in_it(branches):
    # Q1 / March: Quý I (ends 14/03) of A1, A2, A3, A4, A6, A7: 6 × (1 / 10)
    assert facts_of(branches, "2022-Q1") == {f"{A[k]}|Quý I/2022": (1, 10) for k in (0, 1, 2, 3, 5, 6)}
    assert nvd(branches, "dossiers_in_system_rate", "2022-Q1") == (6, 60)
    assert nvd(branches, "dossiers_in_system_rate", "2022-03") == (6, 60)
    # Q2 / June: 6 tháng and Quý II both end 14/06 and overlap: the longer, 6 tháng (2 / 20), for
    # A1, A2, A3 and A7 (which sent both); A6 sent only Quý II (1 / 50) -> 9 / 130
    assert facts_of(branches, "2022-06") == {
        **{f"{A[k]}|6 tháng/2022": (2, 20) for k in (0, 1, 2, 6)},
        f"{A[5]}|Quý II/2022": (1, 50),
    }
    assert nvd(branches, "dossiers_in_system_rate", "2022-Q2") == (9, 130)
    # Q3 / September: Quý III of A1, A2, A4, A5 (4 × 1 / 30), 9 tháng of A6 (3 / 60) -> 7 / 180
    assert nvd(branches, "dossiers_in_system_rate", "2022-Q3") == (7, 180)
    assert nvd(branches, "dossiers_in_system_rate", "2022-09") == (7, 180)
    # Q4 / December: Năm of A1 (3 / 3; A2's never sent, A5's sent after D add nothing), Quý IV of
    # A6 (1 / 70) -> 4 / 73
    assert nvd(branches, "dossiers_in_system_rate", "2022-Q4") == (4, 73)
    assert nvd(branches, "dossiers_in_system_rate", "2022-12") == (4, 73)
    # no window ends in the other months
    for month in ("2021-12", "2022-01", "2022-02", "2022-04", "2022-05", "2022-07", "2022-10", "2022-11"):
        assert nvd(branches, "dossiers_in_system_rate", month) == (0, 0), month


def test_the_metric_is_not_additive(branches):
    # the months sum the reports ending in each (6 + 9 + 7 + 4 = 26 over 60 + 130 + 180 + 73 = 443),
    # overlapping windows included; the year takes non-overlapping ones: 17 / 293. Declared
    # non_additive, so the additivity check leaves it alone.
    assert rows(branches, "SELECT accumulation FROM dim_metric WHERE metric_id = 'dossiers_in_system_rate'") == [
        {"accumulation": "non_additive"}
    ]
