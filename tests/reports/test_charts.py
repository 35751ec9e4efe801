"""Vietnamese formats in text and in charts (vl-convert, offline)."""

from __future__ import annotations

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
