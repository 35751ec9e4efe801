"""Vietnamese formatting and offline charts for the reports.

Numbers read `96,5%` and `1.234`, dates `dd/mm/yyyy` (custom d3 format locale, vi-VN time
locale). Charts are Altair specs rendered to inline SVG by vl-convert (font DejaVu Sans), so a
page needs no script and no network to show them. Every chart encodes status by shape and text
as well as colour, so it stays readable in black and white.
"""

from __future__ import annotations

import html
import json
import math
import os
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import altair as alt
import vl_convert as vlc
from IPython.display import HTML, Markdown, display

from pipelines.contract import LEVEL_VI, LEVELS
from pipelines.numbers import fmt_int, fmt_num, fmt_pct, fmt_threshold, is_missing

FONT = "DejaVu Sans"
FONT_DIRS = ["/usr/share/fonts/truetype/dejavu"]

# d3-format locale: decimal comma, thousands dot (Vietnamese usage)
VI_FORMAT_LOCALE = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["", " ₫"],
    "percent": "%",
    "minus": "−",
    "nan": "",
}
# d3-time-format locale vi-VN (same as vl-convert's, written out so it never depends on it)
VI_TIME_LOCALE = {
    "dateTime": "%A, %d/%m/%Y %H:%M:%S",
    "date": "%d/%m/%Y",
    "time": "%H:%M:%S",
    "periods": ["SA", "CH"],
    "days": ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
    "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
    "months": [
        "Tháng 1",
        "Tháng 2",
        "Tháng 3",
        "Tháng 4",
        "Tháng 5",
        "Tháng 6",
        "Tháng 7",
        "Tháng 8",
        "Tháng 9",
        "Tháng 10",
        "Tháng 11",
        "Tháng 12",
    ],
    "shortMonths": ["Th1", "Th2", "Th3", "Th4", "Th5", "Th6", "Th7", "Th8", "Th9", "Th10", "Th11", "Th12"],
}

STATUS_VI = {
    "dat": "Đạt",
    "chua_dat": "Chưa đạt",
    "khong_co_du_lieu": "Không có dữ liệu",
    "chua_den_han": "Chưa đến hạn",
    "theo_doi": "Theo dõi",
}
STATUS_ORDER = ["Đạt", "Chưa đạt", "Chưa đến hạn", "Theo dõi", "Không có dữ liệu"]
# shape + colour + a text mark: never colour alone (colour-blind safe palette, Okabe–Ito)
STATUS_SHAPE = {
    "Đạt": "circle",
    "Chưa đạt": "triangle-down",
    "Chưa đến hạn": "diamond",
    "Theo dõi": "square",
    "Không có dữ liệu": "cross",
}
STATUS_COLOR = {
    "Đạt": "#009E73",
    "Chưa đạt": "#D55E00",
    "Chưa đến hạn": "#0072B2",
    "Theo dõi": "#7f7f7f",
    "Không có dữ liệu": "#bbbbbb",
}
STATUS_MARK = {"Đạt": "✓", "Chưa đạt": "✗", "Chưa đến hạn": "…", "Theo dõi": "•", "Không có dữ liệu": "–"}
# level names (LEVEL_VI, re-exported) come from pipelines.contract.LEVELS, the definition dim_level is
# written from; a level's point shape and line dash are chosen here, by code, and keyed by the
# name a chart's series shows, in the levels' display order
_SHAPE_OF_LEVEL = {"toan_tinh": "circle", "tinh": "square", "huyen": "triangle-up", "xa": "diamond", "tw": "cross"}
_DASH_OF_LEVEL = {"toan_tinh": [1, 0], "tinh": [6, 3], "huyen": [2, 2], "xa": [8, 2, 2, 2], "tw": [1, 3]}
_ORDERED = sorted(LEVELS, key=lambda lv: lv.sort_order)
LEVEL_SHAPE = {lv.name_vi: _SHAPE_OF_LEVEL[lv.code] for lv in _ORDERED if lv.code in _SHAPE_OF_LEVEL}
LEVEL_DASH = {lv.name_vi: _DASH_OF_LEVEL[lv.code] for lv in _ORDERED if lv.code in _DASH_OF_LEVEL}


