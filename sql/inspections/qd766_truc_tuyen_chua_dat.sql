-- title: Hồ sơ làm giảm tỷ lệ trực tuyến có kết quả điện tử (chỉ số 3.3) của một đơn vị trong một kỳ
-- description: Hồ sơ đã đồng bộ, tiếp nhận trong kỳ, không được tính là hồ sơ trực tuyến đạt của chỉ số 3.3: ly_do
-- description: khong_truc_tuyen (nộp trực tiếp, bưu chính) hoặc truc_tuyen_khong_ket_qua_dien_tu (nộp trực tuyến nhưng thủ
-- description: tục có kết quả giấy tờ mà hồ sơ không có kết quả điện tử). Hồ sơ chưa đồng bộ: xem qd766_chua_dong_bo.
-- param: don_vi VARCHAR = NULL | Mã đơn vị được đánh giá (sở, UBND huyện, UBND xã; trống: mọi đơn vị)
-- param: ky VARCHAR = NULL | Kỳ: 2022-03, 2022-Q1 hoặc 2022 (trống: tháng của ngày chốt số liệu)
-- sensitivity: noi_bo
WITH chosen AS (
    SELECT coalesce(CAST($ky AS VARCHAR), strftime(as_of, '%Y-%m')) AS ky FROM run_params
),

lost AS (
    SELECT unfavourable.*
    FROM index766_unfavourable AS unfavourable
    INNER JOIN chosen ON unfavourable.ky = chosen.ky
    WHERE
        unfavourable.indicator_id = '3.3'
        AND (CAST($don_vi AS VARCHAR) IS null OR unfavourable.ma_don_vi = CAST($don_vi AS VARCHAR))
)

SELECT
    lost.ky,
    lost.ma_don_vi,
    agency.ten_don_vi,
    lost.record_key AS ma_ho_so,
    dossier.ma_tthc,
    dossier.kenh_nop,
    dossier.ngay_tiep_nhan_d AS ngay_tiep_nhan,
    CASE WHEN dossier.kenh_nop = 2 THEN 'truc_tuyen_khong_ket_qua_dien_tu' ELSE 'khong_truc_tuyen' END
        AS ly_do,
    dossier.da_so_hoa_ket_qua,
    lost.co
FROM lost
LEFT JOIN fct_dossier AS dossier ON lost.record_key = dossier.ma_ho_so
LEFT JOIN dim_agency AS agency ON lost.ma_don_vi = agency.ma_don_vi
ORDER BY lost.ma_don_vi, ly_do, ngay_tiep_nhan, ma_ho_so
