-- check: scorecard_status_known severity=fail title="Trạng thái chỉ tiêu hợp lệ"
-- Trạng thái phải là một trong: dat, chua_dat, khong_co_du_lieu, chua_den_han, theo_doi.
SELECT plan_id, target_id, period, level, ma_don_vi, group_key, status
FROM plan_scorecard_t
WHERE status IS NULL
   OR status NOT IN ('dat', 'chua_dat', 'khong_co_du_lieu', 'chua_den_han', 'theo_doi')

-- check: scorecard_row_unique severity=fail title="Mỗi chỉ tiêu một dòng cho mỗi kỳ, cấp, đơn vị, nhóm"
-- Mỗi mục tiêu chỉ có một dòng cho mỗi kỳ, cấp, đơn vị và nhóm.
SELECT plan_id, target_id, period, level, ma_don_vi, group_key, count(*) AS so_dong
FROM plan_scorecard_t
GROUP BY plan_id, target_id, period, level, ma_don_vi, group_key
HAVING count(*) > 1

-- check: scorecard_every_target_every_period severity=fail title="Mọi chỉ tiêu có dòng toàn tỉnh ở mọi kỳ"
-- Mỗi mục tiêu của kế hoạch có dòng toàn tỉnh cho mọi kỳ trong thời gian hiệu lực của kế hoạch.
SELECT plan_targets.plan_id, plan_targets.target_id, dim_period.period
FROM plan_targets CROSS JOIN dim_period
JOIN plan_info ON plan_info.plan_id = plan_targets.plan_id
WHERE dim_period.period_start >= coalesce(plan_info.valid_from, dim_period.period_start)
  AND dim_period.period_end <= coalesce(plan_info.valid_to, dim_period.period_end)
  AND NOT EXISTS (SELECT 1 FROM plan_scorecard_t AS scorecard_row
                  WHERE scorecard_row.plan_id = plan_targets.plan_id
                    AND scorecard_row.target_id = plan_targets.target_id
                    AND scorecard_row.period = dim_period.period AND scorecard_row.level = 'toan_tinh')

-- check: scorecard_zero_denominator_not_achieved severity=fail title="Mẫu số bằng 0 không được đánh giá đạt hay chưa đạt"
-- Mẫu số bằng 0 không bao giờ là "đạt" hay "chưa đạt" (metrics.md): phải là khong_co_du_lieu.
SELECT plan_id, target_id, period, level, ma_don_vi, group_key, status
FROM plan_scorecard_t
WHERE kind = 'ratio' AND coalesce(denominator, 0) = 0 AND status IN ('dat', 'chua_dat')

-- check: scorecard_one_headline_row severity=fail title="Mỗi chỉ tiêu đúng một dòng chính toàn tỉnh mỗi kỳ"
-- Mỗi mục tiêu có đúng một dòng chính ở toàn tỉnh cho mỗi kỳ trong thời gian hiệu lực (mục tiêu theo nhóm lĩnh vực: dòng tổng hợp, nhóm để trống).
SELECT plan_targets.plan_id, plan_targets.target_id, dim_period.period, count(headline_row.target_id) AS so_dong
FROM plan_targets
CROSS JOIN dim_period
JOIN plan_info ON plan_info.plan_id = plan_targets.plan_id
LEFT JOIN plan_scorecard_t AS headline_row
  ON headline_row.plan_id = plan_targets.plan_id AND headline_row.target_id = plan_targets.target_id
 AND headline_row.period = dim_period.period
 AND headline_row.level = 'toan_tinh' AND headline_row.ma_don_vi IS NULL
 AND (headline_row.group_key IS NULL OR coalesce(len(plan_targets.field_groups), 0) = 0)
WHERE dim_period.period_start >= coalesce(plan_info.valid_from, dim_period.period_start)
  AND dim_period.period_end <= coalesce(plan_info.valid_to, dim_period.period_end)
GROUP BY plan_targets.plan_id, plan_targets.target_id, dim_period.period
HAVING count(headline_row.target_id) <> 1