# ----------------------------------------------------------------------------- text formats


_missing = is_missing  # the name the report modules use


def fmt_reference(value: Any, source: Any = None) -> str:
    """A tracking target's reference, never called a threshold: 'Mức tham chiếu: 100% (Nghị
    định 61/2018/NĐ-CP …)'; '' when the plan gives none."""
    if _missing(value):
        return ""
    src = "" if _missing(source) or not str(source).strip() else f" ({str(source).strip()})"
    return f"Mức tham chiếu: {fmt_threshold(value)}{src}"


def fmt_date(d: Any) -> str:
    """date/datetime/ISO text → 'dd/mm/yyyy'."""
    if _missing(d) or d == "":
        return "–"
    if isinstance(d, str):
        d = date.fromisoformat(d[:10])
    if hasattr(d, "to_pydatetime"):
        d = d.to_pydatetime()
    if isinstance(d, datetime):
        d = d.date()
    return d.strftime("%d/%m/%Y")


def fmt_period(p: str | None) -> str:
    """'2022-03' → 'Tháng 03/2022', '2022-Q1' → 'Quý I/2022', '2022' → 'Năm 2022'."""
    if not p:
        return "–"
    if "-Q" in p:
        y, q = p.split("-Q")
        return f"Quý {['I', 'II', 'III', 'IV'][int(q) - 1]}/{y}"
    if "-" in p:
        y, m = p.split("-")
        return f"Tháng {m}/{y}"
    return f"Năm {p}"


def status_vi(s: str | None) -> str:
    return STATUS_VI.get(s or "", s or "–")


def level_vi(s: str | None) -> str:
    return LEVEL_VI.get(s or "", s or "–")


# ----------------------------------------------------------------------------- theme


def theme_config() -> dict[str, Any]:
    return {
        "font": FONT,
        "locale": {"number": VI_FORMAT_LOCALE, "time": VI_TIME_LOCALE},
        "title": {"font": FONT, "fontSize": 14, "anchor": "start"},
        "axis": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 11, "titleFontSize": 12, "labelLimit": 260},
        "legend": {
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": 11,
            "symbolSize": 90,
            "orient": "bottom",
            "direction": "horizontal",
        },
        "header": {"labelFont": FONT, "titleFont": FONT},
        "text": {"font": FONT},
        "view": {"continuousWidth": 560, "continuousHeight": 280, "stroke": None},
        "background": "white",
    }


@alt.theme.register("motcua", enable=True)
def _motcua_theme() -> alt.theme.ThemeConfig:
    return theme_config()  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _fonts_registered() -> bool:
    for d in FONT_DIRS:
        if os.path.isdir(d):
            vlc.register_font_directory(d)
    return True


def _json_default(o: Any) -> Any:
    if isinstance(o, (date, datetime)):
        return o.isoformat()
    if hasattr(o, "isoformat"):
        return o.isoformat()
    if hasattr(o, "item"):
        return o.item()
    return str(o)


def to_svg(chart: alt.TopLevelMixin | dict) -> str:
    """The chart as a standalone SVG string (offline: no script, DejaVu Sans, vi-VN locales)."""
    _fonts_registered()
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    spec = json.loads(json.dumps(spec, default=_json_default))
    return vlc.vegalite_to_svg(
        spec, vl_version="6.4", config=theme_config(), format_locale=VI_FORMAT_LOCALE, time_format_locale=VI_TIME_LOCALE
    )


def figure_html(chart: alt.TopLevelMixin | dict, caption: str, alt_text: str | None = None) -> str:
    """<figure> with inline SVG and a caption: the sentence saying what the chart shows, then
    how to read its threshold line and axis when it has them (caption_notes)."""
    caption = " ".join([caption.strip(), *caption_notes(chart)]).strip()
    svg = to_svg(chart)
    label = html.escape(alt_text or caption, quote=True)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    kind = _chart_meta(chart).get("kind")
    cls = "chart" + (f" {kind}" if kind else "")
    return f'<figure class="{cls}">{svg}<figcaption>{html.escape(caption)}</figcaption></figure>'


def show(chart: alt.TopLevelMixin | dict, caption: str) -> None:
    """Display a chart in a notebook as inline SVG with its caption."""
    display(HTML(figure_html(chart, caption)))


