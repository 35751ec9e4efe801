"""The simulator's exporters: every file re-readable, rows complete, layout as the vendor's,
deterministic, messy at the configured rates."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import python_calamine

from simulator.export import messiness as M
from simulator.export import write_exports
from simulator.export.headers import COLUMNS, NESTED, strip_diacritics
from simulator.run import simulate


@dataclass
class World:
    versions: dict
    truth: dict = field(default_factory=dict)
    seed: int = 42
    scale: float = 0.0
    start: date = date(2022, 3, 1)
    end: date = date(2022, 3, 31)


def small_world(nights: int = 12, per_night: int = 30, seed: int = 1) -> World:
    """A hand-built world: a few rows per entity and night, clean values as the generator's."""
    rng = np.random.default_rng(seed)
    d0 = pd.Timestamp("2022-03-01")
    days = [d0 + pd.Timedelta(days=i) for i in range(nights)]
    agencies = ["000.00.12.H27", "000.20.31.H27", "000.21.31.H27", "000.55.31.H27"]
    procs = [
        ("1.001193", "Cấp giấy phép xây dựng", "G15", "Xây dựng"),
        ("2.000889", "Đăng ký khai sinh", "H01", "Hộ tịch"),
        ("1.004227", "Cấp bản sao trích lục", "H01", "Hộ tịch"),
    ]
    hoso, steps, evals, pays, pakn = [], [], [], [], []
    files, fees = [], []  # QĐ 766: submitted files, fee items
    seq = 0
    for di, day in enumerate(days):
        for k in range(per_night):
            seq += 1
            ag = agencies[seq % len(agencies)]
            p = procs[seq % len(procs)]
            nop = day + pd.Timedelta(hours=8, minutes=int(rng.integers(0, 480)), seconds=int(rng.integers(0, 60)))
            key = f"{ag}-{nop:%y%m%d}-{seq:04d}"
            st = int(rng.choice([2, 4, 5, 9, 10]))
            done = nop + pd.Timedelta(days=2) if st >= 9 else pd.NaT
            hoso.append(
                dict(
                    ma_ho_so=key,
                    ma_don_vi=ag,
                    ma_tthc=p[0],
                    ten_tthc=p[1],
                    ma_linh_vuc=p[2],
                    ten_linh_vuc=p[3],
                    muc_do=int(rng.choice([2, 3, 4])),
                    kenh=int(rng.choice([1, 2, 3])),
                    loai_doi_tuong=int(rng.choice([1, 2])),
                    chu_ho_so=f"Nguyễn Thị Hằng {seq}",
                    so_giay_to=f"0421{seq:08d}",
                    so_dien_thoai=f"09{seq:08d}",
                    email=f"ho{seq}@gmail.com",
                    dia_chi="Xã Thạch Hà, huyện Thạch Hà, Hà Tĩnh",
                    trich_yeu="Đề nghị cấp giấy phép & <xây dựng> nhà ở riêng lẻ; tầng 2",
                    ngay_nop=nop,
                    ngay_tiep_nhan=nop + pd.Timedelta(minutes=30),
                    ngay_hen_tra=nop + pd.Timedelta(days=5),
                    ngay_ket_thuc_xu_ly=done,
                    ngay_tra=done + pd.Timedelta(hours=3) if st == 10 else pd.NaT,
                    trang_thai=st,
                    hinh_thuc_tra=int(rng.integers(0, 2)),
                    co_thanh_phan_so_hoa=int(rng.integers(0, 2)),
                    da_so_hoa_ket_qua=int(rng.integers(0, 2)),
                    ma_ket_qua=f"KQ.G15.{seq:06d}" if st >= 9 else None,
                    phi_le_phi=int(rng.choice([0, 50000, 1250000])),
                    thanh_toan_truc_tuyen=int(rng.integers(0, 3)),
                    da_dong_bo_dvcqg=int(rng.integers(0, 2)),
                    ngay_cap_nhat=nop + pd.Timedelta(hours=1),
                    ds_bo_sung=(
                        [{"NgayHenTraTruoc": nop + pd.Timedelta(days=5), "NgayHenTraMoi": nop + pd.Timedelta(days=8)}]
                        if st == 5
                        else None
                    ),
                    export_date=day,
                )
            )
            for b in range(1, 4):
                steps.append(
                    dict(
                        ma_ho_so=key,
                        buoc=b,
                        thoi_diem=nop + pd.Timedelta(hours=b),
                        trang_thai=[2, 4, 9][b - 1],
                        noi_dung=["Tiếp nhận hồ sơ", "Chuyển xử lý", "Kết thúc xử lý"][b - 1],
                        don_vi_gui=ag,
                        don_vi_nhan=ag if b != 2 else "000.00.12.H27",
                        hinh_thuc_chuyen="Điện tử" if b != 2 else "Giấy",
                        han_xu_ly=nop + pd.Timedelta(days=b),
                        nguoi_xu_ly="Trần Văn Bình",
                        export_date=day,
                    )
                )
            if k % 3 == 0:
                evals.append(
                    dict(
                        ma_danh_gia=f"DG{seq:07d}",
                        ma_ho_so=key,
                        thoi_diem=nop + pd.Timedelta(days=1),
                        kenh_danh_gia="Cổng DVC",
                        muc_do_hai_long=int(rng.integers(1, 6)),
                        export_date=day,
                    )
                )
            if k % 2 == 0:
                files.append(
                    dict(
                        ma_ho_so=key,
                        ma_tep=f"TL{seq:08d}",
                        ma_thanh_phan="TP01",
                        ten_tep=f"Tờ khai - Nguyễn Thị Hằng {seq}.pdf",
                        duong_dan_tep=f"/dvc/upload/2022-03/TL{seq:08d}.pdf" if k % 4 == 0 else None,
                        da_xoa=0,
                        duoc_so_hoa=int(k % 4 == 0),
                        duoc_tai_su_dung=0,
                        lay_tu_kho_dmqg=0,
                        ma_ket_qua_thay_the=None,
                        export_date=day,
                    )
                )
                fees.append(
                    dict(
                        ma_ho_so=key,
                        stt=1,
                        ma_phi_le_phi="1",
                        ten_phi_le_phi="Lệ phí",
                        loai_phi_le_phi="2",
                        hinh_thuc_thu="1",
                        gia=0 if k % 8 == 0 else 50000,  # an exemption
                        export_date=day,
                    )
                )
            if k % 4 == 0:
                pays.append(
                    dict(
                        ma_giao_dich=f"GD{seq:08d}",
                        ma_ho_so=key,
                        so_tien=1250000,
                        loai="Lệ phí",
                        hinh_thuc=int(rng.integers(1, 5)),
                        thoi_diem=nop + pd.Timedelta(minutes=5),
                        trang_thai="Thành công",
                        export_date=day,
                    )
                )
        pakn.append(
            dict(
                ma_pakn=f"PAKN{di:05d}",
                ngay_tiep_nhan=day + pd.Timedelta(hours=9),
                nguon="Cổng DVCQG",
                thuoc_pham_vi=1,
                ma_don_vi_xu_ly=agencies[0],
                ngay_chuyen=day + pd.Timedelta(hours=10),
                ngay_co_ket_qua=pd.NaT,
                trang_thai="Đang xử lý",
                cong_khai=0,
                export_date=day,
            )
        )
    # a second version of some dossiers, exported the next night
    hv = pd.DataFrame(hoso)
    second = hv.iloc[::4].copy()
    second["trang_thai"] = 10
    second["ngay_cap_nhat"] = second["ngay_cap_nhat"] + pd.Timedelta(days=1)
    second["export_date"] = second["export_date"] + pd.Timedelta(days=1)
    hv = pd.concat([hv, second], ignore_index=True)
    snap = d0 + pd.Timedelta(days=nights - 1)
    tthc = pd.DataFrame(
        [
            dict(
                ngay_xuat=d0,
                ma_tthc=p[0],
                ten_tthc=p[1],
                ma_linh_vuc=p[2],
                ten_linh_vuc=p[3],
                cap_thuc_hien="Tỉnh;Huyện",
                loai_tthc="TTHC",
                thoi_han=5,
                don_vi_thoi_han="Ngày làm việc",
                muc_do=4,
                du_dieu_kien_truc_tuyen=1,
                tich_hop_dvcqg=1,
                co_nghia_vu_tai_chinh=0,
                trien_khai_thanh_toan_truc_tuyen=0,
                co_quy_trinh_noi_bo=1,
                cong_khai_csdlqg=1,
                niem_yet=1,
                so_qd_cong_bo="512/QĐ-UBND",
                ngay_qd_cong_bo=pd.Timestamp("2021-12-20"),
                ngay_hieu_luc_can_cu=pd.Timestamp("2021-07-01"),
                export_date=d0,
            )
            for p in procs
        ]
    )
    donvi = pd.DataFrame(
        [
            dict(
                ma_don_vi=a,
                ten_don_vi=f"Đơn vị {i}",
                cap=["Tỉnh", "Huyện", "Xã", "Huyện"][i],
                loai="Sở, ban, ngành",
                ma_don_vi_cha=None,
                ma_dvhc=None,
                export_date=d0,
            )
            for i, a in enumerate(agencies)
        ]
    )
    rasoat = pd.DataFrame(
        [
            dict(
                ma_tthc="1.001193",
                ma_don_vi=agencies[0],
                so_quy_dinh=12,
                so_quy_dinh_cat_giam=3,
                chi_phi_truoc=125000000,
                chi_phi_sau=98000000,
                ngay_phe_duyet=pd.Timestamp("2022-03-05"),
                export_date=snap,
            )
        ]
    )
    nhiemvu = pd.DataFrame(
        [
            dict(
                ma_nhiem_vu="P1.II.2",
                ma_don_vi=agencies[0],
                san_pham="Quyết định 512/QĐ-STP",
                so_luong=1,
                han=pd.Timestamp("2022-03-31"),
                ngay_hoan_thanh=pd.NaT,
                export_date=snap,
            )
        ]
    )
    baocao = pd.DataFrame(
        [
            dict(
                ma_don_vi=a,
                ky_bao_cao="Quý I/2022",
                han_nop=pd.Timestamp("2022-03-15"),
                ngay_nop=pd.Timestamp("2022-03-14"),
                so_ho_so_tiep_nhan=120,
                export_date=snap,
            )
            for a in agencies
        ]
    )
    versions = {
        "hoso": hv,
        "tientrinh": pd.DataFrame(steps),
        "danhgia": pd.DataFrame(evals),
        "thanhtoan": pd.DataFrame(pays),
        "tthc": tthc,
        "donvi": donvi,
        "pakn": pd.DataFrame(pakn),
        "rasoat": rasoat,
        "nhiemvu": nhiemvu,
        "baocao": baocao,
        "tailieunop": pd.DataFrame(files),
        "lephi": pd.DataFrame(fees),
    }
    return World(versions=versions, truth={"dossiers": len(hoso), "as_of": d0})


