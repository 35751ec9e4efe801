"""The first screen's rows (nb.where_we_are) on the report fixture, with the numbers worked by
hand from the fixture's scorecard rows (each input asserted before it is used)."""

from __future__ import annotations

import pytest

from pipelines.reports import nb


@pytest.fixture(scope="module")
def ctx(fixture_db):
    c = nb.Ctx(fixture_db, "2022")
    yield c
    c.close()


def test_unmet_rows_first_by_gap_with_what_is_still_needed(ctx):
    w = nb.where_we_are(ctx)
    unmet = w[w["unmet"]]
    assert len(unmet) >= 5 and not w[~w["unmet"]].empty
    # unmet first, then met; the unmet by gap, the largest first
    assert list(w["unmet"]) == sorted(w["unmet"], reverse=True)
    assert list(unmet["gap"]) == sorted(unmet["gap"], reverse=True)
    p21 = unmet[unmet["target_id"] == "P2.1"].iloc[0]
    # P2.1: 25/41 = 61,0% against 70%: gap 0,70 − 0,6098 = 0,0902 (9,0 points);
    # still needed (0,7·41 − 25)/(1 − 0,7) = 3,7/0,3 = 12,33 → 13 records
    assert (p21["numerator"], p21["denominator"], p21["threshold"]) == (25, 41, 0.70)
    assert p21["gap"] == pytest.approx(0.70 - 25 / 41)
    assert p21["con_thieu_txt"] == "13 hồ sơ luân chuyển hoàn toàn điện tử"
    assert p21["nhan"] == "P2.1 70% hồ sơ luân chuyển nội bộ bằng phương thức điện tử"


def test_the_units_that_would_close_the_gap_follow_the_ranking_rule(ctx, monkeypatch):
    monkeypatch.delenv("MOTCUA_RANK_MIN_RECORDS", raising=False)
    w = nb.where_we_are(ctx)
    p24a = w[(w["target_id"] == "P2.4a")].iloc[0]
    units = nb.unit_rows(ctx, "P2.4a")
    by_name = {r["ten_don_vi"]: (r["numerator"], r["denominator"]) for r in units.to_dict("records")}
    # P2.4a asks 100%: no record to come reaches it, the unfavourable ones must be set right:
    # Sở Tư pháp 11/30 → 19, UBND huyện Cẩm Xuyên 11/20 → 9 (both have ≥ 20 records)
    assert by_name["Sở Tư pháp"] == (11, 30) and by_name["UBND huyện Cẩm Xuyên"] == (11, 20)
    assert p24a["don_vi_bu"] == (
        "Sở Tư pháp: còn thiếu 19 hồ sơ được cập nhật lên hệ thống; "
        "UBND huyện Cẩm Xuyên: còn thiếu 9 hồ sơ được cập nhật lên hệ thống"
    )
    # P2.1's units have 6 to 12 records each: none is ranked, the page says so
    p21 = w[(w["target_id"] == "P2.1")].iloc[0]
    assert p21["don_vi_bu"] == "không đơn vị nào đủ 20 bản ghi để xếp hạng"
    # with a minimum of 5 records, the communes come in, named with their district, and the
    # district's office, above 70% (6/7 = 85,7%), never does
    monkeypatch.setenv("MOTCUA_RANK_MIN_RECORDS", "5")
    p21 = nb.where_we_are(ctx).query("target_id == 'P2.1'").iloc[0]
    # xã Cẩm Nhượng 3/9: (6,3 − 3)/0,3 = 11; Sở Xây dựng 4/7: (4,9 − 4)/0,3 = 3; xã Cẩm Bình 8/12:
    # (8,4 − 8)/0,3 = 1,33 → 2; Sở Tư pháp 4/6: (4,2 − 4)/0,3 = 0,67 → 1 (fourth: not shown)
    assert p21["don_vi_bu"] == (
        "xã Cẩm Nhượng (huyện Cẩm Xuyên): còn thiếu 11 hồ sơ luân chuyển hoàn toàn điện tử; "
        "Sở Xây dựng: còn thiếu 3 hồ sơ luân chuyển hoàn toàn điện tử; "
        "xã Cẩm Bình (huyện Cẩm Xuyên): còn thiếu 2 hồ sơ luân chuyển hoàn toàn điện tử"
    )
    assert "Cẩm Xuyên:" not in p21["don_vi_bu"]
