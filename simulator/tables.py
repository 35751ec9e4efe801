"""One window of dossiers as export rows: Arrow tables for HOSO (one version per dossier and
day of change), TIENTRINH (steps), DANHGIA (evaluations) and THANHTOAN (payments).

Each builder takes the window's dossiers ``d`` (arrays over the window's dossiers, see
:func:`simulator.generate._life`) and returns the table, sorted by export night then
time, plus the few NumPy columns the truth counts (:mod:`.truth`).  Text is made by Arrow
kernels: codes and names are taken from small lists by index (agencies, procedures, officers,
step texts), so no Python string is created per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import calibration as cal
from .clock import NAT, SEC, _day, _snap
from .people import people

TS = pa.timestamp("s")
LEVELS = ["tinh", "huyen", "xa", "tw"]

HOSO_COLUMNS = [
    "ma_ho_so",
    "ma_don_vi",
    "ma_tthc",
    "ten_tthc",
    "ma_linh_vuc",
    "ten_linh_vuc",
    "muc_do",
    "kenh",
    "loai_doi_tuong",
    "chu_ho_so",
    "so_giay_to",
    "so_dien_thoai",
    "email",
    "dia_chi",
    "trich_yeu",
    "ngay_nop",
    "ngay_tiep_nhan",
    "ngay_hen_tra",
    "ngay_ket_thuc_xu_ly",
    "ngay_tra",
    "trang_thai",
    "hinh_thuc_tra",
    "co_thanh_phan_so_hoa",
    "da_so_hoa_ket_qua",
    "ma_ket_qua",
    "phi_le_phi",
    "thanh_toan_truc_tuyen",
    "da_dong_bo_dvcqg",
    "ngay_cap_nhat",
    # QĐ 766 additions (:mod:`.qd766`)
    "ma_co_quan_thuc_hien",
    "ngay_dong_bo_dvcqg",
    "tai_khoan_vneid",
    "noi_nop",
    "ma_csdl",
]
BO_SUNG = pa.list_(pa.struct([(k, TS) for k in ("NgayYeuCau", "NgayBoSung", "NgayHenTraTruoc", "NgayHenTraMoi")]))
STEP_TEXTS = [
    "Từ chối tiếp nhận hồ sơ",
    "Tiếp nhận hồ sơ",
    "Chuyển xử lý",
    "Yêu cầu bổ sung hồ sơ",
    "Công dân bổ sung hồ sơ",
    "Ban hành văn bản xin lỗi",
    "Công dân rút hồ sơ",
    "Kết thúc xử lý",
    "Trả kết quả",
]
PAY_STATUS = ["Thành công", "Thất bại", "Hoàn tiền"]
EVAL_CHANNELS = ["Cổng DVC", "Kiosk", "Tin nhắn", "Phiếu giấy"]


def ts(a) -> pa.Array:
    """datetime64 (NaT = missing) -> Arrow timestamp[s]."""
    return pa.array(np.asarray(a).astype("datetime64[s]"), type=TS, from_pandas=True)


def words(values) -> pa.Array:
    return values if isinstance(values, pa.Array) else pa.array(list(values), type=pa.string())


def take(values, idx: np.ndarray) -> pa.Array:
    return pc.take(words(values), pa.array(np.asarray(idx, dtype=np.int64)))


def zfill(x: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(pc.cast(pa.array(np.asarray(x, dtype=np.int64)), pa.string()), width, "0")


def join(*parts, sep: str = "") -> pa.Array:
    return pc.binary_join_element_wise(*parts, sep)


def _int(x) -> pa.Array:
    return pa.array(np.asarray(x, dtype=np.int64))


# ------------------------------------------------------------------------------------------
# payments (before the dossiers' static columns: the fee and online flag come from them)
# ------------------------------------------------------------------------------------------


def payments(rng, plan, d: dict, ids: pa.Array, first: int) -> tuple[pa.Table, dict, np.ndarray, np.ndarray]:
    """(THANHTOAN table, truth columns, fee per dossier, thanh_toan_truc_tuyen per dossier);
    transaction numbers start after ``first``."""
    n = d["n"]
    proc = d["proc"]
    fee = plan.fee[proc]
    pages = np.where(d["field"] == "Chứng thực", rng.integers(1, 6, size=n), 1)
    amount = fee * pages
    payer = (amount > 0) & ~d["refused"] & ~np.isnat(d["t_recv"])
    pay_date = plan.pay_date[proc]
    deployed = ~np.isnat(pay_date) & (pay_date <= d["rday"])
    ops = cal.value("online_payment_share")
    p_online = np.where(d["online"], ops["online_dossier"], ops["counter_dossier"])
    online_pay = payer & deployed & (rng.random(n) < p_online)
    method = np.where(online_pay, rng.choice([1, 2], size=n, p=[0.55, 0.45]), rng.choice([3, 4], size=n, p=[0.8, 0.2]))
    t_pay = np.where(
        online_pay & d["online"],
        d["t_nop"] + rng.integers(60, 1800, size=n) * SEC,
        d["t_recv_raw"] + rng.integers(120, 1200, size=n) * SEC,
    )
    failed = payer & (rng.random(n) < cal.value("payment_status_share")["Thất bại"])
    idx = np.flatnonzero(payer)
    fi = np.flatnonzero(failed)
    # refunds: withdrawn/stopped dossiers that had paid, and a few random ones
    refund = payer & (d["term"] | (rng.random(n) < cal.value("payment_status_share")["Hoàn tiền"]))
    ri = np.flatnonzero(refund)
    t_ref = np.where(d["term"][ri], d["t_term"][ri], t_pay[ri]) + 86400 * SEC
    i = np.concatenate([idx, fi, ri])
    t = np.concatenate([t_pay[idx], t_pay[fi] + rng.integers(120, 900, size=fi.size) * SEC, t_ref])
    status = np.concatenate([failed[idx].astype(np.int64), np.zeros(fi.size, np.int64), np.full(ri.size, 2)])
    keep = t <= plan.end_ts
    i, t, status = i[keep], t[keep], status[keep]
    o = np.lexsort((i, t))
    i, t, status = i[o], t[o], status[o]
    m = i.size
    table = pa.table(
        {
            "ma_giao_dich": join("GD", zfill(first + np.arange(1, m + 1), 9)),
            "ma_ho_so": pc.take(ids, pa.array(i)),
            "so_tien": _int(amount[i]),
            "loai": take(plan.fee_type, proc[i]),
            "hinh_thuc": _int(method[i]),
            "thoi_diem": ts(t),
            "trang_thai": take(PAY_STATUS, status),
            "export_date": ts(_day(t)),
        }
    )
    info = {"i": i, "t": t, "status": status, "method": method[i]}
    return table, info, np.where(payer, amount, 0), np.where(online_pay, np.where(method == 1, 1, 2), 0)


# ------------------------------------------------------------------------------------------
# the dossiers' static columns (what does not change between versions)
# ------------------------------------------------------------------------------------------


def static_columns(
    rng, plan, d: dict, ids: pa.Array, fee: np.ndarray, tt_online: np.ndarray, first_kq: int
) -> pa.Table:
    n = d["n"]
    lvl, proc, agency = d["lvl"], d["proc"], d["agency"]
    # applicants: anywhere in the province, in the commune of a commune's dossier, in the district
    # of a district's dossier
    ci = rng.integers(0, plan.n_communes, size=n)
    xa = lvl == 2
    ci[xa] = plan.commune_row[agency[xa]]
    hu = np.flatnonzero(lvl == 1)
    if hu.size:
        a = agency[hu]
        ci[hu] = plan.district_first[a] + (rng.random(hu.size) * plan.district_size[a]).astype(int)
    loai_dt = np.where(
        plan.business_proc[proc] & (rng.random(n) < 0.85), 2, rng.choice([1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 4], size=n)
    )
    loai_dt = np.where(plan.person_proc[proc], 1, loai_dt)
    pp = people(rng, n, plan.communes, ci, loai_dt != 1)
    short = take(plan.short_name, proc)
    honor = take(["bà ", "ông "], pp["male"].astype(int))
    trich = pc.if_else(
        pa.array(loai_dt != 1),
        join(short, " - ", pp["name"]),
        pc.if_else(
            pa.array(plan.code[proc] == "1.001193"),
            join("Đăng ký khai sinh cho con ", honor, pp["name"]),
            join(short, " cho ", honor, pp["name"]),
        ),
    )
    local = plan.has_local[proc] & (rng.random(n) < 0.3)
    code = pc.if_else(pa.array(local), take(plan.local_code, proc), take(plan.code, proc))
    dvcqg = plan.dvcqg_date[proc]
    synced = (~np.isnat(dvcqg) & (dvcqg <= d["rday"]) & (d["muc_do"] >= 3)).astype(np.int64)
    # result document code KQ.G{15 + level}.{serial}
    kq = join("KQ.G", pc.cast(_int(15 + lvl), pa.string()), ".", zfill(first_kq + np.arange(1, n + 1), 6))
    return pa.table(
        {
            "ma_ho_so": ids,
            "ma_don_vi": take(plan.agency_codes, agency),
            "ma_tthc": code,
            "ten_tthc": take(plan.name, proc),
            "ma_linh_vuc": take(plan.field_code, proc),
            "ten_linh_vuc": take(plan.field_name, proc),
            "muc_do": _int(d["muc_do"]),
            "kenh": _int(d["kenh"]),
            "loai_doi_tuong": _int(loai_dt),
            "chu_ho_so": pp["name"],
            "so_giay_to": pp["cccd"],
            "so_dien_thoai": pp["phone"],
            "email": pp["email"],
            "dia_chi": pp["address"],
            "trich_yeu": trich,
            "ngay_nop": ts(d["t_nop"]),
            "hinh_thuc_tra": _int(d["hinh_thuc_tra"]),
            "co_thanh_phan_so_hoa": _int(d["comp_dig"]),
            "ma_ket_qua": kq,
            "phi_le_phi": _int(fee),
            "thanh_toan_truc_tuyen": _int(tt_online),
            "da_dong_bo_dvcqg": _int(synced),
        }
    )


# ------------------------------------------------------------------------------------------
# versions
# ------------------------------------------------------------------------------------------

EVENTS = ["t_nop", "t_recv", "t_proc", "t_s1", "t_s2", "t_f1", "t_f2", "t_term", "t_res", "t_ret"]
K_TERM, K_RES, K_RET = 7, 8, 9


def hoso_versions(plan, d: dict, static: pa.Table) -> tuple[pa.Table, dict]:
    """HOSO rows (the last state of each day a dossier changed) and the truth columns of each
    dossier's last version."""
    idx_l, k_l, t_l = [], [], []
    for k, name in enumerate(EVENTS):
        t = d[name]
        if name == "t_nop":
            t = np.where(d["online"], t, NAT)
        if name == "t_recv":
            t = np.where(d["refused"], d["t_refuse"], t)
        i = np.flatnonzero(~np.isnat(t) & (t <= plan.end_ts))
        idx_l.append(i)
        k_l.append(np.full(i.size, k, dtype=np.int8))
        t_l.append(t[i])
    idx = np.concatenate(idx_l)
    k = np.concatenate(k_l)
    t = np.concatenate(t_l)
    day = _day(t)
    order = np.lexsort((k, t, idx))
    idx, k, t, day = idx[order], k[order], t[order], day[order]
    last = np.ones(idx.size, dtype=bool)
    last[:-1] = (idx[1:] != idx[:-1]) | (day[1:] != day[:-1])
    idx, k, t, day = idx[last], k[last], t[last], day[last]

    status = np.array([1, 2, 4, 5, 4, 6, 4, 7, 9, 10])[k]
    status = np.where((k == 1) & d["refused"][idx], 3, status)
    status = np.where(k == K_TERM, d["term_code"][idx], status)
    received = (k >= 1) & ~d["refused"][idx]
    s2 = d["t_s2"][idx]
    moved = (k >= 4) & ~np.isnat(s2) & (s2 <= t)
    hen = np.where(moved, d["due_final"][idx], d["due0"][idx])
    hen = np.where(received, hen, NAT)
    res = np.where(k >= K_RES, d["t_res"][idx], NAT)
    ret = np.where(k == K_RET, d["t_ret"][idx], NAT)
    # order of the export: by night, then time of change, then dossier
    o = np.lexsort((idx, t, day))
    last_of_dossier = np.ones(idx.size, dtype=bool)
    last_of_dossier[:-1] = idx[1:] != idx[:-1]
    idx, k, t, day, status, received, moved, hen, res, ret, last_of_dossier = (
        x[o] for x in (idx, k, t, day, status, received, moved, hen, res, ret, last_of_dossier)
    )
    recv = np.where(received, d["t_recv"][idx], NAT)
    digit = np.where(k >= K_RES, d["digit"][idx], 0)
    v = static.take(pa.array(idx))
    cols = {c: v[c] for c in static.column_names}
    cols["ngay_tiep_nhan"] = ts(recv)
    cols["ngay_hen_tra"] = ts(hen)
    cols["ngay_ket_thuc_xu_ly"] = ts(res)
    cols["ngay_tra"] = ts(ret)
    cols["trang_thai"] = _int(status)
    cols["da_so_hoa_ket_qua"] = _int(digit)
    cols["ma_ket_qua"] = pc.if_else(pa.array(k >= K_RES), v["ma_ket_qua"], pa.scalar(None, pa.string()))
    cols["ngay_cap_nhat"] = ts(t)
    cols["ds_bo_sung"] = _bo_sung(d, idx, moved)
    cols["export_date"] = ts(day)
    table = pa.table({c: cols[c] for c in HOSO_COLUMNS + ["ds_bo_sung", "export_date"]})
    f = last_of_dossier
    fin = {"i": idx[f], "status": status[f], "recv": recv[f], "hen": hen[f], "res": res[f], "digit": digit[f]}
    return table, fin


