-- title: Hồ sơ đã giải quyết không có kết quả điện tử (chỉ số 4.1) của một đơn vị trong một kỳ
-- description: Hồ sơ giải quyết xong trong kỳ (thủ tục có kết quả giấy tờ) mà không có tệp kết quả điện tử (hoặc, khi chưa
-- description: có tệp GIAYTOKETQUA, chưa số hóa kết quả: cờ proxy), kể cả hồ sơ nộp trực tuyến (kenh_nop = 2):
-- description: các hồ sơ làm mất điểm 4.1 (docs/index-766-indicators-3-5.md).
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
        unfavourable.indicator_id = '4.1'
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
    dossier.ngay_ket_thuc_d AS ngay_ket_thuc,
    dossier.da_so_hoa_ket_qua,
    dossier.ma_ket_qua IS NOT null AS co_ma_ket_qua,
    lost.co
FROM lost
LEFT JOIN fct_dossier AS dossier ON lost.record_key = dossier.ma_ho_so
LEFT JOIN dim_agency AS agency ON lost.ma_don_vi = agency.ma_don_vi
ORDER BY lost.ma_don_vi, ngay_ket_thuc, ma_ho_so
