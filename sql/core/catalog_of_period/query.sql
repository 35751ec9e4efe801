-- The catalogue of each period P: the newest snapshot with ngay_xuat <= E (E = effective_end),
-- one row per procedure per level named in cap_thuc_hien (a procedure at two levels has two
-- rows; it counts once in each level and once province-wide). A procedure whose snapshot names
-- no level has one row with level NULL: it still counts province-wide (toan_tinh) but at no
-- level.
-- A snapshot made only of the national portal's list (DANH SÁCH THỦ TỤC HÀNH CHÍNH: no level,
-- no online level, no flag, no publication decision in any row) is not the province's
-- catalogue: it is chosen only when no province snapshot exists on or before E (warn check
-- catalog_portal_list_set_aside names such snapshots).
WITH kinds AS (
    SELECT
        ngay_xuat,
        bool_or(
            len(cap_thuc_hien) > 0 OR muc_do IS NOT null
            OR du_dieu_kien_truc_tuyen IS NOT null OR tich_hop_dvcqg IS NOT null
            OR co_nghia_vu_tai_chinh IS NOT null OR trien_khai_thanh_toan_truc_tuyen IS NOT null
            OR co_quy_trinh_noi_bo IS NOT null OR cong_khai_csdlqg IS NOT null
            OR niem_yet IS NOT null OR ngay_qd_cong_bo IS NOT null
        ) AS is_province
    FROM core_catalog_snapshot
    GROUP BY ngay_xuat
),

snap AS (
    SELECT
        p.period,
        coalesce(max(k.ngay_xuat) FILTER (WHERE k.is_province), max(k.ngay_xuat)) AS ngay_xuat
    FROM dim_period AS p
    INNER JOIN kinds AS k ON p.effective_end >= k.ngay_xuat
    GROUP BY p.period
)

SELECT
    s.period,
    c.ngay_xuat,
    c.ma_tthc,
    lv.level,
    c.ten_tthc,
    c.ma_linh_vuc,
    c.ten_linh_vuc,
    c.loai_tthc,
    c.muc_do,
    coalesce(c.du_dieu_kien_truc_tuyen, false) AS du_dieu_kien_truc_tuyen,
    coalesce(c.tich_hop_dvcqg, false) AS tich_hop_dvcqg,
    coalesce(c.co_nghia_vu_tai_chinh, false) AS co_nghia_vu_tai_chinh,
    coalesce(c.trien_khai_thanh_toan_truc_tuyen, false) AS trien_khai_thanh_toan_truc_tuyen,
    coalesce(c.co_quy_trinh_noi_bo, false) AS co_quy_trinh_noi_bo,
    coalesce(c.cong_khai_csdlqg, false) AS cong_khai_csdlqg,
    coalesce(c.niem_yet, false) AS niem_yet,
    c.so_qd_cong_bo,
    c.ngay_qd_cong_bo,
    c.ngay_hieu_luc_can_cu
FROM snap AS s
INNER JOIN core_catalog_snapshot AS c ON s.ngay_xuat = c.ngay_xuat
CROSS JOIN LATERAL (
    SELECT DISTINCT unnest(CASE
        WHEN len(c.cap_thuc_hien) = 0 THEN [null::VARCHAR]
        ELSE c.cap_thuc_hien
    END) AS level
) AS lv
