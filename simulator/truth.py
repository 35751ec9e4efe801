"""The world's headline figures ("truth"), computed from the clean data before any export.

The dossiers are generated window by window and a dossier's whole life is in its window, so
every figure is a ratio of counts that add up over windows: :func:`tally` counts one window,
:class:`Tally` objects add up, :func:`final` turns the sum into the figures.  Nothing of a
window has to be kept once it is counted.

Period P = [start, end] (2022 by default); every figure is toan_tinh unless keyed by level.
Definitions: see :func:`simulator.generate.generate_world`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from .registers import REPORT_PERIODS

LEVELS = ["tinh", "huyen", "xa", "tw"]
FIELD_GROUPS = {
    "dat_dai": ["đất đai"],
    "xay_dung": ["xây dựng", "hoạt động xây dựng", "quy hoạch xây dựng, kiến trúc", "nhà ở"],
    "dau_tu": ["đầu tư tại việt nam", "đầu tư vào nông nghiệp, nông thôn", "đầu tư bằng vốn đầu tư công"],
}
# step kinds (tables.STEP_TEXTS) the figures look at
TRANSFER, APOLOGY = 2, 5


@dataclass
class Tally:
    """Counts keyed by (figure, group), plus the dossiers received per agency and report window
    (for BAOCAO and ``dossiers_in_system_rate``)."""

    n: Counter = field(default_factory=Counter)
    received: np.ndarray | None = None
    # dossiers a PAKN may be about (ma_ho_so, resolution time), a few per window; not a figure
    pakn_dossiers: list = field(default_factory=list)

    def __iadd__(self, other: Tally) -> Tally:
        self.n.update(other.n)
        self.pakn_dossiers += other.pakn_dossiers
        if other.received is not None:
            self.received = other.received.copy() if self.received is None else self.received + other.received
        return self


class _Keys:
    """Integer codes of a grouping (level, month...) and the label of each code."""

    def __init__(self, codes: np.ndarray, labels):
        self.codes, self.labels = codes, labels


def _count(c: Counter, name: str, keys: _Keys, mask: np.ndarray) -> None:
    """c[(name, label)] += number of rows of ``mask`` with each key."""
    k = np.bincount(keys.codes[mask], minlength=len(keys.labels))
    for code in np.flatnonzero(k).tolist():
        c[(name, keys.labels[code])] += int(k[code])


def _months(t: np.ndarray) -> _Keys:
    """Months of ``t`` (NaT -> the first month: callers mask them out)."""
    m = t.astype("datetime64[M]").astype(np.int64)
    ok = ~np.isnat(t)
    m0 = int(m[ok].min()) if ok.any() else 0
    codes = np.where(ok, m - m0, 0)
    top = int(codes.max()) + 1 if codes.size else 1
    return _Keys(codes, [str(np.datetime64(m0 + x, "M")) for x in range(top)])


def tally(plan, d: dict, fin: dict, steps: dict, evals: dict, pays: dict, rows: dict) -> Tally:
    """Count one window: ``d`` its dossiers, ``fin`` their last versions (dossier index ``i``,
    ``status``, ``recv``, ``hen``, ``res``, ``digit``), ``steps`` / ``evals`` / ``pays`` the
    columns of its rows (dossier index ``i`` ...), ``rows`` its rows per entity."""
    P0, P1 = np.datetime64(plan.start, "D"), np.datetime64(plan.end, "D")
    c: Counter = Counter()
    c[("dossiers_generated", "")] += int(d["n"])
    for e, k in rows.items():
        c[("rows", e)] += int(k)
    i = fin["i"]
    lvl = _Keys(d["lvl"][i], LEVELS)
    every = _Keys(np.zeros(i.size, dtype=np.int64), [""])
    status, recv, hen, res = fin["status"], fin["recv"], fin["hen"], fin["res"]
    recv_day, res_day, hen_day = recv.astype("datetime64[D]"), res.astype("datetime64[D]"), hen.astype("datetime64[D]")
    got = ~np.isnat(recv) & ~np.isin(status, [1, 3])
    r = got & (recv_day >= P0) & (recv_day <= P1)
    s = np.isin(status, [9, 10]) & ~np.isnat(res) & (res_day >= P0) & (res_day <= P1)
    late = s & ~np.isnat(hen) & (res_day > hen_day)
    _count(c, "received", lvl, r)
    month = _months(recv)
    _count(c, "received_month", month, r)
    _count(c, "resolved", lvl, s)
    _count(c, "late", lvl, late)

    kenh, muc_do = d["kenh"][i], d["muc_do"][i]
    on = r & (muc_do >= 3) & (lvl.codes != LEVELS.index("tw"))
    online = on & (kenh == 2)
    _count(c, "on_base", lvl, on)
    _count(c, "on_online", lvl, online)
    _count(c, "on_base_month", month, on)
    _count(c, "on_online_month", month, online)
    jm = recv.astype("datetime64[M]").astype(int) % 12 < 5
    _count(c, "jm_base", lvl, on & jm)
    _count(c, "jm_online", lvl, online & jm)
    _count(c, "digitized", lvl, r & (fin["digit"] == 1))
    _count(c, "postal", every, r & ((kenh == 3) | (d["hinh_thuc_tra"][i] == 1)))

    # electronic circulation: received dossiers with >= 1 transfer step, all of them Điện tử
    n = d["n"]
    tr = (steps["text"] == TRANSFER) & (steps["gui"] != steps["nhan"])
    has = np.bincount(steps["i"][tr], minlength=n) > 0
    paper = np.bincount(steps["i"][tr], weights=steps["paper"][tr], minlength=n) > 0
    _count(c, "transfer", lvl, r & has[i])
    _count(c, "transfer_ok", lvl, r & has[i] & ~paper[i])
    # apology coverage: resolved late in P + open and overdue at the end of P
    E = P1
    open_ = (
        ~np.isnat(recv) & ~np.isin(status, [1, 3, 5, 7, 8, 9, 10]) & (recv_day <= E) & ~np.isnat(hen) & (hen_day < E)
    )
    apol = np.bincount(steps["i"][steps["text"] == APOLOGY], minlength=n) > 0
    overdue = late | open_
    _count(c, "overdue", every, overdue)
    _count(c, "overdue_apology", every, overdue & apol[i])

    # satisfaction: the newest evaluation of each dossier among those dated in P
    ed = evals["t"].astype("datetime64[D]")
    inp = np.flatnonzero((ed >= P0) & (ed <= P1))
    if inp.size:
        ei = evals["i"][inp]
        _, first_rev = np.unique(ei[::-1], return_index=True)
        last = inp[inp.size - 1 - first_rev]  # rows are in (time, id) order: the last one wins
        ok = np.isin(evals["score"][last], [4, 5])
        c[("sat", "")] += int(last.size)
        c[("sat_ok", "")] += int(ok.sum())
        field_ = pd.Series(d["field"][evals["i"][last]]).str.lower().to_numpy()
        for g, names in FIELD_GROUPS.items():
            m = np.isin(field_, names)
            c[("sat_group", g)] += int(m.sum())
            c[("sat_group_ok", g)] += int((m & ok).sum())

    # online payment transactions: the procedure's flag in the snapshot in force on the payment's
    # date (the newest exported on or before it; before the first, the first)
    pd_ = pays["t"].astype("datetime64[D]")
    in_force = plan.snapshot_days[np.maximum(np.searchsorted(plan.snapshot_days, pd_, side="right") - 1, 0)]
    deployed_on = plan.pay_date[d["proc"][pays["i"]]]
    deployed = ~np.isnat(deployed_on) & (deployed_on <= in_force)
    p = (pays["status"] == 0) & (pd_ >= P0) & (pd_ <= P1) & deployed
    c[("pay", "")] += int(p.sum())
    c[("pay_online", "")] += int((p & np.isin(pays["method"], [1, 2])).sum())

    # received per agency and report window (every received dossier, whatever its date)
    rec = np.zeros((plan.n_agencies, len(REPORT_PERIODS)), dtype=np.int64)
    ag = d["agency"][i]
    for k, (_, a, z, _) in enumerate(REPORT_PERIODS):
        m = got & (recv_day >= np.datetime64(a)) & (recv_day <= np.datetime64(z))
        rec[:, k] = np.bincount(ag[m], minlength=plan.n_agencies)
    return Tally(c, rec)


def _reports_covering_most_days(labels: list[str]) -> tuple[str, ...]:
    """Of one agency's sent reports, the non-overlapping set that covers the most days; on equal
    days the fewer reports, then the one ending latest (docs/metrics.md, "Report windows of
    BAOCAO": Năm; else 6 tháng + Quý III; else 6 tháng; else Quý I + Quý III; else the one sent)."""
    window = {lab: (np.datetime64(a), np.datetime64(z)) for lab, a, z, _ in REPORT_PERIODS}
    best, best_key = (), None
    for n in range(1, len(labels) + 1):
        for chosen in combinations(sorted(labels, key=lambda lab: window[lab][0]), n):
            spans = sorted(window[lab] for lab in chosen)
            if any(later[0] <= earlier[1] for earlier, later in zip(spans, spans[1:])):
                continue
            days = sum(int((z - a).astype(int)) + 1 for a, z in spans)
            key = (days, -n, spans[-1][1])
            if best_key is None or key > best_key:
                best, best_key = chosen, key
    return best


def _rate(num, den):
    return float(num) / float(den) if den else None


def final(
    t: Tally, agency_codes: np.ndarray, last_snapshot: pd.DataFrame, start, end, baocao: pd.DataFrame | None
) -> dict:
    """The truth of ``_simulation.json`` from the counts of every window (``rows`` is the caller's)."""
    c = t.n

    def by(name: str) -> dict:
        return {k: v for (f, k), v in sorted(c.items()) if f == name}

    def tot(name: str) -> int:
        return sum(v for (f, _), v in c.items() if f == name)

    out: dict = {}
    out["dossiers_generated"] = tot("dossiers_generated")
    out["dossiers_received"] = {"toan_tinh": tot("received"), **{lv: c[("received", lv)] for lv in LEVELS}}
    out["dossiers_received_by_month"] = by("received_month")
    out["dossiers_resolved"] = tot("resolved")
    out["late_share"] = _rate(tot("late"), tot("resolved"))
    out["on_time_resolution_rate"] = _rate(tot("resolved") - tot("late"), tot("resolved"))
    out["late_share_by_level"] = {lv: _rate(c[("late", lv)], c[("resolved", lv)]) for lv in LEVELS}

    out["online_dossier_rate"] = _rate(tot("on_online"), tot("on_base"))
    online_m = by("on_online_month")
    out["online_share_by_month"] = {m: _rate(online_m.get(m, 0), b) for m, b in by("on_base_month").items()}
    online_l = by("on_online")
    out["online_share_by_level"] = {lv: _rate(online_l.get(lv, 0), b) for lv, b in by("on_base").items()}
    jb, jo = by("jm_base"), by("jm_online")
    hx = ("huyen", "xa")
    out["online_share_jan_may"] = {
        "toan_tinh": _rate(sum(jo.values()), sum(jb.values())),
        "tinh": _rate(jo.get("tinh", 0), jb.get("tinh", 0)),
        "huyen_xa": _rate(sum(jo.get(x, 0) for x in hx), sum(jb.get(x, 0) for x in hx)),
    }
    recv, dig = by("received"), by("digitized")
    out["result_digitization_rate_by_level"] = {
        "toan_tinh": _rate(sum(dig.values()), sum(recv.values())),
        **{lv: _rate(dig.get(lv, 0), n) for lv, n in recv.items() if n},
    }
    out["postal_dossier_share"] = _rate(tot("postal"), tot("received"))
    trn, ok = by("transfer"), by("transfer_ok")
    out["electronic_circulation_rate"] = {
        "toan_tinh": _rate(sum(ok.values()), sum(trn.values())),
        **{lv: _rate(ok.get(lv, 0), n) for lv, n in trn.items() if n},
    }
    out["overdue_dossiers"] = tot("overdue")
    out["apology_coverage_rate"] = _rate(tot("overdue_apology"), tot("overdue"))
    out["satisfaction_rate"] = _rate(tot("sat_ok"), tot("sat"))
    out["satisfaction_rate_by_field_group"] = {
        g: _rate(c[("sat_group_ok", g)], c[("sat_group", g)]) for g in FIELD_GROUPS
    }
    out["online_payment_transaction_rate"] = _rate(tot("pay_online"), tot("pay"))

    # periodic reports: on time among rows due in P; dossiers in the system vs self-reported counts
    if baocao is not None and len(baocao):
        P0, P1 = pd.Timestamp(start), pd.Timestamp(end)
        b = baocao.sort_values("export_date").drop_duplicates(["ma_don_vi", "ky_bao_cao"], keep="last")
        due = b[(b.han_nop >= P0) & (b.han_nop <= P1)]
        out["periodic_report_on_time_rate"] = _rate(
            (due.ngay_nop.notna() & (due.ngay_nop <= due.han_nop)).sum(), len(due)
        )
        agency_of = {code: i for i, code in enumerate(agency_codes)}
        num = den = 0
        period = {lab: k for k, (lab, *_) in enumerate(REPORT_PERIODS)}
        for code, g in b[b.so_ho_so_tiep_nhan.notna()].groupby("ma_don_vi"):
            for lab in _reports_covering_most_days(list(g.ky_bao_cao)):
                S = t.received[agency_of[code], period[lab]]
                R = float(g.loc[g.ky_bao_cao == lab, "so_ho_so_tiep_nhan"].iloc[0])
                num += min(S, R)
                den += R
        out["dossiers_in_system_rate"] = _rate(num, den)

    pub = last_snapshot[last_snapshot.loai_tthc == "TTHC"]
    internal = last_snapshot[last_snapshot.loai_tthc == "TTHC nội bộ"]
    out["catalogue"] = {
        "procedures": int(len(last_snapshot)),
        "public": int(len(pub)),
        "internal": int(len(internal)),
        "eligible_procedures_online_rate": _rate(
            (pub[pub.du_dieu_kien_truc_tuyen == 1].muc_do >= 3).sum(), (pub.du_dieu_kien_truc_tuyen == 1).sum()
        ),
        "online_procedures_on_national_portal_rate": _rate(
            (pub[pub.muc_do >= 3].tich_hop_dvcqg == 1).sum(), (pub.muc_do >= 3).sum()
        ),
        "fee_procedures_online_payment_rate": _rate(
            (pub[pub.co_nghia_vu_tai_chinh == 1].trien_khai_thanh_toan_truc_tuyen == 1).sum(),
            (pub.co_nghia_vu_tai_chinh == 1).sum(),
        ),
        "internal_procedure_rate": _rate((internal.co_quy_trinh_noi_bo == 1).sum(), len(internal)),
    }
    return out
