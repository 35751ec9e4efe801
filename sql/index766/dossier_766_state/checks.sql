-- check: dossier_766_state_key_unique severity=fail title="Hồ sơ QĐ 766 trùng tại một điểm đánh giá"
-- Mỗi hồ sơ một dòng cho mỗi điểm đánh giá.
SELECT period_id, ma_ho_so, count(*) AS so_dong FROM dossier_766_state GROUP BY ALL HAVING count(*) > 1
