-- title: Hồ sơ quá hạn theo QĐ 766 (chỉ số 2.1) của một đơn vị trong một kỳ
-- description: Hồ sơ thuộc tập xử lý của kỳ (kết thúc trong kỳ, kể cả chờ bổ sung, hoặc còn mở tại E) mà không đúng hạn
-- description: theo docs/index-766.md §2 (ngày kết thúc sau ngày hẹn trả; chờ bổ sung sau hơn một yêu cầu): các hồ sơ làm
-- description: đơn vị mất điểm chỉ số 2.1 (và 5.4). tinh_trang: da_ket_thuc, cho_bo_sung, dang_mo; so_ngay_tre: ngày
-- description: kết thúc (E khi còn mở) trừ ngày hẹn trả, trống khi quá hạn vì hơn một yêu cầu bổ sung.
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
        unfavourable.indicator_id = '2.1'
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
    dossier.ngay_hen_tra_d AS ngay_hen_tra,
    CAST(state.ket_thuc_766 AS DATE) AS ngay_ket_thuc_766,
    state.ket_thuc_source AS nguon_ket_thuc,
    CASE
        WHEN state.in_supplement_wait_at_e THEN 'cho_bo_sung' WHEN state.is_open_at_e THEN 'dang_mo' ELSE 'da_ket_thuc'
    END AS tinh_trang,
    state.so_yeu_cau_bo_sung_at_e AS so_yeu_cau_bo_sung,
    -- empty for a dossier overdue because of a second supplement request, not because of its date
    CASE
        WHEN CAST(state.ket_thuc_766 AS DATE) > dossier.ngay_hen_tra_d
            THEN date_diff('day', dossier.ngay_hen_tra_d, CAST(state.ket_thuc_766 AS DATE))
    END AS so_ngay_tre
FROM lost
INNER JOIN dossier_766_period AS state ON lost.record_key = state.ma_ho_so AND lost.ky = state.period_id
LEFT JOIN fct_dossier AS dossier ON lost.record_key = dossier.ma_ho_so
LEFT JOIN dim_agency AS agency ON lost.ma_don_vi = agency.ma_don_vi
ORDER BY lost.ma_don_vi, ngay_ket_thuc_766, ma_ho_so
