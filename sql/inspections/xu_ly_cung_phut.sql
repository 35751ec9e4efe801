-- title: Cán bộ kết thúc xử lý nhiều hồ sơ ngay trong phút tiếp nhận
-- description: Hồ sơ đã giải quyết có thời điểm kết thúc xử lý cùng phút (cùng ngày, giờ, phút) với thời điểm tiếp nhận,
-- description: gộp theo cán bộ xử lý (người xử lý của bước "Kết thúc xử lý", nếu không có thì của bước "Tiếp nhận hồ sơ")
-- description: và đơn vị; chỉ giữ cán bộ có từ so_ho_so_toi_thieu hồ sơ như vậy. Dấu hiệu nhập hồ sơ "hợp thức hóa" sau khi đã xử lý.
-- param: so_ho_so_toi_thieu INTEGER = 5 | Số hồ sơ cùng phút tối thiểu của một cán bộ
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận (trống: mọi đơn vị)
-- param: tu_ngay DATE = NULL | Tiếp nhận từ ngày (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Tiếp nhận đến ngày (trống: không giới hạn)
-- sensitivity: noi_bo
WITH ket_thuc AS (
    SELECT
        ma_ho_so,
        arg_max(nguoi_xu_ly, thoi_diem) AS nguoi_xu_ly
    FROM fct_dossier_step
    WHERE hanh_dong = 'ket_thuc_xu_ly' AND nguoi_xu_ly IS NOT null
    GROUP BY ma_ho_so
),

tiep_nhan AS (
    SELECT
        ma_ho_so,
        arg_min(nguoi_xu_ly, thoi_diem) AS nguoi_xu_ly
    FROM fct_dossier_step
    WHERE hanh_dong = 'tiep_nhan' AND nguoi_xu_ly IS NOT null
    GROUP BY ma_ho_so
),

same_minute_dossier AS (
    SELECT
        dossier.ma_ho_so,
        dossier.ma_don_vi,
        dossier.ngay_tiep_nhan,
        dossier.ngay_ket_thuc_xu_ly,
        coalesce(ket_thuc.nguoi_xu_ly, tiep_nhan.nguoi_xu_ly) AS nguoi_xu_ly
    FROM fct_dossier AS dossier
    LEFT JOIN ket_thuc ON dossier.ma_ho_so = ket_thuc.ma_ho_so
    LEFT JOIN tiep_nhan ON dossier.ma_ho_so = tiep_nhan.ma_ho_so
    WHERE
        dossier.is_resolved AND dossier.ngay_tiep_nhan IS NOT null
        AND date_trunc('minute', dossier.ngay_ket_thuc_xu_ly) = date_trunc('minute', dossier.ngay_tiep_nhan)
        AND (CAST($don_vi AS VARCHAR) IS null OR dossier.ma_don_vi = CAST($don_vi AS VARCHAR))
        AND (CAST($tu_ngay AS DATE) IS null OR dossier.ngay_tiep_nhan_d >= CAST($tu_ngay AS DATE))
        AND (CAST($den_ngay AS DATE) IS null OR dossier.ngay_tiep_nhan_d <= CAST($den_ngay AS DATE))
)

SELECT
    same_minute_dossier.nguoi_xu_ly,
    same_minute_dossier.ma_don_vi,
    agency.ten_don_vi,
    count(*) AS so_ho_so,
    min(same_minute_dossier.ngay_tiep_nhan) AS tu_thoi_diem,
    max(same_minute_dossier.ngay_tiep_nhan) AS den_thoi_diem,
    list(same_minute_dossier.ma_ho_so ORDER BY same_minute_dossier.ngay_tiep_nhan, same_minute_dossier.ma_ho_so)[1:20]
        AS vi_du_ma_ho_so
FROM same_minute_dossier
LEFT JOIN dim_agency AS agency ON same_minute_dossier.ma_don_vi = agency.ma_don_vi
WHERE same_minute_dossier.nguoi_xu_ly IS NOT null
GROUP BY same_minute_dossier.nguoi_xu_ly, same_minute_dossier.ma_don_vi, agency.ten_don_vi
HAVING count(*) >= CAST($so_ho_so_toi_thieu AS INTEGER)
ORDER BY so_ho_so DESC, same_minute_dossier.nguoi_xu_ly ASC, same_minute_dossier.ma_don_vi ASC
