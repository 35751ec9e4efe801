-- check: scorecard_status_known severity=fail
-- Trạng thái phải là một trong: dat, chua_dat, khong_co_du_lieu, chua_den_han, theo_doi.
SELECT plan_id, target_id, period, level, ma_don_vi, group_key, status
FROM plan_scorecard_t
WHERE status IS NULL
   OR status NOT IN ('dat', 'chua_dat', 'khong_co_du_lieu', 'chua_den_han', 'theo_doi')

-- check: scorecard_row_unique severity=fail
-- Mỗi mục tiêu chỉ có một dòng cho mỗi kỳ, cấp, đơn vị và nhóm.
SELECT plan_id, target_id, period, level, ma_don_vi, group_key, count(*) AS so_dong
FROM plan_scorecard_t
GROUP BY plan_id, target_id, period, level, ma_don_vi, group_key
HAVING count(*) > 1

-- check: scorecard_every_target_every_period severity=fail
-- Mỗi mục tiêu của kế hoạch có dòng toàn tỉnh cho mọi kỳ.
SELECT plan_targets.plan_id, plan_targets.target_id, dim_period.period
FROM plan_targets CROSS JOIN dim_period
WHERE NOT EXISTS (SELECT 1 FROM plan_scorecard_t AS scorecard_row
                  WHERE scorecard_row.plan_id = plan_targets.plan_id
                    AND scorecard_row.target_id = plan_targets.target_id
                    AND scorecard_row.period = dim_period.period AND scorecard_row.level = 'toan_tinh')

-- check: scorecard_zero_denominator_not_achieved severity=fail
-- Mẫu số bằng 0 không bao giờ là "đạt" hay "chưa đạt" (metrics.md): phải là khong_co_du_lieu.
SELECT plan_id, target_id, period, level, ma_don_vi, group_key, status
FROM plan_scorecard_t
WHERE kind = 'ratio' AND coalesce(denominator, 0) = 0 AND status IN ('dat', 'chua_dat')

-- check: scorecard_one_headline_row severity=fail
-- Mỗi mục tiêu có đúng một dòng chính ở toàn tỉnh cho mỗi kỳ (mục tiêu theo nhóm lĩnh vực: dòng tổng hợp, nhóm để trống).
SELECT plan_targets.plan_id, plan_targets.target_id, dim_period.period, count(headline_row.target_id) AS so_dong
FROM plan_targets
CROSS JOIN dim_period
LEFT JOIN plan_scorecard_t AS headline_row
  ON headline_row.plan_id = plan_targets.plan_id AND headline_row.target_id = plan_targets.target_id
 AND headline_row.period = dim_period.period
 AND headline_row.level = 'toan_tinh' AND headline_row.ma_don_vi IS NULL
 AND (headline_row.group_key IS NULL OR coalesce(len(plan_targets.field_groups), 0) = 0)
GROUP BY plan_targets.plan_id, plan_targets.target_id, dim_period.period
HAVING count(headline_row.target_id) <> 1