# ---------------------------------------------------------------------------------------------
# reading back (independent of the pipeline's readers)


def _norm(s: str) -> str:
    return strip_diacritics(unicodedata.normalize("NFC", str(s))).strip().lower()


# (the arrays a JSON dossier carries: supplements, and the QĐ 766 entities nested in it)
ALL_HEADERS = (
    {_norm(h) for cols in COLUMNS.values() for c in cols for h in (c.vi, *c.also, c.key or c.vi)}
    | {"danhsachhosobosung"}
    | {_norm(k) for k in NESTED.values()}
)


def read_any(path: Path) -> tuple[list[str], list[list], dict]:
    """(header, data rows, info) of one exported file."""
    if path.suffix == ".xlsx":
        rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        # the header row: the first row where most cells are known headers
        for h, r in enumerate(rows):  # noqa: B007 — h (the header row) is used after the loop
            known = sum(1 for v in r if v != "" and _norm(v) in ALL_HEADERS)
            if known >= max(2, len([v for v in r if v != ""]) * 0.8):
                break
        else:
            raise AssertionError(f"no header row in {path}")
        data = []
        for r in rows[h + 1 :]:
            first = str(r[0])
            if all(v == "" for v in r) or _norm(first).startswith("tong cong"):
                break
            data.append(r)
        return (
            [str(v) for v in rows[h]],
            data,
            {"titles": rows[:h], "footer": rows[h + 1 + len(data) :], "header_row": h + 1},
        )
    if path.suffix == ".csv":
        raw = path.read_bytes()
        if raw[:2] == b"\xff\xfe":
            text, sep = raw.decode("utf-16"), "\t"
        else:
            text = raw.decode("utf-8-sig")
            first = text.split("\n", 1)[0]
            sep = max((";", ",", "\t"), key=first.count)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        return rows[0], rows[1:], {"sep": sep, "bom": raw[:3] == b"\xef\xbb\xbf" or raw[:2] == b"\xff\xfe"}
    doc = json.loads(path.read_text(encoding="utf-8"))
    recs = doc["data"] if isinstance(doc, dict) else doc
    return list(recs[0].keys()) if recs else [], recs, {"wrapped": isinstance(doc, dict)}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("sim")
    world = small_world()
    res = simulate(out, seed=7, world=world)
    return out, res, world


