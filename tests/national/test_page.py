"""The national page, `national/index.html` (pipelines/national/page.py; docs/national.md,
"The national page"), drawn from a hand-made roll-up whose figures are worked out below."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

from pipelines.national import publish as publish_module
from pipelines.national import rollup as rollup_module
from pipelines.national.catalogue import Metric, metric_catalogue
from pipelines.national.page import SITE_URL_SETTING, write_page
from pipelines.national.publish import publish_province
from pipelines.national.rollup import rollup
from pipelines.national.store import open_store
from pipelines.settings import data_paths
from tests.flows.tiny import motcua

from .helpers import curated_db

OT = "on_time_resolution_rate"  # common: summed into the country's row
BY_GROUP = "satisfaction_rate_by_field_group"  # reads the plan: stays per province, not ranked


class _Tables(HTMLParser):
    """Every table of a page as rows of cell texts, and every link's target by its text."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.links: dict[str, str] = {}
        self._cell: list[str] | None = None
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "a":
            self._href = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._href:
            self.links[data.strip()] = self._href


def _parse(text: str) -> _Tables:
    parser = _Tables()
    parser.feed(text)
    return parser


@pytest.fixture
def national(tmp_path, folder_store):
    """Three provinces published, a fourth (46) expected and absent; the roll-up's paths."""
    store = open_store(folder_store)

    def publish(code, rows, as_of=date(2022, 6, 30)):
        publish_province(curated_db(tmp_path / f"p{code}" / "motcua.duckdb", code, rows, as_of=as_of), store)

    # the helper scores every toan_tinh row against 0,5: dat when value >= 0,5
    # Hà Tĩnh: on time 3 of 4 = 75% (dat), field-group satisfaction 5 of 5 (dat) → 2 met, 0 unmet
    publish("42", [(OT, "2022", "toan_tinh", None, 3.0, 4.0), (BY_GROUP, "2022", "toan_tinh", None, 5.0, 5.0)])
    # Quảng Bình: 1 of 6 = 16,7% (chua_dat), as of 15/06/2022, 15 days behind the newest (30/06)
    publish("44", [(OT, "2022", "toan_tinh", None, 1.0, 6.0)], as_of=date(2022, 6, 15))
    # Nghệ An: 0 of 0, no value (khong_co_du_lieu): nothing judged, no score, not ranked
    publish("40", [(OT, "2022", "toan_tinh", None, 0.0, 0.0)])
    paths = data_paths(tmp_path / "national-data")
    return store, paths


def test_the_page_lists_every_province_with_status_date_freshness_targets_and_score(national, monkeypatch):
    store, paths = national
    monkeypatch.setenv(SITE_URL_SETTING, "../province={code}/site/index.html")
    done = rollup(store, paths, expected=["40", "42", "44", "46"])

    assert done["page_error"] is None and done["page"] == str(paths.national / "index.html")
    page = _parse((paths.national / "index.html").read_text(encoding="utf-8"))
    provinces = page.tables[0]
    assert provinces[0][:8] == [
        "Mã",
        "Tỉnh",
        "Trạng thái",
        "Số liệu đến",
        "Chậm (ngày)",
        "Chỉ tiêu đạt",
        "Chưa đạt",
        "Điểm",
    ]
    by_code = {row[0]: row for row in provinces[1:]}
    # 42: 2 met of 2 judged = 100,0%; 44: 0 of 1 = 0,0%, 15 days behind; 40: published, nothing judged
    assert by_code["42"][1:8] == ["Tỉnh Hà Tĩnh", "Đã công bố", "30/06/2022", "0", "2", "0", "100,0%"]
    assert by_code["44"][1:8] == ["Tỉnh Quảng Bình", "Đã công bố", "15/06/2022", "15", "0", "1", "0,0%"]
    assert by_code["40"][1:8] == ["Tỉnh Nghệ An", "Đã công bố", "30/06/2022", "0", "0", "0", "–"]
    # the province expected and absent: named, no figures, with the roll-up's reason
    assert by_code["46"][1:8] == ["Tỉnh Thừa Thiên Huế", "Chưa công bố", "–", "–", "–", "–", "–"]
    assert "không có province=46/published.json" in by_code["46"][8]
    # each province's name links to its own site, from the template
    assert page.links["Tỉnh Quảng Bình"] == "../province=44/site/index.html"
    assert page.links["Tỉnh Thừa Thiên Huế"] == "../province=46/site/index.html"