def _bo_sung(d: dict, idx: np.ndarray, moved: np.ndarray) -> pa.Array:
    """DanhSachHoSoBoSung once the supplement has been provided (one item), else null."""
    di = idx[moved]
    items = pa.StructArray.from_arrays(
        [ts(d["t_s1"][di]), ts(d["t_s2"][di]), ts(d["due0"][di]), ts(d["due_final"][di])],
        fields=list(BO_SUNG.value_type),
    )
    offsets = np.zeros(idx.size + 1, dtype=np.int32)
    offsets[1:] = np.cumsum(moved)
    return pa.ListArray.from_arrays(pa.array(offsets), items, type=BO_SUNG, mask=pa.array(~moved))


# ------------------------------------------------------------------------------------------
# steps
# ------------------------------------------------------------------------------------------


def steps(rng, plan, d: dict, ids: pa.Array) -> tuple[pa.Table, dict]:
    """TIENTRINH rows; agencies are handled as indices into ``plan.agency_codes``."""
    n = d["n"]
    lvl, own = d["lvl"], d["agency"]
    recv_unit = np.where(lvl == 0, plan.centre, own)
    proc_unit = own
    # the other agency of a real transfer (district <-> commune, commune -> district, tw -> tax)
    other = np.full(n, plan.province)
    xa = lvl == 2
    other[xa] = plan.district_of[own[xa]]
    hu = np.flatnonzero(lvl == 1)
    if hu.size:
        r = rng.random(hu.size)
        picks = own[hu].copy()
        dids = own[hu]
        for did in np.unique(dids):  # a commune of the district (loop per district)
            m = dids == did
            arr = plan.communes_of.get(int(did))
            if arr is not None and arr.size:
                picks[m] = arr[(r[m] * arr.size).astype(int)]
        picks = np.where((d["field"][hu] == "Đất đai") & (rng.random(hu.size) < 0.5), plan.tax, picks)
        other[hu] = picks
    other[lvl == 3] = plan.tax
    other = np.where(other == own, plan.province, other)
    rt = cal.value("real_transfer_share")
    real2 = (rng.random(n) < np.array([0.0, rt["huyen"], rt["xa"], rt["tw"]])[lvl]) & ~np.isnat(d["t_proc"])
    pp = cal.value("paper_transfer_share")
    p_paper = np.array([pp[lv] for lv in LEVELS])[lvl] * np.where(d["lag"] < 1, 1.5, 1.0)
    paper1 = (lvl == 0) & (rng.random(n) < p_paper)
    paper2 = rng.random(n) < p_paper

    blocks = []

    def add(mask, t, order, status, text, gui, nhan, paper, han):
        i = np.flatnonzero(mask & ~np.isnat(t) & (t <= plan.end_ts))
        if not i.size:
            return

        def pick(x):
            return x[i] if isinstance(x, np.ndarray) and x.shape == (n,) else np.full(i.size, x)

        blocks.append(
            dict(
                i=i,
                t=t[i],
                o=np.full(i.size, order, dtype=np.int8),
                status=pick(status),
                text=np.full(i.size, STEP_TEXTS.index(text), dtype=np.int8),
                gui=pick(gui),
                nhan=pick(nhan),
                paper=pick(paper).astype(bool),
                han=pick(han),
            )
        )

    all_ = np.ones(n, dtype=bool)
    add(d["refused"], d["t_refuse"], 0, 3, "Từ chối tiếp nhận hồ sơ", recv_unit, recv_unit, False, d["due0"])
    add(all_, d["t_recv"], 1, 2, "Tiếp nhận hồ sơ", recv_unit, recv_unit, False, d["due0"])
    add(all_, d["t_proc"], 2, 4, "Chuyển xử lý", recv_unit, proc_unit, paper1, d["due0"])
    # real transfers out and back, between hand-over and resolution (or now)
    tend = np.where(np.isnat(d["t_res"]), d["t_proc"] + 3 * 86400 * SEC, d["t_res"])
    tend = np.where(d["term"], d["t_term"], tend)
    gap = (tend - d["t_proc"]).astype("int64")
    t_out = d["t_proc"] + (gap * 0.3).astype("int64").astype("timedelta64[s]")
    t_back = d["t_proc"] + (gap * 0.7).astype("int64").astype("timedelta64[s]")
    t_out = _snap(rng, t_out, d["t_proc"], t_back)
    t_back = _snap(rng, t_back, t_out, tend)
    add(real2 & (gap > 120), t_out, 3, 4, "Chuyển xử lý", proc_unit, other, paper2, d["due0"])
    add(real2 & (gap > 120), t_back, 4, 4, "Chuyển xử lý", other, proc_unit, paper2, d["due0"])
    add(all_, d["t_s1"], 5, 5, "Yêu cầu bổ sung hồ sơ", proc_unit, recv_unit, False, d["due0"])
    add(all_, d["t_s2"], 6, 4, "Công dân bổ sung hồ sơ", recv_unit, proc_unit, False, d["due_final"])
    add(d["apol"], d["t_apol"], 7, 4, "Ban hành văn bản xin lỗi", proc_unit, recv_unit, False, d["han_apol"])
    add(
        d["term"] & (d["term_code"] == 7),
        d["t_term"],
        8,
        7,
        "Công dân rút hồ sơ",
        recv_unit,
        recv_unit,
        False,
        d["due_final"],
    )
    add(all_, d["t_res"], 9, 9, "Kết thúc xử lý", proc_unit, recv_unit, False, d["due_final"])
    add(all_, d["t_ret"], 10, 10, "Trả kết quả", recv_unit, recv_unit, False, d["due_final"])

    cols = {k: np.concatenate([b[k] for b in blocks]) for k in blocks[0]}
    order = np.lexsort((cols["o"], cols["t"], cols["i"]))
    cols = {k: v[order] for k, v in cols.items()}
    i = cols["i"]
    newgrp = np.ones(i.size, dtype=bool)
    newgrp[1:] = i[1:] != i[:-1]
    grp_start = np.maximum.accumulate(np.where(newgrp, np.arange(i.size), 0))
    buoc = np.arange(i.size) - grp_start + 1
    # export order: by night and time
    o = np.lexsort((buoc, i, cols["t"]))
    buoc = buoc[o]
    cols = {k: v[o] for k, v in cols.items()}
    i, t = cols["i"], cols["t"]
    # officers: 6 per agency; the sender's officer handles the step
    officer = cols["gui"] * 6 + rng.integers(0, 6, size=i.size)
    table = pa.table(
        {
            "ma_ho_so": pc.take(ids, pa.array(i)),
            "buoc": _int(buoc),
            "thoi_diem": ts(t),
            "trang_thai": _int(cols["status"]),
            "noi_dung": take(STEP_TEXTS, cols["text"]),
            "don_vi_gui": take(plan.agency_codes, cols["gui"]),
            "don_vi_nhan": take(plan.agency_codes, cols["nhan"]),
            "hinh_thuc_chuyen": take(["Điện tử", "Giấy"], cols["paper"].astype(int)),
            "han_xu_ly": ts(cols["han"]),
            "nguoi_xu_ly": take(plan.officers, officer),
            "export_date": ts(_day(t)),
        }
    )
    info = {"i": i, "text": cols["text"], "gui": cols["gui"], "nhan": cols["nhan"], "paper": cols["paper"]}
    return table, info


