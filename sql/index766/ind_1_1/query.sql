-- 1.1 Tỷ lệ TTHC công bố đúng hạn (docs/index-766.md §3): mẫu số = các TTHC (mã TTHC khác nhau)
-- có quyết định công bố (ngay_qd_cong_bo) trong kỳ, ≤ E, trên mọi bản xuất danh mục ≤ D, TTHC
-- công khai và nội bộ; tử số = những TTHC mà MỌI quyết định công bố trong kỳ có ngày ≤ ngày hiệu
-- lực của văn bản căn cứ − 5 ngày làm việc (wd_sub). Một quyết định muộn làm TTHC muộn cả kỳ;
-- không có ngày hiệu lực: không chứng minh được đúng hạn.
-- Đơn vị: cơ quan chủ trì công bố (ma_don_vi_chu_tri, bản xuất mới nhất có nó) qua eval_unit;
-- không có: bản ghi chỉ vào toàn tỉnh (ma_don_vi trống).
WITH publication AS (
    SELECT
        ma_tthc,
        ngay_qd_cong_bo,
        arg_max(ngay_hieu_luc_can_cu, ngay_xuat) AS ngay_hieu_luc_can_cu
    FROM core_catalog_snapshot
    WHERE ngay_qd_cong_bo IS NOT null
    GROUP BY ma_tthc, ngay_qd_cong_bo
),

lead_agency AS (
    SELECT
        ma_tthc,
        arg_max(ma_don_vi_chu_tri, ngay_xuat) AS ma_don_vi_chu_tri
    FROM core_catalog_snapshot
    WHERE ma_don_vi_chu_tri IS NOT null
    GROUP BY ma_tthc
),

procedure_in_period AS (
    SELECT
        dim_period.period AS period_id,
        publication.ma_tthc,
        bool_and(coalesce(publication.ngay_qd_cong_bo <= wd_sub(publication.ngay_hieu_luc_can_cu, 5), false))
            AS every_decision_on_time
    FROM publication
    INNER JOIN dim_period ON publication.ngay_qd_cong_bo BETWEEN dim_period.period_start AND dim_period.effective_end
    GROUP BY dim_period.period, publication.ma_tthc
)

SELECT
    '1.1' AS indicator_id,
    procedure_in_period.period_id,
    lead_unit.eval_ma_don_vi AS ma_don_vi,
    procedure_in_period.ma_tthc AS record_key,
    true AS in_denominator,
    procedure_in_period.every_decision_on_time AS is_favourable,
    CAST([] AS VARCHAR[]) AS flags
FROM procedure_in_period
LEFT JOIN lead_agency ON procedure_in_period.ma_tthc = lead_agency.ma_tthc
LEFT JOIN eval_unit AS lead_unit ON lead_agency.ma_don_vi_chu_tri = lead_unit.ma_don_vi