def test_the_common_metric_is_ranked_with_its_numerators_and_the_country_row(national):
    store, paths = national
    rollup(store, paths, expected=[])

    page = _parse((paths.national / "index.html").read_text(encoding="utf-8"))
    ranked = [t for t in page.tables if t[0] == ["Hạng", "Tỉnh", "Tử số", "Mẫu số", "Tỷ lệ"]]
    # one table: the field-group metric reads each plan's groups, it is not common, not ranked
    assert len(ranked) == 1
    assert ranked[0][1:] == [
        # the country: (3 + 1 + 0) / (4 + 6 + 0) = 4 / 10, never the mean of 75% and 16,7%
        ["", "Cả nước", "4", "10", "40,0%"],
        ["1", "Tỉnh Hà Tĩnh", "3", "4", "75,0%"],
        ["2", "Tỉnh Quảng Bình", "1", "6", "16,7%"],
        ["–", "Tỉnh Nghệ An", "0", "0", "–"],  # denominator 0: no value, no rank
    ]


def test_the_page_is_offline_with_inline_small_multiples_and_says_when_links_are_not_configured(national, monkeypatch):
    store, paths = national
    monkeypatch.delenv(SITE_URL_SETTING, raising=False)
    rollup(store, paths, expected=[])

    text = (paths.national / "index.html").read_text(encoding="utf-8")
    # the small multiples: an inline SVG (one panel per common ratio metric, here one)
    assert text.count("<svg") == 1 and "Tỷ lệ hồ sơ giải quyết đúng hạn" in text
    # nothing fetched from anywhere: no script, no linked style sheet, no remote source
    assert "<script" not in text and "<link" not in text and "@import" not in text
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", text)
    assert not re.search(r"""url\(\s*["']?https?://""", text)
    # no template: no province link, and the page says so
    assert "Chưa đặt MOTCUA_NATIONAL_SITE_URL_TEMPLATE" in text
    assert _parse(text).links == {"Toàn quốc": "index.html"}


def test_a_roll_up_without_any_publication_still_writes_a_page_naming_the_missing(tmp_path, folder_store):
    paths = data_paths(tmp_path / "national-data")
    store = open_store(folder_store)
    rollup(store, paths, expected=["42"])

    text = (paths.national / "index.html").read_text(encoding="utf-8")
    # 0 of 1 published; Hà Tĩnh named with its reason; nothing to rank, no chart
    assert "0 trên 1 tỉnh đã công bố" in text
    assert "không có province=42/published.json" in text
    assert "Chưa có chỉ số chung nào" in text and "<svg" not in text


def test_write_page_takes_the_template_given_over_the_setting(national, monkeypatch):
    store, paths = national
    monkeypatch.setenv(SITE_URL_SETTING, "https://example.invalid/{code}/")
    rollup(store, paths, expected=[])

    # given explicitly (a deployment's own layout), the template replaces the setting's
    write_page(paths.national_db, paths.national, template="/tinh/{code}/bao-cao/index.html")
    links = _parse((paths.national / "index.html").read_text(encoding="utf-8")).links
    assert links["Tỉnh Hà Tĩnh"] == "/tinh/42/bao-cao/index.html"


def test_motcua_national_rollup_writes_the_page(tmp_path, folder_store):
    store = open_store(folder_store)
    publish_province(
        curated_db(tmp_path / "p42" / "motcua.duckdb", "42", [(OT, "2022", "toan_tinh", None, 3.0, 4.0)]), store
    )
    national = tmp_path / "national-data"

    done = motcua("national", "rollup", "--store", folder_store, data=national)

    assert done.returncode == 0, done.stdout + done.stderr
    assert (national / "national" / "index.html").exists()
    assert "Trang toàn quốc:" in done.stdout


def test_a_common_count_is_ranked_as_a_number_without_denominator_and_has_no_panel(tmp_path, folder_store, monkeypatch):
    # no count of today's catalogue is common (the only one reads the plan): one is added
    def with_a_count():
        return {**metric_catalogue(), "x_count": Metric("x_count", "count", False, "f" * 64)}

    monkeypatch.setattr(publish_module, "metric_catalogue", with_a_count)
    monkeypatch.setattr(rollup_module, "metric_catalogue", with_a_count)
    store = open_store(folder_store)
    for code, count in (("42", 1200.0), ("44", 34.0)):
        db = curated_db(
            tmp_path / f"p{code}" / "motcua.duckdb", code, [("x_count", "2022", "toan_tinh", None, count, None)]
        )
        publish_province(db, store)
    paths = data_paths(tmp_path / "national-data")
    rollup(store, paths, expected=[])

    text = (paths.national / "index.html").read_text(encoding="utf-8")
    ranked = [t for t in _parse(text).tables if t[0] == ["Hạng", "Tỉnh", "Tử số", "Mẫu số", "Số lượng"]]
    # the country: 1.200 + 34 = 1.234 (Vietnamese thousands), no denominator, the count as value
    assert ranked == [
        [
            ["Hạng", "Tỉnh", "Tử số", "Mẫu số", "Số lượng"],
            ["", "Cả nước", "1.234", "–", "1.234"],
            ["1", "Tỉnh Hà Tĩnh", "1.200", "–", "1.200"],
            ["2", "Tỉnh Quảng Bình", "34", "–", "34"],
        ]
    ]
    # the small multiples are the ratios': a count has no panel, and here there is no ratio
    assert "<svg" not in text