-- check: scorecard_tracking_without_threshold severity=fail title="Chỉ tiêu theo dõi không có ngưỡng"
-- Mục tiêu theo dõi không có ngưỡng (metrics.md, "Achievement"): mức tham chiếu nằm ở reference_value, không bao giờ ở threshold, và trạng thái chỉ là theo_doi hoặc khong_co_du_lieu.
SELECT plan_id, target_id, period, level, ma_don_vi, group_key, threshold, status
FROM plan_scorecard_t
WHERE kind = 'tracking'
  AND (threshold IS NOT NULL OR status NOT IN ('theo_doi', 'khong_co_du_lieu'))

-- check: scorecard_status_matches_threshold severity=fail title="Trạng thái khớp với ngưỡng"
-- Trạng thái của chỉ tiêu tỷ lệ và số đếm không trái với ngưỡng: có ngưỡng thì dat khi và chỉ khi giá trị ≥ ngưỡng (at_most: ≤ ngưỡng); không có ngưỡng thì chỉ dòng suy ra từ các dòng khác (toàn tỉnh của chỉ tiêu có ngưỡng theo cấp, dòng tổng hợp các nhóm lĩnh vực) mới được dat/chua_dat.
SELECT scorecard_row.plan_id, scorecard_row.target_id, scorecard_row.period, scorecard_row.level,
       scorecard_row.ma_don_vi, scorecard_row.group_key, scorecard_row.value, scorecard_row.threshold,
       scorecard_row.status
FROM plan_scorecard_t AS scorecard_row
JOIN plan_targets
  ON plan_targets.plan_id = scorecard_row.plan_id AND plan_targets.target_id = scorecard_row.target_id
WHERE scorecard_row.kind IN ('ratio', 'count')
  AND scorecard_row.status IN ('dat', 'chua_dat')
  AND CASE
        WHEN scorecard_row.threshold IS NOT NULL
          THEN scorecard_row.value IS NULL
            OR (scorecard_row.status = 'dat') <> CASE scorecard_row.direction
                 WHEN 'at_most' THEN scorecard_row.value <= scorecard_row.threshold + 1e-9
                 ELSE scorecard_row.value >= scorecard_row.threshold - 1e-9
               END
        ELSE NOT (
            (scorecard_row.level = 'toan_tinh' AND scorecard_row.ma_don_vi IS NULL
             AND EXISTS (SELECT 1 FROM plan_target_levels
                         WHERE plan_target_levels.plan_id = scorecard_row.plan_id
                           AND plan_target_levels.target_id = scorecard_row.target_id))
            OR (scorecard_row.group_key IS NULL AND coalesce(len(plan_targets.field_groups), 0) > 0)
        )
      END

-- check: scorecard_milestone_group_key_empty severity=fail title="Mốc nhiệm vụ không có nhóm"
-- Dòng mốc nhiệm vụ để trống group_key (metrics.md, "Output contract"); mã nhiệm vụ nằm ở cột task.
SELECT plan_id, target_id, period, level, ma_don_vi, group_key, task
FROM plan_scorecard_t
WHERE kind = 'milestone' AND (group_key IS NOT NULL OR task IS NULL)

-- check: scorecard_periods_within_validity severity=fail title="Chỉ đánh giá kỳ trong thời gian hiệu lực của kế hoạch"
-- Kế hoạch chỉ đánh giá các kỳ nằm trong thời gian hiệu lực (plan_info.valid_from, valid_to).
SELECT scorecard_row.plan_id, scorecard_row.target_id, scorecard_row.period, plan_info.valid_from, plan_info.valid_to
FROM plan_scorecard_t AS scorecard_row
JOIN plan_info ON plan_info.plan_id = scorecard_row.plan_id
WHERE scorecard_row.period_start < plan_info.valid_from OR scorecard_row.period_end > plan_info.valid_to

-- check: scorecard_unit_threshold_agency_known severity=warn title="Đơn vị có ngưỡng riêng có trong danh mục đơn vị"
-- Đơn vị có ngưỡng riêng (threshold_by_unit) phải có trong danh mục đơn vị; nếu không, ngưỡng đó không áp dụng cho dòng nào.
SELECT plan_target_units.plan_id, plan_target_units.target_id, plan_target_units.ma_don_vi
FROM plan_target_units
WHERE plan_target_units.ma_don_vi NOT IN (SELECT ma_don_vi FROM dim_agency)
