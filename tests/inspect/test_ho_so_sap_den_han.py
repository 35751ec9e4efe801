"""The named inspection ho_so_sap_den_han over the due-soon world (tests/sql/worlds/due_soon.py:
T = Fri 29/04/2022, days off Sat 30/04 – Tue 03/05, every case worked out there)."""

from __future__ import annotations

from pipelines.inspect.library import run_inspection
from tests.warehouse.helpers import HUYEN, XA


def _d(v) -> str:
    return str(v)[:10]


def test_lists_the_dossiers_due_within_two_working_days(due_soon_db):
    df = run_inspection(due_soon_db, "ho_so_sap_den_han")
    # default so_ngay = 2, T = as-of 29/04: S1 (today), S2 (03/05, a day off), S8 (04/05), S3 (05/05);
    # working days left: S1 and S2 0 (no working day between T and the appointment), S8 1, S3 2
    got = [(r.ma_ho_so, r.ma_don_vi, _d(r.ngay_hen_tra), r.so_ngay_lam_viec_con_lai) for r in df.itertuples()]
    assert got == [
        ("S1", HUYEN, "2022-04-29", 0),
        ("S2", HUYEN, "2022-05-03", 0),
        ("S8", XA, "2022-05-04", 1),
        ("S3", HUYEN, "2022-05-05", 2),
    ]
    assert "nguoi_nop_pseudo" not in df.columns and "ho_ten" not in set(df.columns)


def test_parameters_window_unit_and_date(due_soon_db):
    # so_ngay = 3: the 3rd working day after T is Fri 06/05, S4 joins
    assert list(run_inspection(due_soon_db, "ho_so_sap_den_han", {"so_ngay": "3", "don_vi": HUYEN})["ma_ho_so"]) == [
        "S1",
        "S2",
        "S3",
        "S4",
    ]
    # the commune only; then T = 28/04 (dd/mm/yyyy accepted): S5 due that day, S10 still open
    assert list(run_inspection(due_soon_db, "ho_so_sap_den_han", {"cap": "xa"})["ma_ho_so"]) == ["S8"]
    earlier = run_inspection(due_soon_db, "ho_so_sap_den_han", {"den_ngay": "28/04/2022"})
    assert list(earlier["ma_ho_so"]) == ["S5", "S1", "S2", "S10", "S8"]