# ----------------------------------------------------------------------------- chart builders


def _status_scales() -> tuple[alt.Scale, alt.Scale]:
    return (
        alt.Scale(domain=STATUS_ORDER, range=[STATUS_SHAPE[s] for s in STATUS_ORDER]),
        alt.Scale(domain=STATUS_ORDER, range=[STATUS_COLOR[s] for s in STATUS_ORDER]),
    )


def scorecard_chart(
    df,
    label_col: str = "nhan",
    value_col: str = "value",
    threshold_col: str = "threshold",
    status_col: str = "trang_thai",
    title: str = "",
) -> alt.LayerChart:
    """Horizontal dot plot: each target's value (shape = status), a tick at its threshold, and
    the value written next to the dot. df: label, value (0..1), threshold, status (Vietnamese)."""
    shape, color = _status_scales()
    data = df.copy()
    data["nhan_gia_tri"] = [
        fmt_pct(v) + " " + STATUS_MARK.get(s, "") for v, s in zip(data[value_col], data[status_col])
    ]
    data["nguong_txt"] = [fmt_threshold(t) for t in data[threshold_col]]
    base = alt.Chart(data).encode(y=alt.Y(f"{label_col}:N", title=None, sort=None, axis=alt.Axis(labelLimit=300)))
    rule = base.mark_rule(color="#999").encode(
        x=alt.X(
            f"{value_col}:Q", title="Giá trị (tỷ lệ)", scale=alt.Scale(domain=[0, 1.12]), axis=alt.Axis(format=".0%")
        ),
        x2=alt.X2(f"{threshold_col}:Q"),
    )
    thr = base.mark_tick(color="black", thickness=2, size=16).encode(
        x=alt.X(f"{threshold_col}:Q"), tooltip=[alt.Tooltip("nguong_txt:N", title="Ngưỡng")]
    )
    pts = base.mark_point(size=110, filled=True, opacity=1).encode(
        x=alt.X(f"{value_col}:Q"),
        shape=alt.Shape(f"{status_col}:N", scale=shape, title="Trạng thái"),
        color=alt.Color(f"{status_col}:N", scale=color, title="Trạng thái"),
    )
    txt = base.mark_text(align="left", dx=9, fontSize=11).encode(x=alt.X(f"{value_col}:Q"), text="nhan_gia_tri:N")
    h = max(120, 24 * len(data))
    return alt.layer(rule, thr, pts, txt).properties(width=520, height=h, title=title)


# a percentage axis is fitted to the data (not 0–100%) when every value and the threshold lie
# at or above FIT_FROM and within FIT_SPAN of each other: on 0–100% they would be one flat line
FIT_FROM = 0.5
FIT_SPAN = 0.3
FIT_STEP = 0.05  # the fitted axis starts on a multiple of 5%, at least 2 points below the data
# chart facts a caption states (figure_html adds them): kept in the spec's usermeta
META = "motcua"


def fitted_percent_domain(values: Iterable[Any]) -> list[float] | None:
    """[start, end] of a percentage axis fitted to `values` (the data and any threshold drawn),
    or None when a 0–100% axis shows their differences well enough. All between 95% and
    100%: [90%, 100%]."""
    vs = [float(v) for v in values if not _missing(v)]
    if not vs:
        return None
    lo, hi = min(vs), max(vs)
    if lo < FIT_FROM or hi - lo > FIT_SPAN:
        return None
    start = math.floor(round((lo - 0.02) / FIT_STEP, 9)) * FIT_STEP
    end = max(1.0, math.ceil(round(hi / FIT_STEP, 9)) * FIT_STEP)
    return [round(max(0.0, start), 4), round(end, 4)]


def _thresholds(threshold: Any) -> dict[str, float]:
    """A chart's threshold(s) as {series: value} ('' = one line for every series), the missing
    ones left out."""
    if isinstance(threshold, dict):
        return {str(k): float(v) for k, v in threshold.items() if v is not None and not _missing(v)}
    return {} if threshold is None or _missing(threshold) else {"": float(threshold)}


