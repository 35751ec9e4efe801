"""public_posting_rate: hand-made cases over the catalogue world (tests/sql/worlds/catalog.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.sql.records import nvd
from tests.warehouse.helpers import AGENCIES, build_from_records, rows


@pytest.fixture(scope="module")
def con(catalog_con):
    return catalog_con


def test_public_posting_snapshot_choice_and_two_levels_once(con):
    # 2022-02 (S1): public X1 (tinh, huyen; posted), X2 (xa; not posted); internal I1 not public.
    # Province-wide X1 counts once: 1 / 2 (not 2 / 3); tinh 1/1, huyen 1/1, xa 0/1.
    assert nvd(con, "public_posting_rate", "2022-02") == (1, 2)
    assert nvd(con, "public_posting_rate", "2022-02", "tinh") == (1, 1)
    assert nvd(con, "public_posting_rate", "2022-02", "huyen") == (1, 1)
    assert nvd(con, "public_posting_rate", "2022-02", "xa") == (0, 1)
    # 2022-03 (S2): X1 0 (tinh, huyen), X2 1 (xa), X3 1 (huyen): 2 / 3; huyen: X1 0 + X3 1 = 1/2
    assert nvd(con, "public_posting_rate", "2022-03") == (2, 3)
    assert nvd(con, "public_posting_rate", "2022-03", "huyen") == (1, 2)
    # 2022-Q1: E = 31/03 -> S2, same as March
    assert nvd(con, "public_posting_rate", "2022-Q1") == (2, 3)
    # catalogue facts carry no agency
    assert (
        rows(
            con,
            "SELECT count(*) AS n FROM metric_facts WHERE metric_id = 'public_posting_rate' AND ma_don_vi IS NOT NULL",
        )[0]["n"]
        == 0
    )


def test_portal_list_alone_is_the_catalogue(tmp_path):
    # with only the portal's list (no province snapshot), it is the catalogue, as loaded:
    # 2 public procedures, none known to be posted -> public_posting_rate 0/2
    portal = [
        {"ngay_xuat": "2022-01-05", "ma_tthc": m, "ten_tthc": m, "loai_tthc": "tthc"} for m in ("1.000001", "1.000002")
    ]
    c = build_from_records(tmp_path, {"donvi": AGENCIES, "tthc": portal, "hoso": []}, as_of=date(2022, 1, 31))
    try:
        assert nvd(c, "public_posting_rate", "2022-01") == (0, 2)
    finally:
        c.close()
