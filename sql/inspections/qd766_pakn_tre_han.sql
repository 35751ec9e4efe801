-- title: PAKN xử lý trễ hạn (chỉ số 5.2) của một đơn vị trong một kỳ
-- description: PAKN thuộc phạm vi xử lý trong kỳ hoặc đang xử lý tại E mà không đúng tiến độ (quá 15 ngày làm việc, từ chối
-- description: quá 2 ngày, yêu cầu bổ sung quá 5 ngày, công khai quá 2 ngày sau kết quả): các PAKN làm mất điểm 5.2 (và 5.3).
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
        unfavourable.indicator_id = '5.2'
        AND (CAST($don_vi AS VARCHAR) IS null OR unfavourable.ma_don_vi = CAST($don_vi AS VARCHAR))
)

SELECT
    lost.ky,
    lost.ma_don_vi,
    agency.ten_don_vi,
    lost.record_key AS ma_pakn,
    feedback.nguon,
    feedback.trang_thai,
    feedback.ngay_tiep_nhan_d AS ngay_tiep_nhan,
    feedback.ngay_chuyen_d AS ngay_chuyen,
    feedback.ngay_co_ket_qua_d AS ngay_co_ket_qua,
    feedback.ngay_yeu_cau_bo_sung_d AS ngay_yeu_cau_bo_sung,
    feedback.ngay_cong_khai_d AS ngay_cong_khai,
    lost.co
FROM lost
LEFT JOIN core_pakn AS feedback ON lost.record_key = feedback.ma_pakn
LEFT JOIN dim_agency AS agency ON lost.ma_don_vi = agency.ma_don_vi
ORDER BY lost.ma_don_vi, ngay_tiep_nhan, ma_pakn
