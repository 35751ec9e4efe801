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
SELECT t.plan_id, t.target_id, p.period
FROM plan_targets AS t CROSS JOIN dim_period AS p
WHERE NOT EXISTS (SELECT 1 FROM plan_scorecard_t AS s
                  WHERE s.plan_id = t.plan_id AND s.target_id = t.target_id
                    AND s.period = p.period AND s.level = 'toan_tinh')

-- check: scorecard_zero_denominator_not_achieved severity=fail
-- Mẫu số bằng 0 không bao giờ là "đạt" hay "chưa đạt" (metrics.md): phải là khong_co_du_lieu.
SELECT plan_id, target_id, period, level, ma_don_vi, group_key, status
FROM plan_scorecard_t
WHERE kind = 'ratio' AND coalesce(denominator, 0) = 0 AND status IN ('dat', 'chua_dat')

-- check: scorecard_one_headline_row severity=fail
-- Mỗi mục tiêu có đúng một dòng chính ở toàn tỉnh cho mỗi kỳ (mục tiêu theo nhóm lĩnh vực: dòng tổng hợp, nhóm để trống).
SELECT t.plan_id, t.target_id, p.period, count(s.target_id) AS so_dong
FROM plan_targets AS t
CROSS JOIN dim_period AS p
LEFT JOIN plan_scorecard_t AS s
  ON s.plan_id = t.plan_id AND s.target_id = t.target_id AND s.period = p.period
 AND s.level = 'toan_tinh' AND s.ma_don_vi IS NULL
 AND (s.group_key IS NULL OR coalesce(len(t.field_groups), 0) = 0)
GROUP BY t.plan_id, t.target_id, p.period
HAVING count(s.target_id) <> 1