# ------------------------------------------------------------------------------------------
# evaluations
# ------------------------------------------------------------------------------------------


def evaluations(rng, plan, d: dict, ids: pa.Array, first: int) -> tuple[pa.Table, dict]:
    n = d["n"]
    ev = ~np.isnat(d["t_res"]) & (rng.random(n) < cal.value("evaluation_share"))
    i = np.flatnonzero(ev)
    base_t = np.where(np.isnat(d["t_ret"]), d["t_res"], d["t_ret"])[i]
    t = base_t + rng.integers(60, 2 * 86400, size=i.size) * SEC
    again = rng.random(i.size) < 0.03
    i2 = i[again]
    t2 = t[again] + rng.integers(3600, 5 * 86400, size=i2.size) * SEC
    ii = np.concatenate([i, i2])
    tt = np.concatenate([t, t2])
    ss = cal.value("satisfied_share")
    p_sat = pd.Series(d["field"][ii]).map(ss).fillna(ss["default"]).to_numpy()
    p_sat = np.where(d["late"][ii], ss["late"], p_sat)
    sat = rng.random(ii.size) < p_sat
    score = np.where(
        sat, np.where(rng.random(ii.size) < 0.6, 5, 4), rng.choice([3, 2, 1], size=ii.size, p=[0.6, 0.3, 0.1])
    )
    kenh = np.where(d["online"][ii], 0, rng.choice([1, 2, 3, 0], size=ii.size, p=[0.4, 0.3, 0.2, 0.1]))
    keep = tt <= plan.end_ts
    ii, tt, score, kenh = ii[keep], tt[keep], score[keep], kenh[keep]
    o = np.lexsort((ii, tt))
    ii, tt, score, kenh = ii[o], tt[o], score[o], kenh[o]
    table = pa.table(
        {
            "ma_danh_gia": join("DG", zfill(first + np.arange(1, ii.size + 1), 9)),
            "ma_ho_so": pc.take(ids, pa.array(ii)),
            "thoi_diem": ts(tt),
            "kenh_danh_gia": take(EVAL_CHANNELS, kenh),
            "muc_do_hai_long": _int(score),
            "export_date": ts(_day(tt)),
        }
    )
    return table, {"i": ii, "t": tt, "score": score}
