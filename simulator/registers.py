"""The small registers of the simulated software: PAKN, RASOAT, NHIEMVU, BAOCAO, and the catalogue
and agencies snapshots.  They do not grow with the dossiers (PAKN a little), so they are built
in memory once, after the dossiers' windows (BAOCAO needs the dossiers received per agency)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from . import calibration as cal
from .catalog import applied_at_units, snapshot
from .clock import NAT, SEC, _day, _pd_ts, _scalar, _ts, _work_secs
from .province import DONVI_COLUMNS
from .work_calendar import calendar

# Thông tư 01/2020/TT-VPCP report windows and the deadline to send (assumption: 4 days after the
# cut-off, the 18th of the window's last month)
REPORT_PERIODS = [
    ("Quý I/2022", "2021-12-15", "2022-03-14", "2022-03-18"),
    ("6 tháng/2022", "2021-12-15", "2022-06-14", "2022-06-18"),
    ("Quý III/2022", "2022-06-15", "2022-09-14", "2022-09-18"),
    ("Năm 2022", "2021-12-15", "2022-12-14", "2022-12-18"),
]
MILESTONES = {
    "P2.7": "2022-06-30",
    "P2.8": "2022-12-31",
    "P1.I.1": "2022-03-31",
    "P1.I.2": "2022-12-31",
    "P1.I.3": "2022-12-31",
    "P1.II.2": "2022-08-31",
    "P1.II.3": "2022-12-31",
    "P1.VII.1": "2022-12-31",
    "P1.VII.3": "2022-12-31",
}
ACTIVITIES = [
    "danh_gia_tac_dong",
    "cho_y_kien",
    "tham_dinh",
    "tham_tra_cong_bo",
    "kiem_tra",
    "tu_kiem_tra",
    "truyen_thong",
    "tin_bai_cong_ttdt",
    "sang_kien",
]


def _pakn(rng, ag: pd.DataFrame, scale: float, start: dt.date, end: dt.date, dossiers: list = ()) -> pd.DataFrame:
    c = calendar()
    n = max(20, int(round(cal.value("pakn_per_year") * scale)))
    wd = c.working_days_in(start, end)
    day = np.sort(wd[rng.integers(0, wd.size, size=n)])
    t0 = _ts(day, _work_secs(rng, n))
    handlers = np.flatnonzero(ag.level.isin(["tinh", "huyen"]).to_numpy())
    unit = ag.ma_don_vi.to_numpy()[rng.choice(handlers, size=n)]
    in_scope = (rng.random(n) < 0.85).astype(int)
    ok_tr = rng.random(n) < cal.value("pakn_transfer_on_time")
    k_tr = np.where(ok_tr, rng.integers(0, 6, size=n), rng.integers(6, 15, size=n))
    t_tr = _ts(c.add_working_days(day, k_tr), _work_secs(rng, n))
    t_tr = np.where(t_tr <= t0, t0 + 3600 * SEC, t_tr)
    ok_h = rng.random(n) < cal.value("pakn_handled_on_time")
    k_h = np.where(ok_h, rng.integers(2, 16, size=n), rng.integers(16, 40, size=n))
    t_h = _ts(c.add_working_days(_day(t_tr), k_h), _work_secs(rng, n))
    refuse = rng.random(n) < 0.05
    end_ts = np.datetime64(end, "s") + 86399 * SEC
    rows = []
    ids = np.array([f"PAKN-{start.year % 100:02d}-{i + 1:05d}" for i in range(n)], dtype=object)
    for stage, t in enumerate([t0, t_tr, t_h]):
        m = t <= end_ts
        if stage == 0:
            m = m & (_day(t0) != _day(t_tr))  # same-day transfer: one version
        if stage == 1:
            m = m & (_day(t_tr) != _day(t_h))
        i = np.flatnonzero(m)
        rows.append(
            pd.DataFrame(
                {
                    "ma_pakn": ids[i],
                    "ngay_tiep_nhan": _pd_ts(t0[i]),
                    "nguon": rng.choice(
                        ["Cổng DVCQG", "Trực tiếp", "Văn bản", "Điện thoại", "Email"],
                        size=i.size,
                        p=[0.45, 0.2, 0.2, 0.1, 0.05],
                    ),
                    "thuoc_pham_vi": in_scope[i],
                    "ma_don_vi_xu_ly": unit[i],
                    "ngay_chuyen": _pd_ts(np.where(stage >= 1, t_tr[i], NAT)),
                    "ngay_co_ket_qua": _pd_ts(np.where(stage >= 2, t_h[i], NAT)),
                    "trang_thai": np.where(stage >= 2, np.where(refuse[i], "Từ chối", "Đã xử lý"), "Đang xử lý"),
                    "cong_khai": np.where(stage >= 2, (rng.random(i.size) < 0.8).astype(int), 0),
                    "export_date": _pd_ts(_day(t[i]).astype("datetime64[s]")),
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    # the source of a PAKN does not change between versions
    first = out.groupby("ma_pakn", sort=False)["nguon"].transform("first")
    out["nguon"] = first
    out = _pakn_qd766(np.random.default_rng([rng.integers(1 << 32), 766]), out, ids, t0, t_h, dossiers)
    return out.sort_values(["export_date", "ma_pakn"], kind="stable").reset_index(drop=True)


PAKN_KINDS = ["Quy định, chính sách, TTHC", "Hành vi cán bộ, công chức", "Khác"]


PAKN_ON_DOSSIER_SHARE = 0.25  # PAKN about a dossier (its lateness, its handling)


def _pakn_qd766(
    rng, out: pd.DataFrame, ids: np.ndarray, t0: np.ndarray, t_h: np.ndarray, dossiers: list = ()
) -> pd.DataFrame:
    """The PAKN columns the QĐ 766 index reads (index-766.md §6), fixed per PAKN across its
    versions: its kind, likes and dislikes once answered, the earlier PAKN it raises again, the
    request for more information and the publication of the answer, and for some the dossier it
    is about (one of ``dossiers``, resolved before the PAKN was received)."""
    n = ids.size
    kind = rng.choice(len(PAKN_KINDS), size=n, p=[0.7, 0.2, 0.1])
    likes, dislikes = rng.poisson(3, size=n), rng.poisson(1, size=n)
    sour = rng.random(n) < 0.08
    dislikes = np.where(sour, likes + 1 + rng.poisson(2, size=n), dislikes)
    # a PAKN raising again an earlier one (one received before it)
    again = (rng.random(n) < 0.05) & (np.arange(n) > 0)
    earlier = (rng.random(n) * np.arange(n)).astype(int)
    goc = np.where(again, ids[earlier], None)
    ask = rng.random(n) < 0.08
    t_ask = t0 + rng.integers(1, 8 * 86400, size=n) * SEC
    t_pub = t_h + rng.integers(3600, 6 * 86400, size=n) * SEC
    pos = pd.Series(np.arange(n), index=ids)[out.ma_pakn].to_numpy()
    answered = out.ngay_co_ket_qua.notna().to_numpy()
    about = np.full(n, None, dtype=object)
    if dossiers:
        keys = np.array([k for k, _ in dossiers], dtype=object)
        done = np.array([t for _, t in dossiers], dtype="datetime64[s]")
        order = np.argsort(done, kind="stable")
        keys, done = keys[order], done[order]
        before = np.searchsorted(done, t0, side="left")  # dossiers resolved before the PAKN
        linked = (rng.random(n) < PAKN_ON_DOSSIER_SHARE) & (before > 0)
        pick = (rng.random(n) * np.maximum(before, 1)).astype(int)
        about = np.where(linked, keys[np.minimum(pick, keys.size - 1)], None)
    out["ma_ho_so"] = about[pos]
    out["phan_loai"] = np.array(PAKN_KINDS, dtype=object)[kind[pos]]
    out["so_thich"] = pd.array(np.where(answered, likes[pos], 0), dtype="Int64")
    out["so_khong_thich"] = pd.array(np.where(answered, dislikes[pos], 0), dtype="Int64")
    out["ma_pakn_goc"] = goc[pos]
    version_at = pd.to_datetime(out.export_date).to_numpy() + np.timedelta64(86399, "s")
    asked = ask[pos] & (t_ask[pos] <= version_at)
    out["ngay_yeu_cau_bo_sung"] = _pd_ts(np.where(asked, t_ask[pos], NAT))
    shown = answered & (out.cong_khai.to_numpy() == 1) & (t_pub[pos] <= version_at)
    out["ngay_cong_khai"] = _pd_ts(np.where(shown, t_pub[pos], NAT))
    return out[[c for c in out.columns if c != "export_date"] + ["export_date"]]


def _rasoat(rng, ag: pd.DataFrame, cat: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    depts = ag[ag.level == "tinh"]
    key_to_id = dict(zip(depts.key, depts.ma_don_vi))
    pub = cat[~cat.internal & cat.dept.isin(list(key_to_id))]
    pick = np.sort(rng.choice(len(pub), size=min(60, len(pub)), replace=False))
    p = pub.iloc[pick]
    n = len(p)
    so = rng.integers(5, 31, size=n)
    cut = np.minimum(so, np.round(so * rng.uniform(0.0, 0.25, size=n))).astype(int)
    before = (rng.integers(20, 2000, size=n) * 1_000_000).astype("int64")
    after = (before * (1 - rng.uniform(0.0, 0.25, size=n))).astype("int64") // 1000 * 1000
    days = np.arange(np.datetime64(f"{start.year}-03-01"), np.datetime64(f"{start.year}-08-31") + 1)
    appr = np.sort(calendar().next_working_day(rng.choice(days, size=n)))
    out = pd.DataFrame(
        {
            "ma_tthc": p.ma_tthc.to_numpy(),
            "ma_don_vi": p.dept.map(key_to_id).to_numpy(),
            "so_quy_dinh": so.astype("int64"),
            "so_quy_dinh_cat_giam": cut.astype("int64"),
            "chi_phi_truoc": before,
            "chi_phi_sau": after,
            "ngay_phe_duyet": pd.to_datetime(appr.astype("datetime64[s]")),
        }
    )
    out["export_date"] = out["ngay_phe_duyet"]
    return out[out.export_date <= pd.Timestamp(end)].reset_index(drop=True)


def _nhiemvu(rng, ag: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    c = calendar()
    units = ag[ag.level.isin(["tinh", "huyen"])].ma_don_vi.to_numpy()
    stp = ag.loc[ag.key == "STP", "ma_don_vi"].iloc[0]
    vpub = ag.loc[ag.key == "VPUB", "ma_don_vi"].iloc[0]
    rows = []
    late_s, miss_s = cal.value("task_late_share"), cal.value("task_missing_share")
    for tid in sorted(MILESTONES):
        due = np.datetime64(MILESTONES[tid])
        who = units if tid in ("P2.7", "P2.8", "P1.VII.1") else np.array([vpub])
        for u in who:
            r = rng.random()
            if r < miss_s:
                done = None
            elif r < miss_s + late_s:
                done = _scalar(c.add_working_days(due, int(rng.integers(3, 30))))
            else:
                done = _scalar(c.next_working_day(due - np.timedelta64(int(rng.integers(10, 80)), "D")))
            rows.append((tid, u, f"Kế hoạch/Báo cáo {tid} số {int(rng.integers(10, 999))}/KH", 1, due, done))
    products = {
        "danh_gia_tac_dong": "Báo cáo đánh giá tác động",
        "cho_y_kien": "Văn bản góp ý",
        "tham_dinh": "Báo cáo thẩm định",
        "tham_tra_cong_bo": "Phiếu thẩm tra dự thảo QĐ công bố",
        "kiem_tra": "Kết luận kiểm tra",
        "tu_kiem_tra": "Báo cáo tự kiểm tra",
        "truyen_thong": "Tin, bài, phóng sự",
        "tin_bai_cong_ttdt": "Tin bài trên Cổng TTĐT",
        "sang_kien": "Sáng kiến cải cách TTHC",
    }
    for act in ACTIVITIES:
        who = {"tham_dinh": [stp], "tham_tra_cong_bo": [vpub], "kiem_tra": [vpub]}.get(act)
        who = np.array(who) if who is not None else units[rng.random(units.size) < 0.5]
        for u in who:
            for q_end in ["03-31", "06-30", "09-30", "12-31"]:
                due = np.datetime64(f"{start.year}-{q_end}")
                if rng.random() < 0.3:
                    continue
                done = _scalar(c.next_working_day(due - np.timedelta64(int(rng.integers(5, 80)), "D")))
                rows.append((act, u, products[act], int(rng.integers(1, 6)), due, done))
    df = pd.DataFrame(rows, columns=["ma_nhiem_vu", "ma_don_vi", "san_pham", "so_luong", "han", "done"])
    df["han"] = pd.to_datetime(df.han.astype("datetime64[s]"))
    done = pd.to_datetime(pd.Series([x if x is not None else pd.NaT for x in df.done]))
    end_t = pd.Timestamp(end)
    start_t = pd.Timestamp(start)
    # registered at the start (or at the year start), then again when done
    v1 = df.drop(columns="done").assign(ngay_hoan_thanh=pd.NaT, export_date=start_t)
    v2 = df.drop(columns="done").assign(ngay_hoan_thanh=done, export_date=done)
    v2 = v2[v2.export_date.notna() & (v2.export_date <= end_t)]
    out = pd.concat([v1, v2], ignore_index=True)
    out["so_luong"] = out["so_luong"].astype("int64")
    return out.sort_values(["export_date", "ma_nhiem_vu", "ma_don_vi"], kind="stable").reset_index(drop=True)


def _baocao(rng, ag: pd.DataFrame, received: np.ndarray, end: dt.date) -> pd.DataFrame:
    """Periodic reports of the province's and districts' units; ``received[agency, period]`` is the
    number of dossiers each agency received in each window of ``REPORT_PERIODS`` (all dossiers,
    counted window by window by the generator)."""
    c = calendar()
    units = np.flatnonzero(ag.level.isin(["tinh", "huyen"]).to_numpy())
    codes = ag.ma_don_vi.to_numpy()
    late_s, miss_s = cal.value("report_late_share"), cal.value("report_missing_share")
    over_s, over_max = cal.value("report_overcount")
    rows = []
    for p, (label, _f, _t, due) in enumerate(REPORT_PERIODS):
        due_d = pd.Timestamp(due)
        if due_d > pd.Timestamp(end):
            continue
        for u in units:
            s = int(received[u, p])
            r = rng.random()
            if r < miss_s:
                sent = None
            elif r < miss_s + late_s:
                sent = _scalar(c.add_working_days(np.datetime64(due), int(rng.integers(1, 10))))
            else:
                sent = _scalar(c.prev_working_day(np.datetime64(due) - np.timedelta64(int(rng.integers(0, 6)), "D")))
            reported = s if rng.random() >= over_s else int(round(s * (1 + rng.uniform(0.005, over_max))))
            rows.append(
                (
                    codes[u],
                    label,
                    due_d,
                    pd.Timestamp(sent) if sent is not None else pd.NaT,
                    reported if sent is not None else None,
                )
            )
    df = pd.DataFrame(rows, columns=["ma_don_vi", "ky_bao_cao", "han_nop", "ngay_nop", "so_ho_so_tiep_nhan"])
    df["so_ho_so_tiep_nhan"] = df["so_ho_so_tiep_nhan"].astype("Int64")
    df["export_date"] = df.ngay_nop.fillna(df.han_nop + pd.Timedelta(days=1))
    df = df[df.export_date <= pd.Timestamp(end)]
    return df.sort_values(["export_date", "ma_don_vi"], kind="stable").reset_index(drop=True)


def snapshot_dates(start: dt.date, end: dt.date) -> list[dt.date]:
    out = [start]
    for m in pd.date_range(start, end, freq="ME"):
        if m.date() > start:
            out.append(m.date())
    return out


def registers(
    seed: int,
    ag: pd.DataFrame,
    cat: pd.DataFrame,
    scale: float,
    start: dt.date,
    end: dt.date,
    received: np.ndarray,
    pakn_dossiers: list | None = None,
) -> dict[str, pd.DataFrame]:
    """Every register and snapshot, each with its ``export_date``; ``received`` as in :func:`_baocao`;
    ``pakn_dossiers`` the dossiers a PAKN may be about (ma_ho_so, resolution time)."""
    tthc = pd.concat([snapshot(cat, day, ag) for day in snapshot_dates(start, end)], ignore_index=True)
    tthc["export_date"] = tthc["ngay_xuat"]
    donvi_days = [start] + ([dt.date(start.year, 7, 1)] if start < dt.date(start.year, 7, 1) <= end else [])
    # procedures applied at each unit: ~100,000 rows a snapshot, exported with the agencies
    tthc_donvi = pd.concat([applied_at_units(cat, ag, day) for day in donvi_days], ignore_index=True)
    tthc_donvi["export_date"] = tthc_donvi["ngay_xuat"]
    donvi = pd.concat([ag[DONVI_COLUMNS].assign(export_date=pd.Timestamp(x)) for x in donvi_days], ignore_index=True)
    return {
        "tthc": tthc,
        "donvi": donvi,
        "pakn": _pakn(np.random.default_rng([seed, 21]), ag, scale, start, end, pakn_dossiers or []),
        "rasoat": _rasoat(np.random.default_rng([seed, 22]), ag, cat, start, end),
        "nhiemvu": _nhiemvu(np.random.default_rng([seed, 23]), ag, start, end),
        "baocao": _baocao(np.random.default_rng([seed, 24]), ag, received, end),
        "tthc_donvi": tthc_donvi,
    }
