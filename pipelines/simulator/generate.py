"""The simulated world: Hà Tĩnh's one-stop-shop software over a year, as clean data frames.

``generate_world(seed, scale, start, end)`` returns a :class:`SimulatedWorld` whose
``versions`` hold, per entity of ``docs``/exports.md, the rows the software would export, each
with the extra column ``export_date`` (the night the row is exported). Everything is vectorised
over dossiers (loops only over days, agencies, procedures or small registers), deterministic for
a seed, and calibrated by :mod:`pipelines.simulator.calibration`.

Dossier life (per dossier, event times in local naive time, second resolution)::

    E0 submitted online (status 1)          only kenh = 2
    E1 received (2) — or refused (3)         ngay_tiep_nhan
    E2 in progress (4)                        first 'Chuyển xử lý'
    E3 supplement requested (5)               clock stops
    E4 supplement provided (4)                ngay_hen_tra moved by the paused working days
    E5 financial obligation requested (6)     land dossiers with a fee (province, districts)
    E6 obligation fulfilled (4)
    E7 withdrawn (7) / stopped (8)            terminal
    E8 resolved (9)                           ngay_ket_thuc_xu_ly
    E9 returned (10)                          ngay_tra

A dossier is exported once per day on which it changed (the last state of that day), with
``ngay_cap_nhat`` = the time of that day's last event and ``export_date`` = that day.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import calibration as cal
from .calendar import calendar
from .catalog import LOCAL_VARIANT, build_catalog, muc_do_at, snapshot
from .people import officer_names, people
from .province import CENTRE_ID, DONVI_COLUMNS, PROVINCE_ID, build_agencies, read_dvhc

LEVELS = ["tinh", "huyen", "xa", "tw"]
NAT = np.datetime64("NaT", "s")
DAY = np.timedelta64(1, "D")
SEC = np.timedelta64(1, "s")
WORK_START = 7 * 3600 + 30 * 60
WORK_END = 17 * 3600

HOSO_COLUMNS = [
    "ma_ho_so", "ma_don_vi", "ma_tthc", "ten_tthc", "ma_linh_vuc", "ten_linh_vuc", "muc_do", "kenh",
    "loai_doi_tuong", "chu_ho_so", "so_giay_to", "so_dien_thoai", "email", "dia_chi", "trich_yeu",
    "ngay_nop", "ngay_tiep_nhan", "ngay_hen_tra", "ngay_ket_thuc_xu_ly", "ngay_tra", "trang_thai",
    "hinh_thuc_tra", "co_thanh_phan_so_hoa", "da_so_hoa_ket_qua", "ma_ket_qua", "phi_le_phi",
    "thanh_toan_truc_tuyen", "da_dong_bo_dvcqg", "ngay_cap_nhat",
]
TIENTRINH_COLUMNS = ["ma_ho_so", "buoc", "thoi_diem", "trang_thai", "noi_dung", "don_vi_gui",
                     "don_vi_nhan", "hinh_thuc_chuyen", "han_xu_ly", "nguoi_xu_ly"]
DANHGIA_COLUMNS = ["ma_danh_gia", "ma_ho_so", "thoi_diem", "kenh_danh_gia", "muc_do_hai_long"]
THANHTOAN_COLUMNS = ["ma_giao_dich", "ma_ho_so", "so_tien", "loai", "hinh_thuc", "thoi_diem", "trang_thai"]
PAKN_COLUMNS = ["ma_pakn", "ngay_tiep_nhan", "nguon", "thuoc_pham_vi", "ma_don_vi_xu_ly", "ngay_chuyen",
                "ngay_co_ket_qua", "trang_thai", "cong_khai"]
RASOAT_COLUMNS = ["ma_tthc", "ma_don_vi", "so_quy_dinh", "so_quy_dinh_cat_giam", "chi_phi_truoc",
                  "chi_phi_sau", "ngay_phe_duyet"]
NHIEMVU_COLUMNS = ["ma_nhiem_vu", "ma_don_vi", "san_pham", "so_luong", "han", "ngay_hoan_thanh"]
BAOCAO_COLUMNS = ["ma_don_vi", "ky_bao_cao", "han_nop", "ngay_nop", "so_ho_so_tiep_nhan"]

ENTITY_COLUMNS = {
    "hoso": HOSO_COLUMNS, "tientrinh": TIENTRINH_COLUMNS, "danhgia": DANHGIA_COLUMNS,
    "thanhtoan": THANHTOAN_COLUMNS, "donvi": DONVI_COLUMNS, "pakn": PAKN_COLUMNS,
    "rasoat": RASOAT_COLUMNS, "nhiemvu": NHIEMVU_COLUMNS, "baocao": BAOCAO_COLUMNS,
}

# Thông tư 01/2020/TT-VPCP report windows and the deadline to send (assumption: 4 days after the
# cut-off, the 18th of the window's last month)
REPORT_PERIODS = [
    ("Quý I/2022", "2021-12-15", "2022-03-14", "2022-03-18"),
    ("6 tháng/2022", "2021-12-15", "2022-06-14", "2022-06-18"),
    ("Quý III/2022", "2022-06-15", "2022-09-14", "2022-09-18"),
    ("Năm 2022", "2021-12-15", "2022-12-14", "2022-12-18"),
]
MILESTONES = {"P2.7": "2022-06-30", "P2.8": "2022-12-31", "P1.I.1": "2022-03-31",
              "P1.I.2": "2022-12-31", "P1.I.3": "2022-12-31", "P1.II.2": "2022-08-31",
              "P1.II.3": "2022-12-31", "P1.VII.1": "2022-12-31", "P1.VII.3": "2022-12-31"}
ACTIVITIES = ["danh_gia_tac_dong", "cho_y_kien", "tham_dinh", "tham_tra_cong_bo", "kiem_tra",
              "tu_kiem_tra", "truyen_thong", "tin_bai_cong_ttdt", "sang_kien"]
FIELD_GROUPS = {
    "dat_dai": ["đất đai"],
    "xay_dung": ["xây dựng", "hoạt động xây dựng", "quy hoạch xây dựng, kiến trúc", "nhà ở"],
    "dau_tu": ["đầu tư tại việt nam", "đầu tư vào nông nghiệp, nông thôn", "đầu tư bằng vốn đầu tư công"],
}


@dataclass
class SimulatedWorld:
    """What the simulated software holds: export rows per entity, and the realised truth."""

    versions: dict[str, pd.DataFrame]
    truth: dict
    seed: int
    scale: float
    start: dt.date
    end: dt.date


# ------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------

def _ts(day: np.ndarray, secs: np.ndarray) -> np.ndarray:
    """day (datetime64[D]) + seconds of day -> datetime64[s]."""
    return day.astype("datetime64[s]") + np.asarray(secs, dtype="int64").astype("timedelta64[s]")


def _frame(cols: dict) -> pd.DataFrame:
    """A DataFrame keeping object (Python str) columns as object (fast takes, shared strings)."""
    out = {}
    for k, v in cols.items():
        if isinstance(v, np.ndarray) and v.dtype == object:
            out[k] = pd.Series(v, dtype=object, copy=False)
        elif isinstance(v, np.ndarray) and np.issubdtype(v.dtype, np.datetime64):
            out[k] = pd.Series(v.astype("datetime64[s]"))
        else:
            out[k] = v
    return pd.DataFrame(out)


def _isin(x: np.ndarray, values) -> np.ndarray:
    return pd.Series(x, dtype=object).isin(list(values)).to_numpy()


def _scalar(x) -> pd.Timestamp:
    return pd.Timestamp(np.asarray(x).astype("datetime64[D]").item())


def _work_secs(rng, n) -> np.ndarray:
    return rng.integers(WORK_START, WORK_END, size=n)


def _day(t: np.ndarray) -> np.ndarray:
    return t.astype("datetime64[D]")


def _pd_ts(a: np.ndarray) -> pd.Series:
    return pd.Series(np.asarray(a).astype("datetime64[s]"))


def _later_same_day(rng, t_prev: np.ndarray, day: np.ndarray) -> np.ndarray:
    """A working-hours time on ``day`` that is after t_prev (if t_prev is on that day)."""
    n = day.size
    base = _ts(day, _work_secs(rng, n))
    lo = t_prev + rng.integers(300, 3600, size=n).astype("timedelta64[s]")
    return np.where(base > lo, base, lo)


def _snap(rng, t: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Move interpolated times into office hours (a working day, 7:30–17:00) while keeping them
    strictly between lo and hi (NaT bounds are open): first on the working day of t, else on the
    day of lo; when neither fits, t is kept."""
    n = t.size
    u = rng.random(n)
    out = t.copy()
    done = np.isnat(t)
    big = np.datetime64("2100-01-01T00:00:00", "s")
    small = np.datetime64("1900-01-01T00:00:00", "s")
    lo_ = np.where(np.isnat(lo), small, lo) + 60 * SEC
    hi_ = np.where(np.isnat(hi), big, hi) - 60 * SEC
    for day in (calendar().next_working_day(_day(t)), _day(np.where(np.isnat(lo), t, lo))):
        a = np.maximum(lo_, _ts(day, np.full(n, WORK_START)))
        b = np.minimum(hi_, _ts(day, np.full(n, WORK_END)))
        ok = ~done & ~np.isnat(day) & (a < b) & calendar().working(day)
        cand = a + ((b - a).astype("int64") * u).astype("int64").astype("timedelta64[s]")
        out = np.where(ok, cand, out)
        done = done | ok
    return out


