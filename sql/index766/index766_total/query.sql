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
        CASE WHEN count(points) = count(*) THEN sum(points) END AS points,
        sum(points_computed) AS points_computed,
        sum(max_computed) AS max_computed
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
