-- The catalogue of each period P: the newest snapshot with ngay_xuat <= E (E = effective_end),
-- one row per procedure per level named in cap_thuc_hien (a procedure at two levels has two
-- rows; it counts once in each level and once province-wide). A procedure whose snapshot names
-- no level has one row with level NULL: it still counts province-wide (toan_tinh) but at no
-- level.
-- A snapshot made only of the national portal's list (DANH SÁCH THỦ TỤC HÀNH CHÍNH: no level,
-- no online level, no flag, no publication decision in any row) is not the province's
-- catalogue: it is chosen only when no province snapshot exists on or before E (warn check
-- catalog_portal_list_set_aside names such snapshots; the kind of each snapshot is decided once,
-- in catalog_snapshots).
WITH period_snapshot AS (
    SELECT
        dim_period.period,
        coalesce(
            max(snapshot.ngay_xuat) FILTER (WHERE snapshot.is_province_catalog), max(snapshot.ngay_xuat)
        ) AS ngay_xuat
    FROM dim_period
    INNER JOIN catalog_snapshots AS snapshot ON dim_period.effective_end >= snapshot.ngay_xuat
    GROUP BY dim_period.period
)

SELECT
    period_snapshot.period,
    catalog_entry.ngay_xuat,
    catalog_entry.ma_tthc,
    catalog_level.level,
    catalog_entry.ten_tthc,
    catalog_entry.ma_linh_vuc,
    catalog_entry.ten_linh_vuc,
    catalog_entry.loai_tthc,
    catalog_entry.muc_do,
    coalesce(catalog_entry.du_dieu_kien_truc_tuyen, false) AS du_dieu_kien_truc_tuyen,
    coalesce(catalog_entry.tich_hop_dvcqg, false) AS tich_hop_dvcqg,
    coalesce(catalog_entry.co_nghia_vu_tai_chinh, false) AS co_nghia_vu_tai_chinh,
    coalesce(catalog_entry.trien_khai_thanh_toan_truc_tuyen, false) AS trien_khai_thanh_toan_truc_tuyen,
    coalesce(catalog_entry.co_quy_trinh_noi_bo, false) AS co_quy_trinh_noi_bo,
    coalesce(catalog_entry.cong_khai_csdlqg, false) AS cong_khai_csdlqg,
    coalesce(catalog_entry.niem_yet, false) AS niem_yet,
    catalog_entry.so_qd_cong_bo,
    catalog_entry.ngay_qd_cong_bo,
    catalog_entry.ngay_hieu_luc_can_cu
FROM period_snapshot
INNER JOIN core_catalog_snapshot AS catalog_entry ON period_snapshot.ngay_xuat = catalog_entry.ngay_xuat
CROSS JOIN LATERAL (
    SELECT DISTINCT unnest(CASE
        WHEN len(catalog_entry.cap_thuc_hien) = 0 THEN [null::VARCHAR]
        ELSE catalog_entry.cap_thuc_hien
    END) AS level
) AS catalog_level
