"""A small, varied, deterministic set of records for the report tests: two departments, a
district with two communes, a central agency; dossiers over Jan–Jun 2022 (online/direct,
on time/late, open overdue, withdrawn, refused, supplement requests, transfers, apologies),
evaluations, payments, a catalogue, feedback, reviews, the task register and periodic reports."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.sql.records import HATINH_PLAN, baocao, danhgia, nhiemvu, pakn, rasoat, thanhtoan, tthc
from tests.warehouse.helpers import agency, build_from_records, hoso, step

SO_TP, SO_XD = "000.00.12.H27", "000.00.15.H27"
H_CX = "000.00.30.H27"
X_CB, X_CN = "001.30.01.H27", "001.30.02.H27"
TW_CA = "000.00.90.H27"
AGENCIES = [
    agency(SO_TP, "tinh", "Sở Tư pháp", loai="so", ma_don_vi_cha="000.00.00.H27"),
    agency(SO_XD, "tinh", "Sở Xây dựng", loai="so", ma_don_vi_cha="000.00.00.H27"),
    agency(H_CX, "huyen", "UBND huyện Cẩm Xuyên", loai="ubnd_huyen", ma_don_vi_cha="000.00.00.H27"),
    agency(X_CB, "xa", "UBND xã Cẩm Bình", loai="ubnd_xa", ma_don_vi_cha=H_CX),
    agency(X_CN, "xa", "UBND xã Cẩm Nhượng", loai="ubnd_xa", ma_don_vi_cha=H_CX),
    agency(TW_CA, "tw", "Công an tỉnh", loai="tw", ma_don_vi_cha=None),
]
FIELDS = {
    SO_TP: ["Hộ tịch", "Lý lịch tư pháp"],
    SO_XD: ["Hoạt động xây dựng", "=Nhà ở"],
    H_CX: ["Đất đai", "Hộ tịch"],
    X_CB: ["Hộ tịch", "Chứng thực"],
    X_CN: ["Chứng thực"],
    TW_CA: ["Đăng ký, quản lý cư trú"],
}
AS_OF = date(2022, 6, 30)


def _ts(d: date, h: int = 8) -> str:
    return datetime(d.year, d.month, d.day, h).strftime("%Y-%m-%d %H:%M")


def make_records(
    n: int = 140, seed: int = 7, start: date = date(2021, 12, 1), end: date = date(2022, 6, 28)
) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(seed)
    days = (end - start).days
    hs, steps, evals, pays = [], [], [], []
    units = [a["ma_don_vi"] for a in AGENCIES]
    for i in range(n):
        ma = f"HS{i:04d}"
        dv = units[i % len(units)]
        rx = start + timedelta(days=rng.randrange(days))
        due = rx + timedelta(days=rng.choice([3, 5, 7, 10, 15]))
        kenh = rng.choice([1, 2, 2, 3]) if dv != TW_CA else rng.choice([1, 2])
        muc = rng.choice([2, 3, 4, 4])
        lv = rng.choice(FIELDS[dv])
        fate = rng.random()
        rec = dict(
            ma_don_vi=dv,
            kenh=kenh,
            muc_do=muc,
            ten_linh_vuc=lv,
            ngay_hen_tra=_ts(due, 17),
            da_so_hoa_ket_qua=rng.random() < 0.45,
            hinh_thuc_tra=rng.choice([0, 0, 1]),
            ma_tthc=f"1.00{i % 9}",
            phi_le_phi=rng.choice([0, 50000]),
        )
        s = [step(ma, 1, "tiep_nhan", _ts(rx))]
        hs.append(hoso(ma, _ts(rx), 2, ngay_cap_nhat=_ts(rx), **rec))
        if rng.random() < 0.5:
            other = rng.choice([u for u in units if u != dv])
            s.append(
                step(
                    ma,
                    2,
                    "chuyen_xu_ly",
                    _ts(rx, 10),
                    don_vi_gui=dv,
                    don_vi_nhan=other,
                    hinh_thuc_chuyen=rng.choice(["dien_tu", "dien_tu", "giay"]),
                )
            )
        if fate < 0.62:  # resolved
            done = rx + timedelta(days=rng.choice([1, 2, 4, 6, 9, 12, 20]))
            if done > end:
                done = end
            hs.append(hoso(ma, _ts(rx), 9, ngay_cap_nhat=_ts(done, 16), ngay_ket_thuc_xu_ly=_ts(done, 16), **rec))
            if done > due and rng.random() < 0.6:
                s.append(step(ma, 5, "xin_loi", _ts(done, 9)))
            if rng.random() < 0.7:
                evals.append(
                    danhgia(
                        f"DG{i:04d}", ma, _ts(min(done + timedelta(days=1), end), 9), rng.choice([5, 5, 4, 4, 4, 3, 2])
                    )
                )
            if rec["phi_le_phi"]:
                pays.append(thanhtoan(f"GD{i:04d}", ma, _ts(rx, 9), rng.choice([1, 2, 3, 4])))
        elif fate < 0.70:  # withdrawn / stopped
            when = min(rx + timedelta(days=rng.randrange(1, 10)), end)
            st = rng.choice([7, 8])
            hs.append(hoso(ma, _ts(rx), st, ngay_cap_nhat=_ts(when, 11), **rec))
            if st == 7:
                s.append(step(ma, 6, "rut_ho_so", _ts(when, 11)))
        elif fate < 0.76:  # refused at reception
            hs[-1] = hoso(ma, _ts(rx), 3, ngay_cap_nhat=_ts(rx), **rec)
        elif fate < 0.84:  # waiting for a supplement
            when = min(rx + timedelta(days=2), end)
            hs.append(hoso(ma, _ts(rx), 5, ngay_cap_nhat=_ts(when, 14), **rec))
            s.append(step(ma, 3, "yeu_cau_bo_sung", _ts(when, 14)))
        else:  # in progress
            hs.append(hoso(ma, _ts(rx), 4, ngay_cap_nhat=_ts(min(rx + timedelta(days=1), end)), **rec))
        steps += s

    cat = []
    for snap in ("2022-01-05", "2022-04-05"):
        for j in range(12):
            cat.append(
                tthc(
                    snap,
                    f"1.00{j}",
                    cap=[["tinh"], ["huyen"], ["xa"], ["huyen", "xa"]][j % 4],
                    loai="noi_bo" if j == 11 else "tthc",
                    muc_do=4 if j % 3 else 2,
                    du_dieu_kien_truc_tuyen=j % 2 == 0,
                    tich_hop_dvcqg=j % 3 == 1,
                    co_nghia_vu_tai_chinh=j % 2 == 1,
                    trien_khai_thanh_toan_truc_tuyen=j % 4 == 1,
                    co_quy_trinh_noi_bo=j % 2 == 0,
                    cong_khai_csdlqg=j != 5,
                    niem_yet=True,
                    ten_linh_vuc="Hộ tịch",
                    ngay_qd_cong_bo=date(2022, 2, 1 + j),
                    ngay_hieu_luc_can_cu=date(2022, 2, 8 + j + (j % 3) * 2),
                )
            )
    feedback = [
        pakn(
            f"PA{k}",
            _ts(date(2022, 1 + k % 5, 3 + k)),
            _ts(date(2022, 1 + k % 5, 6 + k)),
            _ts(date(2022, 1 + k % 5, 20)) if k % 3 else None,
            ma_don_vi_xu_ly=units[k % 5],
        )
        for k in range(8)
    ]
    reviews = [
        rasoat("1.001", SO_TP, 10, 3, 1_000_000, 700_000, "2022-03-15"),
        rasoat("1.002", H_CX, 6, 1, 500_000, 450_000, "2022-05-20"),
    ]
    tasks = [
        nhiemvu("P2.7", SO_TP, "2022-06-30", "2022-05-30"),
        nhiemvu("P2.8", H_CX, "2022-12-31"),
        nhiemvu("kiem_tra", SO_TP, "2022-06-30", "2022-04-10", so_luong=2),
        nhiemvu("truyen_thong", H_CX, "2022-06-30", "2022-03-10"),
    ]
    reports = [
        baocao(SO_TP, "Quý I/2022", "2022-03-18", "2022-03-17", 30),
        baocao(H_CX, "Quý I/2022", "2022-03-18", "2022-03-25", 20),
        baocao(X_CB, "Quý I/2022", "2022-03-18", None, None),
    ]
    return {
        "donvi": AGENCIES,
        "hoso": hs,
        "tientrinh": steps,
        "danhgia": evals,
        "thanhtoan": pays,
        "tthc": cat,
        "pakn": feedback,
        "rasoat": reviews,
        "nhiemvu": tasks,
        "baocao": reports,
    }


def build_fixture_db(
    tmp_path: Path, n: int = 140, seed: int = 7, as_of: date = AS_OF, name: str = "fixture.duckdb"
) -> Path:
    con = build_from_records(tmp_path, make_records(n, seed), as_of=as_of, plan_paths=[HATINH_PLAN], name=name)
    con.close()
    return Path(tmp_path) / name
