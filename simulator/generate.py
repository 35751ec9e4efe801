"""The simulated world: Hà Tĩnh's one-stop-shop software over a year, as export rows.

The year is generated in *windows* of consecutive receipt days (about ``WINDOW_DOSSIERS``
dossiers each, plus a first window for the dossiers carried over from December): a dossier's
whole life (versions, steps, evaluations, payments, on whatever later nights) is simulated with
its window, so the generator's memory does not grow with the scale.  :func:`iter_windows`
yields each window's rows as Arrow tables (one per entity, each row with its ``export_date``:
the night it is exported) together with the window's counts for the truth (:mod:`.truth`);
:func:`generate_world` gathers every window in memory (small scales, tests, the API server) and
``motcua simulate`` spills them to disk (:mod:`.spill`).

Everything is vectorised over dossiers (loops only over windows, days, agencies, procedures or
small registers), deterministic for a seed and scale (each window draws from a generator seeded
by (seed, window)), and calibrated by :mod:`simulator.calibration`.

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
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import calibration as cal
from . import qd766, tables, truth
from .catalog import TTHC_DONVI_COLUMNS, build_catalog, has_result_document, local_variants, snapshot
from .clock import NAT, SEC, WORK_END, _day, _later_same_day, _snap, _ts, _work_secs
from .export.headers import ENTITIES  # the entities, once: the export's table of headers
from .people import officer_names
from .province import DONVI_COLUMNS, build_agencies, current, read_dvhc, simulating, volume_factor
from .registers import ACTIVITIES, MILESTONES, REPORT_PERIODS, registers, snapshot_dates  # noqa: F401
from .tables import HOSO_COLUMNS
from .work_calendar import calendar

LEVELS = ["tinh", "huyen", "xa", "tw"]
WINDOW_DOSSIERS = 150_000  # dossiers per window: bounds the generator's memory at any scale
MAX_BACK_DAYS = 5  # an online submission is received within this many days

TIENTRINH_COLUMNS = [
    "ma_ho_so",
    "buoc",
    "thoi_diem",
    "trang_thai",
    "noi_dung",
    "don_vi_gui",
    "don_vi_nhan",
    "hinh_thuc_chuyen",
    "han_xu_ly",
    "nguoi_xu_ly",
    "ngay_dong_bo_dvcqg",
]
DANHGIA_COLUMNS = ["ma_danh_gia", "ma_ho_so", "thoi_diem", "kenh_danh_gia", "muc_do_hai_long"]
THANHTOAN_COLUMNS = ["ma_giao_dich", "ma_ho_so", "so_tien", "loai", "hinh_thuc", "thoi_diem", "trang_thai"]
PAKN_COLUMNS = [
    "ma_pakn",
    "ngay_tiep_nhan",
    "nguon",
    "thuoc_pham_vi",
    "ma_don_vi_xu_ly",
    "ngay_chuyen",
    "ngay_co_ket_qua",
    "trang_thai",
    "cong_khai",
    "ma_ho_so",
    "phan_loai",
    "so_thich",
    "so_khong_thich",
    "ma_pakn_goc",
    "ngay_yeu_cau_bo_sung",
    "ngay_cong_khai",
]
RASOAT_COLUMNS = [
    "ma_tthc",
    "ma_don_vi",
    "so_quy_dinh",
    "so_quy_dinh_cat_giam",
    "chi_phi_truoc",
    "chi_phi_sau",
    "ngay_phe_duyet",
]
NHIEMVU_COLUMNS = ["ma_nhiem_vu", "ma_don_vi", "san_pham", "so_luong", "han", "ngay_hoan_thanh"]
BAOCAO_COLUMNS = ["ma_don_vi", "ky_bao_cao", "han_nop", "ngay_nop", "so_ho_so_tiep_nhan"]
TAILIEUNOP_COLUMNS = [
    "ma_ho_so",
    "ma_tep",
    "ma_thanh_phan",
    "ten_tep",
    "duong_dan_tep",
    "da_xoa",
    "duoc_so_hoa",
    "duoc_tai_su_dung",
    "lay_tu_kho_dmqg",
    "ma_ket_qua_thay_the",
]
GIAYTOKETQUA_COLUMNS = [
    "ma_ho_so",
    "ma_giay_to",
    "ten_giay_to",
    "ma_thanh_phan",
    "duong_dan_tep_ket_qua",
    "ma_giay_to_ket_qua",
    "dong_bo_kho_ca_nhan",
]
LEPHI_COLUMNS = ["ma_ho_so", "stt", "ma_phi_le_phi", "ten_phi_le_phi", "loai_phi_le_phi", "hinh_thuc_thu", "gia"]

ENTITY_COLUMNS = {
    "hoso": HOSO_COLUMNS,
    "tientrinh": TIENTRINH_COLUMNS,
    "danhgia": DANHGIA_COLUMNS,
    "thanhtoan": THANHTOAN_COLUMNS,
    "donvi": DONVI_COLUMNS,
    "pakn": PAKN_COLUMNS,
    "rasoat": RASOAT_COLUMNS,
    "nhiemvu": NHIEMVU_COLUMNS,
    "baocao": BAOCAO_COLUMNS,
    "tailieunop": TAILIEUNOP_COLUMNS,
    "giaytoketqua": GIAYTOKETQUA_COLUMNS,
    "lephi": LEPHI_COLUMNS,
    "tthc_donvi": TTHC_DONVI_COLUMNS,
}
#: the entities made window by window, and the time column that orders each one's rows in a night
# (the QĐ 766 rows of a dossier carry no time of their own: by dossier, stable)
DOSSIER_ENTITIES = {
    "hoso": "ngay_cap_nhat",
    "tientrinh": "thoi_diem",
    "danhgia": "thoi_diem",
    "thanhtoan": "thoi_diem",
    "tailieunop": "ma_ho_so",
    "giaytoketqua": "ma_ho_so",
    "lephi": "ma_ho_so",
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
    province: str = "42"  # GSO code of the simulated province (:mod:`.province`)


# ------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------


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
    w = np.where(
        wd, w, np.where(sat & ~c.is_holiday[(days - c.origin).astype(int)], w * cal.value("saturday_factor"), 0.0)
    )
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
# the plan: what is fixed for the whole world before the first window
# ------------------------------------------------------------------------------------------


@dataclass
class Plan:
    """The world's fixed parts (agencies, catalogue, lookups by agency or procedure index), the
    number of dossiers per level and receipt day, and the windows cutting those days."""

    seed: int
    scale: float
    start: dt.date
    end: dt.date
    ag: pd.DataFrame
    cat: pd.DataFrame
    span: np.ndarray  # receipt days of the world (datetime64[D])
    day_counts: np.ndarray  # (level, day of span) -> dossiers received
    carry: dict  # the carried-over dossiers' draws (lvl, agency, proc, rday)
    windows: list[tuple[int, int]]  # [lo, hi) ranges of span, one per window after the carry-over
    probs: dict = field(default_factory=dict)
    lookups: dict = field(default_factory=dict)

    def __getattr__(self, name):  # plan.fee, plan.agency_codes ...: the lookups
        try:
            return self.__dict__["lookups"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def end_ts(self) -> np.datetime64:
        return np.datetime64(self.end, "s") + 86399 * SEC

    @property
    def n_windows(self) -> int:
        return 1 + len(self.windows)

    def first_day(self, k: int) -> np.datetime64 | None:
        """The first receipt day of window ``k`` >= 1 (None past the last window)."""
        return self.span[self.windows[k - 1][0]] if 1 <= k <= len(self.windows) else None


def _cut(per_day: np.ndarray, size: int) -> list[tuple[int, int]]:
    """Consecutive day ranges holding about ``size`` dossiers each (a day is never split)."""
    out, lo, acc = [], 0, 0
    for i, x in enumerate(per_day.tolist()):
        acc += x
        if acc >= size:
            out.append((lo, i + 1))
            lo, acc = i + 1, 0
    if lo < per_day.size:
        out.append((lo, per_day.size))
    return out


def _lookups(seed: int, ag: pd.DataFrame, cat: pd.DataFrame, start: dt.date, end: dt.date) -> dict:
    """Arrays indexed by agency, procedure or commune that the windows take from."""
    dv = read_dvhc()
    codes = ag.ma_don_vi.to_numpy(dtype=object)
    index = {a: i for i, a in enumerate(codes)}
    level = ag.level.to_numpy()
    n_ag = len(ag)
    # applicants' communes: a commune agency's own row, a district agency's rows
    row_of_commune = pd.Series(np.arange(len(dv)), index=dv.commune_code.to_numpy())
    first = pd.Series(np.arange(len(dv))).groupby(dv.district_code.to_numpy()).min()
    size = pd.Series(np.arange(len(dv))).groupby(dv.district_code.to_numpy()).size()
    dvhc = ag.ma_dvhc.to_numpy()
    commune_row = np.array([row_of_commune.get(x, -1) if lv == "xa" else -1 for x, lv in zip(dvhc, level)])
    district_first = np.array([first.get(x, -1) if lv == "huyen" else -1 for x, lv in zip(dvhc, level)])
    district_size = np.array([size.get(x, 0) if lv == "huyen" else 0 for x, lv in zip(dvhc, level)])
    district_of = np.array([index.get(x, -1) for x in ag.district_id.to_numpy()])
    communes_of = {
        int(index[did]): np.flatnonzero((level == "xa") & (ag.district_id.to_numpy() == did))
        for did in sorted(set(ag.district_id) - {""})
    }
    key_to_agency = {k: i for i, k in enumerate(ag.key) if k}
    ten = cat.ten_tthc.astype(str)
    short = ten.str.replace(r"^Thủ tục ", "", regex=True)
    short = short.str[:1].str.upper() + short.str[1:]
    biz_fields = [
        "Thành lập và hoạt động của doanh nghiệp",
        "Đầu tư tại Việt Nam",
        "Đầu tư vào nông nghiệp, nông thôn",
        "Lưu thông hàng hóa trong nước",
        "Điện",
        "Quản lý khu kinh tế",
        "Xây dựng",
        "Môi trường",
        "Tài nguyên nước",
    ]
    fields = cat.ten_linh_vuc.to_numpy()
    code = cat.ma_tthc.to_numpy(dtype=object)
    last_snapshot = snapshot(cat, snapshot_dates(start, end)[-1], ag)
    local = local_variants()
    return dict(
        n_agencies=n_ag,
        agency_codes=pa.array(codes, type=pa.string()),
        agency_index=index,
        province=index[current().province_id],
        centre=index[current().centre_id],
        tax=int(np.flatnonzero(ag.key.to_numpy() == "CTHUE")[0]),
        dept_agency=np.array([key_to_agency[k] for k in cat.dept.to_numpy()]),
        district_of=district_of,
        communes_of=communes_of,
        communes=dv,
        n_communes=len(dv),
        commune_row=commune_row,
        district_first=district_first,
        district_size=district_size,
        officers=pa.array(officer_names(np.random.default_rng([seed, 3]), n_ag * 6), type=pa.string()),
        code=code,
        local_code=np.array([local.get(c, c) for c in code], dtype=object),
        has_local=np.isin(code, list(local)),
        name=cat.ten_tthc.to_numpy(dtype=object),
        short_name=short.to_numpy(dtype=object),
        field_code=cat.ma_linh_vuc.to_numpy(dtype=object),
        field_name=fields.astype(object),
        business_proc=np.isin(fields, biz_fields),
        person_proc=np.isin(fields, ["Hộ tịch", "Chứng thực"]),
        fee=cat.fee.to_numpy(),
        fee_type=cat.fee_type.to_numpy(dtype=object),
        pay_date=cat.payment_date.to_numpy().astype("datetime64[D]"),
        dvcqg_date=cat.dvcqg_date.to_numpy().astype("datetime64[D]"),
        upgrade_date=cat.upgrade_date.to_numpy().astype("datetime64[D]"),
        muc_do0=cat.muc_do0.to_numpy(),
        muc_do1=cat.muc_do1.to_numpy(),
        snapshot_days=np.array(snapshot_dates(start, end), dtype="datetime64[D]"),
        last_snapshot=last_snapshot,
        result_document=has_result_document(cat),
    )


def make_plan(
    seed: int = 42, scale: float = 1.0, start: dt.date = dt.date(2022, 1, 1), end: dt.date = dt.date(2022, 12, 31)
) -> Plan:
    if end < start:
        raise ValueError("end before start")
    # the simulated province's volume relative to Hà Tĩnh's (1 for Hà Tĩnh): every count of the
    # world follows the scale, so the plan's scale is the province's
    scale = scale * volume_factor()
    rng = np.random.default_rng(seed)
    ag = build_agencies(seed)
    cat = build_catalog(seed)
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
    day_counts = np.zeros((len(LEVELS), span.size), dtype=np.int64)
    probs = {}
    for li, lv in enumerate(LEVELS):
        if counts[lv] > 0 and dw.sum() > 0:
            probs[lv] = _procedure_probs(cat, lv, rng)
            day_counts[li] = rng.multinomial(counts[lv], dw / dw.sum())
    # carry-over: received in December of the previous year, long procedures (still open later)
    key_to_agency = {k: i for i, k in enumerate(ag.key) if k}
    carry = dict(
        lvl=np.zeros(0, int), agency=np.zeros(0, int), proc=np.zeros(0, int), rday=np.zeros(0, "datetime64[D]")
    )
    n_carry = int(round(2 * cal.value("carryover_dec_2021") * scale))  # ~half resolve in December
    if n_carry > 0:
        dec = c.working_days_in(dt.date(start.year - 1, 12, 1), dt.date(start.year - 1, 12, 31))
        long_ = np.flatnonzero(
            (cat.thoi_han.fillna(0).to_numpy() >= 15)
            & ~cat.internal.to_numpy()
            & cat.levels.str.contains("huyen|tinh").to_numpy()
        )
        proc = rng.choice(long_, size=n_carry)
        lv_of = np.where(
            pd.Series(cat.levels.to_numpy()[proc]).str.contains("huyen").to_numpy() & (rng.random(n_carry) < 0.6), 1, 0
        )
        huyen = np.flatnonzero(ag.level.to_numpy() == "huyen")
        agency = np.where(
            lv_of == 0, np.array([key_to_agency[k] for k in cat.dept.to_numpy()])[proc], rng.choice(huyen, size=n_carry)
        )
        carry = dict(lvl=lv_of, agency=agency, proc=proc, rday=dec[-12:][rng.integers(0, 12, size=n_carry)])
    return Plan(
        seed=seed,
        scale=scale,
        start=start,
        end=end,
        ag=ag,
        cat=cat,
        span=span,
        day_counts=day_counts,
        carry=carry,
        windows=_cut(day_counts.sum(axis=0), WINDOW_DOSSIERS),
        probs=probs,
        lookups=_lookups(seed, ag, cat, start, end),
    )


# ------------------------------------------------------------------------------------------
# the dossiers of a window
# ------------------------------------------------------------------------------------------


def _draws(plan: Plan, k: int, rng) -> tuple:
    """(lvl, agency, proc, rday, carry) of window ``k`` (0 = the carried-over dossiers)."""
    if k == 0:
        c = plan.carry
        return c["lvl"], c["agency"], c["proc"], c["rday"].astype("datetime64[D]"), np.ones(c["lvl"].size, bool)
    lo, hi = plan.windows[k - 1]
    ag = plan.ag
    parts = []
    for li, lv in enumerate(LEVELS):
        cnt = plan.day_counts[li, lo:hi]
        n = int(cnt.sum())
        if n <= 0:
            continue
        proc = rng.choice(len(plan.cat), size=n, p=plan.probs[lv])
        if lv in ("tinh", "tw"):
            agency = plan.dept_agency[proc]
        else:
            cand = np.flatnonzero(ag.level.to_numpy() == lv)
            wa = ag.weight.to_numpy()[cand]
            agency = cand[rng.choice(cand.size, size=n, p=wa / wa.sum())]
        parts.append((np.full(n, li), agency, proc, np.repeat(plan.span[lo:hi], cnt)))
    if not parts:
        z = np.zeros(0, int)
        return z, z, z, np.zeros(0, "datetime64[D]"), np.zeros(0, bool)
    lvl, agency, proc, rday = (np.concatenate(x) for x in zip(*parts))
    return lvl, agency, proc, rday.astype("datetime64[D]"), np.zeros(lvl.size, bool)


def _life(rng, plan: Plan, lvl, agency, proc, rday, carry) -> dict:
    """Every event of each dossier's life (arrays over the window's dossiers)."""
    ag, cat, start = plan.ag, plan.cat, plan.start
    c = calendar()
    n = lvl.size
    lag = ag.lag.to_numpy()[agency]
    field_ = cat.ten_linh_vuc.to_numpy()[proc]
    month = rday.astype("datetime64[M]").astype(int) % 12  # 0..11
    year_frac = np.clip(month / 11.0, 0, 1)

    # ---- channel -----------------------------------------------------------------------
    ud = plan.upgrade_date[proc]
    muc_do = np.where(~np.isnat(ud) & (ud <= rday), plan.muc_do1[proc], plan.muc_do0[proc]).astype(int)
    path = cal.value("online_share_path")
    a = np.array([path[lv][0] for lv in LEVELS])[lvl]
    b = np.array([path[lv][1] for lv in LEVELS])[lvl]
    p_on = (a + (b - a) * year_frac) * lag
    online = (muc_do >= 3) & (rng.random(n) < p_on) & ~carry
    postal = ~online & (rng.random(n) < cal.value("postal_submit_share"))
    kenh = np.where(online, 2, np.where(postal, 3, 1))
    hinh_thuc_tra = np.where(
        postal & (rng.random(n) < 0.7), 1, (rng.random(n) < cal.value("postal_return_share")).astype(int)
    )

    # ---- receipt and submission times ----------------------------------------------------
    t_recv = _ts(rday, _work_secs(rng, n))
    # online submissions precede receipt by hours, at most MAX_BACK_DAYS (a window's rows never
    # fall on nights long before its first receipt day)
    back = np.minimum(rng.exponential(14 * 3600, size=n), (MAX_BACK_DAYS - 1) * 86400).astype("int64") + 600
    t_nop = np.where(online, t_recv - back.astype("timedelta64[s]"), t_recv)
    refused = np.where(
        online, rng.random(n) < cal.value("online_refusal_share"), rng.random(n) < cal.value("counter_refusal_share")
    )

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
    due_final_day = np.where(cal_days, due_day + paused.astype("timedelta64[D]"), c.add_working_days(due_day, paused))
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
    stopped = (
        (u >= cal.value("withdrawn_share")) & (u < cal.value("withdrawn_share") + cal.value("stopped_share")) & ~refused
    )
    never_wd = never & (rng.random(n) < 0.5)  # half of abandoned supplements end in a withdrawal
    term = withdrawn | stopped | never_wd
    term_code = np.where(stopped, 8, 7)
    span_s = np.maximum((t_res - t_recv).astype("int64"), 600)
    t_term = t_recv + (span_s * rng.uniform(0.2, 0.9, size=n)).astype("int64").astype("timedelta64[s]")
    t_term = np.where(never_wd, t_s1 + (rng.integers(10, 30, size=n) * 86400).astype("timedelta64[s]"), t_term)
    # a withdrawal before a supplement request cancels the supplement
    cancel_supp = term & ~never_wd & supp & (t_term <= t_s1)
    t_term = np.where(
        term & ~never_wd & supp & ~cancel_supp,
        np.maximum(t_term, np.where(np.isnat(t_s2), t_s1, t_s2) + 3600 * SEC),
        t_term,
    )
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
    fin = (
        resolved
        & (field_ == "Đất đai")
        & (lvl <= 1)
        & (cat.fee.to_numpy()[proc] > 0)
        & (rng.random(n) < cal.value("financial_obligation_share"))
    )
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
    half = _day(np.where(np.isnat(t_res), t_recv, t_res)) >= np.datetime64(f"{start.year}-07-01")
    p_dig = (
        np.where(half, np.array([dp[lv][1] for lv in LEVELS])[lvl], np.array([dp[lv][0] for lv in LEVELS])[lvl]) * lag
    )
    digit = (rng.random(n) < p_dig).astype(int)
    comp_dig = (rng.random(n) < cal.value("component_digitized_share") * lag).astype(int)

    # apology for late dossiers (most of them): issued on the due day, new appointment
    apol = late & (rng.random(n) < cal.value("apology_share_of_late"))
    t_apol = np.where(apol, _ts(due_final_day, rng.integers(14 * 3600, WORK_END, size=n)), NAT)
    t_apol = np.where(apol & (t_apol >= t_res), t_res - 3600 * SEC, t_apol)
    han_apol = np.where(apol, _ts(c.add_working_days(res_day, rng.integers(0, 3, size=n)), np.full(n, 16 * 3600)), NAT)

    out = dict(
        n=n,
        lvl=lvl,
        agency=agency,
        proc=proc,
        rday=rday,
        carry=carry,
        lag=lag,
        field=field_,
        muc_do=muc_do,
        kenh=kenh,
        online=online,
        hinh_thuc_tra=hinh_thuc_tra,
        t_nop=t_nop,
        t_recv=np.where(refused, NAT, t_recv),
        t_recv_raw=t_recv,
        refused=refused,
        t_refuse=t_refuse,
        due0=due0,
        due_final=due_final,
        supp=~np.isnat(t_s1),
        t_s1=t_s1,
        t_s2=t_s2,
        term=term,
        term_code=term_code,
        t_term=np.where(term, t_term, NAT),
        late=late,
        t_res=t_res,
        t_proc=t_proc,
        t_f1=t_f1,
        t_f2=t_f2,
        t_ret=t_ret,
        digit=digit,
        comp_dig=comp_dig,
        apol=apol,
        t_apol=t_apol,
        han_apol=han_apol,
        has_dl=has_dl,
    )
    # carry-over dossiers must still be open at the start of the world
    start_ts = np.datetime64(plan.start, "s")
    keep = ~carry | (
        ~refused & (np.isnat(t_res) | (t_res >= start_ts)) & (np.isnat(out["t_term"]) | (out["t_term"] >= start_ts))
    )
    if not keep.all():
        out = {k: (v[keep] if isinstance(v, np.ndarray) and v.shape == (n,) else v) for k, v in out.items()}
        out["n"] = int(keep.sum())
    return out


@dataclass
class _Serials:
    """Numbering that runs across windows: dossier numbers per (agency, submission day), result
    codes, transaction and evaluation numbers."""

    day0: np.datetime64
    seq: np.ndarray
    kq: int = 0
    gd: int = 0
    dg: int = 0
    tl: int = 0  # submitted files
    gt: int = 0  # result documents


def _serials(plan: Plan) -> _Serials:
    day0 = np.datetime64(f"{plan.start.year - 1}-11-01", "D")
    days = int((np.datetime64(plan.end, "D") - day0).astype(int)) + 2
    return _Serials(day0, np.zeros((plan.n_agencies, days), dtype=np.int64))


def _numbers(d: dict, plan: Plan, s: _Serials) -> pa.Array:
    """Dossier numbers {ma_don_vi}-{yyMMdd}-{NNNN}: daily sequence per receiving unit by submission
    (a day's sequence goes on in the next window that has dossiers submitted that day)."""
    n = d["n"]
    nop_day = _day(d["t_nop"])
    order = np.lexsort((d["t_nop"], nop_day, d["agency"]))
    a_s, d_s = d["agency"][order], nop_day[order]
    newgrp = np.ones(n, dtype=bool)
    newgrp[1:] = (a_s[1:] != a_s[:-1]) | (d_s[1:] != d_s[:-1])
    grp_start = np.maximum.accumulate(np.where(newgrp, np.arange(n), 0))
    seq = np.empty(n, dtype=np.int64)
    seq[order] = np.arange(n) - grp_start + 1
    di = (nop_day - s.day0).astype(np.int64)
    seq += s.seq[d["agency"], di]
    flat = d["agency"] * s.seq.shape[1] + di
    s.seq += np.bincount(flat, minlength=s.seq.size).reshape(s.seq.shape)
    days = s.day0 + np.arange(s.seq.shape[1])
    ymd = pd.Series(days).dt.strftime("%y%m%d").to_numpy(dtype=object)
    return tables.join(
        tables.take(plan.agency_codes, d["agency"]), "-", tables.take(ymd, di), "-", tables.zfill(seq, 4)
    )


# ------------------------------------------------------------------------------------------
# windows and the world
# ------------------------------------------------------------------------------------------


@dataclass
class Window:
    """One window's export rows (entity -> Arrow table with ``export_date``, sorted by night and
    time) and its counts for the truth."""

    k: int
    tables: dict[str, pa.Table]
    tally: truth.Tally


def _window(plan: Plan, k: int, serials: _Serials) -> Window | None:
    rng = np.random.default_rng([plan.seed, 1_000 + k])
    lvl, agency, proc, rday, carry = _draws(plan, k, rng)
    if lvl.size == 0:
        return None
    d = _life(rng, plan, lvl, agency, proc, rday, carry)
    if d["n"] == 0:
        return None
    ids = _numbers(d, plan, serials)
    pays, pays_info, fee, tt_online = tables.payments(rng, plan, d, ids, serials.gd)
    # QĐ 766 rows: their own generator, so the other entities' rows do not change with them
    r766 = qd766.rng_of(plan, k)
    amount, numbered = fee, pays.num_rows  # transaction numbers used, exempted ones included
    exempted = qd766.exempt(r766, amount)
    if exempted.any():  # an exempted dossier pays nothing: no fee, no transaction
        kept = ~exempted[pays_info["i"]]
        pays, pays_info = pays.filter(pa.array(kept)), {c: v[kept] for c, v in pays_info.items()}
        fee, tt_online = np.where(exempted, 0, fee), np.where(exempted, 0, tt_online)
    static = tables.static_columns(rng, plan, d, ids, fee, tt_online, serials.kq)
    t_sync = qd766.sync(r766, plan, d, static["da_dong_bo_dvcqg"].to_numpy())
    static = qd766.hoso_columns(r766, plan, d, static, t_sync)
    files = qd766.submitted_files(r766, plan, d, ids, static["chu_ho_so"], serials.tl)
    docs = qd766.result_documents(r766, plan, d, ids, static["ma_ket_qua"], serials.gt)
    fee_rows = qd766.fees(r766, plan, d, ids, amount, exempted)
    hoso, fin = tables.hoso_versions(plan, d, static)
    del static
    steps, steps_info = tables.steps(rng, plan, d, ids)
    steps = qd766.step_sync(r766, plan, steps, steps_info["i"], t_sync)
    evals, evals_info = tables.evaluations(rng, plan, d, ids, serials.dg)
    serials.kq += d["n"]
    serials.gd += numbered
    serials.dg += evals.num_rows
    serials.tl += files.num_rows
    serials.gt += docs.num_rows
    out = {"hoso": hoso, "tientrinh": steps, "danhgia": evals, "thanhtoan": pays}
    out.update(tailieunop=files, giaytoketqua=docs, lephi=fee_rows)
    rows = {e: t.num_rows for e, t in out.items()}
    tally = truth.tally(plan, d, fin, steps_info, evals_info, pays_info, rows)
    tally.pakn_dossiers = qd766.pakn_dossiers(r766, d, ids)
    return Window(k, out, tally)


def iter_windows(plan: Plan) -> Iterator[Window]:
    """The windows of the world, in order (the carried-over dossiers first)."""
    serials = _serials(plan)
    for k in range(plan.n_windows):
        w = _window(plan, k, serials)
        if w is not None:
            yield w


def finish(plan: Plan, tally: truth.Tally) -> tuple[dict[str, pd.DataFrame], dict]:
    """After the last window: the registers (entity -> frame with ``export_date``) and the truth."""
    received = (
        tally.received
        if tally.received is not None
        else np.zeros((plan.n_agencies, len(REPORT_PERIODS)), dtype=np.int64)
    )
    regs = registers(plan.seed, plan.ag, plan.cat, plan.scale, plan.start, plan.end, received, tally.pakn_dossiers)
    t = truth.final(
        tally,
        plan.agency_codes.to_numpy(zero_copy_only=False),
        plan.last_snapshot,
        plan.start,
        plan.end,
        regs["baocao"],
    )
    rows = {e: int(tally.n[("rows", e)]) for e in DOSSIER_ENTITIES}
    t["rows"] = {e: rows.get(e, len(regs.get(e, ()))) for e in ENTITIES}
    return regs, t


def to_pandas(entity: str, table: pa.Table) -> pd.DataFrame:
    """An entity's Arrow rows as the DataFrame of :attr:`SimulatedWorld.versions`."""
    df = table.to_pandas()
    if "ds_bo_sung" in df.columns:  # lists of dicts, as the exporters and the API expect
        df["ds_bo_sung"] = pd.Series(table["ds_bo_sung"].to_pylist(), dtype=object, index=df.index)
    return df


def generate_world(
    seed: int = 42,
    scale: float = 1.0,
    start: dt.date = dt.date(2022, 1, 1),
    end: dt.date = dt.date(2022, 12, 31),
    province: str | None = None,
) -> SimulatedWorld:
    """Simulate the one-stop-shop software of Hà Tĩnh (or of ``province``, a GSO code:
    :mod:`.province`) between ``start`` and ``end``, in memory.

    ``versions``: entity -> DataFrame with the canonical columns of docs/exports.md plus
    ``export_date`` (and ``ds_bo_sung`` for hoso); the dossier entities' rows are in the order
    of the exported files (night, then time).  ``truth`` (:mod:`.truth`); keys:

    * ``dossiers_generated``: dossiers simulated (all, incl. refused and Dec carry-over)
    * ``dossiers_received``: {toan_tinh, tinh, huyen, xa, tw}: received in P (docs/metrics.md "received")
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
      with online payment deployed in the catalogue snapshot in force on the payment's date (the
      newest exported on or before it; before the first, the first)
    * ``catalogue``: counts and catalogue rates of the last snapshot (toan_tinh)
    * ``periodic_report_on_time_rate``: BAOCAO rows due in P sent by han_nop (never sent = late)
    * ``dossiers_in_system_rate``: Σ min(S, R) / Σ R over sent BAOCAO rows (R self-reported, S received
      by that agency in the report window, 15th–14th cut-off) — for each agency the non-overlapping
      set of its sent reports of 2022 that covers the most days (Năm; else 6 tháng + Quý III; ...)
    * ``rows``: rows per entity

    Large scales: use :func:`iter_windows` (``motcua simulate`` does) rather than this.
    """
    with simulating(province) as prov:
        plan = make_plan(seed, scale, start, end)
        versions, t = _gather(plan)
    return SimulatedWorld(versions=versions, truth=t, seed=seed, scale=scale, start=start, end=end, province=prov.code)


def _gather(plan: Plan) -> tuple[dict[str, pd.DataFrame], dict]:
    """Every window of ``plan`` and the registers, in memory: (versions, truth)."""
    parts: dict[str, list[pa.Table]] = {e: [] for e in DOSSIER_ENTITIES}
    tally = truth.Tally()
    for w in iter_windows(plan):
        for e, t in w.tables.items():
            parts[e].append(t)
        tally += w.tally
    regs, t = finish(plan, tally)
    versions = {}
    for e, time_col in DOSSIER_ENTITIES.items():
        versions[e] = to_pandas(e, night_order(parts[e], time_col))
    versions.update(regs)
    return {e: versions[e] for e in ENTITIES}, t


def night_order(parts: list[pa.Table], time_col: str) -> pa.Table:
    """Rows of several windows (each sorted by time) in file order: by time, then window (stable)."""
    t = pa.concat_tables(parts)
    if len(parts) > 1:
        t = t.take(pc.sort_indices(t, sort_keys=[(time_col, "ascending")]))
    return t
