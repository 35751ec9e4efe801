"""The pieces of the "Chỉ số 766" page and of the unit pages' 766 card (docs/index-766.md §4–§5,
docs/reports.md): queries on the index views, the text of what a unit needs, the ranking with a
minimum count, status symbols, and the reconciliation with the scores the Portal published.

Every figure is shown with its numerator and denominator; an indicator without its inputs says
"thiếu dữ liệu" and why (metric_data_gaps), never a silent zero; a total with such an indicator
is shown as points over the maximum that could be computed."""

from __future__ import annotations

import html
from typing import Any

import altair as alt
import pandas as pd

from pipelines.numbers import fmt_int, fmt_num, fmt_pct, is_missing
from pipelines.reports import charts as C
from pipelines.reports.nb import Ctx

# A unit is ranked only when it has at least this many dossiers in the 2.1 population of the
# period (its dossiers processed or open): a commune with two dossiers must not head a ranking.
MIN_RECORDS_DEFAULT = 30
RANKING_INDICATOR = "2.1"  # the population that counts a unit's dossiers (docs/index-766.md §2)

# What one favourable record of an indicator is, as a person reads it ("9 <this> nữa").
FAVOURABLE_VI = {
    "1.1": "TTHC công bố đúng hạn",
    "1.2": "TTHC công khai đúng hạn",
    "1.3": "TTHC công khai đủ bộ phận",
    "1.4": "hồ sơ đồng bộ lên Cổng DVCQG",
    "2.1": "hồ sơ giải quyết đúng hạn",
    "3.1": "TTHC cung cấp dịch vụ công trực tuyến",
    "3.2": "dịch vụ công trực tuyến có hồ sơ",
    "3.3": "hồ sơ trực tuyến có kết quả điện tử",
    "3.TT": "hồ sơ trực tuyến toàn trình",
    "3.5a": "TTHC có phí tích hợp thanh toán trực tuyến",
    "3.5b": "TTHC có giao dịch thanh toán trực tuyến",
    "3.6": "hồ sơ thanh toán trực tuyến",
    "4.1": "hồ sơ có kết quả điện tử",
    "4.2": "hồ sơ được số hóa",
    "4.3": "hồ sơ dùng lại dữ liệu số hóa",
    "4.4": "hồ sơ kết nối, chia sẻ dữ liệu",
    "4.5a": "TTHC dùng dữ liệu dân cư",
    "4.5b": "hồ sơ dùng dữ liệu dân cư",
    "4.6": "xã cung cấp chứng thực điện tử",
    "5.2": "PAKN xử lý đúng hạn",
    "5.3": "PAKN được hài lòng",
    "5.4": "hồ sơ được hài lòng",
}

# status → (symbol, css class of style.py, Vietnamese text). Never colour alone: a symbol and a word.
STATUS_VI = {
    "du_diem": ("✓", "status-dat", "Đủ điểm"),
    "mat_diem": ("✗", "status-chua_dat", "Mất điểm"),
    "khong_phat_sinh": ("○", "", "Không phát sinh"),
    "khong_ap_dung": ("○", "", "Không áp dụng"),
    "chua_xac_dinh": ("?", "", "Chưa xác định"),
    "thieu_du_lieu": ("?", "", "Thiếu dữ liệu"),
    "chi_hien_thi": ("·", "", "Chỉ hiển thị"),  # `show` indicators (2.2, 5.1): no points
}


# ----------------------------------------------------------------------------- formatting


def fmt_points(x: Any) -> str:
    """Points with 2 decimals, Vietnamese style (docs/index-766.md §4: display 2 decimals)."""
    return "–" if is_missing(x) else fmt_num(round(float(x), 2), 2)


def points_text(points: Any, points_computed: Any, max_points: Any, max_computed: Any) -> str:
    """'63,50/78' when some indicator lacks data (points over what could be computed), else '95,20/100'."""
    if not is_missing(points):
        return f"{fmt_points(points)}/{fmt_num(max_points)}"
    if is_missing(points_computed):
        return "không có dữ liệu"
    return f"{fmt_points(points_computed)}/{fmt_num(max_computed)} (thiếu dữ liệu: chỉ tính trên {fmt_num(max_computed)} điểm)"


