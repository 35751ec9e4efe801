"""The benchmark's peer: what an analyst would write in plain pandas for three of the metrics.

Starts from the same landed data as the warehouse (the parsed parquet files under
`raw/parsed/<entity>/` and the landing order of `raw/manifest.jsonl`) and computes, by agency
and month, the numerator and denominator of `on_time_resolution_rate`,
`electronic_circulation_rate` and `satisfaction_rate` with `read_parquet`, `sort_values` +
`drop_duplicates` (newest version wins) and `groupby` — the rules of docs/metrics.md, literally.
`benchmarks.bench` times it in its own process and checks it equal to `metric_values`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from pipelines.fsutil import read_jsonl
from pipelines.settings import connect

METRICS = ("on_time_resolution_rate", "electronic_circulation_rate", "satisfaction_rate")
RESULT_COLUMNS = ["metric_id", "period", "level", "ma_don_vi", "numerator", "denominator"]


def _landed_seq(raw: Path) -> dict[str, int]:
    seq: dict[str, int] = {}
    for e in read_jsonl(raw / "manifest.jsonl"):  # a torn last line is skipped
        seq.setdefault(e["file_id"], int(e["landed_seq"]))
    return seq


def _read(raw: Path, entity: str, columns: list[str], seq: dict[str, int]) -> pd.DataFrame:
    files = sorted((raw / "parsed" / entity).glob("*.parquet"))
    if not files:
        return pd.DataFrame(columns=columns + ["_file_id", "_row", "_landed_seq"])
    df = pd.concat([pd.read_parquet(f, columns=columns + ["_file_id", "_row"]) for f in files], ignore_index=True)
    df["_landed_seq"] = df["_file_id"].map(seq).fillna(0).astype("int64")
    return df


def _month(ts: pd.Series) -> pd.Series:
    return ts.dt.strftime("%Y-%m")


def _by_agency_month(metric: str, df: pd.DataFrame, agency_level: pd.Series) -> pd.DataFrame:
    """df: one row per counted unit with `period`, `ma_don_vi`, `num` (0/1)."""
    df = df[df["ma_don_vi"].isin(agency_level.index)]
    g = df.groupby(["period", "ma_don_vi"], as_index=False).agg(numerator=("num", "sum"), denominator=("num", "size"))
    g["level"] = g["ma_don_vi"].map(agency_level)
    g["metric_id"] = metric
    g["numerator"] = g["numerator"].astype("float64")
    g["denominator"] = g["denominator"].astype("float64")
    return g[RESULT_COLUMNS]


def peer_metrics(data_dir: Path, as_of: date) -> pd.DataFrame:
    raw = Path(data_dir) / "raw"
    seq = _landed_seq(raw)
    cutoff = pd.Timestamp(as_of) + pd.Timedelta(days=1)  # "dated on or before D"
    as_of_ts = pd.Timestamp(as_of)

    # agencies: the row of the file landed last wins
    dv = _read(raw, "donvi", ["ma_don_vi", "cap"], seq)
    dv = dv[dv["ma_don_vi"].notna()].sort_values(["_landed_seq", "_row"], ascending=False)
    dv = dv.drop_duplicates("ma_don_vi")
    agency_level = dv.dropna(subset=["cap"]).set_index("ma_don_vi")["cap"]

    # dossiers: newest version known at D wins (ngay_cap_nhat, then the file landed last, then the row)
    h = _read(
        raw,
        "hoso",
        [
            "ma_ho_so",
            "ma_don_vi",
            "trang_thai",
            "ngay_tiep_nhan",
            "ngay_hen_tra",
            "ngay_ket_thuc_xu_ly",
            "ngay_cap_nhat",
        ],
        seq,
    )
    h = h[h["ma_ho_so"].notna() & (h["ngay_cap_nhat"].isna() | (h["ngay_cap_nhat"] < cutoff))]
    h = h.sort_values(["ngay_cap_nhat", "_landed_seq", "_row"], ascending=False, na_position="last")
    cur = h.drop_duplicates("ma_ho_so")

    # on_time_resolution_rate: resolved in P (≤ D); on time = end date ≤ due date (none = on time)
    res = cur[cur["trang_thai"].isin([9, 10]) & cur["ngay_ket_thuc_xu_ly"].notna()]
    end_d = res["ngay_ket_thuc_xu_ly"].dt.normalize()
    due_d = res["ngay_hen_tra"].dt.normalize()
    res = pd.DataFrame(
        {
            "ma_don_vi": res["ma_don_vi"],
            "period": _month(end_d),
            "num": (due_d.isna() | (end_d <= due_d)).astype("int64"),
        }
    )[end_d <= as_of_ts]
    out = [_by_agency_month("on_time_resolution_rate", res, agency_level)]

    # electronic_circulation_rate: received in P with a transfer step; every transfer electronic
    t = _read(
        raw,
        "tientrinh",
        ["ma_ho_so", "buoc", "thoi_diem", "hanh_dong", "don_vi_gui", "don_vi_nhan", "hinh_thuc_chuyen"],
        seq,
    )
    t = t[t["ma_ho_so"].notna() & t["buoc"].notna() & (t["thoi_diem"].isna() | (t["thoi_diem"] < cutoff))]
    t = t.sort_values(["_landed_seq", "_row"], ascending=False).drop_duplicates(["ma_ho_so", "buoc"])
    transfer = (
        (t["hanh_dong"] == "chuyen_xu_ly")
        & t["don_vi_gui"].notna()
        & t["don_vi_nhan"].notna()
        & (t["don_vi_gui"] != t["don_vi_nhan"])
    )
    tr = t[transfer]
    all_electronic = (tr["hinh_thuc_chuyen"].fillna("dien_tu") == "dien_tu").groupby(tr["ma_ho_so"]).all()
    rec = cur[
        cur["ngay_tiep_nhan"].notna() & ~cur["trang_thai"].isin([1, 3]) & cur["ma_ho_so"].isin(all_electronic.index)
    ]
    rec_d = rec["ngay_tiep_nhan"].dt.normalize()
    rec = pd.DataFrame(
        {
            "ma_don_vi": rec["ma_don_vi"],
            "period": _month(rec_d),
            "num": rec["ma_ho_so"].map(all_electronic).astype("int64"),
        }
    )[rec_d <= as_of_ts]
    out.append(_by_agency_month("electronic_circulation_rate", rec, agency_level))

    # satisfaction_rate: evaluations dated in P (≤ D), current version of each, newest per dossier
    e = _read(raw, "danhgia", ["ma_danh_gia", "ma_ho_so", "thoi_diem", "muc_do_hai_long"], seq)
    e = e[e["ma_danh_gia"].notna() & e["thoi_diem"].notna() & (e["thoi_diem"] < cutoff)]
    e = e.sort_values(["_landed_seq", "_row", "_file_id"], ascending=False).drop_duplicates("ma_danh_gia")
    e = e.merge(cur[["ma_ho_so", "ma_don_vi"]], on="ma_ho_so", how="inner")  # orphans are not counted
    e["period"] = _month(e["thoi_diem"])
    e = e.sort_values(["thoi_diem", "_landed_seq", "_row", "ma_danh_gia"], ascending=False)
    e = e.drop_duplicates(["period", "ma_ho_so"])
    e["num"] = e["muc_do_hai_long"].isin([4, 5]).astype("int64")
    out.append(_by_agency_month("satisfaction_rate", e[["ma_don_vi", "period", "num"]], agency_level))

    return pd.concat(out, ignore_index=True)


def ours_by_agency_month(db_path: Path) -> pd.DataFrame:
    """The same figures from the published database (`metric_values`, agency rows of months)."""
    con = connect(Path(db_path), read_only=True)
    try:
        return con.execute(
            "SELECT metric_id, period, level, ma_don_vi, numerator, denominator FROM metric_values "
            "WHERE metric_id IN ? AND ma_don_vi IS NOT NULL AND group_key IS NULL "
            "AND regexp_full_match(period, '[0-9]{4}-[0-9]{2}')",
            [list(METRICS)],
        ).df()
    finally:
        con.close()


def compare(peer: pd.DataFrame, ours: pd.DataFrame) -> dict:
    """Agency × month × metric: numerators and denominators must be equal; rows on one side only count."""
    keys = ["metric_id", "period", "ma_don_vi"]
    m = peer.merge(ours, on=keys, how="outer", suffixes=("_peer", "_ours"), indicator=True)
    both = m["_merge"] == "both"
    diff = both & (
        (m["numerator_peer"].round(9) != m["numerator_ours"].round(9))
        | (m["denominator_peer"].round(9) != m["denominator_ours"].round(9))
        | (m["level_peer"] != m["level_ours"])
    )
    bad = m[diff | ~both]
    examples = bad.head(10).astype(object).where(bad.head(10).notna(), None).to_dict("records")
    for r in examples:
        r["_merge"] = str(r["_merge"])
    return {
        "rows_peer": int(len(peer)),
        "rows_ours": int(len(ours)),
        "rows_compared": int(both.sum()),
        "mismatches": int(len(bad)),
        "only_peer": int((m["_merge"] == "left_only").sum()),
        "only_ours": int((m["_merge"] == "right_only").sum()),
        "examples": examples,
        "equal": bool(len(bad) == 0 and len(peer) > 0),
    }
