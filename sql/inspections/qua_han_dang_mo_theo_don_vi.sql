-- title: Hồ sơ quá hạn còn đang mở, theo đơn vị
-- description: Số hồ sơ đã tiếp nhận đến ngày E, chưa giải quyết đến ngày E, không ở trạng thái bị từ chối (3), chờ công
-- description: dân bổ sung (5), rút (7), dừng (8), và ngày hẹn trả trước ngày E (metrics.md "Open overdue at E"), gộp theo
-- description: đơn vị tiếp nhận: số hồ sơ, ngày hẹn trả sớm nhất, số ngày trễ lớn nhất và trung bình.
-- param: cap VARCHAR = NULL | Cấp của đơn vị: tinh, huyen, xa, tw (trống: mọi cấp)
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận (trống: mọi đơn vị)
-- param: den_ngay DATE = NULL | Ngày E (trống: ngày chốt số liệu)
-- sensitivity: noi_bo
WITH e AS (SELECT coalesce(CAST($den_ngay AS DATE), as_of) AS e FROM run_params),

o AS (
    SELECT
        d.*,
        CAST(e.e - d.ngay_hen_tra_d AS INTEGER) AS so_ngay_tre
    FROM fct_dossier AS d CROSS JOIN e
    WHERE
        is_open_overdue_at(d, e.e)
        AND (CAST($cap AS VARCHAR) IS null OR d.level = CAST($cap AS VARCHAR))
        AND (CAST($don_vi AS VARCHAR) IS null OR d.ma_don_vi = CAST($don_vi AS VARCHAR))
)

SELECT
    o.ma_don_vi,
    a.ten_don_vi,
    o.level,
    count(*) AS so_ho_so_qua_han,
    min(o.ngay_hen_tra_d) AS hen_tra_som_nhat,
    max(o.so_ngay_tre) AS so_ngay_tre_lon_nhat,
    round(avg(o.so_ngay_tre), 1) AS so_ngay_tre_trung_binh,
    list(o.ma_ho_so ORDER BY o.ngay_hen_tra_d, o.ma_ho_so)[1:10] AS vi_du_ma_ho_so
FROM o
LEFT JOIN dim_agency AS a ON o.ma_don_vi = a.ma_don_vi
GROUP BY o.ma_don_vi, a.ten_don_vi, o.level
ORDER BY so_ho_so_qua_han DESC, o.ma_don_vi ASC
