"""The qd766_* inspections (sql/inspections/): the records behind each lost point of the QĐ 766
index, for a unit and a period, on hand-made worlds whose answers are worked out in their comments:

- example A/C (tests/sql/worlds/index766.py, commune X, March 2022, D = 05/04/2022): 2.1, 1.4, 3.3,
  4.1, 4.2;
- the rules world of groups 3-5 (tests/sql/index766/worlds.py, May 2022, D = 30/06/2022): 3.6, 5.2.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.inspect.library import list_inspections, run_inspection
from tests.sql.index766.worlds import rules_world
from tests.sql.worlds.index766 import B, X
from tests.warehouse.helpers import TINH

QD766 = {
    "qd766_qua_han": "2.1",
    "qd766_chua_dong_bo": "1.4",
    "qd766_khong_ket_qua_dien_tu": "4.1",
    "qd766_chua_so_hoa": "4.2",
    "qd766_truc_tuyen_chua_dat": "3.3",
    "qd766_chua_thanh_toan_truc_tuyen": "3.6",
    "qd766_pakn_tre_han": "5.2",
}


@pytest.fixture(scope="module")
def rules_db(tmp_path_factory):
    con, res = rules_world(tmp_path_factory.mktemp("qd766_rules"))
    con.close()
    return res.db_path


def run(db, name, **params):
    return run_inspection(db, name, params)


def test_one_documented_inspection_per_lost_point_family():
    found = {i.name: i for i in list_inspections() if i.name.startswith("qd766_")}
    assert set(found) == set(QD766)
    for name, i in found.items():
        assert {p.name for p in i.params} == {"don_vi", "ky"}, name
        assert f"'{QD766[name]}'" in i.sql, name  # reads the facts of its own indicator
        assert i.sensitivity == "noi_bo"


def test_qd766_qua_han(example_ac_portal):
    df = run(example_ac_portal, "qd766_qua_han", don_vi=X, ky="2022-03")
    # example A: 3 × b and h ended 20/03 > due 15/03 (5 days late), d open at E 31/03 > due 29/03
    # (2 days), f waiting after two supplement requests (overdue whatever its date: no day count)
    got = {r.ma_ho_so: (r.tinh_trang, None if pd.isna(r.so_ngay_tre) else int(r.so_ngay_tre)) for r in df.itertuples()}
    assert got == {
        "XB1": ("da_ket_thuc", 5),
        "XB2": ("da_ket_thuc", 5),
        "XB3": ("da_ket_thuc", 5),
        "XH1": ("da_ket_thuc", 5),
        "XD1": ("dang_mo", 2),
        "XF1": ("cho_bo_sung", None),
    }
    assert len(df) == 45 - 39  # d − n of X's 2.1
    # B: its 10 late dossiers (390 of 400 on time). Every unit: X 6, B 10, C 10 (the province's
    # 505 − 479 = 26) and the central agency TW's 5 (outside the province, still its own unit) = 31
    assert len(run(example_ac_portal, "qd766_qua_han", don_vi=B, ky="2022-03")) == 10
    assert len(run(example_ac_portal, "qd766_qua_han", ky="2022-03")) == 31
    # default period: the month of D (05/04/2022): April has only X's open dossiers due before 05/04
    assert set(run(example_ac_portal, "qd766_qua_han")["ky"]) <= {"2022-04"}


def test_qd766_chua_dong_bo(example_ac_portal):
    df = run(example_ac_portal, "qd766_chua_dong_bo", don_vi=X, ky="2022-03")
    # XA01 and XA02 are the two class-a dossiers never synced (1.4 = 38/40)
    assert sorted(df["ma_ho_so"]) == ["XA01", "XA02"]
    assert df["ngay_dong_bo_dvcqg"].isna().all()


def test_qd766_truc_tuyen_and_results(example_ac_portal):
    # no dossier of example A/C is online (kenh 2) or has a digitised result (the 3.3 and 4.1 proxy)
    online = run(example_ac_portal, "qd766_truc_tuyen_chua_dat", don_vi=X, ky="2022-03")
    assert len(online) == 38 and set(online["ly_do"]) == {"khong_truc_tuyen"}  # the 38 synced of 40
    results = run(example_ac_portal, "qd766_khong_ket_qua_dien_tu", don_vi=X, ky="2022-03")
    # 4.1's d: the dossiers resolved (9/10) in March: a 31 + b 3 + g 4 + h 1 = 39, none with a result
    assert len(results) == 39 and set(results["da_so_hoa_ket_qua"]) == {False}
    digitised = run(example_ac_portal, "qd766_chua_so_hoa", don_vi=X, ky="2022-03")
    assert len(digitised) == 40  # received in March (a–f), none with a digitised component


def test_qd766_chua_thanh_toan_truc_tuyen(rules_db):
    df = run(rules_db, "qd766_chua_thanh_toan_truc_tuyen", don_vi=TINH, ky="2022-05")
    # P1, P2, P3: fee procedures (catalogue at 31/05: F_CASH still has its obligation), 10 000 đ,
    # thanh_toan_truc_tuyen 0 (P1's successful THANHTOAN counts for 3.5b, not for 3.6)
    assert sorted(df["ma_ho_so"]) == ["P1", "P2", "P3"]
    assert set(df["phi_le_phi"]) == {10000}


def test_qd766_pakn_tre_han(rules_db):
    df = run(rules_db, "qd766_pakn_tre_han", don_vi=TINH, ky="2022-05")
    # K2 refused after 4 working days (> 2), K3 asked for more after 8 (> 5), K5 in progress since
    # 04/04 (> 15 at 31/05), K6 published 7 working days after its result (> 2); K10 out of scope
    assert sorted(df["ma_pakn"]) == ["K2", "K3", "K5", "K6"]
    assert run(rules_db, "qd766_pakn_tre_han", don_vi=X, ky="2022-05").empty  # another unit
