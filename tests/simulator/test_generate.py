"""The simulated world (simulator.generate_world): shape, consistency, calibration."""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from simulator import generate_world
from simulator.catalog import TTHC_COLUMNS
from simulator.generate import ACTIVITIES, ENTITY_COLUMNS, HOSO_COLUMNS, MILESTONES

REF = Path(__file__).resolve().parents[2] / "data" / "reference"
SCALE = 0.05


@pytest.fixture(scope="session")
def world():
    return generate_world(seed=7, scale=SCALE)


@pytest.fixture(scope="session")
def final(world):
    h = world.versions["hoso"]
    return h.sort_values(["ma_ho_so", "ngay_cap_nhat"], kind="stable").drop_duplicates("ma_ho_so", keep="last")


def _days_off() -> set[dt.date]:
    with open(REF / "vn_public_holidays_2022.csv", encoding="utf-8") as fh:
        return {dt.date.fromisoformat(r["date"]) for r in csv.DictReader(fh)}


def _add_wd(d: dt.date, n: int, off: set[dt.date]) -> dt.date:
    """Independent implementation: the n-th working day strictly after d."""
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5 and d not in off:
            n -= 1
    return d


def test_columns(world):
    v = world.versions
    assert set(v) == {
        "hoso",
        "tientrinh",
        "danhgia",
        "thanhtoan",
        "tthc",
        "donvi",
        "pakn",
        "rasoat",
        "nhiemvu",
        "baocao",
        "tailieunop",
        "giaytoketqua",
        "lephi",
        "tthc_donvi",
    }
    assert list(v["hoso"].columns) == HOSO_COLUMNS + ["ds_bo_sung", "export_date"]
    assert list(v["tthc"].columns) == TTHC_COLUMNS + ["export_date"]
    for ent, cols in ENTITY_COLUMNS.items():
        if ent == "hoso":
            continue
        assert list(v[ent].columns) == cols + ["export_date"], ent
    for ent, df in v.items():
        assert len(df) > 0, ent
        assert df["export_date"].notna().all(), ent
        assert (df["export_date"] == df["export_date"].dt.floor("D")).all(), ent


def test_deterministic():
    a = generate_world(seed=3, scale=0.005)
    b = generate_world(seed=3, scale=0.005)
    for k in a.versions:
        pd.testing.assert_frame_equal(a.versions[k], b.versions[k], obj=k)
    assert a.truth == b.truth
    c = generate_world(seed=4, scale=0.005)
    assert not c.versions["hoso"]["ma_ho_so"].equals(a.versions["hoso"]["ma_ho_so"])


def test_volume_and_mix(world, final):
    t = world.truth
    total = t["dossiers_received"]["tinh"] + t["dossiers_received"]["huyen"] + t["dossiers_received"]["xa"]
    assert abs(total - 850_000 * SCALE) <= 0.10 * 850_000 * SCALE
    for lv, share in {"tinh": 0.089, "huyen": 0.137, "xa": 0.774}.items():
        assert abs(t["dossiers_received"][lv] / total - share) <= 0.03, lv
    jm = t["online_share_jan_may"]
    assert abs(jm["toan_tinh"] - 0.17) <= 0.05
    assert abs(jm["tinh"] - 0.2645) <= 0.06
    assert abs(jm["huyen_xa"] - 0.104) <= 0.04
    months = t["online_share_by_month"]
    assert months["2022-12"] > months["2022-01"] + 0.05  # rising through the year
    assert 0.0005 <= t["late_share"] <= 0.004
    assert t["late_share_by_level"]["huyen"] > t["late_share_by_level"]["xa"]
    by_month = t["dossiers_received_by_month"]
    assert by_month["2022-01"] > by_month["2022-02"] * 1.5  # January rush, Tết trough
    assert 0.85 <= t["satisfaction_rate"] <= 0.99
    assert t["satisfaction_rate_by_field_group"]["dat_dai"] < t["satisfaction_rate"]
    assert 0 < t["postal_dossier_share"] < 0.05
    assert 0.5 < t["apology_coverage_rate"] < 1.0
    dig = t["result_digitization_rate_by_level"]
    assert dig["tinh"] > dig["xa"]


