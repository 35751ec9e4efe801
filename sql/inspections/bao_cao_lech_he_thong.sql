-- title: Đơn vị tự báo cáo số hồ sơ tiếp nhận lệch so với hệ thống
-- description: Với mỗi báo cáo định kỳ đã gửi (BAOCAO, có số hồ sơ tiếp nhận tự báo cáo R), đếm S = số hồ sơ của đơn vị
-- description: trong hệ thống được tiếp nhận trong kỳ báo cáo (từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối kỳ,
-- description: Thông tư 01/2020/TT-VPCP). Nêu các báo cáo có |R − S| lớn hơn nguong × S (S = 0 mà R > 0 luôn bị nêu).
-- param: nguong DOUBLE = 0.02 | Tỷ lệ lệch cho phép so với số của hệ thống (0.02 = 2%)
-- param: ky_bao_cao VARCHAR = NULL | Kỳ báo cáo, ví dụ `Quý I/2022` (trống: mọi kỳ)
-- param: don_vi VARCHAR = NULL | Mã đơn vị báo cáo (trống: mọi đơn vị)
-- sensitivity: noi_bo
WITH b AS (
    SELECT * FROM core_baocao
    WHERE
        so_ho_so_tiep_nhan IS NOT null
        AND (CAST($ky_bao_cao AS VARCHAR) IS null OR ky_bao_cao = CAST($ky_bao_cao AS VARCHAR))
        AND (CAST($don_vi AS VARCHAR) IS null OR ma_don_vi = CAST($don_vi AS VARCHAR))
),

s AS (
    SELECT
        b.ma_don_vi,
        b.ky_bao_cao,
        count(d.ma_ho_so) AS so_he_thong
    FROM b
    LEFT JOIN fct_dossier AS d
        ON
            b.ma_don_vi = d.ma_don_vi AND d.is_received
            AND d.ngay_tiep_nhan_d BETWEEN b.window_start AND b.window_end
    GROUP BY b.ma_don_vi, b.ky_bao_cao
)

SELECT
    b.ma_don_vi,
    a.ten_don_vi,
    b.level,
    b.ky_bao_cao,
    b.window_start AS tu_ngay,
    b.window_end AS den_ngay,
    b.so_ho_so_tiep_nhan AS so_tu_bao_cao,
    s.so_he_thong,
    b.so_ho_so_tiep_nhan - s.so_he_thong AS chenh_lech,
    CASE WHEN s.so_he_thong > 0 THEN round((b.so_ho_so_tiep_nhan - s.so_he_thong) / s.so_he_thong, 4) END
        AS ty_le_chenh_lech
FROM b
INNER JOIN s ON b.ma_don_vi = s.ma_don_vi AND b.ky_bao_cao = s.ky_bao_cao
LEFT JOIN dim_agency AS a ON b.ma_don_vi = a.ma_don_vi
WHERE abs(b.so_ho_so_tiep_nhan - s.so_he_thong) > CAST($nguong AS DOUBLE) * s.so_he_thong
ORDER BY abs(b.so_ho_so_tiep_nhan - s.so_he_thong) DESC, b.ma_don_vi, b.ky_bao_cao ASC
