"""4.5b Tỷ lệ hồ sơ TTHC sử dụng dữ liệu từ CSDL quốc gia về dân cư
(docs/index-766-indicators-3-5.md, "4.5b")."""

from tests.sql.index766.worlds import TINH, fact, fact_counts


def test_vneid_or_national_store(rules):
    # Received in May at TINH: 13; R1 (file from the national store), R8 and R9 (VNeID) -> 3/13
    assert fact_counts(rules, "ind_4_5b", "2022-05", TINH) == (3, 13)
    assert {k: fact(rules, "ind_4_5b", "2022-05", k)["is_favourable"] for k in ("R1", "R8", "R9", "R2")} == {
        "R1": True,
        "R8": True,
        "R9": True,
        "R2": False,
    }


def test_no_fact_without_its_inputs(absent):
    con, _ = absent
    assert con.execute("SELECT count(*) FROM ind_4_5b").fetchone()[0] == 0
