-- check: dossier_766_period_key_unique severity=fail title="Hồ sơ QĐ 766 trùng trong một kỳ"
-- Mỗi hồ sơ một dòng mỗi kỳ.
SELECT period_id, ma_ho_so, count(*) AS so_dong FROM dossier_766_period GROUP BY ALL HAVING count(*) > 1