def _meta(
    chart: alt.TopLevelMixin, threshold: Any, line_name: str, axis_from: float | None, axis: str, kind: str = ""
) -> Any:
    """Record what the chart draws that its caption must say (caption_notes), and its kind
    (the figure's class: `xu-huong` for a trend)."""
    return chart.properties(
        usermeta={
            META: {
                "kind": kind,
                "threshold": _thresholds(threshold) or None,
                "line_name": line_name,
                "axis_from": axis_from,
                "axis": axis,
            }
        }
    )


def _chart_meta(chart: alt.TopLevelMixin | dict) -> dict[str, Any]:
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    return (spec.get("usermeta") or {}).get(META) or {}


def caption_notes(chart: alt.TopLevelMixin | dict) -> list[str]:
    """The sentences a caption owes its chart: the dashed threshold line, when one is drawn,
    and the axis that does not start at 0, when fitted. A caption never announces a line the
    chart does not draw: the notebooks' captions say what the data mean, these say how to read
    the lines."""
    meta = _chart_meta(chart)
    notes = []
    thr = meta.get("threshold") or {}
    if thr:
        direction = "ngang" if meta.get("axis") == "y" else "đứng"
        name = meta.get("line_name") or "ngưỡng"
        if list(thr) == [""]:
            notes.append(f"Đường đứt nét {direction} là {name} {fmt_threshold(thr[''])}.")
        else:
            each = ", ".join(f"{k.lower()} {fmt_threshold(v)}" for k, v in thr.items())
            notes.append(f"Mỗi đường đứt nét {direction} là {name} của đường cùng màu: {each}.")
    if meta.get("axis_from") is not None:
        notes.append(
            f"Trục {'tung' if meta.get('axis') == 'y' else 'hoành'} bắt đầu từ {fmt_threshold(meta['axis_from'])}, "
            "không từ 0, để thấy rõ chênh lệch."
        )
    return notes


def trend_chart(
    df,
    x_col: str = "thang",
    value_col: str = "value",
    series_col: str = "cap",
    threshold: float | dict[str, float] | None = None,
    title: str = "",
    percent: bool = True,
    projection_col: str | None = None,
    line_name: str = "ngưỡng",
) -> alt.LayerChart:
    """Monthly line per series (shape + dash per series, not colour alone), optional threshold
    drawn as a dashed rule under the data, labelled with its value; `threshold` a mapping
    series → value draws one rule per series, in the series' colour (thresholds by level). A
    percentage axis is
    fitted to the data when 0–100% would flatten it (fitted_percent_domain; the caption says
    so). df: x (date of the month's first day), value, series."""
    data = df.copy()
    series = [s for s in LEVEL_SHAPE if s in set(data[series_col])] + sorted(set(data[series_col]) - set(LEVEL_SHAPE))
    shapes = [LEVEL_SHAPE.get(s, "circle") for s in series]
    dashes = [LEVEL_DASH.get(s, [1, 0]) for s in series]
    fmt = ".0%" if percent else ",d"
    thr_of = _thresholds(threshold)
    domain = fitted_percent_domain([*data[value_col], *thr_of.values()]) if percent else None
    scale = alt.Scale(domain=domain, zero=False, nice=False) if domain else alt.Scale(zero=True)
    title_y = "Tỷ lệ" if percent else "Số lượng"
    if domain:
        title_y += f" (trục từ {fmt_threshold(domain[0])})"
    x = alt.X(f"{x_col}:T", title="Tháng", axis=alt.Axis(format="%m/%Y", labelAngle=0, tickCount="month"))
    y = alt.Y(f"{value_col}:Q", title=title_y, axis=alt.Axis(format=fmt), scale=scale)
    legend = alt.Legend(orient="bottom", direction="horizontal", columns=3, labelLimit=220, title=None)
    base = alt.Chart(data).encode(x=x, y=y)
    line = base.mark_line(strokeWidth=2).encode(
        strokeDash=alt.StrokeDash(f"{series_col}:N", scale=alt.Scale(domain=series, range=dashes), legend=legend),
        color=alt.Color(f"{series_col}:N", scale=alt.Scale(domain=series), legend=legend),
    )
    pts = base.mark_point(size=60, filled=True).encode(
        shape=alt.Shape(f"{series_col}:N", scale=alt.Scale(domain=series, range=shapes), legend=legend),
        color=alt.Color(f"{series_col}:N", scale=alt.Scale(domain=series), legend=legend),
        tooltip=[
            alt.Tooltip(f"{x_col}:T", title="Tháng", format="%m/%Y"),
            alt.Tooltip(f"{value_col}:Q", title="Giá trị", format=fmt),
            alt.Tooltip(f"{series_col}:N", title="Chuỗi"),
        ],
    )
    layers = []
    if thr_of:
        # under the data: the line and its points stay readable where they cross the threshold
        rows = [
            {"t": v, "s": k, "nhan": f"{line_name.capitalize()} {(k.lower() + ' ') if k else ''}{fmt_threshold(v)}"}
            for k, v in thr_of.items()
        ]
        thr = alt.Chart({"values": rows})
        t_y = alt.Y("t:Q", scale=scale)
        rule = thr.mark_rule(strokeDash=[4, 4], strokeWidth=1.2, color="black")
        if "" not in thr_of:  # one rule per series, in its colour
            rule = rule.encode(color=alt.Color("s:N", scale=alt.Scale(domain=series), legend=None))
        layers.append(rule.encode(y=t_y))
        layers.append(thr.mark_text(align="right", dy=-6, x="width", dx=-2, fontSize=10).encode(y=t_y, text="nhan:N"))
    layers += [line, pts]
    chart = alt.layer(*layers).properties(width=560, height=260, title=title)
    return _meta(chart, threshold, line_name, domain[0] if domain else None, "y", "xu-huong")


