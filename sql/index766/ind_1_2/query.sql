-- 1.2 Tỷ lệ TTHC được cập nhật, công khai đúng hạn (docs/index-766.md §3), trên danh mục của kỳ
-- (bản xuất mới nhất ≤ E): mẫu số = TTHC đang công khai (kể cả sửa đổi bổ sung) hoặc bãi bỏ mà
-- ngày công khai trên CSDLQG trong kỳ, cộng TTHC chưa công khai có quyết định công bố mà ngày QĐ
-- + 5 ngày làm việc ≤ E (đến hạn mà chưa công khai: muộn); tử số = những TTHC có ngày công khai ≤
-- ngày QĐ công bố + 5 ngày làm việc (wd_add). Đơn vị như 1.1 (cơ quan chủ trì công bố).
WITH catalogue_of_period AS (
    SELECT DISTINCT
        period AS period_id,
        ngay_xuat,
        ma_tthc
    FROM catalog_of_period
),

procedure_at_e AS (
    SELECT
        catalogue_of_period.period_id,
        dim_period.period_start,
        dim_period.effective_end,
        entry.ma_tthc,
        entry.trang_thai_cong_khai,
        entry.ngay_cong_khai_csdlqg,
        entry.ngay_qd_cong_bo,
        entry.ma_don_vi_chu_tri,
        wd_add(entry.ngay_qd_cong_bo, 5) AS publicise_by
    FROM catalogue_of_period
    INNER JOIN dim_period ON catalogue_of_period.period_id = dim_period.period
    INNER JOIN core_catalog_snapshot AS entry
        ON catalogue_of_period.ngay_xuat = entry.ngay_xuat AND catalogue_of_period.ma_tthc = entry.ma_tthc
),

due_in_period AS (
    SELECT
        *,
        coalesce(ngay_cong_khai_csdlqg <= publicise_by, false) AS on_time
    FROM procedure_at_e
    WHERE
        (
            trang_thai_cong_khai IN ('dang_cong_khai', 'dang_cong_khai_sua_doi_bo_sung', 'bai_bo')
            AND ngay_cong_khai_csdlqg BETWEEN period_start AND effective_end
        )
        OR (trang_thai_cong_khai = 'chua_cong_khai' AND publicise_by <= effective_end)
)

SELECT
    '1.2' AS indicator_id,
    due_in_period.period_id,
    lead_unit.eval_ma_don_vi AS ma_don_vi,
    due_in_period.ma_tthc AS record_key,
    true AS in_denominator,
    due_in_period.on_time AS is_favourable,
    CAST([] AS VARCHAR[]) AS flags
FROM due_in_period
LEFT JOIN eval_unit AS lead_unit ON due_in_period.ma_don_vi_chu_tri = lead_unit.ma_don_vi
