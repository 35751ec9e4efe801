-- Điểm của mỗi chỉ số QĐ 766 (docs/index-766.md §1, §4, §5) cho mỗi kỳ, mỗi dòng tổng hợp (đơn vị
-- được đánh giá, cấp, toàn tỉnh, địa bàn huyện) và mỗi chỉ số của phiên bản áp dụng cho kỳ.
-- Phiên bản của kỳ: mốc valid_from mới nhất không sau đầu kỳ (index766_version_from).
-- Trạng thái, theo thứ tự: khong_ap_dung (cấp của đơn vị ngoài phạm vi: điểm tối đa); thieu_du_lieu
-- (chỉ số chưa có mô hình, hoặc cột bắt buộc vắng/trống quá 20% ở metric_data_gaps cho đơn vị
-- hoặc cấp của nó: điểm trống, không bao giờ tối đa); chua_xac_dinh (quy tắc open: điểm trống);
-- khong_phat_sinh (mẫu số 0: empty full → tối đa, zero → 0); tinh_diem.
-- Tỷ lệ = n/d, nhân tỷ lệ của chỉ số nhân (3.3 × r(1.4)) cùng kỳ, cùng dòng.
-- Điểm: max × min(1, tỷ lệ × 100 / ngưỡng%) (lin: ngưỡng 100); show: 0. Không làm tròn.
-- k_to_threshold (§5), số học nguyên: ceil((T·d − 100·n) / 100); có chỉ số nhân (n₁₄/d₁₄):
-- ceil((T·d·d₁₄ − 100·n·n₁₄) / (100·n₁₄)); khi T·d₁₄ > 100·n₁₄ (phải nâng 1.4 mới đạt): trống, cờ
-- can_dong_bo. Chỉ tính khi tinh_diem.
WITH version_of_period AS (
    SELECT
        dim_period.period,
        dim_period.period_start,
        dim_period.period_end,
        arg_max(version_from.version, version_from.valid_from) AS version
    FROM dim_period
    INNER JOIN index766_version_from AS version_from ON dim_period.period_start >= version_from.valid_from
    GROUP BY dim_period.period, dim_period.period_start, dim_period.period_end
),

operation_start AS (
    SELECT max(CAST(value AS DATE)) AS d FROM index766_settings
    WHERE key = 'van_hanh_from'
),

scope_row AS (
    SELECT DISTINCT
        level,
        ma_don_vi
    FROM index766_scope
    WHERE level <> 'khong_gan_don_vi'
),

cell AS (
    SELECT
        version_of_period.version,
        version_of_period.period,
        version_of_period.period_start,
        version_of_period.period_end,
        scope_row.level,
        scope_row.ma_don_vi,
        weight.indicator_id,
        weight.group_id,
        weight.max_points,
        weight.rule,
        weight.threshold_pct,
        weight.empty_rule,
        weight.multiplier,
        weight.sort_order,
        CASE
            WHEN scope_row.level = 'toan_tinh' THEN true
            WHEN scope_row.level = 'dia_ban_huyen' THEN list_has_any(weight.scope, ['huyen', 'xa'])
            ELSE list_contains(weight.scope, scope_row.level)
        END AS in_scope,
        version_of_period.period_start < operation_start.d AS before_operation
    FROM version_of_period
    INNER JOIN index766_weights AS weight ON version_of_period.version = weight.version
    CROSS JOIN scope_row
    CROSS JOIN operation_start
),

