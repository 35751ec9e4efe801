-- check: plan_lead_unit_unique severity=fail title="Mỗi đơn vị một dòng cho mỗi mục tiêu và vai trò"
-- Mỗi đơn vị có nhiều nhất một dòng cho mỗi mục tiêu và vai trò.
SELECT plan_id, target_id, role, ma_don_vi, count(*) AS so_dong
FROM plan_target_lead_units
GROUP BY plan_id, target_id, role, ma_don_vi
HAVING count(*) > 1

-- check: plan_lead_names_agency severity=warn title="Cơ quan chủ trì chỉ tới đơn vị có trong danh mục"
-- Mỗi cơ quan chủ trì của mốc nhiệm vụ hoặc chỉ tiêu số đếm chỉ tới ít nhất một đơn vị của danh mục đơn vị; nếu không, không theo dõi được đơn vị đó đã thực hiện hay chưa (vd. "Các cơ quan báo, đài" không phải đơn vị của phần mềm một cửa).
SELECT lead.plan_id, lead.target_id, lead.item_order,
       coalesce(lead.level, lead.loai, lead.ma_don_vi, lead.ten_don_vi) AS muc_khai_bao
FROM plan_target_leads AS lead
JOIN plan_targets ON plan_targets.plan_id = lead.plan_id AND plan_targets.target_id = lead.target_id
WHERE lead.role = 'chu_tri' AND plan_targets.kind IN ('milestone', 'count')
  AND NOT EXISTS (
      SELECT 1 FROM plan_target_lead_units AS unit
      WHERE unit.plan_id = lead.plan_id AND unit.target_id = lead.target_id AND unit.role = lead.role
        AND list_contains(unit.item_orders, lead.item_order))
