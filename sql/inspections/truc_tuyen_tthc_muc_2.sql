-- title: Hồ sơ nộp trực tuyến của thủ tục còn ghi mức độ 2 trong danh mục
-- description: Hồ sơ được tiếp nhận qua kênh trực tuyến (kenh = 2) mà thủ tục (mã quốc gia) trong danh mục TTHC của tháng
-- description: tiếp nhận (bản xuất danh mục mới nhất không muộn hơn cuối tháng đó) có mức độ dịch vụ công dưới 3:
-- description: danh mục chưa cập nhật, hoặc hồ sơ ghi sai kênh.
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận (trống: mọi đơn vị)
-- param: tu_ngay DATE = NULL | Tiếp nhận từ ngày (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Tiếp nhận đến ngày (trống: không giới hạn)
-- sensitivity: noi_bo
WITH catalog_by_month AS (
    SELECT
        period,
        ma_tthc,
        max(ngay_xuat) AS ngay_xuat,
        max(muc_do) AS muc_do_danh_muc
    FROM catalog_of_period
    GROUP BY period, ma_tthc
)

SELECT
    dossier.ma_ho_so,
    dossier.ma_don_vi,
    agency.ten_don_vi,
    dossier.level,
    dossier.ma_tthc,
    dossier.ten_tthc,
    dossier.ngay_tiep_nhan_d AS ngay_tiep_nhan,
    dossier.muc_do AS muc_do_tren_ho_so,
    catalog_by_month.muc_do_danh_muc,
    catalog_by_month.ngay_xuat AS ngay_xuat_danh_muc
FROM fct_dossier AS dossier
INNER JOIN
    catalog_by_month
    ON
        catalog_by_month.period = strftime(dossier.ngay_tiep_nhan_d, '%Y-%m')
        AND dossier.ma_tthc = catalog_by_month.ma_tthc
LEFT JOIN dim_agency AS agency ON dossier.ma_don_vi = agency.ma_don_vi
WHERE
    dossier.is_received AND dossier.kenh_nop = 2 AND catalog_by_month.muc_do_danh_muc < 3
    AND (CAST($don_vi AS VARCHAR) IS null OR dossier.ma_don_vi = CAST($don_vi AS VARCHAR))
    AND (CAST($tu_ngay AS DATE) IS null OR dossier.ngay_tiep_nhan_d >= CAST($tu_ngay AS DATE))
    AND (CAST($den_ngay AS DATE) IS null OR dossier.ngay_tiep_nhan_d <= CAST($den_ngay AS DATE))
ORDER BY dossier.ma_don_vi, dossier.ma_tthc, dossier.ma_ho_so