def test_layout_and_manifest(exported):
    out, res, world = exported
    assert (out / "_simulation.json").exists()
    man = json.loads((out / "_simulation.json").read_text(encoding="utf-8"))
    assert man["seed"] == 7 and man["truth"]["dossiers"] == res["truth"]["dossiers"]
    for f in man["files"]:
        p = out / f["file"]
        assert p.exists(), f
        assert p.parent.parent == out / "inbox"
        assert p.parent.name == f["night"]
    # one file per entity per night that has rows (re-deliveries aside)
    for ent, df in world.versions.items():
        nights = pd.to_datetime(df["export_date"]).dt.strftime("%Y-%m-%d").unique()
        got = {f["night"] for f in man["files"] if f["entity"] == ent and "duplicate_of" not in f}
        # or nested in that night's JSON dossier file
        got |= {f["night"] for f in man["files"] if ent in f.get("nested_rows", {}) and "duplicate_of" not in f}
        assert got == set(nights), ent
    assert man["faults"] == []


def test_every_file_readable_with_all_rows(exported):
    out, res, world = exported
    fmt_seen = set()
    for f in res["files"]:
        header, data, info = read_any(out / f["file"])
        fmt_seen.add((f["entity"], f["format"]))
        assert len(data) == f["rows"], f
        known = [h for h in header if _norm(h) in ALL_HEADERS]
        assert len(known) == len(header), (f, header)
        if f["format"] == "xlsx":
            titles = " ".join(str(v) for r in info["titles"] for v in r)
            assert "HÀ TĨNH" in unicodedata.normalize("NFC", titles).upper()
            foot = " ".join(str(v) for r in info["footer"] for v in r)
            assert "Tổng cộng" in unicodedata.normalize("NFC", foot) and "Người lập biểu" in unicodedata.normalize(
                "NFC", foot
            )
    # the source rows are all delivered (re-sends add older versions; duplicates add nothing new)
    for ent, df in world.versions.items():
        delivered = sum(
            f["rows"] - f.get("resent_rows", 0) for f in res["files"] if f["entity"] == ent and "duplicate_of" not in f
        )
        delivered += sum(f.get("nested_rows", {}).get(ent, 0) for f in res["files"] if "duplicate_of" not in f)
        assert delivered == len(df), ent
    assert ("hoso", "xlsx") in fmt_seen and ("tientrinh", "csv") in fmt_seen


