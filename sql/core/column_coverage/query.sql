-- Độ phủ của các cột bắt buộc (metrics.md, "Required columns: no value without its data"): với
-- mỗi cột mà một chỉ số cần (dim_metric_required_column), mỗi kỳ, đơn vị và tệp đã giao các bản
-- ghi liên quan: số bản ghi, số bản ghi tệp không có cột (vắng mặt: file_columns), số bản ghi có
-- cột nhưng ô trống.
-- Bản ghi liên quan của mỗi thực thể trong kỳ P (đến ngày chốt hiệu lực E):
--   hoso: hồ sơ tiếp nhận trong P (phiên bản hiện hành); tientrinh: các bước hiện hành của những
--   hồ sơ đó; tthc: các dòng của danh mục của P; danhgia, thanhtoan: đánh giá, giao dịch có ngày
--   trong P; pakn: PAKN tiếp nhận trong P; rasoat: dòng phê duyệt trong P; nhiemvu: dòng có hạn
--   trong P; baocao: dòng có hạn nộp trong P.
-- Đếm ô có giá trị theo từng (kỳ, cấp, đơn vị, tệp) trước (ít dòng), rồi mới trải theo cột.
-- Cột một chỉ số cần mà không có trong danh sách đếm dưới đây: check column_coverage_every_required_column.
WITH dossiers_received AS (
    SELECT
        dim_period.period,
        dossier.*
    FROM fct_dossier AS dossier
    INNER JOIN dim_period ON dossier.ngay_tiep_nhan_d BETWEEN dim_period.period_start AND dim_period.effective_end
    WHERE dossier.is_received
),

hoso_counts AS (
    SELECT
        'hoso' AS entity,
        period,
        level,
        ma_don_vi,
        _file_id AS file_id,
        count(*) AS n_rows,
        [
            { 'column_name': 'trang_thai', 'filled': count(trang_thai) },
            { 'column_name': 'ma_tthc', 'filled': count(ma_tthc) },
            { 'column_name': 'muc_do', 'filled': count(muc_do) },
            { 'column_name': 'kenh', 'filled': count(kenh) },
            { 'column_name': 'ngay_hen_tra', 'filled': count(ngay_hen_tra) },
            { 'column_name': 'ngay_ket_thuc_xu_ly', 'filled': count(ngay_ket_thuc_xu_ly) },
            { 'column_name': 'hinh_thuc_tra', 'filled': count(hinh_thuc_tra) },
            { 'column_name': 'da_so_hoa_ket_qua', 'filled': count(da_so_hoa_ket_qua) },
            { 'column_name': 'ten_linh_vuc', 'filled': count(ten_linh_vuc) }
        ] AS filled_counts
    FROM dossiers_received
    GROUP BY ALL
),

tientrinh_counts AS (
    SELECT
        'tientrinh' AS entity,
        dossier.period,
        dossier.level,
        dossier.ma_don_vi,
        step._file_id AS file_id,
        count(*) AS n_rows,
        [
            { 'column_name': 'noi_dung', 'filled': count(step.noi_dung) },
            { 'column_name': 'don_vi_gui', 'filled': count(step.don_vi_gui) },
            { 'column_name': 'don_vi_nhan', 'filled': count(step.don_vi_nhan) },
            { 'column_name': 'hinh_thuc_chuyen', 'filled': count(step.hinh_thuc_chuyen) }
        ] AS filled_counts
    FROM dossiers_received AS dossier
    INNER JOIN fct_dossier_step AS step ON dossier.ma_ho_so = step.ma_ho_so
    GROUP BY ALL
),

