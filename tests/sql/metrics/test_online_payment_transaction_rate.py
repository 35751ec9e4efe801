"""online_payment_transaction_rate: hand-made cases over the catalogue world (tests/sql/worlds/catalog.py)
and over a world where a procedure's online payment flag changes during the year."""

from __future__ import annotations

from datetime import date

import pytest

from tests.sql.records import nvd, thanhtoan, tthc
from tests.warehouse.helpers import AGENCIES, HUYEN, TINH, build_from_records, facts, hoso, rows


@pytest.fixture(scope="module")
def con(catalog_con):
    return catalog_con


def test_online_payment_transactions(con):
    # 2022-02: T1 (online) and T2 (cash) for X1 (online payment deployed in S1); T3 failed,
    # T4 for X2 (not deployed), T5 orphan -> 1/2
    assert nvd(con, "online_payment_transaction_rate", "2022-02") == (1, 2)
    # 2022-03: T6 online for X1 (deployed in S2), at huyen -> 1/1; Q1 2/3
    assert nvd(con, "online_payment_transaction_rate", "2022-03", "huyen") == (1, 1)
    assert nvd(con, "online_payment_transaction_rate", "2022-Q1") == (2, 3)
    # the orphan is listed for quarantine, with its file and row
    orphans = rows(con, "SELECT ma_giao_dich, ma_ho_so, _file_id, _row FROM orphan_thanhtoan")
    assert orphans == [{"ma_giao_dich": "T5", "ma_ho_so": "NOPE", "_file_id": "test-thanhtoan", "_row": 5}]


# ----------------------------------------------------------------------------- catalogue in force
#
# A procedure's flag changes during the year. S1 exported 15/01/2022: P1 (1.000001) online payment
# not deployed, P2 (1.000002) deployed. S2 exported 20/03/2022: P1 deployed, P2 no longer. The
# national portal's list of 10/04/2022 (no flag at all) is not the province's catalogue: set
# aside, S2 stays in force. A payment is judged by the catalogue in force on its date: the newest
# snapshot exported on or before it; before 15/01, S1 (the first).
# P1's dossier H1 is at the tinh agency, P2's dossier H2 at the huyen one.
S1, S2, PORTAL = "2022-01-15", "2022-03-20", "2022-04-10"
P1, P2 = "1.000001", "1.000002"
SHIFT_CATALOG = [
    tthc(S1, P1, ["tinh"], co_nghia_vu_tai_chinh=True),
    tthc(S1, P2, ["huyen"], co_nghia_vu_tai_chinh=True, trien_khai_thanh_toan_truc_tuyen=True),
    tthc(S2, P1, ["tinh"], co_nghia_vu_tai_chinh=True, trien_khai_thanh_toan_truc_tuyen=True),
    tthc(S2, P2, ["huyen"], co_nghia_vu_tai_chinh=True),
    {"ngay_xuat": PORTAL, "ma_tthc": P1, "ten_tthc": "Thủ tục 1.000001", "loai_tthc": "tthc"},
    {"ngay_xuat": PORTAL, "ma_tthc": P2, "ten_tthc": "Thủ tục 1.000002", "loai_tthc": "tthc"},
]
SHIFT_DOSSIERS = [
    hoso("H1", "2022-01-03 08:00", ma_don_vi=TINH, ma_tthc=P1),
    hoso("H2", "2022-01-03 08:00", ma_don_vi=HUYEN, ma_tthc=P2),
]
SHIFT_PAYMENTS = [
    thanhtoan("A", "H2", "2022-01-05 09:00", 1),  # before S1 -> S1: P2 deployed; online: 1/1
    thanhtoan("B", "H1", "2022-01-10 09:00", 3),  # before S1 -> S1: P1 not deployed: out
    thanhtoan("C", "H1", "2022-03-19 09:00", 3),  # S1 in force (S2 comes the next day): out
    thanhtoan("D", "H1", "2022-03-20 09:00", 2),  # S2 in force on its own export day: online 1/1
    thanhtoan("E", "H2", "2022-03-19 09:00", 3),  # S1: P2 deployed; cash 0/1
    thanhtoan("F", "H2", "2022-03-21 09:00", 1),  # S2: P2 no longer deployed: out
    thanhtoan("G", "H1", "2022-04-12 09:00", 4),  # S2 (the portal list is set aside): POS 0/1
    thanhtoan("H", "H1", "2022-05-02 09:00", 1, "that_bai"),  # failed: out
]


@pytest.fixture(scope="module")
def shift(tmp_path_factory):
    c = build_from_records(
        tmp_path_factory.mktemp("payshift"),
        {"donvi": AGENCIES, "tthc": SHIFT_CATALOG, "hoso": SHIFT_DOSSIERS, "thanhtoan": SHIFT_PAYMENTS},
        as_of=date(2022, 6, 30),
    )
    yield c
    c.close()


def test_a_payment_is_judged_by_the_catalogue_in_force_on_its_date(shift):
    counted = {r["unit_id"]: r["num"] for r in facts(shift, "online_payment_transaction_rate", "2022")}
    assert counted == {"A": 1, "D": 1, "E": 0, "G": 0}
    # January: A -> 1/1; February: nothing; March: D (online) and E (cash) -> 1/2; April: G -> 0/1
    assert nvd(shift, "online_payment_transaction_rate", "2022-01") == (1, 1)
    assert nvd(shift, "online_payment_transaction_rate", "2022-02") == (0, 0)
    assert nvd(shift, "online_payment_transaction_rate", "2022-03") == (1, 2)
    assert nvd(shift, "online_payment_transaction_rate", "2022-04") == (0, 1)
    assert nvd(shift, "online_payment_transaction_rate", "2022-05") == (0, 0)
    # Q1 = A, D, E -> 2/3; Q2 = G -> 0/1; 2022 = 2/4. With the catalogue of P (the old rule) the
    # year took S2 for every payment: B, C, D, G -> 1/4, while its months summed to 2/4.
    assert nvd(shift, "online_payment_transaction_rate", "2022-Q1") == (2, 3)
    assert nvd(shift, "online_payment_transaction_rate", "2022-Q2") == (0, 1)
    assert nvd(shift, "online_payment_transaction_rate", "2022") == (2, 4)
    # by level: tinh (P1) = D, G -> 1/2; huyen (P2) = A, E -> 1/2
    assert nvd(shift, "online_payment_transaction_rate", "2022", "tinh") == (1, 2)
    assert nvd(shift, "online_payment_transaction_rate", "2022", "huyen") == (1, 2)


def test_catalogue_spans(shift):
    # S1 in force up to 19/03, and before its own export (before the first snapshot, the first
    # one: in_force_from empty); S2 from 20/03 until further notice; the portal list of 10/04 is
    # not in the chain (set aside)
    spans = {
        str(r["ngay_xuat"]): (r["is_province_catalog"], r["in_force_chain"], r["in_force_from"], r["in_force_to"])
        for r in rows(shift, "SELECT * FROM catalog_snapshots")
    }
    assert spans == {
        S1: (True, True, None, date(2022, 3, 19)),
        S2: (True, True, date(2022, 3, 20), None),
        PORTAL: (False, False, None, None),
    }


def test_months_add_up_to_quarters_and_year(shift):
    # at every level and unit, the additivity check finds nothing (sql/core/metric_values_t/checks.sql)
    from tests.sql.core.test_additivity_check import offending

    assert offending(shift) == []
