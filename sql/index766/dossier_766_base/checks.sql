-- check: dossier_766_base_key_unique severity=fail title="Hồ sơ QĐ 766 trùng mã"
-- Mỗi mã hồ sơ một dòng.
SELECT ma_ho_so, count(*) AS so_dong FROM dossier_766_base GROUP BY ma_ho_so HAVING count(*) > 1

-- check: dossier_766_unattributed severity=warn title="Hồ sơ QĐ 766 không xác định được đơn vị được đánh giá"
-- Hồ sơ đã tiếp nhận nhưng không xác định được đơn vị được đánh giá (QĐ 766): chỉ vào toàn tỉnh.
SELECT ma_don_vi, ma_co_quan_thuc_hien, count(*) AS so_ho_so FROM dossier_766_base
WHERE is_received AND eval_ma_don_vi IS NULL
GROUP BY ALL ORDER BY so_ho_so DESC
