"""A night with a third of the usual dossiers warns (issue: nightly operations, data checks)."""

from datetime import date, datetime, timedelta

import pytest

from tests.warehouse import helpers as H


def _year_until(as_of: date, usual: int, tonight: int) -> list[dict]:
    """`usual` dossier versions on each working day of the 6 weeks before as_of, `tonight` on as_of."""
    recs, d, n = [], as_of - timedelta(days=42), 0
    while d <= as_of:
        if d.weekday() < 5:
            for _ in range(tonight if d == as_of else usual):
                n += 1
                t = datetime(d.year, d.month, d.day, 9)
                recs.append(H.hoso(f"H{n}", ngay_tiep_nhan=t, ngay_cap_nhat=t))
        d += timedelta(days=1)
    return recs


@pytest.mark.parametrize("tonight, warns", [(3, True), (4, False)])
def test_a_thin_night_warns(tmp_path, tonight, warns):
    # Wednesday 22/06/2022: the 20 working days before it (no holiday in between) carry 10 versions
    # each, median 10; 3 tonight is under a third (3 × 3 = 9 < 10) → warn; 4 (12 ≥ 10) does not.
    as_of = date(2022, 6, 22)
    con = H.build_from_records(tmp_path, {"hoso": _year_until(as_of, 10, tonight), "donvi": H.AGENCIES}, as_of=as_of)
    con.close()
    c = H.check(H.last_result, "night_volume_within_band")
    assert c["severity"] == "warn"
    assert bool(c["failing_rows"]) is warns


def test_unknown_procedure_and_orphan_steps_warn(tmp_path):
    # H1's procedure 1.001193 is in no catalogue, H2's 1.000001 is; step S of dossier H9 has no dossier.
    cat = [
        {
            "ngay_xuat": date(2022, 1, 1),
            "ma_tthc": "1.000001",
            "ten_tthc": "Thủ tục A",
            "cap_thuc_hien": ["tinh"],
            "loai_tthc": "tthc",
        }
    ]
    recs = {
        "hoso": [H.hoso("H1"), H.hoso("H2", ma_tthc="1.000001")],
        "donvi": H.AGENCIES,
        "tthc": cat,
        "tientrinh": [H.step("H9", 1, "tiep_nhan", datetime(2022, 3, 10, 8))],
    }
    H.build_from_records(tmp_path, recs, as_of=date(2022, 3, 31)).close()
    unknown = H.check(H.last_result, "unknown_procedure")
    assert unknown["failing_rows"] == 1 and unknown["sample"][0]["ma_tthc"] == "1.001193"
    assert H.check(H.last_result, "steps_of_unknown_dossier")["failing_rows"] == 1


def test_status_date_warn_check(resolved):
    _, res = resolved
    c = H.check(res, "resolved_status_without_end_date")
    assert c["severity"] == "warn" and c["failing_rows"] == 1 and c["sample"][0]["ma_ho_so"] == "T6"
    assert res.failed_checks == []


def test_transfer_with_missing_party_warns(circulation):
    _, res = circulation
    c = H.check(res, "transfer_party_missing")
    assert c["severity"] == "warn" and c["failing_rows"] == 1 and c["sample"][0]["ma_ho_so"] == "E5"