def test_truth_matches_exported_rows(world, final):
    r = final[final.ngay_tiep_nhan.notna() & ~final.trang_thai.isin([1, 3]) & (final.ngay_tiep_nhan.dt.year == 2022)]
    assert len(r) == world.truth["dossiers_received"]["toan_tinh"]
    res = final[final.trang_thai.isin([9, 10]) & (final.ngay_ket_thuc_xu_ly.dt.year == 2022)]
    late = (res.ngay_ket_thuc_xu_ly.dt.floor("D") > res.ngay_hen_tra.dt.floor("D")) & res.ngay_hen_tra.notna()
    assert late.mean() == pytest.approx(world.truth["late_share"])


def test_dates_in_order(world, final):
    h = world.versions["hoso"]
    assert (h.ngay_nop <= h.ngay_tiep_nhan).where(h.ngay_tiep_nhan.notna(), True).all()
    assert (h.ngay_tiep_nhan <= h.ngay_ket_thuc_xu_ly).where(h.ngay_ket_thuc_xu_ly.notna(), True).all()
    assert (h.ngay_ket_thuc_xu_ly <= h.ngay_tra).where(h.ngay_tra.notna(), True).all()
    assert (h.ngay_cap_nhat >= h.ngay_nop).all()
    assert (h.ngay_cap_nhat <= pd.Timestamp("2022-12-31 23:59:59")).all()
    assert (h.export_date == h.ngay_cap_nhat.dt.floor("D")).all()
    # versions of a dossier: strictly newer, one per day
    s = h.sort_values(["ma_ho_so", "ngay_cap_nhat"], kind="stable")
    same = s.ma_ho_so.eq(s.ma_ho_so.shift())
    assert (s.ngay_cap_nhat.diff()[same] > pd.Timedelta(0)).all()
    assert (s.export_date.diff()[same] > pd.Timedelta(0)).all()
    # status rules
    assert h.trang_thai.between(1, 10).all()
    assert (h.ngay_tiep_nhan.isna() == h.trang_thai.isin([1, 3])).all()
    assert h.ngay_ket_thuc_xu_ly.notna().eq(h.trang_thai.isin([9, 10])).all()
    assert (h.loc[h.trang_thai == 1, "kenh"] == 2).all()
    # received on working days (few Saturdays), never on Sundays or public days off
    off = _days_off()
    rd = final.ngay_tiep_nhan.dropna().dt.date
    assert not rd.isin(off).any()
    wd = final.ngay_tiep_nhan.dropna().dt.day_of_week
    assert (wd != 6).all() and (wd == 5).mean() < 0.02
    tod = final.ngay_tiep_nhan.dropna()
    secs = tod.dt.hour * 3600 + tod.dt.minute * 60 + tod.dt.second
    assert secs.between(7.5 * 3600, 17 * 3600).all()
    # every event of the world is in order on the final versions
    for a, b in [("ngay_nop", "ngay_cap_nhat"), ("ngay_tiep_nhan", "ngay_hen_tra")]:
        x = final[final[a].notna() & final[b].notna()]
        assert (x[a] <= x[b]).all()
    # statuses that occur
    assert set(final.trang_thai) >= {2, 3, 4, 5, 7, 8, 9, 10} - {2}


def test_due_dates_in_working_days(world, final):
    tthc = world.versions["tthc"]
    cat = tthc[tthc.ngay_xuat == tthc.ngay_xuat.max()].set_index("ma_tthc")
    steps = world.versions["tientrinh"]
    supp = set(steps.loc[steps.noi_dung.str.startswith("Yêu cầu bổ sung"), "ma_ho_so"])
    x = final[final.ngay_tiep_nhan.notna() & final.ngay_hen_tra.notna() & ~final.ma_ho_so.isin(supp)].copy()
    x["code"] = x.ma_tthc.str.split(".").str[:2].str.join(".")
    x = x[x.code.map(cat.don_vi_thoi_han) == "Ngày làm việc"]
    x = x[x.ngay_hen_tra.dt.year == 2022]
    sample = x.sample(min(400, len(x)), random_state=1)
    off = _days_off()
    n_days = sample.code.map(cat.thoi_han).astype(int)
    for recv, due, n in zip(sample.ngay_tiep_nhan, sample.ngay_hen_tra, n_days):
        assert due.date() == _add_wd(recv.date(), n, off), (recv, due, n)
    # supplements move the appointment by the paused working days
    moved = final[final.ma_ho_so.isin(supp) & final.ds_bo_sung.notna()]
    assert len(moved) > 0
    for lst, due in zip(moved.ds_bo_sung.head(50), moved.ngay_hen_tra.head(50)):
        assert lst[0]["NgayHenTraMoi"] == due and lst[0]["NgayHenTraTruoc"] < due


