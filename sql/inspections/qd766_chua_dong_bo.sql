-- title: Hồ sơ chưa đồng bộ lên Cổng DVCQG (chỉ số 1.4) của một đơn vị trong một kỳ
-- description: Hồ sơ tiếp nhận trong kỳ chưa đồng bộ lên Cổng DVCQG tại E (ngày đồng bộ sau E hoặc trống; khi tệp không có
-- description: ngày đồng bộ thì theo cờ đã đồng bộ tại ngày chốt, cờ as_of_D): các hồ sơ làm mất điểm 1.4 và làm giảm 3.3
-- description: (docs/index-766.md §2, mục Synced).
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
        unfavourable.indicator_id = '1.4'
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
    CAST(dossier.ngay_dong_bo_dvcqg AS DATE) AS ngay_dong_bo_dvcqg,
    dossier.da_dong_bo_dvcqg,
    lost.co
FROM lost
LEFT JOIN fct_dossier AS dossier ON lost.record_key = dossier.ma_ho_so
LEFT JOIN dim_agency AS agency ON lost.ma_don_vi = agency.ma_don_vi
ORDER BY lost.ma_don_vi, ngay_tiep_nhan, ma_ho_so
