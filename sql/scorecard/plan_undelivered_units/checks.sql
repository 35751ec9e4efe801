-- check: undelivered_unit_once severity=fail title="Mỗi đơn vị chưa thực hiện một dòng cho mỗi mục tiêu và kỳ"
-- Mỗi đơn vị có nhiều nhất một dòng cho mỗi mục tiêu và kỳ.
SELECT plan_id, target_id, period, ma_don_vi, count(*) AS so_dong
FROM plan_undelivered_units
GROUP BY plan_id, target_id, period, ma_don_vi
HAVING count(*) > 1

-- check: undelivered_not_achieved_in_scorecard severity=fail title="Đơn vị đã đạt không bị kể là chưa thực hiện"
-- Đơn vị có dòng "đạt" trong bảng chỉ tiêu cho mục tiêu và kỳ đó không thể là đơn vị chưa thực hiện.
SELECT undelivered.plan_id, undelivered.target_id, undelivered.period, undelivered.ma_don_vi
FROM plan_undelivered_units AS undelivered
JOIN plan_scorecard_t AS agency_row
  ON agency_row.plan_id = undelivered.plan_id AND agency_row.target_id = undelivered.target_id
 AND agency_row.period = undelivered.period AND agency_row.ma_don_vi = undelivered.ma_don_vi
WHERE agency_row.status = 'dat'

-- check: undelivered_has_reason severity=fail title="Đơn vị chưa thực hiện có lý do và là đơn vị được giao"
-- Mỗi đơn vị chưa thực hiện có lý do để hiển thị, và là đơn vị chủ trì hoặc được giao trong sổ theo dõi nhiệm vụ.
SELECT plan_id, target_id, period, ma_don_vi, ly_do, is_lead, in_register
FROM plan_undelivered_units
WHERE ly_do IS NULL OR ly_do = '' OR NOT (is_lead OR coalesce(in_register, false))

-- check: undelivered_milestone_only_when_due severity=fail title="Mốc nhiệm vụ chỉ kể đơn vị chưa thực hiện khi đã đến hạn"
-- Mốc nhiệm vụ chỉ có đơn vị chưa thực hiện trong các kỳ có ngày cuối hiệu lực không sớm hơn hạn của kế hoạch.
SELECT undelivered.plan_id, undelivered.target_id, undelivered.period, undelivered.ma_don_vi
FROM plan_undelivered_units AS undelivered
JOIN plan_targets ON plan_targets.plan_id = undelivered.plan_id AND plan_targets.target_id = undelivered.target_id
WHERE undelivered.kind = 'milestone' AND plan_targets.due_date > undelivered.effective_end

-- check: plan_undelivered_lead_outside_scope severity=warn title="Đơn vị chủ trì của chỉ tiêu số đếm thuộc phạm vi của chỉ tiêu"
-- Đơn vị chủ trì của chỉ tiêu số đếm thuộc một cấp trong phạm vi (scope) của chỉ tiêu; nếu không, đơn vị không có ngưỡng và không được đánh giá.
SELECT lead_unit.plan_id, lead_unit.target_id, lead_unit.ma_don_vi, lead_unit.level, plan_targets.scope
FROM plan_target_lead_units AS lead_unit
JOIN plan_targets ON plan_targets.plan_id = lead_unit.plan_id AND plan_targets.target_id = lead_unit.target_id
WHERE lead_unit.role = 'chu_tri' AND plan_targets.kind = 'count'
  AND plan_targets.scope IS NOT NULL AND NOT list_contains(plan_targets.scope, lead_unit.level)