def test_identifiers_and_numbers(world):
    h = world.versions["hoso"]
    donvi = set(world.versions["donvi"].ma_don_vi)
    assert h.ma_don_vi.isin(donvi).all()
    m = h.ma_ho_so.str.extract(r"^(\d{3}\.\d{2}\.\d{2}\.H27)-(\d{6})-(\d{4})$")
    assert m.notna().all().all()
    assert (m[0] == h.ma_don_vi).all()
    assert (m[1] == h.ngay_nop.dt.strftime("%y%m%d")).all()
    first = h.drop_duplicates("ma_ho_so")
    key = first.ma_ho_so.str[:-5]
    seq = first.ma_ho_so.str[-4:].astype(int)
    assert not first.ma_ho_so.duplicated().any()
    # the daily sequence of a unit is 1..n without gaps
    g = seq.groupby(key)
    assert (g.max() == g.size()).all() and (g.min() == 1).all()
    # codes resolve in the catalogue (national part d.dddddd), incl. the local variant
    tthc = world.versions["tthc"]
    national = h.ma_tthc.str.extract(r"^(\d\.\d{6})")[0]
    assert national.notna().all() and national.isin(set(tthc.ma_tthc)).all()
    assert (h.ma_tthc == "1.001193.000.00.00.H27").any()
    assert h.kenh.isin([1, 2, 3]).all() and h.muc_do.isin([2, 3, 4]).all()
    assert h.loai_doi_tuong.isin([1, 2, 3, 4]).all()
    assert h.hinh_thuc_tra.isin([0, 1]).all() and h.thanh_toan_truc_tuyen.isin([0, 1, 2]).all()


def test_steps(world, final):
    st = world.versions["tientrinh"]
    donvi = set(world.versions["donvi"].ma_don_vi)
    assert st.don_vi_gui.isin(donvi).all() and st.don_vi_nhan.isin(donvi).all()
    assert st.ma_ho_so.isin(set(final.ma_ho_so)).all()
    s = st.sort_values(["ma_ho_so", "buoc"])
    assert (s.groupby("ma_ho_so").buoc.max() == s.groupby("ma_ho_so").size()).all()
    assert (s.groupby("ma_ho_so").thoi_diem.diff().dropna() >= pd.Timedelta(0)).all()
    assert (st.export_date == st.thoi_diem.dt.floor("D")).all()
    actions = {
        "Tiếp nhận hồ sơ",
        "Chuyển xử lý",
        "Yêu cầu bổ sung hồ sơ",
        "Công dân bổ sung hồ sơ",
        "Ban hành văn bản xin lỗi",
        "Kết thúc xử lý",
        "Trả kết quả",
        "Từ chối tiếp nhận hồ sơ",
        "Công dân rút hồ sơ",
    }
    assert set(st.noi_dung) == actions
    tr = st[(st.noi_dung == "Chuyển xử lý") & (st.don_vi_gui != st.don_vi_nhan)]
    assert len(tr) > 0 and set(tr.hinh_thuc_chuyen) == {"Điện tử", "Giấy"}
    assert set(st.hinh_thuc_chuyen) <= {"Điện tử", "Giấy"}
    # officers work office hours (a little overtime after 17:00 is tolerated)
    h = st.thoi_diem.dt.hour
    assert ((h < 7) | (h >= 19)).mean() < 0.005
    assert st.thoi_diem.dt.day_of_week.le(5).all()
    ap = st[st.noi_dung == "Ban hành văn bản xin lỗi"]
    assert len(ap) > 0 and ap.han_xu_ly.notna().all()
    # every step names its officer
    assert st.nguoi_xu_ly.notna().all()
    # resolution step matches the dossier
    k = st[st.noi_dung == "Kết thúc xử lý"].set_index("ma_ho_so").thoi_diem
    f = final.set_index("ma_ho_so").ngay_ket_thuc_xu_ly.dropna()
    assert (k.reindex(f.index) == f).all()