def test_hoso_values_roundtrip(exported):
    """Dossier keys and update times read back as written, whatever the file's format."""
    out, res, world = exported
    src = world.versions["hoso"]
    want = set(zip(src["ma_ho_so"], src["ngay_cap_nhat"].dt.strftime("%Y%m%d%H%M%S")))
    got = set()
    for f in res["files"]:
        if f["entity"] != "hoso" or "duplicate_of" in f:
            continue
        header, data, info = read_any(out / f["file"])
        if f["format"] == "json":
            for r in data:
                got.add((r["MaHoSo"], r["NgayCapNhat"]))
            continue
        names = [_norm(h) for h in header]
        ik = next(i for i, h in enumerate(names) if h in ("ma ho so", "so ho so", "mahoso"))
        iu = next(i for i, h in enumerate(names) if h in ("ngay cap nhat", "ngaycapnhat"))
        for r in data:
            v = r[iu]
            ts = (
                pd.Timestamp(v)
                if not isinstance(v, str)
                else (
                    pd.to_datetime(v, format="%Y%m%d%H%M%S")
                    if v.isdigit()
                    else pd.to_datetime(v, dayfirst=not v[4] == "-")
                )
            )
            got.add((unicodedata.normalize("NFC", str(r[ik])), ts.round("s").strftime("%Y%m%d%H%M%S")))
    assert want <= got