def _zipf_weights(rng, n: int, a: float = 1.1) -> np.ndarray:
    ranks = rng.permutation(n) + 1
    return 1.0 / ranks.astype(float) ** a


# ------------------------------------------------------------------------------------------
# volumes
# ------------------------------------------------------------------------------------------

def _day_weights(days: np.ndarray) -> np.ndarray:
    c = calendar()
    mf = cal.value("monthly_volume_factor")
    month = (days.astype("datetime64[M]").astype(int) % 12) + 1
    w = np.array([mf[int(m)] for m in month], dtype=float)
    wd = c.working(days)
    sat = c.weekday[(days - c.origin).astype(int)] == 5
    w = np.where(wd, w, np.where(sat & ~c.is_holiday[(days - c.origin).astype(int)],
                                 w * cal.value("saturday_factor"), 0.0))
    # Tết 2022 closure 29/01–06/02: rush before it, trough after it
    tet0, tet1 = np.datetime64("2022-01-29"), np.datetime64("2022-02-06")
    wdays = c.working_days
    before = wdays[wdays < tet0][-10:]
    after = wdays[wdays > tet1][:5]
    w = np.where(np.isin(days, before), w * cal.value("pre_tet_rush"), w)
    w = np.where(np.isin(days, after), w * cal.value("post_tet_trough"), w)
    return w


def _procedure_probs(cat: pd.DataFrame, level: str, rng) -> np.ndarray:
    """Probability of each procedure of the catalogue for a dossier of ``level``."""
    mix = dict(cal.value("field_volume_mix")[level])
    avail = cat.levels.str.split(";").map(lambda x: level in x).to_numpy() & ~cat.internal.to_numpy()
    fields = cat.ten_linh_vuc.to_numpy()
    w = np.zeros(len(cat))
    other_mass = mix.pop("_other", 0.0)
    named = np.zeros(len(cat), dtype=bool)
    for f in sorted(mix):
        m = avail & (fields == f)
        if not m.any():
            other_mass += mix[f]
            continue
        z = _zipf_weights(rng, int(m.sum()))
        # the flagship procedures of the field lead its volume
        idx = np.flatnonzero(m)
        codes = cat.ma_tthc.to_numpy()[idx]
        z[np.isin(codes, ["2.000815"])] = z.max() * 3
        z[np.isin(codes, ["1.001193"])] = z.max()
        w[idx] = mix[f] * z / z.sum()
        named |= m
    rest = avail & ~named
    if rest.any():
        z = _zipf_weights(rng, int(rest.sum()), 0.9)
        w[rest] = other_mass * z / z.sum()
    return w / w.sum()


# ------------------------------------------------------------------------------------------
# the dossiers
# ------------------------------------------------------------------------------------------