def test_evaluations_payments(world, final):
    ids = set(final.ma_ho_so)
    dg, tt = world.versions["danhgia"], world.versions["thanhtoan"]
    assert dg.ma_ho_so.isin(ids).all() and tt.ma_ho_so.isin(ids).all()
    assert dg.ma_danh_gia.is_unique and tt.ma_giao_dich.is_unique
    assert dg.muc_do_hai_long.between(1, 5).all()
    assert set(dg.kenh_danh_gia) <= {"Cổng DVC", "Kiosk", "Tin nhắn", "Phiếu giấy"}
    assert set(tt.trang_thai) == {"Thành công", "Thất bại", "Hoàn tiền"}
    assert (tt.trang_thai == "Thành công").mean() > 0.9
    assert set(tt.hinh_thuc) == {1, 2, 3, 4} and set(tt.loai) <= {"Phí", "Lệ phí"}
    assert (tt.so_tien > 0).all()
    assert 0.0 < world.truth["online_payment_transaction_rate"] < 0.6


def test_personal_data(final):
    assert final.so_giay_to.str.match(r"^\d{12}$").all()
    assert final.so_dien_thoai.str.match(r"^0\d{9}$").all()
    em = final.email[final.email != ""]
    assert em.str.match(r"^[a-z]+\.[a-z]+\d+@[a-z.]+$").all()
    for col in ["chu_ho_so", "dia_chi", "trich_yeu", "ten_tthc"]:
        sample = final[col].head(500)
        assert all(unicodedata.is_normalized("NFC", s) for s in sample), col
    assert final.dia_chi.str.endswith("Hà Tĩnh").all()
    assert final.trich_yeu.str.contains("Đăng ký khai sinh cho con (?:ông|bà) ").any()


def test_registers(world):
    v = world.versions
    nv = v["nhiemvu"]
    assert set(MILESTONES) <= set(nv.ma_nhiem_vu) and set(ACTIVITIES) <= set(nv.ma_nhiem_vu)
    last = nv.sort_values("export_date").drop_duplicates(["ma_nhiem_vu", "ma_don_vi", "han"], keep="last")
    ms = last[last.ma_nhiem_vu.isin(list(MILESTONES))]
    assert ms.ngay_hoan_thanh.isna().any() and (ms.ngay_hoan_thanh > ms.han).any()
    bc = v["baocao"]
    assert set(bc.ky_bao_cao) == {"Quý I/2022", "6 tháng/2022", "Quý III/2022", "Năm 2022"}
    assert bc.ngay_nop.isna().any() and (bc.ngay_nop > bc.han_nop).any()
    rs = v["rasoat"]
    assert (rs.so_quy_dinh_cat_giam <= rs.so_quy_dinh).all() and (rs.chi_phi_sau <= rs.chi_phi_truoc).all()
    assert rs.ngay_phe_duyet.dt.month.between(3, 8).all()
    pk = v["pakn"]
    assert set(pk.trang_thai) <= {"Đang xử lý", "Đã xử lý", "Từ chối"}
    last = pk.sort_values("export_date").drop_duplicates("ma_pakn", keep="last")
    assert (last.ngay_chuyen.dropna() >= last.ngay_tiep_nhan[last.ngay_chuyen.notna()]).all()
    tthc = v["tthc"]
    assert tthc.ngay_xuat.nunique() >= 5
    assert (tthc.groupby("ngay_xuat").size() == tthc.groupby("ngay_xuat").ma_tthc.nunique()).all()
    dv = v["donvi"]
    assert set(dv.cap) == {"Tỉnh", "Huyện", "Xã", "Trung ương"}


def test_truth_keys_and_json(world):
    import json

    t = world.truth
    for key in [
        "dossiers_received",
        "dossiers_received_by_month",
        "late_share",
        "on_time_resolution_rate",
        "online_dossier_rate",
        "online_share_by_month",
        "online_share_jan_may",
        "result_digitization_rate_by_level",
        "electronic_circulation_rate",
        "postal_dossier_share",
        "apology_coverage_rate",
        "satisfaction_rate",
        "satisfaction_rate_by_field_group",
        "online_payment_transaction_rate",
        "periodic_report_on_time_rate",
        "dossiers_in_system_rate",
        "catalogue",
        "rows",
    ]:
        assert key in t, key
    json.dumps(t)
    assert t["rows"] == {k: len(v) for k, v in world.versions.items()}
    assert 0.9 < t["dossiers_in_system_rate"] <= 1.0


def test_carry_over_from_previous_year(world):
    h = world.versions["hoso"]
    dec = h[h.ngay_tiep_nhan.dt.year == 2021]
    assert dec.ma_ho_so.nunique() > 0
    # open on 1 January: resolved (if at all) in 2022
    res = dec.ngay_ket_thuc_xu_ly.dropna()
    assert (res >= pd.Timestamp("2022-01-01")).all()