def period_label(period: Any, ky: Any = None) -> str:
    """'Tháng 03/2022'; a Portal period that could not be read shows as the file wrote it."""
    if isinstance(period, str) and period:
        return C.fmt_period(period)
    return f"{ky} (kỳ không đọc được)" if isinstance(ky, str) else "–"


def status_key(status: Any, points_lost: Any, max_points: Any = None) -> str:
    if not is_missing(max_points) and float(max_points) == 0:
        return "chi_hien_thi"
    if status == "tinh_diem":
        return "mat_diem" if not is_missing(points_lost) and float(points_lost) > 1e-9 else "du_diem"
    return str(status) if status in STATUS_VI else "thieu_du_lieu"


def status_html(status: Any, points_lost: Any, max_points: Any = None) -> str:
    sym, cls, text = STATUS_VI[status_key(status, points_lost, max_points)]
    c = f' class="{cls}"' if cls else ""
    return f"<span{c}>{sym} {html.escape(text)}</span>"


def ratio_text(num: Any, den: Any, ratio: Any) -> str:
    """'39/45 = 86,7%': every figure with its numerator and denominator."""
    if is_missing(den):
        return "–"
    if float(den) == 0:
        return f"{fmt_int(num)}/0"
    return f"{fmt_int(num)}/{fmt_int(den)} = {fmt_pct(ratio)}"


def flag_list(flags: Any) -> list[str]:
    """A flags cell as a list: a list or array as is; NULL/NA (no matching row) as no flag."""
    if isinstance(flags, (list, tuple)):
        return list(flags)
    if hasattr(flags, "tolist"):
        return list(flags.tolist())
    return []


def need_text(ten_don_vi: str, indicator_id: str, k: Any, flags: Any, threshold: Any) -> str:
    """What a unit needs to reach full points of one indicator (docs/index-766.md §5, k_to_threshold).

    'UBND xã Cẩm Bình: 6 hồ sơ giải quyết đúng hạn nữa để đạt ngưỡng 2.1 (100%)'."""
    if "can_dong_bo" in flag_list(flags):
        return (
            f"{ten_don_vi}: chưa thể đạt ngưỡng {indicator_id} nếu không nâng tỷ lệ hồ sơ đồng bộ lên "
            "Cổng DVCQG (chỉ số 1.4)"
        )
    if is_missing(k):
        return f"{ten_don_vi}: chưa tính được số cần thêm cho {indicator_id}"
    if int(k) == 0:
        return f"{ten_don_vi}: đã đạt ngưỡng {indicator_id}"
    what = FAVOURABLE_VI.get(indicator_id, "bản ghi thuận lợi")
    thr = "" if is_missing(threshold) else f" ({fmt_pct(threshold)})"
    return f"{ten_don_vi}: {fmt_int(k)} {what} nữa để đạt ngưỡng {indicator_id}{thr}"


