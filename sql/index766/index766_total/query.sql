-- Tổng điểm QĐ 766 (docs/index-766.md §4.2) = tổng điểm các nhóm, trên 100. Trống khi một nhóm
-- trống; points_computed, max_computed trên các chỉ số đã tính. Xếp loại: chỉ khi mọi ngưỡng của
-- index766_rating_bands đã biết (hiện chưa có nguồn: không gắn nhãn) và tổng điểm đã tính đủ.
WITH bands_known AS (
    SELECT coalesce(bool_and(min_total IS NOT null), false) AS yes FROM index766_rating_bands
),

total AS (
    SELECT
        version,
        period,
        period_start,
        period_end,
        level,
        ma_don_vi,
        -- summed in the groups' order: the same digits whichever way the warehouse was built
        CASE WHEN count(points) = count(*) THEN list_sum(list(points ORDER BY sort_order)) END AS points,
        list_sum(list(points_computed ORDER BY sort_order)) AS points_computed,
        list_sum(list(max_computed ORDER BY sort_order)) AS max_computed
    FROM index766_group
    GROUP BY ALL
)

SELECT
    total.*,
    CASE
        WHEN bands_known.yes AND total.points IS NOT null
            THEN (
                SELECT arg_min(band.label, band.sort_order) FROM index766_rating_bands AS band
                WHERE total.points >= band.min_total
            )
    END AS rating_label
FROM total
CROSS JOIN bands_known
