"""Review (RASOAT), plan-task register (NHIEMVU) and periodic reports (BAOCAO): the metrics
regulation_cut_rate, compliance_cost_cut_rate, regulatory_activity_count, task_completion_rate,
periodic_report_on_time_rate, dossiers_in_system_rate and their scorecard rows (milestones).
Hand-made cases, answers worked out by hand. As of 30/09/2022, plan hatinh-2022."""

from __future__ import annotations

from datetime import date

import pytest

from tests.sql.records import HATINH_PLAN, baocao, nhiemvu, rasoat
from tests.warehouse.helpers import AGENCIES, HUYEN, TINH, TW, XA, build_from_records, hoso

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


@pytest.fixture(scope="session")
def registers_con(tmp_path_factory):
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
