-- title: Hồ sơ nộp trực tuyến của thủ tục còn ghi mức độ 2 trong danh mục
-- description: Hồ sơ được tiếp nhận qua kênh trực tuyến (kenh = 2) mà thủ tục (mã quốc gia) trong danh mục TTHC của tháng
-- description: tiếp nhận (bản xuất danh mục mới nhất không muộn hơn cuối tháng đó) có mức độ dịch vụ công dưới 3:
-- description: danh mục chưa cập nhật, hoặc hồ sơ ghi sai kênh.
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận (trống: mọi đơn vị)
-- param: tu_ngay DATE = NULL | Tiếp nhận từ ngày (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Tiếp nhận đến ngày (trống: không giới hạn)
-- sensitivity: noi_bo
WITH cat AS (
    SELECT
        period,
        ma_tthc,
        max(ngay_xuat) AS ngay_xuat,
        max(muc_do) AS muc_do_danh_muc
    FROM catalog_of_period
    GROUP BY period, ma_tthc
)

SELECT
    d.ma_ho_so,
    d.ma_don_vi,
    a.ten_don_vi,
    d.level,
    d.ma_tthc,
    d.ten_tthc,
    d.ngay_tiep_nhan_d AS ngay_tiep_nhan,
    d.muc_do AS muc_do_tren_ho_so,
    c.muc_do_danh_muc,
    c.ngay_xuat AS ngay_xuat_danh_muc
FROM fct_dossier AS d
INNER JOIN cat AS c ON c.period = strftime(d.ngay_tiep_nhan_d, '%Y-%m') AND d.ma_tthc = c.ma_tthc
LEFT JOIN dim_agency AS a ON d.ma_don_vi = a.ma_don_vi
WHERE
    d.is_received AND d.kenh_nop = 2 AND c.muc_do_danh_muc < 3
    AND (CAST($don_vi AS VARCHAR) IS null OR d.ma_don_vi = CAST($don_vi AS VARCHAR))
    AND (CAST($tu_ngay AS DATE) IS null OR d.ngay_tiep_nhan_d >= CAST($tu_ngay AS DATE))
    AND (CAST($den_ngay AS DATE) IS null OR d.ngay_tiep_nhan_d <= CAST($den_ngay AS DATE))
ORDER BY d.ma_don_vi, d.ma_tthc, d.ma_ho_so
