"""4.6 Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính
(docs/index-766-indicators-3-5.md, "4.6")."""

from tests.sql.index766.worlds import XA, XA2, fact, fact_counts


def test_communes_with_an_electronic_certified_copy(rules):
    # Communes: XA and XA2 (d = 2, one fact each per period). Q_COPY is named "Chứng thực bản sao
    # từ bản chính …" in the catalogue. XA's C1 has a result file -> 1; XA2's C2 has only
    # da_so_hoa_ket_qua (GIAYTOKETQUA is delivered, so the proxy is not used) -> 0
    assert fact_counts(rules, "ind_4_6", "2022-05") == (1, 2)
    assert fact(rules, "ind_4_6", "2022-05", XA)["is_favourable"] is True
    assert fact(rules, "ind_4_6", "2022-05", XA2)["is_favourable"] is False
    # a commune is its own unit; June has no dossier: 0/2
    assert fact_counts(rules, "ind_4_6", "2022-05", XA) == (1, 1)
    assert fact_counts(rules, "ind_4_6", "2022-06") == (0, 2)


def test_only_communes(rules):
    levels = rules.execute(
        "SELECT DISTINCT a.level FROM ind_4_6 AS f JOIN dim_agency AS a ON f.ma_don_vi = a.ma_don_vi"
    ).fetchall()
    assert levels == [("xa",)]
