"""What the pages say about the plan's targets (metrics.md, "Achievement"): the rendered
overview table never shows a threshold for a tracking target (its reference is a "mức tham
chiếu" in its own column, status Theo dõi), never a status that contradicts the threshold
printed beside it, and prints thresholds and references with the precision they are written
with (TD.1: 99,84%). The trend reads the very scorecard rows the table reads."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipelines.reports import charts as C
from pipelines.reports import nb
from pipelines.settings import connect


class _Tables(HTMLParser):
    """Every <table class="data"> of a page as (headers, rows of cell texts)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[list[str], list[list[str]]]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_table = False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "data") in attrs:
            self._in_table = True
            self.tables.append(([], []))
        elif self._in_table and tag == "tr":
            self._row = []
        elif self._in_table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        elif self._in_table and tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif self._in_table and tag == "tr" and self._row is not None:
            headers, rows = self.tables[-1]
            if not headers:
                headers.extend(self._row)
            else:
                rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _pct(text: str) -> float:
    """'69,5%' → 69.5; '1.234,5%' → 1234.5."""
    return float(text.rstrip("%").replace(".", "").replace(",", "."))


def _table(site, slug: str, columns: set[str]) -> list[dict[str, str]]:
    """The one table of a rendered page whose headers include `columns`, as dicts."""
    page = next(Path(r["html"]) for r in site["reports"] if r["slug"] == slug)
    parser = _Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    tables = [(h, rows) for h, rows in parser.tables if columns <= set(h)]
    assert len(tables) == 1, [h for h, _ in parser.tables]
    headers, rows = tables[0]
    return [dict(zip(headers, r)) for r in rows]


def _overview_rows(site) -> list[dict[str, str]]:
    return _table(site, "tong_quan", {"Mã", "Ngưỡng", "Mức tham chiếu", "Trạng thái"})


@pytest.fixture(scope="module")
def kinds(fixture_db) -> dict[str, str]:
    con = connect(fixture_db, read_only=True)
    try:
        return dict(con.execute("SELECT target_id, kind FROM plan_targets").fetchall())
    finally:
        con.close()


def test_tracking_rows_show_a_reference_never_a_threshold(site, kinds):
    rows = _overview_rows(site)
    tracking = [r for r in rows if kinds[r["Mã"]] == "tracking"]
    # the 2022 plan's tracking targets and its indicator are all on the page
    assert {"P2.5", "P2.6c", "P1.III.1", "P1.V.2", "P1.VII.2", "TD.1"} <= {r["Mã"] for r in tracking}
    for r in tracking:
        assert r["Ngưỡng"] == "–", r
        assert not any("Ngưỡng" in cell or "ngưỡng" in cell for cell in r.values()), r
        assert r["Trạng thái"] in ("• Theo dõi", "– Không có dữ liệu"), r
    by_id = {r["Mã"]: r for r in tracking}
    # P2.6c: the legal duty of Nghị định 61/2018 as amended by 107/2021, a reference
    assert by_id["P2.6c"]["Mức tham chiếu"].startswith("100% (Nghị định 61/2018/NĐ-CP, sửa đổi bởi Nghị định 107/2021")
    # TD.1: 99,84% with its two decimals (not "100%"), labelled as the resolved-on-time share
    assert by_id["TD.1"]["Mức tham chiếu"] == "99,84% (Hà Tĩnh 2020: 99,84% đúng hạn)"
    # its short name (plans/hatinh-2022.yaml) and its whole text
    assert by_id["TD.1"]["Chỉ tiêu"] == "Tỷ lệ hồ sơ giải quyết đúng hạn"
    assert by_id["TD.1"]["Nội dung trong kế hoạch"].startswith(
        "Tỷ lệ hồ sơ giải quyết đúng hạn (trên số hồ sơ đã giải quyết"
    )
    assert "766" not in by_id["TD.1"]["Nội dung trong kế hoạch"]
    # P1.VII.2's reference has no source in the plan: the level alone
    assert by_id["P1.VII.2"]["Mức tham chiếu"] == "100%"