with_counts AS (
    SELECT
        cell.*,
        coalesce(own.numerator, 0) AS numerator,
        coalesce(own.denominator, 0) AS denominator,
        coalesce(own.flags, []) AS count_flags,
        multiplier_counts.numerator AS multiplier_numerator,
        multiplier_counts.denominator AS multiplier_denominator,
        indicator_model.indicator_id IS NOT null AS has_model,
        -- a gap of the unit, of its level, of the province (toan_tinh, dia_ban_huyen: the province's)
        gap.metric_id IS NOT null OR level_gap.metric_id IS NOT null AS has_data_gap
    FROM cell
    LEFT JOIN index766_counts AS own
        ON
            cell.period = own.period_id AND cell.indicator_id = own.indicator_id
            AND cell.level = own.level AND cell.ma_don_vi IS NOT DISTINCT FROM own.ma_don_vi
    LEFT JOIN index766_counts AS multiplier_counts
        ON
            cell.period = multiplier_counts.period_id AND cell.multiplier = multiplier_counts.indicator_id
            AND cell.level = multiplier_counts.level AND cell.ma_don_vi IS NOT DISTINCT FROM multiplier_counts.ma_don_vi
    LEFT JOIN index766_indicator_catalog AS indicator_model ON cell.indicator_id = indicator_model.indicator_id
    LEFT JOIN metric_data_gaps AS gap
        ON
            indicator_model.metric_id = gap.metric_id AND cell.period = gap.period
            AND gap.level = CASE WHEN cell.level = 'dia_ban_huyen' THEN 'huyen' ELSE cell.level END
            AND gap.ma_don_vi IS NOT DISTINCT FROM CASE
                WHEN cell.level = 'dia_ban_huyen' THEN null ELSE cell.ma_don_vi
            END
    LEFT JOIN metric_data_gaps AS level_gap
        ON
            indicator_model.metric_id = level_gap.metric_id AND cell.period = level_gap.period
            AND cell.ma_don_vi IS NOT null AND cell.level <> 'dia_ban_huyen'
            AND cell.level = level_gap.level AND level_gap.ma_don_vi IS null
),

with_status AS (
    SELECT
        with_counts.*,
        CASE
            WHEN NOT with_counts.in_scope THEN 'khong_ap_dung'
            WHEN NOT with_counts.has_model OR with_counts.has_data_gap THEN 'thieu_du_lieu'
            WHEN with_counts.rule = 'open' THEN 'chua_xac_dinh'
            WHEN with_counts.denominator = 0 THEN 'khong_phat_sinh'
            ELSE 'tinh_diem'
        END AS status,
        CASE
            WHEN with_counts.denominator = 0 OR with_counts.rule = 'show' THEN null
            WHEN with_counts.multiplier IS null THEN with_counts.numerator / with_counts.denominator
            WHEN coalesce(with_counts.multiplier_denominator, 0) = 0 THEN null
            ELSE
                with_counts.numerator / with_counts.denominator
                * with_counts.multiplier_numerator / with_counts.multiplier_denominator
        END AS ratio,
        CASE
            WHEN with_counts.multiplier IS NOT null AND with_counts.denominator > 0
                THEN with_counts.multiplier_numerator / with_counts.multiplier_denominator
        END AS multiplier_ratio,
        -- T·d₁₄ > 100·n₁₄: the threshold cannot be reached without raising the multiplier's indicator
        with_counts.multiplier IS NOT null
        AND with_counts.denominator > 0
        AND with_counts.threshold_pct * with_counts.multiplier_denominator > 100 * with_counts.multiplier_numerator
            AS needs_sync
    FROM with_counts
),

scored AS (
    SELECT
        with_status.*,
        CASE
            WHEN with_status.status = 'khong_ap_dung' THEN with_status.max_points
            WHEN with_status.status IN ('thieu_du_lieu', 'chua_xac_dinh') THEN null
            WHEN with_status.rule = 'show' THEN 0.0
            WHEN with_status.status = 'khong_phat_sinh'
                THEN CASE WHEN with_status.empty_rule = 'zero' THEN 0.0 ELSE with_status.max_points END
            ELSE with_status.max_points * least(1.0, with_status.ratio * 100.0 / with_status.threshold_pct)
        END AS points,
        -- the integer numerator of ceil(x / y) below: favourable records missing, scaled
        CASE
            WHEN with_status.multiplier IS null
                THEN with_status.threshold_pct * with_status.denominator - 100 * with_status.numerator
            ELSE
                with_status.threshold_pct * with_status.denominator * with_status.multiplier_denominator
                - 100 * with_status.numerator * with_status.multiplier_numerator
        END AS k_scaled,
        CASE
            WHEN with_status.multiplier IS null THEN 100
            ELSE 100 * with_status.multiplier_numerator
        END AS k_scale
    FROM with_status
)

SELECT
    version,
    period,
    period_start,
    period_end,
    level,
    ma_don_vi,
    indicator_id,
    group_id,
    CAST(numerator AS BIGINT) AS numerator,
    CAST(denominator AS BIGINT) AS denominator,
    multiplier_ratio AS multiplier,
    ratio,
    threshold_pct / 100.0 AS threshold,
    max_points,
    points,
    CASE WHEN status = 'khong_ap_dung' THEN 0.0 ELSE max_points - points END AS points_lost,
    CASE
        WHEN status <> 'tinh_diem' OR rule IN ('show', 'open') OR needs_sync THEN null
        WHEN k_scaled <= 0 THEN 0
        ELSE CAST((k_scaled + k_scale - 1) // k_scale AS BIGINT)
    END AS k_to_threshold,
    status,
    list_sort(list_distinct(list_concat(
        count_flags,
        CASE WHEN before_operation THEN ['truoc_van_hanh'] ELSE [] END,
        CASE WHEN status = 'tinh_diem' AND needs_sync THEN ['can_dong_bo'] ELSE [] END,
        CASE WHEN NOT has_model THEN ['chua_co_mo_hinh'] ELSE [] END
    ))) AS flags,
    sort_order
FROM scored