tthc_counts AS (
    -- the raw cells of the catalogue of P (catalog_of_period reads empty flags as 0)
    SELECT
        'tthc' AS entity,
        catalog_entry.period,
        catalog_entry.level,
        CAST(null AS VARCHAR) AS ma_don_vi,
        snapshot_row._file_id AS file_id,
        count(*) AS n_rows,
        [
            { 'column_name': 'loai_tthc', 'filled': count(snapshot_row.loai_tthc) },
            { 'column_name': 'muc_do', 'filled': count(snapshot_row.muc_do) },
            { 'column_name': 'du_dieu_kien_truc_tuyen', 'filled': count(snapshot_row.du_dieu_kien_truc_tuyen) },
            { 'column_name': 'tich_hop_dvcqg', 'filled': count(snapshot_row.tich_hop_dvcqg) },
            { 'column_name': 'co_nghia_vu_tai_chinh', 'filled': count(snapshot_row.co_nghia_vu_tai_chinh) },
            {
                'column_name': 'trien_khai_thanh_toan_truc_tuyen',
                'filled': count(snapshot_row.trien_khai_thanh_toan_truc_tuyen)
            },
            { 'column_name': 'co_quy_trinh_noi_bo', 'filled': count(snapshot_row.co_quy_trinh_noi_bo) },
            { 'column_name': 'cong_khai_csdlqg', 'filled': count(snapshot_row.cong_khai_csdlqg) },
            { 'column_name': 'niem_yet', 'filled': count(snapshot_row.niem_yet) },
            { 'column_name': 'ngay_qd_cong_bo', 'filled': count(snapshot_row.ngay_qd_cong_bo) },
            { 'column_name': 'ngay_hieu_luc_can_cu', 'filled': count(snapshot_row.ngay_hieu_luc_can_cu) }
        ] AS filled_counts
    FROM catalog_of_period AS catalog_entry
    INNER JOIN core_catalog_snapshot AS snapshot_row
        ON catalog_entry.ngay_xuat = snapshot_row.ngay_xuat AND catalog_entry.ma_tthc = snapshot_row.ma_tthc
    GROUP BY ALL
),

danhgia_counts AS (
    SELECT
        'danhgia' AS entity,
        dim_period.period,
        evaluation.level,
        evaluation.ma_don_vi,
        evaluation._file_id AS file_id,
        count(*) AS n_rows,
        [{ 'column_name': 'muc_do_hai_long', 'filled': count(evaluation.muc_do_hai_long) }] AS filled_counts
    FROM core_danhgia AS evaluation
    INNER JOIN dim_period ON evaluation.ngay_danh_gia BETWEEN dim_period.period_start AND dim_period.effective_end
    GROUP BY ALL
),

thanhtoan_counts AS (
    SELECT
        'thanhtoan' AS entity,
        dim_period.period,
        payment.level,
        payment.ma_don_vi,
        payment._file_id AS file_id,
        count(*) AS n_rows,
        [
            { 'column_name': 'hinh_thuc', 'filled': count(payment.hinh_thuc) },
            { 'column_name': 'trang_thai', 'filled': count(payment.trang_thai) }
        ] AS filled_counts
    FROM core_thanhtoan AS payment
    INNER JOIN dim_period ON payment.ngay_thanh_toan BETWEEN dim_period.period_start AND dim_period.effective_end
    GROUP BY ALL
),

pakn_counts AS (
    SELECT
        'pakn' AS entity,
        dim_period.period,
        feedback.level,
        feedback.ma_don_vi,
        feedback._file_id AS file_id,
        count(*) AS n_rows,
        [
            { 'column_name': 'thuoc_pham_vi', 'filled': count(feedback.thuoc_pham_vi) },
            { 'column_name': 'ngay_chuyen', 'filled': count(feedback.ngay_chuyen_d) },
            { 'column_name': 'ngay_co_ket_qua', 'filled': count(feedback.ngay_co_ket_qua_d) }
        ] AS filled_counts
    FROM core_pakn AS feedback
    INNER JOIN dim_period ON feedback.ngay_tiep_nhan_d BETWEEN dim_period.period_start AND dim_period.effective_end
    GROUP BY ALL
),

