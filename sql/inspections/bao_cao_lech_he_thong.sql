-- title: Đơn vị tự báo cáo số hồ sơ tiếp nhận lệch so với hệ thống
-- description: Với mỗi báo cáo định kỳ đã gửi (BAOCAO, có số hồ sơ tiếp nhận tự báo cáo R), đếm S = số hồ sơ của đơn vị
-- description: trong hệ thống được tiếp nhận trong kỳ báo cáo (từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối kỳ,
-- description: Thông tư 01/2020/TT-VPCP). Nêu các báo cáo có |R − S| lớn hơn nguong × S (S = 0 mà R > 0 luôn bị nêu).
-- param: nguong DOUBLE = 0.02 | Tỷ lệ lệch cho phép so với số của hệ thống (0.02 = 2%)
-- param: ky_bao_cao VARCHAR = NULL | Kỳ báo cáo, ví dụ `Quý I/2022` (trống: mọi kỳ)
-- param: don_vi VARCHAR = NULL | Mã đơn vị báo cáo (trống: mọi đơn vị)
-- sensitivity: noi_bo
WITH selected_report AS (
    SELECT * FROM core_baocao
    WHERE
        so_ho_so_tiep_nhan IS NOT null
        AND (CAST($ky_bao_cao AS VARCHAR) IS null OR ky_bao_cao = CAST($ky_bao_cao AS VARCHAR))
        AND (CAST($don_vi AS VARCHAR) IS null OR ma_don_vi = CAST($don_vi AS VARCHAR))
),

system_count AS (
    SELECT
        selected_report.ma_don_vi,
        selected_report.ky_bao_cao,
        count(dossier.ma_ho_so) AS so_he_thong
    FROM selected_report
    LEFT JOIN fct_dossier AS dossier
        ON
            selected_report.ma_don_vi = dossier.ma_don_vi AND dossier.is_received
            AND dossier.ngay_tiep_nhan_d BETWEEN selected_report.window_start AND selected_report.window_end
    GROUP BY selected_report.ma_don_vi, selected_report.ky_bao_cao
)

SELECT
    selected_report.ma_don_vi,
    agency.ten_don_vi,
    selected_report.level,
    selected_report.ky_bao_cao,
    selected_report.window_start AS tu_ngay,
    selected_report.window_end AS den_ngay,
    selected_report.so_ho_so_tiep_nhan AS so_tu_bao_cao,
    system_count.so_he_thong,
    selected_report.so_ho_so_tiep_nhan - system_count.so_he_thong AS chenh_lech,
    CASE
        WHEN
            system_count.so_he_thong > 0
            THEN round((selected_report.so_ho_so_tiep_nhan - system_count.so_he_thong) / system_count.so_he_thong, 4)
    END
        AS ty_le_chenh_lech
FROM selected_report
INNER JOIN
    system_count
    ON selected_report.ma_don_vi = system_count.ma_don_vi AND selected_report.ky_bao_cao = system_count.ky_bao_cao
LEFT JOIN dim_agency AS agency ON selected_report.ma_don_vi = agency.ma_don_vi
WHERE
    abs(selected_report.so_ho_so_tiep_nhan - system_count.so_he_thong)
    > CAST($nguong AS DOUBLE) * system_count.so_he_thong
ORDER BY
    abs(selected_report.so_ho_so_tiep_nhan - system_count.so_he_thong) DESC,
    selected_report.ma_don_vi,
    selected_report.ky_bao_cao ASC