def ranking_chart(
    df,
    label_col: str,
    value_col: str,
    threshold: float | None = None,
    title: str = "",
    percent: bool = True,
    n_col: str | None = None,
    line_name: str = "ngưỡng",
    x_max: float | None = None,
) -> alt.LayerChart:
    """Horizontal bars, longest at the top order given by df; value written at the bar's end;
    bars below the threshold are hatched-looking (lighter + outlined) and carry '✗'; the
    threshold a dashed rule drawn under the bars.
    `line_name="mức tham chiếu"` for a tracking target's reference (never called a threshold).
    `x_max`: the end of a percent axis (default 115%, room for the labels past 100%)."""
    data = df.copy()
    fmt = fmt_pct if percent else fmt_int
    below = [(threshold is not None and not _missing(v) and float(v) < float(threshold)) for v in data[value_col]]
    above_txt, below_txt = f"Đạt {line_name}", f"Dưới {line_name}"
    data["duoi_nguong"] = [below_txt if b else above_txt for b in below]
    data["_nhan_txt"] = [
        fmt(v) + (" ✗" if b else "") + (f" (n={fmt_int(n)})" if n_col else "")
        for v, b, n in zip(data[value_col], below, data[n_col] if n_col else [None] * len(data))
    ]
    x_scale = alt.Scale(domain=[0, x_max or 1.15]) if percent else alt.Scale(zero=True)
    base = alt.Chart(data).encode(
        y=alt.Y(f"{label_col}:N", sort=None, title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X(
            f"{value_col}:Q",
            title="Tỷ lệ" if percent else "Số lượng",
            axis=alt.Axis(format=".0%" if percent else ",d"),
            scale=x_scale,
        ),
    )
    bars = base.mark_bar(stroke="black", strokeWidth=0.6).encode(
        color=alt.Color(
            "duoi_nguong:N",
            title=None,
            scale=alt.Scale(domain=[above_txt, below_txt], range=["#56B4E9", "#E69F00"]),
            # no threshold, nothing to be above or below: no legend that says so
            legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=220)
            if threshold is not None
            else None,
        ),
        opacity=alt.Opacity(
            "duoi_nguong:N", legend=None, scale=alt.Scale(domain=[above_txt, below_txt], range=[1.0, 0.55])
        ),
    )
    txt = base.mark_text(align="left", dx=4, fontSize=10).encode(text="_nhan_txt:N")
    layers = []
    if threshold is not None and not _missing(threshold):
        thr = alt.Chart({"values": [{"t": float(threshold)}]})
        layers.append(thr.mark_rule(strokeDash=[4, 4], color="black", strokeWidth=1.5).encode(x="t:Q"))
    layers += [bars, txt]
    chart = alt.layer(*layers).properties(width=480, height=max(100, 20 * len(data)), title=title)
    return _meta(chart, threshold, line_name, None, "x")