def test_csv_and_json_deterministic(tmp_path):
    w = small_world(nights=5, per_night=10)
    a, b = tmp_path / "a", tmp_path / "b"
    ra = write_exports(w, a, seed=3)
    rb = write_exports(w, b, seed=3)
    assert ra == rb
    for f in ra["files"]:
        pa_, pb_ = a / f["file"], b / f["file"]
        assert pa_.read_bytes() == pb_.read_bytes(), f  # xlsx too: fixed zip times and properties
        assert read_any(pa_)[1] == read_any(pb_)[1]
    rc = write_exports(w, tmp_path / "c", seed=4)
    assert [f["file"] for f in rc["files"]] != [f["file"] for f in ra["files"]] or any(
        (a / f["file"]).read_bytes() != (tmp_path / "c" / f["file"]).read_bytes()
        for f in ra["files"]
        if f["format"] == "csv"
    )


def test_parallel_equals_serial(tmp_path, monkeypatch):
    import simulator.export as E

    monkeypatch.setattr(E, "PARALLEL_MIN_ROWS", 0)
    w = small_world(nights=6, per_night=10)
    ra = write_exports(w, tmp_path / "a", seed=3, workers=2, faults=True)
    rb = write_exports(w, tmp_path / "b", seed=3, workers=1, faults=True)
    assert ra == rb
    for f in ra["files"]:
        assert (tmp_path / "a" / f["file"]).read_bytes() == (tmp_path / "b" / f["file"]).read_bytes()


def test_rewrite_same_folder_after_delete(tmp_path):
    import shutil

    w = small_world(nights=3, per_night=4)
    write_exports(w, tmp_path, seed=1)
    shutil.rmtree(tmp_path / "inbox")
    r = write_exports(w, tmp_path, seed=1)
    assert all((tmp_path / f["file"]).exists() for f in r["files"])


def test_formats_restricted(tmp_path):
    w = small_world(nights=4, per_night=8)
    r = write_exports(w, tmp_path, formats=("csv",), seed=1)
    assert {f["format"] for f in r["files"]} == {"csv"}
    for f in r["files"]:
        assert len(read_any(tmp_path / f["file"])[1]) == f["rows"]
    r = write_exports(w, tmp_path / "j", formats=("json",), seed=1)
    assert {f["format"] for f in r["files"]} == {"json"}


def test_xlsx_writers_agree(tmp_path):
    """The fast writer and xlsxwriter give the same cell values."""
    from simulator.export.messiness import XCol
    from simulator.export.write_xlsx import Title, write_xlsx

    cols = [
        XCol("s", np.array(["a & <b>", None, " x "], dtype=object)),
        XCol("n", np.array([1.0, np.nan, 3.0])),
        XCol("d", M.excel_serial(pd.Series(pd.to_datetime(["2022-03-15 08:01:02", None, "2022-12-31 23:59:59"])))),
        XCol("D", M.excel_serial(pd.Series(pd.to_datetime(["2022-03-15", "2022-03-16", None])))),
    ]
    args = (
        [Title("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", False), Title("DANH SÁCH", True)],
        ["A", "B", "C", "D"],
        cols,
        ["", "Tổng cộng: 3 hồ sơ"],
    )
    h1 = write_xlsx(tmp_path / "f.xlsx", *args, overrides={(1, 2): "31/02/2022 08:00:00"}, fast=True)
    h2 = write_xlsx(tmp_path / "s.xlsx", *args, overrides={(1, 2): "31/02/2022 08:00:00"}, fast=False)
    assert h1 == h2 == 3
    r1 = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "f.xlsx")).get_sheet_by_index(0).to_python()
    r2 = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "s.xlsx")).get_sheet_by_index(0).to_python()
    assert r1 == r2
    assert r1[3][2].strftime("%Y-%m-%d %H:%M:%S") == "2022-03-15 08:01:02"
    assert r1[5][2].strftime("%Y-%m-%d %H:%M:%S") == "2022-12-31 23:59:59"
    assert r1[4][2] == "31/02/2022 08:00:00" and r1[3][0] == "a & <b>" and r1[5][0] == " x "
    import fastexcel

    assert fastexcel.read_excel(str(tmp_path / "f.xlsx")).load_sheet(0, header_row=2).height == 3 + 2


