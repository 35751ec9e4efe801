-- Điểm mất và phần của từng đơn vị trong điểm mất của tỉnh (docs/index-766.md §5), cho mỗi phiên
-- bản, kỳ, chỉ số và mỗi đơn vị thuộc toàn tỉnh (cùng dòng khong_gan_don_vi: bản ghi không gắn được
-- đơn vị, để các phần cộng đủ điểm mất của tỉnh).
-- unfavourable_u = d_u − n_u: bản ghi của u trong tập của tỉnh chưa thuận lợi; chỉ số có hệ số nhân
-- (3.3 × 1.4): d của chỉ số nhân − n (tỷ lệ là n ÷ hồ sơ tiếp nhận, nên hồ sơ chưa đồng bộ cũng làm
-- mất điểm).
-- share_of_province_loss_u = điểm mất của tỉnh × unfavourable_u ÷ Σ_v unfavourable_v: cộng đúng bằng
-- điểm mất của tỉnh (0 cho mọi đơn vị khi tỉnh đạt ngưỡng).
-- province_gain_if_fixed_u = điểm tỉnh(N + unfavourable_u, D) − điểm tỉnh(N, D), mẫu số giữ
-- nguyên (tỷ lệ tỉnh = N ÷ D', D' = D ÷ hệ số nhân).
WITH province AS (
    SELECT
        version,
        period,
        indicator_id,
        numerator,
        denominator,
        multiplier,
        threshold,
        max_points,
        points,
        points_lost,
        status
    FROM index766_indicator
    WHERE level = 'toan_tinh'
),

member_unit AS (
    SELECT DISTINCT member_ma_don_vi AS ma_don_vi FROM index766_scope
    WHERE level = 'toan_tinh' AND member_ma_don_vi IS NOT null
),

unit_row AS (
    SELECT
        indicator.version,
        indicator.period,
        indicator.indicator_id,
        indicator.level,
        indicator.ma_don_vi,
        indicator.numerator,
        indicator.denominator,
        indicator.points,
        indicator.max_points,
        indicator.points_lost,
        indicator.k_to_threshold,
        indicator.status
    FROM index766_indicator AS indicator
    SEMI JOIN member_unit ON indicator.ma_don_vi = member_unit.ma_don_vi
    WHERE indicator.level NOT IN ('toan_tinh', 'dia_ban_huyen')
    UNION ALL
    SELECT
        province.version,
        province.period,
        province.indicator_id,
        'khong_gan_don_vi' AS level,
        CAST(null AS VARCHAR) AS ma_don_vi,
        coalesce(unattributed.numerator, 0) AS numerator,
        coalesce(unattributed.denominator, 0) AS denominator,
        CAST(null AS DOUBLE) AS points,
        province.max_points,
        CAST(null AS DOUBLE) AS points_lost,
        CAST(null AS BIGINT) AS k_to_threshold,
        CAST(null AS VARCHAR) AS status
    FROM province
    INNER JOIN index766_counts AS unattributed
        ON
            province.period = unattributed.period_id AND province.indicator_id = unattributed.indicator_id
            AND unattributed.level = 'khong_gan_don_vi'
),

with_unfavourable AS (
    SELECT
        unit_row.*,
        greatest(
            0,
            CASE
                WHEN weight.multiplier IS null THEN unit_row.denominator
                ELSE coalesce(multiplier_counts.denominator, 0)
            END - unit_row.numerator
        ) AS unfavourable
    FROM unit_row
    INNER JOIN index766_weights AS weight
        ON unit_row.version = weight.version AND unit_row.indicator_id = weight.indicator_id
    LEFT JOIN index766_counts AS multiplier_counts
        ON
            unit_row.period = multiplier_counts.period_id AND weight.multiplier = multiplier_counts.indicator_id
            AND unit_row.level = multiplier_counts.level
            AND unit_row.ma_don_vi IS NOT DISTINCT FROM multiplier_counts.ma_don_vi
),

with_totals AS (
    SELECT
        with_unfavourable.*,
        sum(with_unfavourable.unfavourable) OVER (
            PARTITION BY with_unfavourable.version, with_unfavourable.period, with_unfavourable.indicator_id
        ) AS province_unfavourable
    FROM with_unfavourable
)

SELECT
    with_totals.version,
    with_totals.period,
    with_totals.indicator_id,
    with_totals.level,
    with_totals.ma_don_vi,
    with_totals.numerator,
    with_totals.denominator,
    with_totals.points,
    with_totals.max_points,
    with_totals.points_lost,
    with_totals.k_to_threshold,
    with_totals.unfavourable,
    CASE
        WHEN province.points_lost IS null THEN null
        WHEN province.points_lost = 0 OR with_totals.province_unfavourable = 0 THEN 0.0
        ELSE province.points_lost * with_totals.unfavourable / with_totals.province_unfavourable
    END AS share_of_province_loss,
    CASE
        WHEN province.points IS null THEN null
        WHEN province.status <> 'tinh_diem' OR province.threshold IS null OR with_totals.unfavourable = 0 THEN 0.0
        ELSE
            province.max_points * least(
                1.0,
                least(
                    province.numerator + with_totals.unfavourable,
                    province.denominator / coalesce(province.multiplier, 1.0)
                )
                / (province.denominator / coalesce(province.multiplier, 1.0)) / province.threshold
            ) - province.points
    END AS province_gain_if_fixed
FROM with_totals
INNER JOIN province
    ON
        with_totals.version = province.version AND with_totals.period = province.period
        AND with_totals.indicator_id = province.indicator_id