def html_table(df: pd.DataFrame, headers: dict[str, str], raw: set[str] = frozenset(), caption: str = "") -> str:
    """A table whose `raw` columns are already HTML (status spans); every other cell is escaped."""
    if df is None or not len(df):
        return '<p class="note">Không có dữ liệu.</p>'
    cols = [c for c in headers if c in df.columns]
    # the site's scrolling box on a phone; status cells (raw) stay in view (style.py)
    out = ['<div class="bang-cuon"><table class="data">']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    cls = {c: ' class="cot-trang-thai"' if c in raw else "" for c in cols}
    out.append(
        "<thead><tr>" + "".join(f"<th{cls[c]}>{html.escape(headers[c])}</th>" for c in cols) + "</tr></thead><tbody>"
    )
    for r in df[cols].itertuples(index=False):
        cells = []
        for c, v in zip(cols, r):
            s = "–" if (not isinstance(v, (list, tuple)) and is_missing(v)) else str(v)
            cells.append(f"<td{cls[c]}>{s if c in raw else html.escape(s)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


# ----------------------------------------------------------------------------- queries


def version_of(ctx: Ctx, period: str) -> str | None:
    v = ctx.q("SELECT min(version) AS v FROM index766_total WHERE period = ?", [period])
    return None if not len(v) or is_missing(v.iloc[0]["v"]) else str(v.iloc[0]["v"])


def total(ctx: Ctx, period: str, level: str = "toan_tinh", ma_don_vi: str | None = None) -> dict[str, Any] | None:
    t = ctx.q(
        "SELECT * FROM index766_total WHERE period = ? AND level = ? AND ma_don_vi IS NOT DISTINCT FROM ?",
        [period, level, ma_don_vi],
    )
    return None if not len(t) else t.iloc[0].to_dict()


def groups(ctx: Ctx, period: str, level: str = "toan_tinh", ma_don_vi: str | None = None) -> pd.DataFrame:
    return ctx.q(
        "SELECT * FROM index766_group WHERE period = ? AND level = ? AND ma_don_vi IS NOT DISTINCT FROM ? "
        "ORDER BY sort_order",
        [period, level, ma_don_vi],
    )


def indicators(ctx: Ctx, period: str, level: str = "toan_tinh", ma_don_vi: str | None = None) -> pd.DataFrame:
    """The indicators of one row with their name and, for thieu_du_lieu, the reason (metric_data_gaps)."""
    df = ctx.q(
        """
        SELECT i.*, c.ten_chi_so, g.ly_do_khong_co_du_lieu
        FROM index766_indicator AS i
        LEFT JOIN index766_indicator_catalog AS c ON i.indicator_id = c.indicator_id
        LEFT JOIN (
            SELECT metric_id, period, level, ma_don_vi, min(ly_do_khong_co_du_lieu) AS ly_do_khong_co_du_lieu
            FROM metric_data_gaps GROUP BY ALL
        ) AS g
            ON g.metric_id = 'qd766_' || replace(i.indicator_id, '.', '_') AND g.period = i.period
            AND g.level = i.level AND g.ma_don_vi IS NOT DISTINCT FROM i.ma_don_vi
        WHERE i.period = ? AND i.level = ? AND i.ma_don_vi IS NOT DISTINCT FROM ?
        ORDER BY i.sort_order""",
        [period, level, ma_don_vi],
    )
    if len(df):
        df["ly_do"] = [_why(r) for r in df.itertuples(index=False)]
    return df


def _why(r: Any) -> str:
    """The reason of an indicator without points; empty when it has points."""
    if r.status == "thieu_du_lieu":
        if "chua_co_mo_hinh" in flag_list(r.flags):
            return "chưa có mô hình tính chỉ số này"
        return r.ly_do_khong_co_du_lieu if isinstance(r.ly_do_khong_co_du_lieu, str) else "thiếu cột dữ liệu đầu vào"
    if r.status == "chua_xac_dinh":
        return "chưa có quy tắc tính điểm"
    return ""


def indicator_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Display rows: status symbol, n/d = ratio, points/max, why."""
    if not len(df):
        return df
    out = pd.DataFrame(
        {
            "chi_so": [r.ten_chi_so or r.indicator_id for r in df.itertuples(index=False)],
            "ty_le": [
                "–" if r.max_points == 0 else ratio_text(r.numerator, r.denominator, r.ratio)
                for r in df.itertuples(index=False)
            ],
            "diem": [
                "–" if is_missing(r.points) or r.max_points == 0 else f"{fmt_points(r.points)}/{fmt_num(r.max_points)}"
                for r in df.itertuples(index=False)
            ],
            "trang_thai": [status_html(r.status, r.points_lost, r.max_points) for r in df.itertuples(index=False)],
            "ly_do": df["ly_do"].tolist(),
        }
    )
    return out


INDICATOR_HEADERS = {
    "chi_so": "Chỉ số",
    "ty_le": "Tử số/mẫu số = tỷ lệ",
    "diem": "Điểm",
    "trang_thai": "Trạng thái",
    "ly_do": "Lý do (khi không có điểm)",
}


def furthest(ctx: Ctx, period: str, n: int = 8) -> pd.DataFrame:
    """The province's indicators furthest from full points (most points lost first)."""
    df = indicators(ctx, period)
    if not len(df):
        return df
    df = df[(df["status"] == "tinh_diem") & (df["points_lost"] > 1e-9)]
    return df.sort_values(["points_lost", "sort_order"], ascending=[False, True]).head(n)


def monthly_totals(ctx: Ctx, year: int, level: str = "toan_tinh", ma_don_vi: str | None = None) -> pd.DataFrame:
    """The months of a year: total and groups (points_computed over max_computed) by month."""
    return ctx.q(
        """
        SELECT g.period, g.period_start, g.group_id, g.ten_nhom, g.points, g.points_computed, g.max_computed,
               g.max_points
        FROM index766_group AS g JOIN dim_period AS p ON g.period = p.period
        WHERE p.period_kind = 'month' AND year(g.period_start) = ? AND g.level = ?
          AND g.ma_don_vi IS NOT DISTINCT FROM ?
        ORDER BY g.period_start, g.sort_order""",
        [year, level, ma_don_vi],
    )


def costly_units(ctx: Ctx, period: str, n: int = 10) -> pd.DataFrame:
    """The units that cost the province the most points (Σ share_of_province_loss), with, for each,
    the indicator where it costs most and what it needs there."""
    loss = ctx.q(
        """
        SELECT l.*, coalesce(a.ten_don_vi, l.ma_don_vi, 'Không gắn được đơn vị') AS ten_don_vi, i.threshold, i.flags
        FROM index766_loss AS l
        LEFT JOIN dim_agency AS a ON l.ma_don_vi = a.ma_don_vi
        LEFT JOIN index766_indicator AS i
            ON l.version = i.version AND l.period = i.period AND l.indicator_id = i.indicator_id
            AND l.level = i.level AND l.ma_don_vi IS NOT DISTINCT FROM i.ma_don_vi
        WHERE l.period = ?""",
        [period],
    )
    if not len(loss):
        return loss
    loss = loss[loss["share_of_province_loss"].fillna(0) > 1e-9]
    if not len(loss):
        return loss
    rows = []
    for (ma, ten), g in loss.groupby(["ma_don_vi", "ten_don_vi"], dropna=False):
        worst = g.sort_values("share_of_province_loss", ascending=False).iloc[0]
        rows.append(
            {
                "ma_don_vi": ma,
                "ten_don_vi": ten,
                "diem_tinh_mat": float(g["share_of_province_loss"].sum()),
                "chi_so_mat_nhieu_nhat": worst["indicator_id"],
                "can_them": (
                    need_text(ten, worst["indicator_id"], worst["k_to_threshold"], worst["flags"], worst["threshold"])
                    if isinstance(ma, str)
                    else f"{fmt_int(worst['unfavourable'])} bản ghi chưa thuận lợi của chỉ số "
                    f"{worst['indicator_id']} không gắn được đơn vị được đánh giá"
                ),
            }
        )
    return pd.DataFrame(rows).sort_values("diem_tinh_mat", ascending=False).head(n)


def ranking(ctx: Ctx, period: str, min_records: int = MIN_RECORDS_DEFAULT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The agencies and communes by their own score (points_computed ÷ max_computed), best first;
    the units with fewer than `min_records` dossiers in the 2.1 population are returned apart."""
    df = ctx.q(
        """
        SELECT t.level, t.ma_don_vi, coalesce(a.ten_don_vi, t.ma_don_vi) AS ten_don_vi, t.points,
               t.points_computed, t.max_computed, coalesce(i.denominator, 0) AS so_ho_so
        FROM index766_total AS t
        LEFT JOIN dim_agency AS a ON t.ma_don_vi = a.ma_don_vi
        LEFT JOIN index766_indicator AS i
            ON t.version = i.version AND t.period = i.period AND t.level = i.level
            AND t.ma_don_vi = i.ma_don_vi AND i.indicator_id = ?
        WHERE t.period = ? AND t.ma_don_vi IS NOT NULL AND t.level IN ('tinh', 'huyen', 'xa')""",
        [RANKING_INDICATOR, period],
    )
    if not len(df):
        return df, df
    df["ty_le_diem"] = df["points_computed"] / df["max_computed"].where(df["max_computed"] > 0)
    df["diem"] = [points_text(r.points, r.points_computed, 100, r.max_computed) for r in df.itertuples(index=False)]
    df = df.sort_values(["ty_le_diem", "so_ho_so", "ma_don_vi"], ascending=[False, False, True])
    enough = df["so_ho_so"] >= min_records
    ranked = df[enough].reset_index(drop=True)
    ranked.insert(0, "hang", range(1, len(ranked) + 1))
    return ranked, df[~enough].reset_index(drop=True)


# ----------------------------------------------------------------------------- reconciliation


def reconciliation(ctx: Ctx, period: str | None = None) -> pd.DataFrame:
    """Ours vs the Portal (view index766_reconciliation); empty when no Portal scores were loaded."""
    if not ctx.has("index766_reconciliation"):
        return pd.DataFrame()
    where, params = "", []
    if period:
        where, params = "WHERE r.period = ?", [period]
    return ctx.q(
        f"""
        SELECT r.*, coalesce(a.ten_don_vi, r.ma_don_vi, 'Toàn tỉnh') AS ten_don_vi
        FROM index766_reconciliation AS r LEFT JOIN dim_agency AS a ON r.ma_don_vi = a.ma_don_vi
        {where}
        ORDER BY r.period, r.ma_don_vi NULLS FIRST, r.muc, r.ma_muc""",
        params,
    )


def reconciliation_chart(df: pd.DataFrame, title: str = "Điểm của motcua và điểm Cổng DVCQG công bố"):
    """Dots of ours and the Portal's per row (shape + colour by source, never colour alone)."""
    rows = []
    for r in df.itertuples(index=False):
        label = f"{r.ten_don_vi} · {r.ma_muc} · {period_label(r.period, r.ky)}"
        for src, v in (("motcua", r.diem_motcua), ("Cổng DVCQG", r.diem_cong)):
            if not is_missing(v):
                rows.append({"dong": label, "nguon": src, "diem": float(v)})
    data = pd.DataFrame(rows)
    return (
        alt.Chart(data)
        .mark_point(size=80, filled=True)
        .encode(
            y=alt.Y("dong:N", title=None, sort=None),
            x=alt.X("diem:Q", title="Điểm"),
            shape=alt.Shape("nguon:N", title="Nguồn", scale=alt.Scale(range=["circle", "triangle-up"])),
            color=alt.Color("nguon:N", title="Nguồn"),
        )
        .properties(width=520, title=title)
    )


# ----------------------------------------------------------------------------- the unit card


def unit_card_html(ctx: Ctx, ma_don_vi: str, period: str | None = None) -> str:
    """The 766 card of a unit page: its total, its groups, and its indicators that lose points with
    what it needs; 'không có dữ liệu' when the index has no row for it."""
    period = period or ctx.period
    me = ctx.q("SELECT level, ten_don_vi FROM dim_agency WHERE ma_don_vi = ?", [ma_don_vi])
    name = me.iloc[0]["ten_don_vi"] if len(me) else ma_don_vi
    level = me.iloc[0]["level"] if len(me) else None
    head = f"<h2>Chỉ số 766 ({html.escape(C.fmt_period(period))})</h2>"
    t = total(ctx, period, level, ma_don_vi) if level else None
    if t is None:
        return head + '<p class="note">Không có dữ liệu chỉ số 766 của đơn vị trong kỳ này.</p>'
    out = [
        head,
        f"<p><b>Tổng điểm: {html.escape(points_text(t['points'], t['points_computed'], 100, t['max_computed']))}</b></p>",
    ]
    g = groups(ctx, period, level, ma_don_vi)
    if len(g):
        g = g.assign(
            diem=[
                points_text(r.points, r.points_computed, r.max_points, r.max_computed)
                for r in g.itertuples(index=False)
            ]
        )
        out.append(html_table(g, {"ten_nhom": "Nhóm", "diem": "Điểm"}))
    ind = indicators(ctx, period, level, ma_don_vi)
    if len(ind):
        lose = ind[(ind["status"] == "tinh_diem") & (ind["points_lost"] > 1e-9)].sort_values(
            "points_lost", ascending=False
        )
        if len(lose):
            lose = lose.assign(
                can_them=[
                    need_text(name, r.indicator_id, r.k_to_threshold, r.flags, r.threshold)
                    for r in lose.itertuples(index=False)
                ],
                diem_mat=[fmt_points(x) for x in lose["points_lost"]],
            )
            show = indicator_rows(lose).assign(diem_mat=lose["diem_mat"].tolist(), can_them=lose["can_them"].tolist())
            out.append(
                html_table(
                    show,
                    {**INDICATOR_HEADERS, "diem_mat": "Điểm mất", "can_them": "Cần thêm"},
                    raw={"trang_thai"},
                    caption="Các chỉ số đơn vị mất điểm",
                )
            )
        missing = ind[ind["status"].isin(["thieu_du_lieu", "chua_xac_dinh"])]
        if len(missing):
            out.append(
                '<p class="note">Thiếu dữ liệu: '
                + html.escape("; ".join(f"{r.indicator_id} ({r.ly_do})" for r in missing.itertuples(index=False)))
                + "</p>"
            )
    return "".join(out)
