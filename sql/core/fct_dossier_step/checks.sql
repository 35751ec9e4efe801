-- check: step_key_unique severity=fail title="Mỗi bước xử lý một dòng hiện hành"
-- Mỗi (mã hồ sơ, bước) chỉ có một dòng hiện hành.
SELECT ma_ho_so, buoc, count(*) AS so_dong FROM fct_dossier_step GROUP BY ALL HAVING count(*) > 1

-- check: transfer_party_missing severity=warn title="Bước chuyển xử lý thiếu đơn vị chuyển hoặc nhận"
-- Bước "Chuyển xử lý" thiếu đơn vị chuyển hoặc đơn vị nhận: không tính là bước chuyển (chỉ số luân chuyển điện tử).
SELECT ma_ho_so, buoc, thoi_diem, don_vi_gui, don_vi_nhan FROM fct_dossier_step
WHERE hanh_dong = 'chuyen_xu_ly' AND (don_vi_gui IS NULL OR don_vi_nhan IS NULL)
