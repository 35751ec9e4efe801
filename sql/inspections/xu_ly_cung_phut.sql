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

x AS (
    SELECT
        d.ma_ho_so,
        d.ma_don_vi,
        d.ngay_tiep_nhan,
        d.ngay_ket_thuc_xu_ly,
        coalesce(k.nguoi_xu_ly, t.nguoi_xu_ly) AS nguoi_xu_ly
    FROM fct_dossier AS d
    LEFT JOIN ket_thuc AS k ON d.ma_ho_so = k.ma_ho_so
    LEFT JOIN tiep_nhan AS t ON d.ma_ho_so = t.ma_ho_so
    WHERE
        d.is_resolved AND d.ngay_tiep_nhan IS NOT null
        AND date_trunc('minute', d.ngay_ket_thuc_xu_ly) = date_trunc('minute', d.ngay_tiep_nhan)
        AND (CAST($don_vi AS VARCHAR) IS null OR d.ma_don_vi = CAST($don_vi AS VARCHAR))
        AND (CAST($tu_ngay AS DATE) IS null OR d.ngay_tiep_nhan_d >= CAST($tu_ngay AS DATE))
        AND (CAST($den_ngay AS DATE) IS null OR d.ngay_tiep_nhan_d <= CAST($den_ngay AS DATE))
)

SELECT
    x.nguoi_xu_ly,
    x.ma_don_vi,
    a.ten_don_vi,
    count(*) AS so_ho_so,
    min(x.ngay_tiep_nhan) AS tu_thoi_diem,
    max(x.ngay_tiep_nhan) AS den_thoi_diem,
    list(x.ma_ho_so ORDER BY x.ngay_tiep_nhan, x.ma_ho_so)[1:20] AS vi_du_ma_ho_so
FROM x
LEFT JOIN dim_agency AS a ON x.ma_don_vi = a.ma_don_vi
WHERE x.nguoi_xu_ly IS NOT null
GROUP BY x.nguoi_xu_ly, x.ma_don_vi, a.ten_don_vi
HAVING count(*) >= CAST($so_ho_so_toi_thieu AS INTEGER)
ORDER BY so_ho_so DESC, x.nguoi_xu_ly ASC, x.ma_don_vi ASC
