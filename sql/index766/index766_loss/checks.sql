-- check: index766_loss_shares_sum_to_province_loss severity=fail title="Phần điểm mất của các đơn vị không cộng đúng điểm mất của tỉnh"
-- Các phần của đơn vị cộng lại phải bằng đúng điểm mất của tỉnh (khi có bản ghi chưa thuận lợi để phân bổ).
WITH share_sum AS (
    SELECT version, period, indicator_id, sum(share_of_province_loss) AS tong_phan, sum(unfavourable) AS chua_thuan_loi
    FROM index766_loss GROUP BY ALL
)
SELECT share_sum.*, province.points_lost AS diem_mat_tinh
FROM share_sum
INNER JOIN index766_indicator AS province
    ON share_sum.version = province.version AND share_sum.period = province.period
    AND share_sum.indicator_id = province.indicator_id AND province.level = 'toan_tinh'
WHERE share_sum.chua_thuan_loi > 0 AND province.points_lost IS NOT NULL
    AND abs(share_sum.tong_phan - province.points_lost) > 1e-9
