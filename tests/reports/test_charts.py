"""Vietnamese formats in text and in charts (vl-convert, offline)."""

from __future__ import annotations

import re
from datetime import date, datetime

import altair as alt
import pandas as pd

from pipelines.reports import charts as C


def test_text_formats():
    assert C.fmt_pct(0.965) == "96,5%"
    assert C.fmt_pct(1) == "100,0%"
    assert C.fmt_pct(None) == "–" and C.fmt_pct(float("nan")) == "–"
    assert C.fmt_int(1234) == "1.234" and C.fmt_int(1234567.4) == "1.234.567"
    assert C.fmt_num(1234.56) == "1.234,6" and C.fmt_num(12.0) == "12"
    assert C.fmt_date(date(2022, 3, 5)) == "05/03/2022"
    assert C.fmt_date(datetime(2022, 12, 31, 23, 0)) == "31/12/2022"
    assert C.fmt_date("2022-01-02") == "02/01/2022" and C.fmt_date(pd.NaT) == "–"
    assert C.fmt_period("2022-03") == "Tháng 03/2022" and C.fmt_period("2022-Q3") == "Quý III/2022"
    assert C.fmt_period("2022") == "Năm 2022"


def test_svg_uses_vietnamese_locale_and_font():
    df = pd.DataFrame({"d": ["2022-03-05", "2022-04-05"], "v": [0.965, 1234.5]})
    ch = (
        alt.Chart(df)
        .mark_point()
        .encode(
            x=alt.X("d:T", axis=alt.Axis(format="%d/%m/%Y")), y=alt.Y("v:Q", axis=alt.Axis(format=",.1f")), text="v:N"
        )
    )
    svg = C.to_svg(ch.properties(title="Tỷ lệ hồ sơ đúng hạn"))
    assert svg.startswith("<svg")
    assert 'font-family="DejaVu Sans"' in svg
    assert ">05/03/2022<" in svg
    assert ">1.200,0<" in svg or ">1.000,0<" in svg  # thousands '.', decimal ','
    assert "Tỷ lệ hồ sơ đúng hạn" in svg
    pct = C.to_svg(alt.Chart(df).mark_bar().encode(x=alt.X("v:Q", axis=alt.Axis(format=".1%"))))
    assert ",0%" in pct and ".0%" not in pct


def test_status_chart_not_by_colour_alone():
    df = pd.DataFrame(
        {"nhan": ["P2.1", "P2.2"], "value": [0.8, 0.3], "threshold": [0.7, 0.5], "trang_thai": ["Đạt", "Chưa đạt"]}
    )
    spec = C.scorecard_chart(df).to_dict()
    enc = [layer.get("encoding", {}) for layer in spec["layer"]]
    assert any("shape" in e for e in enc)  # status as shape too
    assert any("text" in e for e in enc)  # and as a written value with ✓/✗
    svg = C.to_svg(C.scorecard_chart(df))
    assert "80,0% ✓" in svg and "30,0% ✗" in svg


def test_table_html_formats():
    df = pd.DataFrame({"a": ["=x<y"], "p": [0.965], "n": [1234], "d": [date(2022, 1, 2)]})
    html = C.table_html(df, formats={"p": "pct", "n": "int", "d": "date"})
    assert "96,5%" in html and "1.234" in html and "02/01/2022" in html and "=x&lt;y" in html


# ----------------------------------------------------------------------------- fitted axes, thresholds, captions


def _months(values, series="Toàn tỉnh"):
    return pd.DataFrame(
        {"thang": [date(2022, m, 1) for m in range(1, len(values) + 1)], "value": values, "cap": series}
    )


def test_percent_axis_fitted_when_zero_to_hundred_would_flatten_the_data():
    # all between 95% and 100%: start = floor5%(95% − 2 points = 93%) = 90%, end 100%
    assert C.fitted_percent_domain([0.95, 0.97, 1.0]) == [0.9, 1.0]
    # on-time lines at 99,1–100%: floor5%(97,1%) = 95%
    assert C.fitted_percent_domain([0.991, 1.0, 0.996]) == [0.95, 1.0]
    # 70–99%: span 29 points ≤ 30: floor5%(68%) = 65%
    assert C.fitted_percent_domain([0.7, 0.99]) == [0.65, 1.0]
    # a value under 50%, or a span over 30 points: 0–100% shows the differences, no fitting
    assert C.fitted_percent_domain([0.45, 0.5]) is None
    assert C.fitted_percent_domain([0.6, 0.95]) is None
    # missing values are not data
    assert C.fitted_percent_domain([None, float("nan")]) is None


def test_trend_threshold_drawn_under_the_data_and_named_by_the_caption():
    # on-time values 99,1–100% and a 95% threshold: the threshold is part of the data the axis
    # must show, so the axis runs from floor5%(95% − 2) = 90% to 100%
    ch = C.trend_chart(_months([0.991, 0.995, 1.0, 0.993]), threshold=0.95, title="Đúng hạn")
    spec = ch.to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rule", "text", "line", "point"]  # the threshold first: drawn under the line
    assert spec["layer"][0]["mark"]["strokeDash"] == [4, 4]
    assert spec["layer"][2]["encoding"]["y"]["scale"]["domain"] == [0.9, 1.0]
    assert spec["layer"][2]["encoding"]["y"]["scale"]["zero"] is False
    assert "trục từ 90%" in spec["layer"][2]["encoding"]["y"]["title"]
    assert C.caption_notes(ch) == [
        "Đường đứt nét ngang là ngưỡng 95%.",
        "Trục tung bắt đầu từ 90%, không từ 0, để thấy rõ chênh lệch.",
    ]
    # in the SVG the rule comes before (under) the line and its points
    svg = C.to_svg(ch)
    assert (
        svg.index('class="mark-rule role-mark')
        < svg.index('class="mark-line role-mark')
        < svg.index('class="mark-symbol role-mark')
    )
    assert ">90%<" in svg and ">100%<" in svg