def test_no_status_contradicts_the_threshold_beside_it(site, kinds):
    rows = _overview_rows(site)
    judged = 0
    for r in rows:
        if kinds[r["Mã"]] != "ratio" or r["Giá trị"] == "–":
            continue
        if r["Ngưỡng"] in ("theo cấp", "từng nhóm"):  # judged by its level or group rows
            assert (r["Mã"], r["Nhóm / cấp"], r["Ngưỡng"]) in (
                ("P2.2", "Toàn tỉnh", "theo cấp"),
                ("P2.6b", "Toàn tỉnh", "từng nhóm"),
            ), r
            continue
        value, threshold = _pct(r["Giá trị"]), _pct(r["Ngưỡng"])
        expected = "✓ Đạt" if value >= threshold else "✗ Chưa đạt"
        assert r["Trạng thái"] == expected, r
        assert r["Mức tham chiếu"] == "", r  # a ratio target is judged by its threshold only
        judged += 1
    assert judged >= 5  # the fixture has enough data to judge most ratio targets


def test_threshold_precision_is_the_written_one():
    # metrics.md, "Achievement": 0.998 → 99,8%; 0.9984 → 99,84%; 0.5 → 50%; 1.00 → 100%
    assert [C.fmt_threshold(x) for x in (0.998, 0.9984, 0.5, 1.0, 0.35)] == ["99,8%", "99,84%", "50%", "100%", "35%"]
    # a reference is named as such, never as a threshold
    assert C.fmt_reference(1.0, "Nghị định 61/2018/NĐ-CP") == "Mức tham chiếu: 100% (Nghị định 61/2018/NĐ-CP)"
    # a value just below its threshold is not printed as reaching it
    assert nb.fmt_value(0.69996, "ratio", None, 0.70) == "69,996%"
    assert nb.fmt_value(0.69996, "ratio", None, None) == "70,0%"


def test_trend_reads_the_scorecard_rows_of_the_target(fixture_db):
    # P2.1 (electronic_circulation_rate, scope tinh/huyen/xa): the trend's months are the
    # target's scorecard rows, so they add up (the metric is additive) to the year row of the
    # overview table. metric_values' toan_tinh also counts the central agency (tw), which is
    # outside the scope: the old trend read it, hence 69,5 vs 69,7 on the 2022 site.
    ctx = nb.Ctx(fixture_db, "2022")
    try:
        months = ctx.target_monthly("P2.1")
        year = ctx.scorecard()
        year = year[year["target_id"] == "P2.1"].iloc[0]
        assert len(months) == 6  # January to June (as of 30/06)
        assert (months["numerator"].sum(), months["denominator"].sum()) == (year["numerator"], year["denominator"])
        mv = ctx.monthly("electronic_circulation_rate", level="toan_tinh")
        tw = ctx.monthly("electronic_circulation_rate", level="tw")
        # the province-wide metric_values months = the scope's months + the central agency's
        assert mv["denominator"].sum() == months["denominator"].sum() + tw["denominator"].sum()
        assert tw["denominator"].sum() > 0  # so the two readings really differ in this world
    finally:
        ctx.close()


def test_projection_starts_from_the_value_of_the_table(site):
    # "Hiện tại" of the year-end projection is the overview's value of the same target (the
    # year row of its scorecard), and a ratio judged by its levels or groups gets no verdict
    overview = {r["Mã"]: r for r in _overview_rows(site) if r["Nhóm / cấp"] == "Toàn tỉnh"}
    projection = _table(site, "tong_quan", {"Mã", "Hiện tại", "Dự báo 31/12", "Dự kiến"})
    assert len(projection) >= 3
    for r in projection:
        assert r["Hiện tại"] == overview[r["Mã"]]["Giá trị"], (r, overview[r["Mã"]])
        if r["Ngưỡng"] in ("theo cấp", "từng nhóm"):
            assert r["Dự kiến"] == f"xem {r['Ngưỡng']}", r
        else:
            assert r["Ngưỡng"] == overview[r["Mã"]]["Ngưỡng"], r


def test_no_page_shows_a_threshold_for_a_tracking_target(site, kinds):
    # every scorecard table of every page (overview, Phụ lục II, Phụ lục I, unit pages)
    seen = 0
    for page in (Path(r["html"]) for r in site["reports"]):
        parser = _Tables()
        parser.feed(page.read_text(encoding="utf-8"))
        for headers, rows in parser.tables:
            if not {"Mã", "Ngưỡng", "Trạng thái"} <= set(headers):
                continue
            for row in (dict(zip(headers, r)) for r in rows):
                if kinds.get(row["Mã"]) == "tracking":
                    seen += 1
                    assert row["Ngưỡng"] == "–", (page.name, row)
                    assert row["Trạng thái"] in ("• Theo dõi", "– Không có dữ liệu"), (page.name, row)
    assert seen > 20  # the overview, the Phụ lục pages and the unit pages all list tracking rows
