-- check: ind_1_3_record_unique severity=fail title="Chỉ số 1.3: TTHC trùng trong một kỳ"
-- Mỗi TTHC một dòng mỗi kỳ.
SELECT period_id, record_key, count(*) AS so_dong FROM ind_1_3 GROUP BY ALL HAVING count(*) > 1