def _dossiers(rng, ag: pd.DataFrame, cat: pd.DataFrame, scale: float, start: dt.date,
              end: dt.date) -> dict:
    c = calendar()
    n_year = cal.value("dossiers_per_year") * scale
    share = cal.value("level_share")
    span = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1)
    full = np.arange(np.datetime64(f"{start.year}-01-01"), np.datetime64(f"{start.year}-12-31") + 1)
    dw_full = _day_weights(full)
    dw = _day_weights(span)
    frac = dw.sum() / dw_full.sum()  # share of the year covered
    counts = {lv: int(round(n_year * share[lv] * frac)) for lv in ["tinh", "huyen", "xa"]}
    counts["tw"] = int(round(n_year * cal.value("tw_share") * frac))

    lvl_l, agency_l, proc_l, day_l, carry_l = [], [], [], [], []
    key_to_agency = {k: i for i, k in enumerate(ag.key) if k}
    for li, lv in enumerate(LEVELS):
        n = counts[lv]
        if n <= 0:
            continue
        p = _procedure_probs(cat, lv, rng)
        proc = rng.choice(len(cat), size=n, p=p)
        if lv in ("tinh", "tw"):
            agency = np.array([key_to_agency[k] for k in cat.dept.to_numpy()])[proc]
        else:
            cand = np.flatnonzero(ag.level.to_numpy() == lv)
            wa = ag.weight.to_numpy()[cand]
            agency = cand[rng.choice(cand.size, size=n, p=wa / wa.sum())]
        days = span[rng.choice(span.size, size=n, p=dw / dw.sum())]
        lvl_l.append(np.full(n, li)); agency_l.append(agency); proc_l.append(proc); day_l.append(days)
        carry_l.append(np.zeros(n, dtype=bool))
    # carry-over: received in December of the previous year, long procedures (still open later)
    n_carry = int(round(2 * cal.value("carryover_dec_2021") * scale))  # ~half resolve in December
    if n_carry > 0:
        dec = c.working_days_in(dt.date(start.year - 1, 12, 1), dt.date(start.year - 1, 12, 31))
        long_ = np.flatnonzero((cat.thoi_han.fillna(0).to_numpy() >= 15) & ~cat.internal.to_numpy()
                               & cat.levels.str.contains("huyen|tinh").to_numpy())
        proc = rng.choice(long_, size=n_carry)
        lv_of = np.where(pd.Series(cat.levels.to_numpy()[proc]).str.contains("huyen").to_numpy()
                         & (rng.random(n_carry) < 0.6), 1, 0)
        huyen = np.flatnonzero(ag.level.to_numpy() == "huyen")
        agency = np.where(lv_of == 0, np.array([key_to_agency[k] for k in cat.dept.to_numpy()])[proc],
                          rng.choice(huyen, size=n_carry))
        days = dec[-12:][rng.integers(0, 12, size=n_carry)]
        lvl_l.append(lv_of); agency_l.append(agency); proc_l.append(proc); day_l.append(days)
        carry_l.append(np.ones(n_carry, dtype=bool))

    lvl = np.concatenate(lvl_l); agency = np.concatenate(agency_l); proc = np.concatenate(proc_l)
    rday = np.concatenate(day_l).astype("datetime64[D]"); carry = np.concatenate(carry_l)
    n = lvl.size
    lag = ag.lag.to_numpy()[agency]
    field_ = cat.ten_linh_vuc.to_numpy()[proc]
    month = (rday.astype("datetime64[M]").astype(int) % 12)  # 0..11
    year_frac = np.clip(month / 11.0, 0, 1)

    # ---- channel -----------------------------------------------------------------------
    muc_do = muc_do_at(cat.iloc[proc].reset_index(drop=True), rday).astype(int)
    path = cal.value("online_share_path")
    a = np.array([path[lv][0] for lv in LEVELS])[lvl]
    b = np.array([path[lv][1] for lv in LEVELS])[lvl]
    p_on = (a + (b - a) * year_frac) * lag
    online = (muc_do >= 3) & (rng.random(n) < p_on) & ~carry
    postal = ~online & (rng.random(n) < cal.value("postal_submit_share"))
    kenh = np.where(online, 2, np.where(postal, 3, 1))
    hinh_thuc_tra = np.where(postal & (rng.random(n) < 0.7), 1,
                             (rng.random(n) < cal.value("postal_return_share")).astype(int))

    # ---- receipt and submission times ----------------------------------------------------
    t_recv = _ts(rday, _work_secs(rng, n))
    back = rng.exponential(14 * 3600, size=n).astype("int64") + 600
    t_nop = np.where(online, t_recv - back.astype("timedelta64[s]"), t_recv)
    refused = np.where(online, rng.random(n) < cal.value("online_refusal_share"),
                       rng.random(n) < cal.value("counter_refusal_share"))

    # ---- deadlines -----------------------------------------------------------------------
    th = cat.thoi_han.to_numpy()[proc]
    unit = cat.don_vi_thoi_han.to_numpy()[proc]
    has_dl = ~np.isnan(th)
    th_i = np.nan_to_num(th).astype(int)
    n_wd = np.where(unit == "Giờ làm việc", np.ceil(th_i / 8.0), th_i).astype(int)
    due_day = c.add_working_days(rday, n_wd)
    cal_days = unit == "Ngày"
    due_day = np.where(cal_days, rday + th_i.astype("timedelta64[D]"), due_day)
    due_secs = (t_recv - rday.astype("datetime64[s]")).astype("int64")
    due0 = np.where(has_dl, _ts(due_day, due_secs), NAT)

    # ---- supplements -----------------------------------------------------------------------
    sup = cal.value("supplement_share")
    p_sup = pd.Series(field_).map(sup).fillna(sup["default"]).to_numpy()
    supp = (rng.random(n) < p_sup) & ~refused & has_dl & (n_wd >= 2)
    k1 = 1 + (rng.random(n) * np.maximum(n_wd // 2, 1)).astype(int)
    s1_day = c.add_working_days(rday, k1)
    never = supp & (rng.random(n) < cal.value("supplement_never_returned"))
    pause = rng.integers(1, 11, size=n)
    s2_day = c.add_working_days(s1_day, pause)
    t_s1 = np.where(supp, _ts(s1_day, _work_secs(rng, n)), NAT)
    t_s2 = np.where(supp & ~never, _ts(s2_day, _work_secs(rng, n)), NAT)
    paused = np.where(supp & ~never, c.working_days_between(s1_day, s2_day), 0)
    due_final_day = np.where(cal_days, due_day + paused.astype("timedelta64[D]"),
                             c.add_working_days(due_day, paused))
    due_final = np.where(has_dl, _ts(due_final_day, due_secs), NAT)

    # ---- lateness --------------------------------------------------------------------------
    lm = cal.value("late_multiplier")
    m = np.array([lm[lv] for lv in LEVELS])[lvl] * pd.Series(field_).map(lm).fillna(1.0).to_numpy()
    bad_key = {"Sở Xây dựng": "SXD"}.get(cal.value("bad_department"), "SXD")
    m = m * np.where(ag.key.to_numpy()[agency] == bad_key, lm["bad_department"], 1.0)
    m = np.where(has_dl & (n_wd >= 2), m, 0.0)
    base = cal.value("late_share_province") / max(m.mean(), 1e-12)
    late = (rng.random(n) < base * m) & ~refused & ~never

    # ---- resolution day ---------------------------------------------------------------------
    start_day = np.where(supp & ~never, s2_day, rday)
    room = np.where(has_dl, c.working_days_between(start_day, due_final_day), 0)
    frac_u = rng.beta(2.0, 2.5, size=n)
    r = np.floor(frac_u * (room + 1)).astype(int)
    r = np.where(rng.random(n) < 0.12, room, np.minimum(r, room))  # some on the due date
    r = np.where(has_dl, r, rng.integers(1, 15, size=n))
    res_day = c.add_working_days(start_day, r)
    res_day = np.where(has_dl & (res_day > due_final_day), due_final_day, res_day)
    over = 1 + rng.geometric(0.35, size=n)
    res_day = np.where(late, c.add_working_days(due_final_day, over), res_day)
    res_day = c.next_working_day(res_day)
    prev = np.where(supp & ~never, t_s2, t_recv)
    t_res = _later_same_day(rng, prev, res_day)

    # ---- terminal outcomes --------------------------------------------------------------------
    u = rng.random(n)
    withdrawn = (u < cal.value("withdrawn_share")) & ~refused
    stopped = (u >= cal.value("withdrawn_share")) & (u < cal.value("withdrawn_share") + cal.value("stopped_share")) & ~refused
    never_wd = never & (rng.random(n) < 0.5)  # half of abandoned supplements end in a withdrawal
    term = withdrawn | stopped | never_wd
    term_code = np.where(stopped, 8, 7)
    span_s = np.maximum((t_res - t_recv).astype("int64"), 600)
    t_term = t_recv + (span_s * rng.uniform(0.2, 0.9, size=n)).astype("int64").astype("timedelta64[s]")
    t_term = np.where(never_wd, t_s1 + (rng.integers(10, 30, size=n) * 86400).astype("timedelta64[s]"), t_term)
    # a withdrawal before a supplement request cancels the supplement
    cancel_supp = term & ~never_wd & supp & (t_term <= t_s1)
    t_term = np.where(term & ~never_wd & supp & ~cancel_supp, np.maximum(t_term, np.where(np.isnat(t_s2), t_s1, t_s2) + 3600 * SEC), t_term)
    t_s1 = np.where(cancel_supp, NAT, t_s1)
    t_s2 = np.where(cancel_supp, NAT, t_s2)
    lo_term = np.where(np.isnat(t_s2), np.where(np.isnat(t_s1), t_recv, t_s1), t_s2)
    t_term = _snap(rng, t_term, lo_term, np.full(n, NAT))
    late = late & ~term
    resolved = ~refused & ~term & ~never
    t_res = np.where(resolved, t_res, NAT)

    # in progress (first hand-over): same day or next working day, before the resolution
    proc_day = np.where(rng.random(n) < 0.6, rday, c.add_working_days(rday, 1))
    t_proc = _later_same_day(rng, t_recv, proc_day)
    t_proc = np.where(~np.isnat(t_res) & (t_proc >= t_res), t_recv + (t_res - t_recv) // 2, t_proc)
    t_proc = np.where(~np.isnat(t_s1) & (t_proc >= t_s1), t_recv + (t_s1 - t_recv) // 2, t_proc)
    t_proc = np.where(term & (t_proc >= t_term), t_recv + (t_term - t_recv) // 2, t_proc)
    hi_proc = np.where(np.isnat(t_s1), np.where(term, t_term, t_res), t_s1)
    t_proc = np.where(refused, NAT, _snap(rng, t_proc, t_recv, hi_proc))

    # financial obligation (status 6, then back to 4 once paid): land dossiers with a fee at the
    # province and districts, between the hand-over (or the supplement) and the resolution
    fin = resolved & (field_ == "Đất đai") & (lvl <= 1) & (cat.fee.to_numpy()[proc] > 0) & \
        (rng.random(n) < cal.value("financial_obligation_share"))
    t_from = np.where(np.isnat(t_s2), t_proc, t_s2)
    gap_f = (t_res - t_from).astype("int64")
    fin = fin & (gap_f > 4 * 3600)
    t_f1 = np.where(fin, t_from + (gap_f * 0.3).astype("int64").astype("timedelta64[s]"), NAT)
    t_f2 = np.where(fin, t_from + (gap_f * 0.6).astype("int64").astype("timedelta64[s]"), NAT)
    t_f1 = _snap(rng, t_f1, t_from, t_f2)
    t_f2 = _snap(rng, t_f2, t_f1, t_res)

    # return
    collected = resolved & (rng.random(n) >= cal.value("never_collected_share"))
    lo_hi = cal.value("return_delay_days")
    quick = np.isin(field_, ["Chứng thực"]) | (kenh == 2)
    delay = np.where(quick, 0, rng.integers(lo_hi[0], lo_hi[1] + 1, size=n))
    t_ret = np.where(collected, _later_same_day(rng, t_res, c.add_working_days(_day(t_res), delay)), NAT)

    # refused: a refusal time on the receipt day
    t_refuse = np.where(refused, t_recv, NAT)

    # digitised result
    dp = cal.value("digitization_path")
    half = (_day(np.where(np.isnat(t_res), t_recv, t_res)) >= np.datetime64(f"{start.year}-07-01"))
    p_dig = np.where(half, np.array([dp[lv][1] for lv in LEVELS])[lvl],
                     np.array([dp[lv][0] for lv in LEVELS])[lvl]) * lag
    digit = (rng.random(n) < p_dig).astype(int)
    comp_dig = (rng.random(n) < cal.value("component_digitized_share") * lag).astype(int)

    # apology for late dossiers (most of them): issued on the due day, new appointment
    apol = late & (rng.random(n) < cal.value("apology_share_of_late"))
    t_apol = np.where(apol, _ts(due_final_day, rng.integers(14 * 3600, WORK_END, size=n)), NAT)
    t_apol = np.where(apol & (t_apol >= t_res), t_res - 3600 * SEC, t_apol)
    han_apol = np.where(apol, _ts(c.add_working_days(res_day, rng.integers(0, 3, size=n)),
                                  np.full(n, 16 * 3600)), NAT)

    out = dict(
        n=n, lvl=lvl, agency=agency, proc=proc, rday=rday, carry=carry, lag=lag, field=field_,
        muc_do=muc_do, kenh=kenh, online=online, hinh_thuc_tra=hinh_thuc_tra, t_nop=t_nop,
        t_recv=np.where(refused, NAT, t_recv), t_recv_raw=t_recv, refused=refused, t_refuse=t_refuse,
        due0=due0, due_final=due_final, supp=~np.isnat(t_s1), t_s1=t_s1, t_s2=t_s2,
        term=term, term_code=term_code, t_term=np.where(term, t_term, NAT), late=late,
        t_res=t_res, t_proc=t_proc, t_f1=t_f1, t_f2=t_f2, t_ret=t_ret, digit=digit, comp_dig=comp_dig,
        apol=apol, t_apol=t_apol, han_apol=han_apol, has_dl=has_dl,
    )
    # carry-over dossiers must still be open at the start of the world
    start_ts = np.datetime64(start, "s")
    keep = ~carry | (~refused & (np.isnat(t_res) | (t_res >= start_ts))
                     & (np.isnat(out["t_term"]) | (out["t_term"] >= start_ts)))
    if not keep.all():
        out = {k: (v[keep] if isinstance(v, np.ndarray) and v.shape == (n,) else v) for k, v in out.items()}
        out["n"] = int(keep.sum())
    return out


def _numbers(d: dict, ag: pd.DataFrame) -> np.ndarray:
    """Dossier numbers {ma_don_vi}-{yyMMdd}-{NNNN}: daily sequence per receiving unit by submission."""
    n = d["n"]
    nop_day = _day(d["t_nop"])
    order = np.lexsort((d["t_nop"], nop_day, d["agency"]))
    a_s, d_s = d["agency"][order], nop_day[order]
    newgrp = np.ones(n, dtype=bool)
    newgrp[1:] = (a_s[1:] != a_s[:-1]) | (d_s[1:] != d_s[:-1])
    grp_start = np.maximum.accumulate(np.where(newgrp, np.arange(n), 0))
    seq_sorted = np.arange(n) - grp_start + 1
    seq = np.empty(n, dtype=np.int64)
    seq[order] = seq_sorted
    Y = nop_day.astype("datetime64[Y]").astype(int) + 1970
    M = nop_day.astype("datetime64[M]").astype(int) % 12 + 1
    D = (nop_day - nop_day.astype("datetime64[M]")).astype(int) + 1
    ymd = pd.Series((Y % 100) * 10000 + M * 100 + D).astype(str).str.zfill(6).to_numpy(dtype=object)
    sq = pd.Series(seq).astype(str).str.zfill(4).to_numpy(dtype=object)
    return ag.ma_don_vi.to_numpy(dtype=object)[d["agency"]] + "-" + ymd + "-" + sq


# ------------------------------------------------------------------------------------------
# payments, applicants
# ------------------------------------------------------------------------------------------

def _payments(rng, d: dict, cat: pd.DataFrame, ids: np.ndarray, end_ts) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    n = d["n"]
    proc = d["proc"]
    fee = cat.fee.to_numpy()[proc]
    pages = np.where(d["field"] == "Chứng thực", rng.integers(1, 6, size=n), 1)
    amount = fee * pages
    payer = (amount > 0) & ~d["refused"] & ~np.isnat(d["t_recv"])
    pay_date = cat.payment_date.to_numpy().astype("datetime64[D]")[proc]
    deployed = ~np.isnat(pay_date) & (pay_date <= d["rday"])
    ops = cal.value("online_payment_share")
    p_online = np.where(d["online"], ops["online_dossier"], ops["counter_dossier"])
    online_pay = payer & deployed & (rng.random(n) < p_online)
    method = np.where(online_pay, rng.choice([1, 2], size=n, p=[0.55, 0.45]),
                      rng.choice([3, 4], size=n, p=[0.8, 0.2]))
    t_pay = np.where(online_pay & d["online"], d["t_nop"] + rng.integers(60, 1800, size=n) * SEC,
                     d["t_recv_raw"] + rng.integers(120, 1200, size=n) * SEC)
    failed = payer & (rng.random(n) < cal.value("payment_status_share")["Thất bại"])
    idx = np.flatnonzero(payer)
    rows = [pd.DataFrame({"i": idx, "t": t_pay[idx], "hinh_thuc": method[idx],
                          "trang_thai": np.where(failed[idx], "Thất bại", "Thành công")})]
    fi = np.flatnonzero(failed)
    rows.append(pd.DataFrame({"i": fi, "t": t_pay[fi] + rng.integers(120, 900, size=fi.size) * SEC,
                              "hinh_thuc": method[fi], "trang_thai": "Thành công"}))
    # refunds: withdrawn/stopped dossiers that had paid, and a few random ones
    refund = payer & (d["term"] | (rng.random(n) < cal.value("payment_status_share")["Hoàn tiền"]))
    ri = np.flatnonzero(refund)
    t_ref = np.where(d["term"][ri], d["t_term"][ri], t_pay[ri]) + 86400 * SEC
    rows.append(pd.DataFrame({"i": ri, "t": t_ref, "hinh_thuc": method[ri], "trang_thai": "Hoàn tiền"}))
    p = pd.concat(rows, ignore_index=True)
    p = p[p.t <= end_ts].sort_values(["t", "i"], kind="stable").reset_index(drop=True)
    out = _frame({
        "ma_giao_dich": ("GD" + pd.Series(np.arange(1, len(p) + 1)).astype(str).str.zfill(9)).to_numpy(dtype=object),
        "ma_ho_so": ids[p.i.to_numpy()],
        "so_tien": amount[p.i.to_numpy()].astype("int64"),
        "loai": cat.fee_type.to_numpy(dtype=object)[proc[p.i.to_numpy()]],
        "hinh_thuc": p.hinh_thuc.to_numpy().astype("int64"),
        "thoi_diem": p.t.to_numpy().astype("datetime64[s]"),
        "trang_thai": p.trang_thai.to_numpy(dtype=object),
    })
    tt = np.where(method == 1, 1, 2)
    return out, np.where(payer, amount, 0), np.where(online_pay, tt, 0), p.i.to_numpy()


# ------------------------------------------------------------------------------------------
# versions and steps
# ------------------------------------------------------------------------------------------

EVENTS = ["t_nop", "t_recv", "t_proc", "t_s1", "t_s2", "t_f1", "t_f2", "t_term", "t_res", "t_ret"]
K_TERM, K_RES, K_RET = 7, 8, 9


def _hoso_versions(d: dict, static: dict, end_ts) -> tuple[pd.DataFrame, np.ndarray]:
    idx_l, k_l, t_l = [], [], []
    for k, name in enumerate(EVENTS):
        t = d[name]
        if name == "t_nop":
            t = np.where(d["online"], t, NAT)
        if name == "t_recv":
            t = np.where(d["refused"], d["t_refuse"], t)
        m = ~np.isnat(t) & (t <= end_ts)
        i = np.flatnonzero(m)
        idx_l.append(i); k_l.append(np.full(i.size, k, dtype=np.int8)); t_l.append(t[i])
    idx = np.concatenate(idx_l); k = np.concatenate(k_l); t = np.concatenate(t_l)
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
        x[o] for x in (idx, k, t, day, status, received, moved, hen, res, ret, last_of_dossier))
    v = {c: static[c][idx] for c in HOSO_COLUMNS if c in static}
    v["ngay_tiep_nhan"] = np.where(received, d["t_recv"][idx], NAT)
    v["ngay_hen_tra"] = hen
    v["ngay_ket_thuc_xu_ly"] = res
    v["ngay_tra"] = ret
    v["trang_thai"] = status.astype("int64")
    v["da_so_hoa_ket_qua"] = np.where(k >= K_RES, d["digit"][idx], 0).astype("int64")
    v["ma_ket_qua"] = np.where(k >= K_RES, v["ma_ket_qua"], None)
    v["ngay_cap_nhat"] = t
    v["export_date"] = day.astype("datetime64[s]")
    # DanhSachHoSoBoSung once the supplement has been provided
    bs = np.flatnonzero(moved)
    col = np.full(idx.size, None, dtype=object)
    if bs.size:
        di = idx[bs]
        rq, dn = d["t_s1"][di], d["t_s2"][di]
        h0, h1 = d["due0"][di], d["due_final"][di]
        col[bs] = [
            [{"NgayYeuCau": pd.Timestamp(a), "NgayBoSung": pd.Timestamp(b),
              "NgayHenTraTruoc": pd.Timestamp(c0), "NgayHenTraMoi": pd.Timestamp(c1)}]
            for a, b, c0, c1 in zip(rq, dn, h0, h1)
        ]
    v["ds_bo_sung"] = col
    v["_i"] = idx
    v = {c: v[c] for c in HOSO_COLUMNS + ["ds_bo_sung", "export_date", "_i"]}
    return _frame(v), last_of_dossier


def _steps(rng, d: dict, ag: pd.DataFrame, ids: np.ndarray, end_ts) -> pd.DataFrame:
    n = d["n"]
    ag_id = ag.ma_don_vi.to_numpy(dtype=object)
    own = ag_id[d["agency"]]
    lvl = d["lvl"]
    recv_unit = np.where(lvl == 0, CENTRE_ID, own)
    proc_unit = own
    # the other agency of a real transfer (district <-> commune, commune -> district, tw -> tax)
    district_of = dict(zip(ag.ma_don_vi, ag.district_id))
    levels_arr = ag.level.to_numpy()
    communes_by_district: dict[str, np.ndarray] = {}
    for did in sorted(set(ag.district_id) - {""}):
        communes_by_district[did] = ag_id[(levels_arr == "xa") & (ag.district_id.to_numpy() == did)]
    other = np.full(n, PROVINCE_ID, dtype=object)
    xa = lvl == 2
    other[xa] = pd.Series(own[xa]).map(district_of).to_numpy(dtype=object)
    hu = np.flatnonzero(lvl == 1)
    if hu.size:
        r = rng.random(hu.size)
        picks = np.empty(hu.size, dtype=object)
        # pick a commune of the district (loop per district)
        dids = own[hu]
        for did in np.unique(dids):
            m = dids == did
            arr = communes_by_district.get(did)
            picks[m] = arr[(r[m] * arr.size).astype(int)] if arr is not None and arr.size else did
        tax = ag_id[ag.key.to_numpy() == "CTHUE"][0]
        picks = np.where((d["field"][hu] == "Đất đai") & (rng.random(hu.size) < 0.5), tax, picks)
        other[hu] = picks
    tw = lvl == 3
    other[tw] = ag_id[ag.key.to_numpy() == "CTHUE"][0]
    other = np.where(other == own, PROVINCE_ID, other)
    rt = cal.value("real_transfer_share")
    real2 = (rng.random(n) < np.array([0.0, rt["huyen"], rt["xa"], rt["tw"]])[lvl]) & ~np.isnat(d["t_proc"])
    pp = cal.value("paper_transfer_share")
    p_paper = np.array([pp[lv] for lv in LEVELS])[lvl] * np.where(d["lag"] < 1, 1.5, 1.0)
    paper1 = (lvl == 0) & (rng.random(n) < p_paper)
    paper2 = rng.random(n) < p_paper

    # officers: 6 per agency
    n_ag = len(ag)
    officers = officer_names(np.random.default_rng([int(rng.integers(1 << 31)), 3]), n_ag * 6)
    ag_index = {a: i for i, a in enumerate(ag_id)}

    def officer(units: np.ndarray) -> np.ndarray:
        ii = pd.Series(units, dtype=object).map(ag_index).to_numpy().astype(int)
        return officers[ii * 6 + rng.integers(0, 6, size=ii.size)]

    blocks = []

    def add(mask, t, order, status, text, gui, nhan, form, han):
        i = np.flatnonzero(mask & ~np.isnat(t) & (t <= end_ts))
        if not i.size:
            return
        def pick(x):
            return x[i] if isinstance(x, np.ndarray) and x.shape == (n,) else np.full(i.size, x, dtype=object)
        blocks.append(dict(i=i, t=t[i], o=np.full(i.size, order, dtype=np.int8),
                           trang_thai=pick(status), noi_dung=np.full(i.size, text, dtype=object),
                           don_vi_gui=pick(gui), don_vi_nhan=pick(nhan), hinh_thuc_chuyen=pick(form),
                           han_xu_ly=pick(han)))

    all_ = np.ones(n, dtype=bool)
    add(d["refused"], d["t_refuse"], 0, 3, "Từ chối tiếp nhận hồ sơ", recv_unit, recv_unit, "Điện tử", d["due0"])
    add(all_, d["t_recv"], 1, 2, "Tiếp nhận hồ sơ", recv_unit, recv_unit, "Điện tử", d["due0"])
    add(all_, d["t_proc"], 2, 4, "Chuyển xử lý", recv_unit, proc_unit,
        np.where(paper1, "Giấy", "Điện tử"), d["due0"])
    # real transfers out and back, between hand-over and resolution (or now)
    tend = np.where(np.isnat(d["t_res"]), d["t_proc"] + 3 * 86400 * SEC, d["t_res"])
    tend = np.where(d["term"], d["t_term"], tend)
    gap = (tend - d["t_proc"]).astype("int64")
    t_out = d["t_proc"] + (gap * 0.3).astype("int64").astype("timedelta64[s]")
    t_back = d["t_proc"] + (gap * 0.7).astype("int64").astype("timedelta64[s]")
    t_out = _snap(rng, t_out, d["t_proc"], t_back)
    t_back = _snap(rng, t_back, t_out, tend)
    form2 = np.where(paper2, "Giấy", "Điện tử")
    add(real2 & (gap > 120), t_out, 3, 4, "Chuyển xử lý", proc_unit, other, form2, d["due0"])
    add(real2 & (gap > 120), t_back, 4, 4, "Chuyển xử lý", other, proc_unit, form2, d["due0"])
    add(all_, d["t_s1"], 5, 5, "Yêu cầu bổ sung hồ sơ", proc_unit, recv_unit, "Điện tử", d["due0"])
    add(all_, d["t_s2"], 6, 4, "Công dân bổ sung hồ sơ", recv_unit, proc_unit, "Điện tử", d["due_final"])
    add(d["apol"], d["t_apol"], 7, 4, "Ban hành văn bản xin lỗi", proc_unit, recv_unit, "Điện tử", d["han_apol"])
    add(d["term"] & (d["term_code"] == 7), d["t_term"], 8, 7, "Công dân rút hồ sơ", recv_unit, recv_unit,
        "Điện tử", d["due_final"])
    add(all_, d["t_res"], 9, 9, "Kết thúc xử lý", proc_unit, recv_unit, "Điện tử", d["due_final"])
    add(all_, d["t_ret"], 10, 10, "Trả kết quả", recv_unit, recv_unit, "Điện tử", d["due_final"])

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
    i, buoc = i[o], buoc[o]
    cols = {k: v[o] for k, v in cols.items()}
    out = _frame({
        "ma_ho_so": ids[i], "buoc": buoc.astype("int64"), "thoi_diem": cols["t"],
        "trang_thai": cols["trang_thai"].astype("int64"), "noi_dung": cols["noi_dung"],
        "don_vi_gui": cols["don_vi_gui"], "don_vi_nhan": cols["don_vi_nhan"],
        "hinh_thuc_chuyen": cols["hinh_thuc_chuyen"],
        "han_xu_ly": cols["han_xu_ly"].astype("datetime64[s]"),
        "nguoi_xu_ly": officer(cols["don_vi_gui"]),
        "export_date": _day(cols["t"]).astype("datetime64[s]"),
        "_i": i,
    })
    return out


def _evaluations(rng, d: dict, ids: np.ndarray, end_ts) -> pd.DataFrame:
    n = d["n"]
    ev = ~np.isnat(d["t_res"]) & (rng.random(n) < cal.value("evaluation_share"))
    i = np.flatnonzero(ev)
    base_t = np.where(np.isnat(d["t_ret"]), d["t_res"], d["t_ret"])[i]
    t = base_t + rng.integers(60, 2 * 86400, size=i.size) * SEC
    again = rng.random(i.size) < 0.03
    i2 = i[again]
    t2 = t[again] + rng.integers(3600, 5 * 86400, size=i2.size) * SEC
    ii = np.concatenate([i, i2]); tt = np.concatenate([t, t2])
    ss = cal.value("satisfied_share")
    p_sat = pd.Series(d["field"][ii]).map(ss).fillna(ss["default"]).to_numpy()
    p_sat = np.where(d["late"][ii], ss["late"], p_sat)
    sat = rng.random(ii.size) < p_sat
    score = np.where(sat, np.where(rng.random(ii.size) < 0.6, 5, 4),
                     rng.choice([3, 2, 1], size=ii.size, p=[0.6, 0.3, 0.1]))
    kenh = np.where(d["online"][ii], "Cổng DVC",
                    rng.choice(["Kiosk", "Tin nhắn", "Phiếu giấy", "Cổng DVC"], size=ii.size,
                               p=[0.4, 0.3, 0.2, 0.1]))
    keep = tt <= end_ts
    ii, tt, score, kenh = ii[keep], tt[keep], score[keep], kenh[keep]
    o = np.lexsort((ii, tt))
    ii, tt, score, kenh = ii[o], tt[o], score[o], kenh[o]
    out = _frame({
        "ma_danh_gia": ("DG" + pd.Series(np.arange(1, ii.size + 1)).astype(str).str.zfill(9)).to_numpy(dtype=object),
        "ma_ho_so": ids[ii], "thoi_diem": tt, "kenh_danh_gia": kenh.astype(object),
        "muc_do_hai_long": score.astype("int64"), "export_date": _day(tt).astype("datetime64[s]"),
        "_i": ii,
    })
    return out


# ------------------------------------------------------------------------------------------
# registers: PAKN, RASOAT, NHIEMVU, BAOCAO; catalogue and agencies snapshots
# ------------------------------------------------------------------------------------------

def _pakn(rng, ag: pd.DataFrame, scale: float, start: dt.date, end: dt.date) -> pd.DataFrame:
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
        rows.append(pd.DataFrame({
            "ma_pakn": ids[i], "ngay_tiep_nhan": _pd_ts(t0[i]),
            "nguon": rng.choice(["Cổng DVCQG", "Trực tiếp", "Văn bản", "Điện thoại", "Email"], size=i.size,
                                p=[0.45, 0.2, 0.2, 0.1, 0.05]),
            "thuoc_pham_vi": in_scope[i], "ma_don_vi_xu_ly": unit[i],
            "ngay_chuyen": _pd_ts(np.where(stage >= 1, t_tr[i], NAT)),
            "ngay_co_ket_qua": _pd_ts(np.where(stage >= 2, t_h[i], NAT)),
            "trang_thai": np.where(stage >= 2, np.where(refuse[i], "Từ chối", "Đã xử lý"), "Đang xử lý"),
            "cong_khai": np.where(stage >= 2, (rng.random(i.size) < 0.8).astype(int), 0),
            "export_date": _pd_ts(_day(t[i]).astype("datetime64[s]")),
        }))
    out = pd.concat(rows, ignore_index=True)
    # the source of a PAKN does not change between versions
    first = out.groupby("ma_pakn", sort=False)["nguon"].transform("first")
    out["nguon"] = first
    return out.sort_values(["export_date", "ma_pakn"], kind="stable").reset_index(drop=True)


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
    out = pd.DataFrame({
        "ma_tthc": p.ma_tthc.to_numpy(), "ma_don_vi": p.dept.map(key_to_id).to_numpy(),
        "so_quy_dinh": so.astype("int64"), "so_quy_dinh_cat_giam": cut.astype("int64"),
        "chi_phi_truoc": before, "chi_phi_sau": after,
        "ngay_phe_duyet": pd.to_datetime(appr.astype("datetime64[s]")),
    })
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
    products = {"danh_gia_tac_dong": "Báo cáo đánh giá tác động", "cho_y_kien": "Văn bản góp ý",
                "tham_dinh": "Báo cáo thẩm định", "tham_tra_cong_bo": "Phiếu thẩm tra dự thảo QĐ công bố",
                "kiem_tra": "Kết luận kiểm tra", "tu_kiem_tra": "Báo cáo tự kiểm tra",
                "truyen_thong": "Tin, bài, phóng sự", "tin_bai_cong_ttdt": "Tin bài trên Cổng TTĐT",
                "sang_kien": "Sáng kiến cải cách TTHC"}
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


def _baocao(rng, ag: pd.DataFrame, hoso_final: pd.DataFrame, end: dt.date) -> pd.DataFrame:
    c = calendar()
    units = ag[ag.level.isin(["tinh", "huyen"])].ma_don_vi.to_numpy()
    rec = hoso_final[hoso_final.ngay_tiep_nhan.notna() & ~hoso_final.trang_thai.isin([1, 3])]
    rdate = rec.ngay_tiep_nhan.dt.floor("D")
    late_s, miss_s = cal.value("report_late_share"), cal.value("report_missing_share")
    over_s, over_max = cal.value("report_overcount")
    rows = []
    for label, f, t, due in REPORT_PERIODS:
        due_d = pd.Timestamp(due)
        if due_d > pd.Timestamp(end):
            continue
        m = (rdate >= pd.Timestamp(f)) & (rdate <= pd.Timestamp(t))
        counts = rec.loc[m].groupby("ma_don_vi").size()
        for u in units:
            s = int(counts.get(u, 0))
            r = rng.random()
            if r < miss_s:
                sent = None
            elif r < miss_s + late_s:
                sent = _scalar(c.add_working_days(np.datetime64(due), int(rng.integers(1, 10))))
            else:
                sent = _scalar(c.prev_working_day(np.datetime64(due) - np.timedelta64(int(rng.integers(0, 6)), "D")))
            reported = s if rng.random() >= over_s else int(round(s * (1 + rng.uniform(0.005, over_max))))
            rows.append((u, label, due_d, pd.Timestamp(sent) if sent is not None else pd.NaT,
                         reported if sent is not None else None))
    df = pd.DataFrame(rows, columns=["ma_don_vi", "ky_bao_cao", "han_nop", "ngay_nop", "so_ho_so_tiep_nhan"])
    df["so_ho_so_tiep_nhan"] = df["so_ho_so_tiep_nhan"].astype("Int64")
    df["export_date"] = df.ngay_nop.fillna(df.han_nop + pd.Timedelta(days=1))
    df = df[df.export_date <= pd.Timestamp(end)]
    return df.sort_values(["export_date", "ma_don_vi"], kind="stable").reset_index(drop=True)


def _snapshot_dates(start: dt.date, end: dt.date) -> list[dt.date]:
    out = [start]
    for m in pd.date_range(start, end, freq="ME"):
        if m.date() > start:
            out.append(m.date())
    return out


# ------------------------------------------------------------------------------------------
# truth
# ------------------------------------------------------------------------------------------

def _rate(num, den):
    return float(num) / float(den) if den else None


def _truth(d: dict, final: pd.DataFrame, steps: pd.DataFrame, evals: pd.DataFrame,
           pays: pd.DataFrame, cat: pd.DataFrame, last_snapshot: pd.DataFrame,
           start: dt.date, end: dt.date, baocao: pd.DataFrame | None = None) -> dict:
    """The world's headline figures computed from the clean data (final versions at ``end``).

    Period P = [start, end] (2022 by default); every figure is toan_tinh unless keyed by level.
    """
    P0, P1 = pd.Timestamp(start), pd.Timestamp(end)
    lvl = np.array(LEVELS, dtype=object)[d["lvl"][final._i.to_numpy()]]
    f = final.assign(level=lvl)
    recv_day = f.ngay_tiep_nhan.dt.floor("D")
    received = f.ngay_tiep_nhan.notna() & ~f.trang_thai.isin([1, 3]) & (recv_day >= P0) & (recv_day <= P1)
    r = f[received]
    res_day = f.ngay_ket_thuc_xu_ly.dt.floor("D")
    resolved = f.trang_thai.isin([9, 10]) & f.ngay_ket_thuc_xu_ly.notna() & (res_day >= P0) & (res_day <= P1)
    s = f[resolved]
    late = s.ngay_hen_tra.notna() & (s.ngay_ket_thuc_xu_ly.dt.floor("D") > s.ngay_hen_tra.dt.floor("D"))

    t: dict = {}
    t["dossiers_generated"] = int(d["n"])
    t["dossiers_received"] = {"toan_tinh": int(len(r)), **{lv: int((r.level == lv).sum()) for lv in LEVELS}}
    t["dossiers_received_by_month"] = {k: int(v) for k, v in
                                       r.groupby(r.ngay_tiep_nhan.dt.strftime("%Y-%m")).size().items()}
    t["dossiers_resolved"] = int(len(s))
    t["late_share"] = _rate(late.sum(), len(s))
    t["on_time_resolution_rate"] = _rate((~late).sum(), len(s))
    t["late_share_by_level"] = {lv: _rate(late[s.level == lv].sum(), (s.level == lv).sum()) for lv in LEVELS}

    on_base = r[(r.muc_do >= 3) & (r.level != "tw")]
    t["online_dossier_rate"] = _rate((on_base.kenh == 2).sum(), len(on_base))
    t["online_share_by_month"] = {k: _rate((g.kenh == 2).sum(), len(g)) for k, g in
                                  on_base.groupby(on_base.ngay_tiep_nhan.dt.strftime("%Y-%m"))}
    t["online_share_by_level"] = {lv: _rate((g.kenh == 2).sum(), len(g)) for lv, g in on_base.groupby("level")}
    jm = on_base[on_base.ngay_tiep_nhan.dt.month <= 5]
    t["online_share_jan_may"] = {
        "toan_tinh": _rate((jm.kenh == 2).sum(), len(jm)),
        "tinh": _rate(((jm.kenh == 2) & (jm.level == "tinh")).sum(), (jm.level == "tinh").sum()),
        "huyen_xa": _rate(((jm.kenh == 2) & jm.level.isin(["huyen", "xa"])).sum(), jm.level.isin(["huyen", "xa"]).sum()),
    }
    t["result_digitization_rate_by_level"] = {
        "toan_tinh": _rate((r.da_so_hoa_ket_qua == 1).sum(), len(r)),
        **{lv: _rate((g.da_so_hoa_ket_qua == 1).sum(), len(g)) for lv, g in r.groupby("level")}}
    t["postal_dossier_share"] = _rate(((r.kenh == 3) | (r.hinh_thuc_tra == 1)).sum(), len(r))

    # electronic circulation: received dossiers with >= 1 transfer step (steps dated <= end)
    tr = steps.loc[(steps.noi_dung == "Chuyển xử lý") & (steps.don_vi_gui != steps.don_vi_nhan),
                   ["_i", "hinh_thuc_chuyen"]]
    g = ~(tr.hinh_thuc_chuyen != "Điện tử").groupby(tr["_i"]).any()
    rr = r.set_index("_i")
    common = rr.index.intersection(g.index)
    ec = pd.DataFrame({"level": rr.loc[common, "level"], "ok": g.loc[common]})
    t["electronic_circulation_rate"] = {"toan_tinh": _rate(ec.ok.sum(), len(ec)),
                                        **{lv: _rate(x.ok.sum(), len(x)) for lv, x in ec.groupby("level")}}
    # apology coverage: overdue dossiers of P (resolved late in P + open overdue at end)
    E = P1
    open_ = f.ngay_tiep_nhan.notna() & ~f.trang_thai.isin([1, 3, 5, 7, 8, 9, 10]) & \
        (recv_day <= E) & f.ngay_hen_tra.notna() & (f.ngay_hen_tra.dt.floor("D") < E)
    overdue_i = np.concatenate([s[late]._i.to_numpy(), f[open_]._i.to_numpy()])
    apol_i = set(steps.loc[steps.noi_dung == "Ban hành văn bản xin lỗi", "_i"].to_numpy().tolist())
    t["overdue_dossiers"] = int(overdue_i.size)
    t["apology_coverage_rate"] = _rate(sum(1 for i in overdue_i if i in apol_i), overdue_i.size)

    # satisfaction: newest evaluation per dossier among those dated in P
    e = evals[(evals.thoi_diem.dt.floor("D") >= P0) & (evals.thoi_diem.dt.floor("D") <= P1)]
    e = e.sort_values(["thoi_diem", "ma_danh_gia"]).drop_duplicates("ma_ho_so", keep="last")
    t["satisfaction_rate"] = _rate(e.muc_do_hai_long.isin([4, 5]).sum(), len(e))
    ef = pd.Series(d["field"][e._i.to_numpy()]).str.lower().to_numpy()
    t["satisfaction_rate_by_field_group"] = {
        gname: _rate((e.muc_do_hai_long.isin([4, 5]).to_numpy() & _isin(ef, names)).sum(),
                     _isin(ef, names).sum()) for gname, names in FIELD_GROUPS.items()}

    # online payment transactions (catalogue of P = the last snapshot)
    dep = set(last_snapshot.loc[last_snapshot.trien_khai_thanh_toan_truc_tuyen == 1, "ma_tthc"])
    p = pays[(pays.trang_thai == "Thành công") & (pays.thoi_diem.dt.floor("D") >= P0) &
             (pays.thoi_diem.dt.floor("D") <= P1)]
    p_code = cat.ma_tthc.to_numpy()[d["proc"][p._i.to_numpy()]]
    p = p[_isin(p_code, dep)]
    t["online_payment_transaction_rate"] = _rate(p.hinh_thuc.isin([1, 2]).sum(), len(p))

    # periodic reports: on time among rows due in P; dossiers in the system vs self-reported counts
    if baocao is not None and len(baocao):
        b = baocao.sort_values("export_date").drop_duplicates(["ma_don_vi", "ky_bao_cao"], keep="last")
        due = b[(b.han_nop >= P0) & (b.han_nop <= P1)]
        t["periodic_report_on_time_rate"] = _rate((due.ngay_nop.notna() & (due.ngay_nop <= due.han_nop)).sum(),
                                                  len(due))
        rec_all = f[f.ngay_tiep_nhan.notna() & ~f.trang_thai.isin([1, 3])]
        rday_all = rec_all.ngay_tiep_nhan.dt.floor("D")
        num = den = 0
        windows = {lab: (pd.Timestamp(a), pd.Timestamp(z)) for lab, a, z, _ in REPORT_PERIODS}
        for lab, g in b[b.so_ho_so_tiep_nhan.notna()].groupby("ky_bao_cao"):
            a, z = windows[lab]
            cnt = rec_all[(rday_all >= a) & (rday_all <= z)].groupby("ma_don_vi").size()
            S = g.ma_don_vi.map(cnt).fillna(0).to_numpy()
            R = g.so_ho_so_tiep_nhan.astype(float).to_numpy()
            num += np.minimum(S, R).sum()
            den += R.sum()
        t["dossiers_in_system_rate"] = _rate(num, den)

    pub = last_snapshot[last_snapshot.loai_tthc == "TTHC"]
    internal = last_snapshot[last_snapshot.loai_tthc == "TTHC nội bộ"]
    t["catalogue"] = {
        "procedures": int(len(last_snapshot)), "public": int(len(pub)), "internal": int(len(internal)),
        "eligible_procedures_online_rate": _rate((pub[pub.du_dieu_kien_truc_tuyen == 1].muc_do >= 3).sum(),
                                                 (pub.du_dieu_kien_truc_tuyen == 1).sum()),
        "online_procedures_on_national_portal_rate": _rate((pub[pub.muc_do >= 3].tich_hop_dvcqg == 1).sum(),
                                                           (pub.muc_do >= 3).sum()),
        "fee_procedures_online_payment_rate": _rate(
            (pub[pub.co_nghia_vu_tai_chinh == 1].trien_khai_thanh_toan_truc_tuyen == 1).sum(),
            (pub.co_nghia_vu_tai_chinh == 1).sum()),
        "internal_procedure_rate": _rate((internal.co_quy_trinh_noi_bo == 1).sum(), len(internal)),
    }
    return t


# ------------------------------------------------------------------------------------------
# the world
# ------------------------------------------------------------------------------------------

def generate_world(seed: int = 42, scale: float = 1.0, start: dt.date = dt.date(2022, 1, 1),
                   end: dt.date = dt.date(2022, 12, 31)) -> SimulatedWorld:
    """Simulate the one-stop-shop software of Hà Tĩnh between ``start`` and ``end``.

    ``versions``: entity -> DataFrame with the canonical columns of exports.md plus
    ``export_date`` (and ``ds_bo_sung`` for hoso). ``truth``: see :func:`_truth`; keys:

    * ``dossiers_generated``: dossiers simulated (all, incl. refused and Dec carry-over)
    * ``dossiers_received``: {toan_tinh, tinh, huyen, xa, tw}: received in P (metrics.md "received")
    * ``dossiers_received_by_month``: {"YYYY-MM": n}
    * ``dossiers_resolved``: resolved in P; ``late_share`` / ``on_time_resolution_rate``: qua_han share
      of those / its complement; ``late_share_by_level``
    * ``online_dossier_rate``, ``online_share_by_month``, ``online_share_by_level``,
      ``online_share_jan_may`` {toan_tinh, tinh, huyen_xa}: kenh = 2 among received dossiers with
      muc_do >= 3 at non-tw agencies
    * ``result_digitization_rate_by_level``: da_so_hoa_ket_qua = 1 among received in P
    * ``postal_dossier_share``: kenh = 3 or hinh_thuc_tra = 1 among received in P
    * ``electronic_circulation_rate``: {toan_tinh, level}: received in P with a transfer step, all
      transfers Điện tử
    * ``overdue_dossiers``, ``apology_coverage_rate``: overdue of P (resolved late + open overdue at
      end) and the share with an apology step
    * ``satisfaction_rate``, ``satisfaction_rate_by_field_group``: newest evaluation per dossier among
      evaluations dated in P, 4/5
    * ``online_payment_transaction_rate``: hinh_thuc 1/2 among successful payments in P for procedures
      with online payment deployed in the last catalogue snapshot
    * ``catalogue``: counts and catalogue rates of the last snapshot (toan_tinh)
    * ``periodic_report_on_time_rate``: BAOCAO rows due in P sent by han_nop (never sent = late)
    * ``dossiers_in_system_rate``: Σ min(S, R) / Σ R over sent BAOCAO rows (R self-reported, S received
      by that agency in the report window, 15th–14th cut-off) — every report window of 2022
    * ``rows``: rows per entity
    """
    if end < start:
        raise ValueError("end before start")
    rng = np.random.default_rng(seed)
    ag = build_agencies(seed)
    cat = build_catalog(seed)
    end_ts = np.datetime64(end, "s") + 86399 * SEC

    d = _dossiers(rng, ag, cat, scale, start, end)
    n = d["n"]
    ids = _numbers(d, ag)

    # applicants
    dv = read_dvhc()
    com_code = dv.commune_code.to_numpy()
    agency_ma_dvhc = ag.ma_dvhc.to_numpy()[d["agency"]]
    lvl = d["lvl"]
    ci = rng.integers(0, len(dv), size=n)  # default: anywhere in the province
    pos = pd.Series(np.arange(len(dv)), index=com_code)
    xa = lvl == 2
    ci[xa] = pos.loc[agency_ma_dvhc[xa]].to_numpy()
    hu = np.flatnonzero(lvl == 1)
    if hu.size:
        dist = dv.district_code.to_numpy()
        first = pd.Series(np.arange(len(dv))).groupby(dist).min()
        cnt = pd.Series(np.arange(len(dv))).groupby(dist).size()
        dc = agency_ma_dvhc[hu]
        ci[hu] = first.loc[dc].to_numpy() + (rng.random(hu.size) * cnt.loc[dc].to_numpy()).astype(int)
    biz_fields = ["Thành lập và hoạt động của doanh nghiệp", "Đầu tư tại Việt Nam",
                  "Đầu tư vào nông nghiệp, nông thôn", "Lưu thông hàng hóa trong nước", "Điện",
                  "Quản lý khu kinh tế", "Xây dựng", "Môi trường", "Tài nguyên nước"]
    loai_dt = np.where(np.isin(d["field"], biz_fields) & (rng.random(n) < 0.85), 2,
                       rng.choice([1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 4], size=n))
    loai_dt = np.where(np.isin(d["field"], ["Hộ tịch", "Chứng thực"]), 1, loai_dt)
    pp = people(rng, n, dv.iloc[ci].reset_index(drop=True), loai_dt != 1)
    ten = cat.ten_tthc.to_numpy(dtype=object)[d["proc"]]
    short = pd.Series(ten).str.replace(r"^Thủ tục ", "", regex=True)
    short = (short.str[:1].str.upper() + short.str[1:]).to_numpy(dtype=object)
    honor = np.where(pp["male"], "ông ", "bà ")
    khai_sinh = cat.ma_tthc.to_numpy()[d["proc"]] == "1.001193"
    trich = np.where(loai_dt != 1, short + " - " + pp["name"],
                     np.where(khai_sinh, "Đăng ký khai sinh cho con " + honor + pp["name"],
                              short + " cho " + honor + pp["name"]))

    pays, fee, tt_online, pay_i = _payments(rng, d, cat, ids, end_ts)
    code = cat.ma_tthc.to_numpy(dtype=object)[d["proc"]]
    local = np.isin(code, list(LOCAL_VARIANT)) & (rng.random(n) < 0.3)
    code = np.where(local, pd.Series(code).map(LOCAL_VARIANT).fillna(pd.Series(code)).to_numpy(dtype=object), code)
    dvcqg_date = cat.dvcqg_date.to_numpy().astype("datetime64[D]")[d["proc"]]
    synced = (~np.isnat(dvcqg_date) & (dvcqg_date <= d["rday"]) & (d["muc_do"] >= 3)).astype(int)
    # result document code KQ.G{15 + level}.{serial}
    kq = ("KQ.G" + pd.Series(15 + lvl).astype(str) + "."
          + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(6)).to_numpy(dtype=object)
    static = {
        "ma_ho_so": ids, "ma_don_vi": ag.ma_don_vi.to_numpy(dtype=object)[d["agency"]],
        "ma_tthc": code, "ten_tthc": ten,
        "ma_linh_vuc": cat.ma_linh_vuc.to_numpy(dtype=object)[d["proc"]],
        "ten_linh_vuc": d["field"], "muc_do": d["muc_do"].astype("int64"), "kenh": d["kenh"].astype("int64"),
        "loai_doi_tuong": loai_dt.astype("int64"), "chu_ho_so": pp["name"], "so_giay_to": pp["cccd"],
        "so_dien_thoai": pp["phone"], "email": pp["email"], "dia_chi": pp["address"], "trich_yeu": trich,
        "hinh_thuc_tra": d["hinh_thuc_tra"].astype("int64"),
        "co_thanh_phan_so_hoa": d["comp_dig"].astype("int64"), "ma_ket_qua": kq,
        "phi_le_phi": fee.astype("int64"), "thanh_toan_truc_tuyen": tt_online.astype("int64"),
        "da_dong_bo_dvcqg": synced,
    }
    static["ngay_nop"] = d["t_nop"]
    del pp, trich, short, honor, code, kq
    hoso, last_mask = _hoso_versions(d, static, end_ts)
    del static
    final = hoso.loc[last_mask, ["_i", "ma_don_vi", "muc_do", "kenh", "ngay_tiep_nhan", "ngay_hen_tra",
                                 "ngay_ket_thuc_xu_ly", "trang_thai", "hinh_thuc_tra", "da_so_hoa_ket_qua"]]
    steps = _steps(rng, d, ag, ids, end_ts)
    evals = _evaluations(rng, d, ids, end_ts)
    pays["export_date"] = pays["thoi_diem"].dt.floor("D")
    pays["_i"] = pay_i

    snaps = [snapshot(cat, day) for day in _snapshot_dates(start, end)]
    tthc = pd.concat(snaps, ignore_index=True)
    tthc["export_date"] = tthc["ngay_xuat"]
    donvi_days = [start] + ([dt.date(start.year, 7, 1)] if start < dt.date(start.year, 7, 1) <= end else [])
    donvi = pd.concat([ag[DONVI_COLUMNS].assign(export_date=pd.Timestamp(x)) for x in donvi_days],
                      ignore_index=True)
    pakn = _pakn(np.random.default_rng([seed, 21]), ag, scale, start, end)
    rasoat = _rasoat(np.random.default_rng([seed, 22]), ag, cat, start, end)
    nhiemvu = _nhiemvu(np.random.default_rng([seed, 23]), ag, start, end)
    baocao = _baocao(np.random.default_rng([seed, 24]), ag, final, end)

    truth = _truth(d, final, steps, evals, pays, cat, snaps[-1], start, end, baocao)
    versions = {
        "hoso": hoso.drop(columns="_i"),
        "tientrinh": steps.drop(columns="_i"),
        "danhgia": evals.drop(columns="_i"),
        "thanhtoan": pays.drop(columns="_i"),
        "tthc": tthc, "donvi": donvi, "pakn": pakn, "rasoat": rasoat, "nhiemvu": nhiemvu,
        "baocao": baocao,
    }
    truth["rows"] = {k: int(len(v)) for k, v in versions.items()}
    return SimulatedWorld(versions=versions, truth=truth, seed=seed, scale=scale, start=start, end=end)
