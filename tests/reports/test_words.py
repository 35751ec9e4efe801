"""Words for codes (pipelines/reports/words.py), read from the plan the warehouse loaded."""

from __future__ import annotations

import duckdb

from pipelines.reports.words import Words, field_group_label
from pipelines.settings import PLANS_DIR
from pipelines.warehouse.plan import load_plans


def test_a_field_group_is_named_by_the_words_its_field_names_share():
    # all names start with "đầu tư" → "đầu tư"
    assert (
        field_group_label(["đầu tư tại việt nam", "đầu tư vào nông nghiệp, nông thôn", "đầu tư bằng vốn"]) == "đầu tư"
    )
    # no common start: the shortest name found inside most names ("xây dựng" is in 3 of 4,
    # "nhà ở" only in itself, though shorter)
    assert field_group_label(["xây dựng", "hoạt động xây dựng", "quy hoạch xây dựng, kiến trúc", "nhà ở"]) == "xây dựng"
    assert field_group_label(["đất đai"]) == "đất đai"
    assert field_group_label([]) == ""


def test_words_of_the_hatinh_plan():
    con = duckdb.connect()
    load_plans(con, [PLANS_DIR / "hatinh-2022.yaml"])
    w = Words(con, "hatinh-2022")
    # an id is printed with its short name
    assert w.target("P2.2") == "P2.2 Số hóa kết quả giải quyết: tỉnh 50%, huyện 40%, xã 35%"
    assert w.target("TD.1") == "TD.1 Tỷ lệ hồ sơ giải quyết đúng hạn"
    # field groups in words; an activity code is its target's name, and nothing beside its own target
    assert w.group("xay_dung", "P2.6b") == "nhóm lĩnh vực xây dựng"
    assert w.group("dat_dai") == "nhóm lĩnh vực đất đai"
    assert w.group("danh_gia_tac_dong") == "Đánh giá tác động TTHC trong dự thảo văn bản QPPL"
    assert w.group("danh_gia_tac_dong", "P1.I.4") == ""
    assert w.group(None, "P2.1") == "" and w.group("P2.7", "P2.7") == ""
    # levels: the contract's names when dim_level is not there
    assert w.level("huyen") == "Cấp huyện"