def test_no_threshold_no_dashed_line_in_the_caption():
    # 20–80%: 0–100% shows the differences (no fitting); no threshold: no rule, no caption note
    ch = C.trend_chart(_months([0.2, 0.5, 0.8]), threshold=None)
    spec = ch.to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "point"]
    assert spec["layer"][0]["encoding"]["y"]["scale"] == {"zero": True}
    assert C.caption_notes(ch) == []
    fig = C.figure_html(ch, "Tỷ lệ đúng hạn mỗi tháng.")
    assert "đứt nét" not in fig and "<figcaption>Tỷ lệ đúng hạn mỗi tháng.</figcaption>" in fig
    # a NaN threshold (a province row judged by its levels) is no threshold either
    assert C.caption_notes(C.trend_chart(_months([0.2, 0.5]), threshold=float("nan"))) == []


def test_thresholds_by_level_one_rule_per_series():
    # digitisation: 50% (cấp tỉnh), 40% (cấp huyện), 35% (cấp xã); one rule each in its line's colour
    df = pd.concat([_months([0.3, 0.4], "Cấp tỉnh"), _months([0.2, 0.3], "Cấp huyện"), _months([0.1, 0.2], "Cấp xã")])
    ch = C.trend_chart(df, threshold={"Cấp tỉnh": 0.5, "Cấp huyện": 0.4, "Cấp xã": 0.35})
    spec = ch.to_dict()
    rule = spec["layer"][0]
    assert rule["mark"]["type"] == "rule" and rule["encoding"]["color"]["field"] == "s"
    values = rule["data"].get("values") or spec["datasets"][rule["data"]["name"]]
    assert [v["t"] for v in values] == [0.5, 0.4, 0.35]
    assert C.caption_notes(ch) == [
        "Mỗi đường đứt nét ngang là ngưỡng của đường cùng màu: cấp tỉnh 50%, cấp huyện 40%, cấp xã 35%."
    ]
    svg = C.to_svg(ch)
    # each rule labelled (a text node each; the same words also sit in aria-label attributes)
    assert sorted(re.findall(r">(Ngưỡng cấp [^<]+)<", svg)) == [
        "Ngưỡng cấp huyện 40%",
        "Ngưỡng cấp tỉnh 50%",
        "Ngưỡng cấp xã 35%",
    ]


def test_ranking_threshold_under_the_bars_and_in_the_caption():
    df = pd.DataFrame({"ten": ["A", "B"], "v": [0.6, 0.9]})
    ch = C.ranking_chart(df, "ten", "v", threshold=0.8, line_name="mức tham chiếu")
    spec = ch.to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rule", "bar", "text"]
    assert C.caption_notes(ch) == ["Đường đứt nét đứng là mức tham chiếu 80%."]
    assert C.caption_notes(C.ranking_chart(df, "ten", "v")) == []


def test_trend_legend_fits_and_figure_class():
    ch = C.trend_chart(_months([0.5, 0.6]), threshold=0.7)
    legend = ch.to_dict()["layer"][2]["encoding"]["color"]["legend"]
    assert legend["orient"] == "bottom" and legend["columns"] == 3 and legend["labelLimit"] == 220
    fig = C.figure_html(ch, "Giá trị mỗi tháng.")
    assert fig.startswith('<figure class="chart xu-huong">')
    # 50%, 60% and the 70% threshold: span 20 points from 50%: fitted, from floor5%(48%) = 45%
    assert (
        "<figcaption>Giá trị mỗi tháng. Đường đứt nét ngang là ngưỡng 70%. "
        "Trục tung bắt đầu từ 45%, không từ 0, để thấy rõ chênh lệch.</figcaption>"
    ) in fig


def test_table_box_status_column_and_long_text():
    # a status column (by format or by its header) is marked to stay in view on a phone; a text
    # column with a value over 40 characters is kept readable; 3 rows ≤ 25: printed whole
    df = pd.DataFrame(
        {"Mã": ["P2.1", "P2.2", "P2.3"], "Chỉ tiêu": ["x" * 41, "ngắn", "ngắn"], "Trạng thái": ["Đạt"] * 3}
    )
    out = C.table_html(df)
    assert out.startswith('<div class="bang-cuon bang-ngan"><table class="data">') and out.endswith("</table></div>")
    assert out.count('class="cot-trang-thai"') == 4  # the header and 3 cells
    assert out.count('class="cot-chu"') == 4
    assert "<th>Mã</th>" in out
    by_format = C.table_html(pd.DataFrame({"s": ["dat"]}), formats={"s": "status"})
    assert '<td class="cot-trang-thai">Đạt</td>' in by_format
    # 26 rows: a long table, printed across pages (no bang-ngan)
    long = C.table_html(pd.DataFrame({"n": list(range(26))}), formats={"n": "int"})
    assert long.startswith('<div class="bang-cuon"><table') and '<td class="num">25</td>' in long
