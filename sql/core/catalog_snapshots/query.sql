-- Every TTHC catalogue snapshot known at D (one row per ngay_xuat), what kind it is and when it
-- is in force.
-- is_province_catalog: a snapshot made only of the national portal's list (DANH SÁCH THỦ TỤC
-- HÀNH CHÍNH: no level, no online level, no flag, no publication decision in any row) is not the
-- province's catalogue (catalog_of_period sets it aside while a province snapshot exists).
-- in_force_chain, in_force_from, in_force_to: the days on which this snapshot is "the catalogue in
-- force on a record's date" (metrics.md, online_payment_transaction_rate: the newest snapshot with
-- ngay_xuat <= that date; before the first snapshot, the first one), so that a record is judged by
-- one catalogue whatever the period it is counted in, and months add up to the year. The chain
-- is made of the province snapshots (of every snapshot when there is none): each is in force
-- from its ngay_xuat to the day before the next one; the first also on every earlier day
-- (in_force_from NULL), the newest until further notice (in_force_to NULL). A portal list set
-- aside is not in the chain. (NULL, not ±infinity: the inspectors' clients cannot convert an
-- infinite DATE.)
WITH kinds AS (
    SELECT
        ngay_xuat,
        count(*) AS so_tthc,
        bool_or(
            len(cap_thuc_hien) > 0 OR muc_do IS NOT null
            OR du_dieu_kien_truc_tuyen IS NOT null OR tich_hop_dvcqg IS NOT null
            OR co_nghia_vu_tai_chinh IS NOT null OR trien_khai_thanh_toan_truc_tuyen IS NOT null
            OR co_quy_trinh_noi_bo IS NOT null OR cong_khai_csdlqg IS NOT null
            OR niem_yet IS NOT null OR ngay_qd_cong_bo IS NOT null
        ) AS is_province_catalog
    FROM core_catalog_snapshot
    GROUP BY ngay_xuat
),

chain AS (
    SELECT kinds.ngay_xuat
    FROM kinds
    WHERE
        kinds.is_province_catalog
        OR NOT EXISTS (
            SELECT 1 FROM kinds AS province
            WHERE province.is_province_catalog
        )
),

spans AS (
    SELECT
        ngay_xuat,
        CASE WHEN row_number() OVER (ORDER BY ngay_xuat) > 1 THEN ngay_xuat END AS in_force_from,
        CAST(lead(ngay_xuat) OVER (ORDER BY ngay_xuat) - INTERVAL 1 DAY AS DATE) AS in_force_to
    FROM chain
)

SELECT
    kinds.ngay_xuat,
    kinds.so_tthc,
    kinds.is_province_catalog,
    spans.ngay_xuat IS NOT null AS in_force_chain,
    spans.in_force_from,
    spans.in_force_to
FROM kinds
LEFT JOIN spans ON kinds.ngay_xuat = spans.ngay_xuat
ORDER BY kinds.ngay_xuat
