-- check: index766_fact_unique severity=fail title="Dữ kiện QĐ 766 trùng"
-- Mỗi bản ghi chỉ một dòng cho mỗi chỉ số, kỳ và đơn vị.
SELECT indicator_id, period_id, ma_don_vi, record_key, count(*) AS so_dong FROM index766_facts
GROUP BY ALL HAVING count(*) > 1

-- check: index766_fact_period_known severity=fail title="Dữ kiện QĐ 766 có kỳ không xác định"
-- Kỳ của dữ kiện phải là một kỳ của dim_period.
SELECT DISTINCT indicator_id, period_id FROM index766_facts
WHERE period_id NOT IN (SELECT period FROM dim_period)
