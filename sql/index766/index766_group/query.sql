-- Điểm nhóm QĐ 766 (docs/index-766.md §4.2) = tổng điểm các chỉ số của nhóm. Chỉ số show cộng 0;
-- chỉ số chua_xac_dinh hoặc thieu_du_lieu cộng trống: points của nhóm trống, points_computed là
-- tổng trên các chỉ số đã tính, max_computed là tổng điểm tối đa của chúng (khong_phat_sinh và
-- khong_ap_dung là đã tính).
SELECT
    indicator.version,
    indicator.period,
    indicator.period_start,
    indicator.period_end,
    indicator.level,
    indicator.ma_don_vi,
    indicator.group_id,
    any_value(index766_groups.ten_nhom) AS ten_nhom,
    any_value(index766_groups.max_points) AS max_points,
    -- summed in the indicators' order: the same digits whichever way the warehouse was built
    CASE
        WHEN count(indicator.points) = count(*)
            THEN list_sum(list(indicator.points ORDER BY indicator.sort_order))
    END AS points,
    coalesce(
        list_sum(list(indicator.points ORDER BY indicator.sort_order) FILTER (WHERE indicator.points IS NOT null)), 0.0
    ) AS points_computed,
    coalesce(sum(indicator.max_points) FILTER (WHERE indicator.points IS NOT null), 0.0) AS max_computed,
    any_value(index766_groups.sort_order) AS sort_order
FROM index766_indicator AS indicator
INNER JOIN index766_groups
    ON indicator.version = index766_groups.version AND indicator.group_id = index766_groups.group_id
GROUP BY ALL