def bar_counts_chart(df, label_col: str, value_col: str, title: str = "") -> alt.LayerChart:
    """Horizontal bars of counts with the count written at the bar's end."""
    data = df.copy()
    data["_nhan_txt"] = [fmt_int(v) for v in data[value_col]]
    base = alt.Chart(data).encode(
        y=alt.Y(f"{label_col}:N", sort=None, title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X(f"{value_col}:Q", title="Số lượng", axis=alt.Axis(format=",d")),
    )
    return alt.layer(
        base.mark_bar(color="#0072B2"), base.mark_text(align="left", dx=4, fontSize=10).encode(text="_nhan_txt:N")
    ).properties(width=480, height=max(100, 20 * len(data)), title=title)


# ----------------------------------------------------------------------------- tables


SHORT_TABLE_ROWS = 25
# the headers that name a status column (a column formatted "status" is one as well)
STATUS_HEADERS = {"Trạng thái", "Dự kiến"}


LONG_TEXT = 40  # a text column with a longer value is kept readable on a phone (.cot-chu)


def _cls(num: bool = False, status: bool = False, long_text: bool = False) -> str:
    names = (["num"] if num else []) + (["cot-trang-thai"] if status else []) + (["cot-chu"] if long_text else [])
    return f' class="{" ".join(names)}"' if names else ""


def table_html(
    df,
    formats: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    max_rows: int = 200,
    caption: str | None = None,
) -> str:
    """An HTML table with Vietnamese number formats. formats: col → pct|threshold|int|num|date|period|status|level|text."""
    formats = formats or {}
    headers = headers or {}
    fn = {
        "pct": fmt_pct,
        "threshold": fmt_threshold,
        "int": fmt_int,
        "num": fmt_num,
        "date": fmt_date,
        "period": fmt_period,
        "status": status_vi,
        "level": level_vi,
    }
    cols = list(df.columns)
    # the status column stays in view when the table scrolls inside its box (style.py)
    status_cols = {c for c in cols if formats.get(c) == "status" or headers.get(c, c) in STATUS_HEADERS}
    long_cols = {
        c
        for c in cols
        if c not in status_cols
        and formats.get(c, "text") == "text"
        and any(len(str(v)) > LONG_TEXT for v in df[c].head(max_rows) if not _missing(v))
    }
    # a short table is printed whole (style.py: .bang-ngan), a longer one breaks between rows
    box = "bang-cuon bang-ngan" if min(len(df), max_rows) <= SHORT_TABLE_ROWS else "bang-cuon"
    out = [f'<div class="{box}"><table class="data">']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(
            f"<th{_cls(False, c in status_cols, c in long_cols)}>{html.escape(headers.get(c, c))}</th>" for c in cols
        )
        + "</tr></thead><tbody>"
    )
    for row in df.head(max_rows).itertuples(index=False):
        cells = []
        for c, v in zip(cols, row):
            f = formats.get(c, "text")
            if f in fn:
                s = fn[f](v)
            else:
                s = "–" if _missing(v) else str(v)
            cls = _cls(f in ("pct", "threshold", "int", "num"), c in status_cols, c in long_cols)
            cells.append(f"<td{cls}>{html.escape(s)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    if len(df) > max_rows:
        out.append(f'<p class="note">Hiển thị {fmt_int(max_rows)}/{fmt_int(len(df))} dòng.</p>')
    return "".join(out)


def show_table(
    df,
    formats: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    max_rows: int = 200,
    caption: str | None = None,
) -> None:
    if df is None or len(df) == 0:
        display(HTML('<p class="note">Không có dữ liệu.</p>'))
        return
    display(HTML(table_html(df, formats, headers, max_rows, caption)))


def md(text: str) -> None:
    """Display Markdown-ish Vietnamese prose (as HTML paragraphs; no script)."""
    display(Markdown(text))


def html_block(text: str) -> None:
    display(HTML(text))


def iter_nonempty(xs: Iterable[Any]) -> list[Any]:
    return [x for x in xs if not _missing(x)]
