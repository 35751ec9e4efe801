"""The simulated province: agencies, identifiers, calendar (simulator)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest

from simulator.catalog import build_catalog, snapshot
from simulator.province import PROVINCE_ID, build_agencies
from simulator.work_calendar import calendar

REF = Path(__file__).resolve().parents[2] / "data" / "reference"
ID_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.H27$")


@pytest.fixture(scope="module")
def agencies():
    return build_agencies(42)


def test_structure_matches_gso(agencies):
    with open(REF / "hatinh_dvhc_2022-10-01.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    districts = {r["district_code"] for r in rows}
    communes = {r["commune_code"] for r in rows}
    assert len(districts) == 13 and len(communes) == 216
    h = agencies[agencies.cap == "Huyện"]
    x = agencies[agencies.cap == "Xã"]
    assert set(h.ma_dvhc) == districts
    assert set(x.ma_dvhc) == communes
    assert 18 <= (agencies.loai == "Sở, ban, ngành").sum() <= 25
    assert (agencies.cap == "Trung ương").sum() == 4
    assert (agencies.loai == "Trung tâm Phục vụ hành chính công").sum() == 1
    for name in ["Sở Tư pháp", "Sở Tài nguyên và Môi trường", "Sở Xây dựng", "Ban Quản lý Khu kinh tế tỉnh"]:
        assert name in set(agencies.ten_don_vi)


def test_identifiers(agencies):
    assert agencies.ma_don_vi.is_unique
    assert agencies.ma_don_vi.map(lambda s: bool(ID_RE.match(s))).all()
    assert PROVINCE_ID in set(agencies.ma_don_vi)
    ids = set(agencies.ma_don_vi)
    parents = agencies.ma_don_vi_cha[agencies.ma_don_vi_cha != ""]
    assert parents.isin(ids).all()
    # communes read 000.DD.CC.H27 under their district 000.DD.00.H27
    x = agencies[agencies.cap == "Xã"]
    assert (x.ma_don_vi.str[:7] == x.ma_don_vi_cha.str[:7]).all()
    assert (x.ma_don_vi.str[7:9] != "00").all()
    d = agencies[agencies.cap == "Huyện"]
    assert (d.ma_don_vi.str[4:13] != "00.00.H27").all() and (d.ma_don_vi.str[7:9] == "00").all()


def _wd_reference() -> list[dt.date]:
    with open(REF / "vn_public_holidays_2022.csv", encoding="utf-8") as fh:
        off = {dt.date.fromisoformat(r["date"]) for r in csv.DictReader(fh)}
    d, out = dt.date(2022, 1, 1), []
    while d.year == 2022:
        if d.weekday() < 5 and d not in off:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def test_calendar_2022():
    c = calendar()
    wd = c.working_days_in(dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert wd.size == 249
    assert [x.astype(dt.date) for x in wd] == _wd_reference()
    tet = np.arange(np.datetime64("2022-01-29"), np.datetime64("2022-02-07"))
    assert not c.working(tet).any()
    # the N-th working day strictly after: Fri 28/01 + 1 = Mon 07/02 (Tết closure)
    assert c.add_working_days(np.array(["2022-01-28"], dtype="datetime64[D]"), 1)[0] == np.datetime64("2022-02-07")
    assert c.add_working_days(np.array(["2022-08-31"], dtype="datetime64[D]"), 1)[0] == np.datetime64("2022-09-05")
    # 2023 from the holidays package: 02/01/2023 is a day off
    assert not c.working(np.array(["2023-01-02"], dtype="datetime64[D]"))[0]


def test_catalog():
    cat = build_catalog(42)
    assert 1800 <= len(cat) <= 2000
    assert cat.ma_tthc.is_unique
    assert cat.ma_tthc.str.match(r"^\d\.\d{6}$").all()
    share_internal = (cat.loai_tthc == "TTHC nội bộ").mean()
    assert 0.05 <= share_internal <= 0.10
    fields = set(cat.ten_linh_vuc)
    for f in [
        "Đất đai",
        "Xây dựng",
        "Hoạt động xây dựng",
        "Nhà ở",
        "Đầu tư tại Việt Nam",
        "Hộ tịch",
        "Chứng thực",
        "Quy hoạch xây dựng, kiến trúc",
        "Đầu tư vào nông nghiệp, nông thôn",
        "Đầu tư bằng vốn đầu tư công",
    ]:
        assert f in fields, f
    assert "1.001193" in set(cat.ma_tthc) and "2.000815" in set(cat.ma_tthc)
    jan, dec = snapshot(cat, dt.date(2022, 1, 1)), snapshot(cat, dt.date(2022, 12, 31))
    pub_j, pub_d = jan[jan.loai_tthc == "TTHC"], dec[dec.loai_tthc == "TTHC"]
    assert (pub_d.muc_do >= 3).mean() > (pub_j.muc_do >= 3).mean()
    assert pub_d.tich_hop_dvcqg.sum() > pub_j.tich_hop_dvcqg.sum()
    assert pub_d.trien_khai_thanh_toan_truc_tuyen.sum() > pub_j.trien_khai_thanh_toan_truc_tuyen.sum()
    ij, id_ = jan[jan.loai_tthc != "TTHC"], dec[dec.loai_tthc != "TTHC"]
    assert id_.co_quy_trinh_noi_bo.mean() > ij.co_quy_trinh_noi_bo.mean()
    assert dec.so_qd_cong_bo.str.match(r"^\d+/QĐ-UBND$").all()
    assert set(dec.cap_thuc_hien.str.split(";").explode()) <= {"Tỉnh", "Huyện", "Xã"}
