"""4.2 Tỷ lệ hồ sơ TTHC thực hiện số hóa hồ sơ (docs/index-766-indicators-3-5.md, "4.2"; §8 A17)."""

from tests.sql.index766.worlds import TINH, fact, fact_counts


def test_submitted_files_and_the_result_once_resolved(rules):
    # Received in May at TINH: R1-R9, P1-P3, S1 = 13.
    #   R1 submitted file + resolved with a result file -> favourable
    #   R2 submitted file, resolved, paper-result TTHC, no result file -> not
    #   R3 submitted file, resolved, TTHC without paper result -> favourable
    #   R4 submitted file, open at E: the result waits (A17) -> favourable
    #   R5 only a deleted file, R6 a file without a path -> not
    #   R7-R9, P1-P3, S1 no TAILIEUNOP row -> not
    # -> 3/13
    assert fact_counts(rules, "ind_4_2", "2022-05", TINH) == (3, 13)
    favourable = {
        k: fact(rules, "ind_4_2", "2022-05", k)["is_favourable"] for k in ("R1", "R2", "R3", "R4", "R5", "R6")
    }
    assert favourable == {"R1": True, "R2": False, "R3": True, "R4": True, "R5": False, "R6": False}


def test_proxy_without_submitted_files(absent):
    # No TAILIEUNOP: (1) is co_thanh_phan_so_hoa = 1 -> A1 favourable (not resolved: no result
    # condition), A2 not; flagged proxy
    con, _ = absent
    assert fact_counts(con, "ind_4_2", "2022-05") == (1, 2)
    assert fact(con, "ind_4_2", "2022-05", "A1")["flags"] == ["proxy"]