def test_messiness_rates(tmp_path):
    """Across many files the drawn styles follow the catalogue's rates."""
    rng_cols = COLUMNS["hoso"]
    n = 3000
    styles = [
        M.choose_style(
            "hoso", "xlsx", rng_cols, M.file_rng(5, "hoso", pd.Timestamp("2022-01-01") + pd.Timedelta(days=i))
        )
        for i in range(n)
    ]
    nfd = np.mean([s.nfd for s in styles])
    assert abs(nfd - M.RATES["nfd_text"]) < 0.03
    n_dated = sum(c.kind in ("datetime", "date") for c in rng_cols)
    native = np.mean([len(s.native_dates) == n_dated for s in styles])
    assert abs(native - M.RATES["xlsx_native_dates"]) < 0.05
    dot = np.mean([s.money == "dot" for s in styles])
    assert 0.1 < dot < 0.35


def test_nfd_and_variants_present(tmp_path):
    w = small_world(nights=40, per_night=6, seed=2)
    r = write_exports(w, tmp_path, seed=11)
    n_nfd = 0
    seps = set()
    encodings = set()
    labels = False
    for f in r["files"]:
        p = tmp_path / f["file"]
        raw = p.read_bytes()
        if f["format"] == "csv":
            header, data, info = read_any(p)
            seps.add(info["sep"])
            encodings.add(raw[:2])
            text = raw.decode("utf-16") if raw[:2] == b"\xff\xfe" else raw.decode("utf-8-sig")
        elif f["format"] == "json":
            text = json.dumps(read_any(p)[1], ensure_ascii=False)
        else:
            header, data, _ = read_any(p)
            text = " ".join(str(v) for row in data for v in row)
        if text != unicodedata.normalize("NFC", text):
            n_nfd += 1
        if "Trực tuyến" in text or "Đã trả kết quả" in unicodedata.normalize("NFC", text):
            labels = True
    assert 0 < n_nfd < len(r["files"]) * 0.3
    assert len(seps) >= 2 and b"\xff\xfe" in encodings
    assert labels


def test_simulate_formats_argument(tmp_path):
    r = simulate(tmp_path, seed=1, world=small_world(nights=2, per_night=3), formats="csv, json")
    assert {f["format"] for f in r["files"]} <= {"csv", "json"} and r["formats"] == ["csv", "json"]
    with pytest.raises(ValueError):
        simulate(tmp_path / "x", seed=1, world=small_world(nights=2, per_night=3), formats=("xls",))


def test_progress_called(tmp_path):
    calls = []
    write_exports(
        small_world(nights=2, per_night=3), tmp_path, seed=1, progress=lambda d, t, _label: calls.append((d, t))
    )
    assert calls and calls[-1][0] == calls[-1][1]


