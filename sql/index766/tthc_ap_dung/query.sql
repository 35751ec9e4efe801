-- TTHC áp dụng tại mỗi đơn vị được đánh giá, theo kỳ (QĐ 766, docs/index-766.md §2 "Procedure sets").
-- Nguồn 1 (tthc_donvi): ảnh chụp TTHC_DONVI mới nhất có ngày xuất ≤ E, các dòng có đơn vị áp dụng
-- mà đơn vị được đánh giá là u (UBND huyện không gồm dòng của xã), trạng thái DVC khác Dừng công
-- khai; bỏ TTHC nội bộ theo danh mục của kỳ.
-- Nguồn 2 (danh_muc_theo_cap), chỉ khi chưa có ảnh chụp TTHC_DONVI nào ≤ E: các TTHC công khai của
-- danh mục kỳ có cấp thực hiện chứa cấp của u, chung cho mọi đơn vị được đánh giá của cấp đó.
WITH applied_snapshot AS (
    SELECT
        dim_period.period AS period_id,
        max(applied.ngay_xuat) AS ngay_xuat
    FROM dim_period
    INNER JOIN cur_tthc_donvi AS applied ON dim_period.effective_end >= applied.ngay_xuat
    GROUP BY dim_period.period
),

internal_procedure AS (
    SELECT DISTINCT
        period AS period_id,
        ma_tthc
    FROM catalog_of_period
    WHERE loai_tthc = 'noi_bo'
),

from_applied AS (
    SELECT DISTINCT
        applied_snapshot.period_id,
        applying_unit.eval_ma_don_vi AS ma_don_vi,
        applied.ma_tthc,
        'tthc_donvi' AS source,
        applied.ma_don_vi AS ma_don_vi_ap_dung,
        applied.muc_do,
        applied.trang_thai_dvc
    FROM applied_snapshot
    INNER JOIN cur_tthc_donvi AS applied ON applied_snapshot.ngay_xuat = applied.ngay_xuat
    INNER JOIN eval_unit AS applying_unit ON applied.ma_don_vi = applying_unit.ma_don_vi
    ANTI JOIN internal_procedure
        ON applied_snapshot.period_id = internal_procedure.period_id AND applied.ma_tthc = internal_procedure.ma_tthc
    WHERE
        applying_unit.eval_ma_don_vi IS NOT null
        AND coalesce(applied.trang_thai_dvc <> 'dung_cong_khai', true)
),

evaluated_unit AS (
    SELECT DISTINCT
        eval_ma_don_vi,
        eval_level
    FROM eval_unit
    WHERE eval_ma_don_vi IS NOT null
),

from_catalogue AS (
    SELECT DISTINCT
        catalogue.period AS period_id,
        evaluated_unit.eval_ma_don_vi AS ma_don_vi,
        catalogue.ma_tthc,
        'danh_muc_theo_cap' AS source,
        CAST(null AS VARCHAR) AS ma_don_vi_ap_dung,
        catalogue.muc_do,
        CAST(null AS VARCHAR) AS trang_thai_dvc
    FROM catalog_of_period AS catalogue
    INNER JOIN evaluated_unit ON catalogue.level = evaluated_unit.eval_level
    ANTI JOIN applied_snapshot ON catalogue.period = applied_snapshot.period_id
    WHERE catalogue.loai_tthc = 'tthc'
)

SELECT * FROM from_applied
UNION ALL
SELECT * FROM from_catalogue
