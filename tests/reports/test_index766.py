"""The "Chỉ số 766" page and the unit card (pipelines/reports/index766.py, notebooks/chi_so_766.py)
over example A/C with the Portal's scores (tests/sql/worlds/index766_portal.py; March 2022).

Figures worked out in tests/sql/worlds/index766.py and docs/index-766.md §7: X (commune) 2.1 39/45,
1.4 38/40; B (sở) 2.1 390/400; C (huyện) 2.1 50/60; the province 2.1 479/505 → lost 1,029703.
Nobody files online (kenh 2) or a digitised result, and the only commune has no certified copy:
the province loses all of 3.3 (6), 4.1 (6, proxy) and 4.6 (2)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines.reports import index766 as I
from pipelines.reports.nb import Ctx
from pipelines.reports.render import REPORTS, render_notebook
from tests.sql.worlds.index766 import B, C, X

P = "2022-03"


@pytest.fixture(scope="module")
def ctx(example_ac_portal):
    c = Ctx(example_ac_portal, P)
    yield c
    c.close()


def test_need_text_says_how_many_records_of_what():
    assert (
        I.need_text("UBND xã Sơn Hồng", "3.3", 9, [], 0.5)
        == "UBND xã Sơn Hồng: 9 hồ sơ trực tuyến có kết quả điện tử nữa để đạt ngưỡng 3.3 (50,0%)"
    )
    assert I.need_text("X", "2.1", 0, [], 1.0) == "X: đã đạt ngưỡng 2.1"
    # §5: the threshold of 3.3 out of reach without raising 1.4 (k empty, flag can_dong_bo)
    assert "nâng tỷ lệ hồ sơ đồng bộ" in I.need_text("X", "3.3", None, ["can_dong_bo"], 0.5)
    # a loss row without its indicator row (records of no unit) has NA flags: no flag, no error
    assert I.need_text("X", "2.1", 2, pd.NA, 1.0) == "X: 2 hồ sơ giải quyết đúng hạn nữa để đạt ngưỡng 2.1 (100,0%)"
    assert I.flag_list(np.array(["proxy"], dtype=object)) == ["proxy"] and I.flag_list(None) == []


def test_points_and_status_never_silent():
    assert I.points_text(95.2, 95.2, 100, 100) == "95,20/100"
    # an indicator without inputs: the total is over what could be computed, said in words
    assert I.points_text(None, 58.811111, 100, 78) == "58,81/78 (thiếu dữ liệu: chỉ tính trên 78 điểm)"
    assert I.points_text(None, None, 100, None) == "không có dữ liệu"
    assert I.status_html("tinh_diem", 0.3) == '<span class="status-chua_dat">✗ Mất điểm</span>'
    assert I.status_html("tinh_diem", 0.0) == '<span class="status-dat">✓ Đủ điểm</span>'
    assert "Thiếu dữ liệu" in I.status_html("thieu_du_lieu", None)
    assert "Chỉ hiển thị" in I.status_html("tinh_diem", 0.0, 0.0)  # 2.2 has no points: never "Đủ điểm"
    assert I.ratio_text(39, 45, 39 / 45) == "39/45 = 86,7%"


def test_the_unit_losses_share_the_province_loss_exactly(ctx):
    cu = I.costly_units(ctx, P, n=100)
    ind = I.indicators(ctx, P)
    lost = ind[ind["status"] == "tinh_diem"]["points_lost"].sum()
    # 3.3 6 + 4.1 6 + 4.6 2 + 2.1 1,029703 + 1.4 6 × 2/500 = 0,024 → 15,053703
    assert lost == pytest.approx(15.053703, abs=1e-6)
    assert cu["diem_tinh_mat"].sum() == pytest.approx(lost, abs=1e-9)
    x = cu[cu["ma_don_vi"] == X].iloc[0]
    # X's share of 2.1 alone is 1,029703 × 6/26 = 0,237624 (example C); its largest is elsewhere
    assert x["chi_so_mat_nhieu_nhat"] != "2.1"
    assert cu.iloc[0]["ma_don_vi"] == B  # B has the most dossiers, hence the most unfavourable ones


def test_ranking_keeps_small_units_apart(ctx):
    ranked, few = I.ranking(ctx, P, min_records=50)
    # 2.1 populations: B 400, C 60, X 45 → X (45 < 50) is listed apart, never ranked
    assert list(ranked["ma_don_vi"]) == [B, C] and list(ranked["hang"]) == [1, 2]
    assert list(few["ma_don_vi"]) == [X] and list(few["so_ho_so"]) == [45]
    ranked, few = I.ranking(ctx, P, min_records=30)
    assert len(few) == 0 and set(ranked["ma_don_vi"]) == {B, C, X}
    # best first by points over the computed maximum
    share = list(ranked["ty_le_diem"])
    assert share == sorted(share, reverse=True)


def test_unit_card(ctx):
    card = I.unit_card_html(ctx, X)
    assert "Tổng điểm" in card and "thiếu dữ liệu" in card
    assert "39/45 = 86,7%" in card and "38/40 = 95,0%" in card
    assert "6 hồ sơ giải quyết đúng hạn nữa để đạt ngưỡng 2.1" in card  # k = 45 − 39
    assert "2 hồ sơ đồng bộ lên Cổng DVCQG nữa để đạt ngưỡng 1.4" in card  # k = 40 − 38
    # 3.3 with its multiplier: ceil((50 · 38 · 40 − 100 · 0 · 38) / (100 · 38)) = 20
    assert "20 hồ sơ trực tuyến có kết quả điện tử nữa để đạt ngưỡng 3.3" in card
    assert "Thiếu dữ liệu: " in card  # 4.2… with the reason of metric_data_gaps
    assert "Không có dữ liệu chỉ số 766" in I.unit_card_html(ctx, "000.99.99.H27")


def test_page_is_registered_and_renders(example_ac_portal, tmp_path):
    assert "chi_so_766" in {r.slug for r in REPORTS}
    out = tmp_path / "chi_so_766.html"
    res = render_notebook("chi_so_766", example_ac_portal, out, {"period": P, "min_ho_so": 50}, "Chỉ số 766")
    assert res["ok"], res
    page = out.read_text(encoding="utf-8")
    assert "Traceback" not in page and "Error" not in page
    assert "Điểm theo nhóm" in page and "Đơn vị làm tỉnh mất nhiều điểm nhất" in page
    assert "Đơn vị có dưới 50 hồ sơ (không xếp hạng)" in page and "UBND xã Cẩm Bình" in page
    assert "Gắn đơn vị: 10 hồ sơ" in page  # the reconciliation table
    assert "<svg" in page  # the charts


def test_unit_page_shows_its_card(example_ac_portal, tmp_path):
    out = tmp_path / "don_vi.html"
    res = render_notebook("don_vi", example_ac_portal, out, {"period": P, "ma_don_vi": C}, "Đơn vị")
    assert res["ok"], res
    page = out.read_text(encoding="utf-8")
    assert "Chỉ số 766 (Tháng 03/2022)" in page and "Traceback" not in page
    assert "10 hồ sơ giải quyết đúng hạn nữa để đạt ngưỡng 2.1" in page  # C: 60 − 50
    assert Path(out).exists()