@pytest.mark.slow
def test_generated_world_exports(tmp_path):
    """The real generator's world (scale 0.005) exports, with faults, completely."""
    gen = pytest.importorskip("simulator.generate")
    world = gen.generate_world(seed=42, scale=0.005)
    res = simulate(tmp_path, seed=42, scale=0.005, world=world, faults=True)
    assert res["files"] and res["truth"]
    whole = {f["file"] for f in res["faults"] if f["row"] is None}
    assert {f["kind"] for f in res["faults"]} >= {"impossible_date", "empty_key", "unknown_status", "truncated_xlsx"}
    for f in res["files"][:: max(1, len(res["files"]) // 60)]:
        if f["file"] in whole:
            continue
        header, data, _ = read_any(tmp_path / f["file"])
        assert len(data) == f["rows"], f
    for ent, df in world.versions.items():
        delivered = sum(
            f["rows"] - f.get("resent_rows", 0)
            for f in res["files"]
            if f["entity"] == ent and "duplicate_of" not in f and not f.get("fault")
        )
        # files, documents and fees nested in the JSON dossier files of their night
        delivered += sum(
            f.get("nested_rows", {}).get(ent, 0) for f in res["files"] if "duplicate_of" not in f and not f.get("fault")
        )
        injected = sum(
            1
            for x in res["faults"]
            if x["row"] is not None and any(g["file"] == x["file"] and g["entity"] == ent for g in res["files"])
        )
        assert delivered - injected == len(df), ent


def test_json_dossiers_dvcqg_shape(tmp_path):
    w = small_world(nights=30, per_night=8, seed=5)
    r = write_exports(w, tmp_path, seed=2, formats=("json",))
    hoso = [f for f in r["files"] if f["entity"] == "hoso"]
    assert hoso
    shapes, supplements = set(), 0
    for f in hoso:
        doc = json.loads((tmp_path / f["file"]).read_text(encoding="utf-8"))
        shapes.add(type(doc).__name__)
        recs = doc["data"] if isinstance(doc, dict) else doc
        for rec in recs:
            assert {"MaHoSo", "MaDonVi", "MaTTHC", "NgayNopHoSo", "NgayCapNhat", "TrangThaiHoSo"} <= set(rec)
            assert len(rec["NgayCapNhat"]) == 14 and rec["NgayCapNhat"].isdigit()
            assert isinstance(rec["TrangThaiHoSo"], int)
            for s in rec.get("DanhSachHoSoBoSung", []):
                supplements += 1
                assert s["NgayHenTraMoi"].isdigit() and s["NgayHenTraTruoc"].isdigit()
    assert shapes == {"list", "dict"} and supplements > 0


def test_duplicates_and_resends(tmp_path):
    w = small_world(nights=60, per_night=5, seed=6)
    r = write_exports(w, tmp_path, seed=8)
    dups = [f for f in r["files"] if "duplicate_of" in f]
    assert dups
    for d in dups:
        orig = next(f for f in r["files"] if f["file"] == d["duplicate_of"])
        assert (tmp_path / d["file"]).read_bytes() == (tmp_path / orig["file"]).read_bytes()
        assert Path(d["file"]).name != Path(orig["file"]).name
        assert pd.Timestamp(d["night"]) == pd.Timestamp(orig["night"]) + pd.Timedelta(days=1)
    resent = [f for f in r["files"] if f.get("resent_rows")]
    assert resent and all(f["entity"] == "hoso" for f in resent)


def test_catalogue_date_as_title_or_column(tmp_path):
    w = small_world(nights=2, per_night=2)
    tthc = w.versions["tthc"]
    snaps = []
    for i in range(30):  # thirty monthly-ish snapshots of the catalogue
        snaps.append(
            tthc.assign(
                ngay_xuat=pd.Timestamp("2022-01-01") + pd.Timedelta(days=i),
                export_date=pd.Timestamp("2022-01-01") + pd.Timedelta(days=i),
            )
        )
    w.versions["tthc"] = pd.concat(snaps, ignore_index=True)
    r = write_exports(w, tmp_path, seed=3, formats=("xlsx",))
    as_title = as_col = 0
    for f in r["files"]:
        if f["entity"] != "tthc" or "duplicate_of" in f:
            continue
        header, data, info = read_any(tmp_path / f["file"])
        titles = " ".join(unicodedata.normalize("NFC", str(v)) for row in info["titles"] for v in row)
        has_col = any(_norm(h) == "ngay xuat danh muc" for h in header)
        if "Ngày xuất danh mục: " in titles:
            assert not has_col and f["night"][8:10] + "/" + f["night"][5:7] + "/2022" in titles
            as_title += 1
        else:
            assert has_col
            as_col += 1
    assert as_title and as_col