rasoat_counts AS (
    SELECT
        'rasoat' AS entity,
        dim_period.period,
        review.level,
        review.ma_don_vi,
        review._file_id AS file_id,
        count(*) AS n_rows,
        [
            { 'column_name': 'so_quy_dinh', 'filled': count(review.so_quy_dinh) },
            { 'column_name': 'so_quy_dinh_cat_giam', 'filled': count(review.so_quy_dinh_cat_giam) },
            { 'column_name': 'chi_phi_truoc', 'filled': count(review.chi_phi_truoc) },
            { 'column_name': 'chi_phi_sau', 'filled': count(review.chi_phi_sau) }
        ] AS filled_counts
    FROM core_rasoat AS review
    INNER JOIN dim_period
        ON CAST(review.ngay_phe_duyet AS DATE) BETWEEN dim_period.period_start AND dim_period.effective_end
    GROUP BY ALL
),

nhiemvu_counts AS (
    SELECT
        'nhiemvu' AS entity,
        dim_period.period,
        task.level,
        task.ma_don_vi,
        task._file_id AS file_id,
        count(*) AS n_rows,
        [{ 'column_name': 'ngay_hoan_thanh', 'filled': count(task.ngay_hoan_thanh) }] AS filled_counts
    FROM core_nhiemvu AS task
    INNER JOIN dim_period ON CAST(task.han AS DATE) BETWEEN dim_period.period_start AND dim_period.effective_end
    GROUP BY ALL
),

baocao_counts AS (
    SELECT
        'baocao' AS entity,
        dim_period.period,
        report.level,
        report.ma_don_vi,
        report._file_id AS file_id,
        count(*) AS n_rows,
        [
            { 'column_name': 'ngay_nop', 'filled': count(report.ngay_nop) },
            { 'column_name': 'so_ho_so_tiep_nhan', 'filled': count(report.so_ho_so_tiep_nhan) }
        ] AS filled_counts
    FROM core_baocao AS report
    INNER JOIN dim_period ON CAST(report.han_nop AS DATE) BETWEEN dim_period.period_start AND dim_period.effective_end
    GROUP BY ALL
),

all_counts AS (
    SELECT * FROM hoso_counts
    UNION ALL
    SELECT * FROM tientrinh_counts
    UNION ALL
    SELECT * FROM tthc_counts
    UNION ALL
    SELECT * FROM danhgia_counts
    UNION ALL
    SELECT * FROM thanhtoan_counts
    UNION ALL
    SELECT * FROM pakn_counts
    UNION ALL
    SELECT * FROM rasoat_counts
    UNION ALL
    SELECT * FROM nhiemvu_counts
    UNION ALL
    SELECT * FROM baocao_counts
),

per_column AS (
    SELECT
        all_counts.entity,
        all_counts.period,
        all_counts.level,
        all_counts.ma_don_vi,
        all_counts.file_id,
        all_counts.n_rows,
        unnest(all_counts.filled_counts, recursive := true)
    FROM all_counts
),

required_columns AS (
    SELECT DISTINCT
        entity,
        column_name
    FROM dim_metric_required_column
)

SELECT
    per_column.entity,
    per_column.column_name,
    per_column.period,
    per_column.level,
    per_column.ma_don_vi,
    per_column.file_id,
    coalesce(file_columns.ten_tep, per_column.file_id) AS ten_tep,
    -- a file missing from file_columns cannot happen in a build (every loaded file is recorded)
    coalesce(file_columns.carried, true) AS carried,
    CAST(per_column.n_rows AS BIGINT) AS so_ban_ghi,
    CAST(CASE WHEN coalesce(file_columns.carried, true) THEN 0 ELSE per_column.n_rows END AS BIGINT)
        AS so_ban_ghi_vang_cot,
    CAST(CASE WHEN coalesce(file_columns.carried, true) THEN per_column.n_rows - per_column.filled ELSE 0 END AS BIGINT)
        AS so_ban_ghi_o_trong
FROM per_column
SEMI JOIN required_columns
    ON per_column.entity = required_columns.entity AND per_column.column_name = required_columns.column_name
LEFT JOIN file_columns
    ON
        per_column.file_id IS NOT DISTINCT FROM file_columns.file_id
        AND per_column.entity = file_columns.entity
        AND per_column.column_name = file_columns.column_name
