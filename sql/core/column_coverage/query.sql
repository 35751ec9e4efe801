-- Độ phủ của các cột bắt buộc (metrics.md, "Required columns: no value without its data"): với
-- mỗi cột mà một chỉ số cần (dim_metric_required_column), mỗi kỳ, đơn vị và tệp đã giao các bản
-- ghi liên quan: số bản ghi, số bản ghi tệp không có cột (vắng mặt: file_columns), số bản ghi có
-- cột nhưng ô trống.
-- Bản ghi liên quan của mỗi thực thể trong kỳ P (đến ngày chốt hiệu lực E):
--   hoso: hồ sơ tiếp nhận trong P (phiên bản hiện hành); tientrinh: các bước hiện hành của những
--   hồ sơ đó; tthc: các dòng của danh mục của P; danhgia, thanhtoan: đánh giá, giao dịch có ngày
--   trong P; pakn: PAKN tiếp nhận trong P; rasoat: dòng phê duyệt trong P; nhiemvu: dòng có hạn
--   trong P; baocao: dòng có hạn nộp trong P; tailieunop, giaytoketqua: các dòng của hồ sơ tiếp
--   nhận trong P (tỉnh chưa bao giờ giao thực thể: mọi hồ sơ tiếp nhận trong P thiếu cột của nó,
--   ghi cho một tệp giả "không có tệp …").
-- Đếm ô có giá trị theo từng (ngày, cấp, đơn vị, tệp) trước (ít dòng), rồi trải theo cột và kỳ.
-- Cột một chỉ số cần mà không có trong danh sách đếm dưới đây: check column_coverage_every_required_column.
WITH dossiers_received AS (
    SELECT
        CAST(date_trunc('month', dossier.ngay_tiep_nhan_d) AS DATE) AS d,
        dossier.*
    FROM fct_dossier AS dossier, run_params
    WHERE dossier.is_received AND dossier.ngay_tiep_nhan_d <= run_params.as_of
),

hoso_counts AS (
    SELECT
        'hoso' AS entity,
        d,
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
            { 'column_name': 'ten_linh_vuc', 'filled': count(ten_linh_vuc) },
            { 'column_name': 'da_dong_bo_dvcqg', 'filled': count(da_dong_bo_dvcqg) },
            { 'column_name': 'phi_le_phi', 'filled': count(phi_le_phi) },
            { 'column_name': 'thanh_toan_truc_tuyen', 'filled': count(thanh_toan_truc_tuyen) },
            { 'column_name': 'co_thanh_phan_so_hoa', 'filled': count(co_thanh_phan_so_hoa) },
            { 'column_name': 'tai_khoan_vneid', 'filled': count(tai_khoan_vneid) }
        ] AS filled_counts
    FROM dossiers_received
    GROUP BY ALL
),

tientrinh_counts AS (
    SELECT
        'tientrinh' AS entity,
        dossier.d,
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
            { 'column_name': 'ngay_hieu_luc_can_cu', 'filled': count(snapshot_row.ngay_hieu_luc_can_cu) },
            { 'column_name': 'trang_thai_cong_khai', 'filled': count(snapshot_row.trang_thai_cong_khai) },
            { 'column_name': 'ngay_cong_khai_csdlqg', 'filled': count(snapshot_row.ngay_cong_khai_csdlqg) },
            { 'column_name': 'co_ten', 'filled': count(snapshot_row.co_ten) },
            { 'column_name': 'co_trinh_tu', 'filled': count(snapshot_row.co_trinh_tu) },
            { 'column_name': 'co_cach_thuc', 'filled': count(snapshot_row.co_cach_thuc) },
            { 'column_name': 'co_thanh_phan_ho_so', 'filled': count(snapshot_row.co_thanh_phan_ho_so) },
            { 'column_name': 'co_thoi_han', 'filled': count(snapshot_row.co_thoi_han) },
            { 'column_name': 'co_doi_tuong', 'filled': count(snapshot_row.co_doi_tuong) },
            { 'column_name': 'co_co_quan_thuc_hien', 'filled': count(snapshot_row.co_co_quan_thuc_hien) },
            { 'column_name': 'du_dieu_kien_toan_trinh', 'filled': count(snapshot_row.du_dieu_kien_toan_trinh) },
            { 'column_name': 'doi_tuong_thuc_hien', 'filled': count(snapshot_row.doi_tuong_thuc_hien) }
        ] AS filled_counts
    FROM catalog_of_period AS catalog_entry
    INNER JOIN core_catalog_snapshot AS snapshot_row
        ON catalog_entry.ngay_xuat = snapshot_row.ngay_xuat AND catalog_entry.ma_tthc = snapshot_row.ma_tthc
    GROUP BY ALL
),

danhgia_counts AS (
    SELECT
        'danhgia' AS entity,
        evaluation.ngay_danh_gia AS d,
        evaluation.level,
        evaluation.ma_don_vi,
        evaluation._file_id AS file_id,
        count(*) AS n_rows,
        [{ 'column_name': 'muc_do_hai_long', 'filled': count(evaluation.muc_do_hai_long) }] AS filled_counts
    FROM core_danhgia AS evaluation
    GROUP BY ALL
),

thanhtoan_counts AS (
    SELECT
        'thanhtoan' AS entity,
        payment.ngay_thanh_toan AS d,
        payment.level,
        payment.ma_don_vi,
        payment._file_id AS file_id,
        count(*) AS n_rows,
        [
            { 'column_name': 'hinh_thuc', 'filled': count(payment.hinh_thuc) },
            { 'column_name': 'trang_thai', 'filled': count(payment.trang_thai) }
        ] AS filled_counts
    FROM core_thanhtoan AS payment
    GROUP BY ALL
),

pakn_counts AS (
    SELECT
        'pakn' AS entity,
        feedback.ngay_tiep_nhan_d AS d,
        feedback.level,
        feedback.ma_don_vi,
        feedback._file_id AS file_id,
        count(*) AS n_rows,
        [
            { 'column_name': 'thuoc_pham_vi', 'filled': count(feedback.thuoc_pham_vi) },
            { 'column_name': 'ngay_chuyen', 'filled': count(feedback.ngay_chuyen_d) },
            { 'column_name': 'ngay_co_ket_qua', 'filled': count(feedback.ngay_co_ket_qua_d) },
            { 'column_name': 'phan_loai', 'filled': count(feedback.phan_loai) }
        ] AS filled_counts
    FROM core_pakn AS feedback
    GROUP BY ALL
),

tailieunop_counts AS (
    -- the submitted files of the dossiers received in P (their rows carry no date: they count in the month
    -- their dossier was received); a province that never sent TAILIEUNOP: every dossier received
    -- in P lacks its columns (a pseudo file named "không có tệp TAILIEUNOP", absent_columns)
    SELECT
        'tailieunop' AS entity,
        dossier.d,
        dossier.level,
        dossier.ma_don_vi,
        document_row._file_id AS file_id,
        count(*) AS n_rows,
        [{ 'column_name': 'lay_tu_kho_dmqg', 'filled': count(document_row.lay_tu_kho_dmqg) }] AS filled_counts
    FROM dossiers_received AS dossier
    INNER JOIN cur_tailieunop AS document_row ON dossier.ma_ho_so = document_row.ma_ho_so
    GROUP BY ALL
    UNION ALL
    SELECT
        'tailieunop' AS entity,
        dossier.d,
        dossier.level,
        dossier.ma_don_vi,
        'không có tệp TAILIEUNOP' AS file_id,
        count(*) AS n_rows,
        [{ 'column_name': 'lay_tu_kho_dmqg', 'filled': 0 }] AS filled_counts
    FROM dossiers_received AS dossier
    WHERE
        NOT EXISTS (
            SELECT 1 FROM file_columns
            WHERE file_columns.entity = 'tailieunop'
        )
    GROUP BY ALL
),

giaytoketqua_counts AS (
    -- the result documents of the dossiers received in P (their rows carry no date: they count in the month
    -- their dossier was received); a province that never sent GIAYTOKETQUA: every dossier received
    -- in P lacks its columns (a pseudo file named "không có tệp GIAYTOKETQUA", absent_columns)
    SELECT
        'giaytoketqua' AS entity,
        dossier.d,
        dossier.level,
        dossier.ma_don_vi,
        document_row._file_id AS file_id,
        count(*) AS n_rows,
        [{ 'column_name': 'dong_bo_kho_ca_nhan', 'filled': count(document_row.dong_bo_kho_ca_nhan) }] AS filled_counts
    FROM dossiers_received AS dossier
    INNER JOIN cur_giaytoketqua AS document_row ON dossier.ma_ho_so = document_row.ma_ho_so
    GROUP BY ALL
    UNION ALL
    SELECT
        'giaytoketqua' AS entity,
        dossier.d,
        dossier.level,
        dossier.ma_don_vi,
        'không có tệp GIAYTOKETQUA' AS file_id,
        count(*) AS n_rows,
        [{ 'column_name': 'dong_bo_kho_ca_nhan', 'filled': 0 }] AS filled_counts
    FROM dossiers_received AS dossier
    WHERE
        NOT EXISTS (
            SELECT 1 FROM file_columns
            WHERE file_columns.entity = 'giaytoketqua'
        )
    GROUP BY ALL
),

rasoat_counts AS (
    SELECT
        'rasoat' AS entity,
        CAST(review.ngay_phe_duyet AS DATE) AS d,
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
    GROUP BY ALL
),

nhiemvu_counts AS (
    SELECT
        'nhiemvu' AS entity,
        CAST(task.han AS DATE) AS d,
        task.level,
        task.ma_don_vi,
        task._file_id AS file_id,
        count(*) AS n_rows,
        [{ 'column_name': 'ngay_hoan_thanh', 'filled': count(task.ngay_hoan_thanh) }] AS filled_counts
    FROM core_nhiemvu AS task
    GROUP BY ALL
),

baocao_counts AS (
    SELECT
        'baocao' AS entity,
        CAST(report.han_nop AS DATE) AS d,
        report.level,
        report.ma_don_vi,
        report._file_id AS file_id,
        count(*) AS n_rows,
        [
            { 'column_name': 'ngay_nop', 'filled': count(report.ngay_nop) },
            { 'column_name': 'so_ho_so_tiep_nhan', 'filled': count(report.so_ho_so_tiep_nhan) }
        ] AS filled_counts
    FROM core_baocao AS report
    GROUP BY ALL
),

dated_counts AS (
    SELECT * FROM hoso_counts
    UNION ALL
    SELECT * FROM tientrinh_counts
    UNION ALL
    SELECT * FROM danhgia_counts
    UNION ALL
    SELECT * FROM thanhtoan_counts
    UNION ALL
    SELECT * FROM pakn_counts
    UNION ALL
    SELECT * FROM tailieunop_counts
    UNION ALL
    SELECT * FROM giaytoketqua_counts
    UNION ALL
    SELECT * FROM rasoat_counts
    UNION ALL
    SELECT * FROM nhiemvu_counts
    UNION ALL
    SELECT * FROM baocao_counts
),

required_columns AS (
    SELECT DISTINCT
        entity,
        column_name
    FROM dim_metric_required_column
),

dated_per_column AS (
    -- by month: a month lies wholly in its quarter and year; dates after D belong to no period
    -- (E = min(end of P, D))
    SELECT
        dated_counts.entity,
        CAST(date_trunc('month', dated_counts.d) AS DATE) AS d,
        CAST(null AS VARCHAR) AS period,
        dated_counts.level,
        dated_counts.ma_don_vi,
        dated_counts.file_id,
        dated_counts.n_rows,
        -- unpacks to the columns column_name, filled
        unnest(dated_counts.filled_counts, recursive := true)  -- noqa: AL03
    FROM dated_counts, run_params
    WHERE dated_counts.d <= run_params.as_of
),

catalog_per_column AS (
    SELECT
        tthc_counts.entity,
        CAST(null AS DATE) AS d,
        tthc_counts.period,
        tthc_counts.level,
        tthc_counts.ma_don_vi,
        tthc_counts.file_id,
        tthc_counts.n_rows,
        -- unpacks to the columns column_name, filled
        unnest(tthc_counts.filled_counts, recursive := true)  -- noqa: AL03
    FROM tthc_counts
),

absent_columns AS (
    SELECT
        file_id,
        entity,
        column_name
    FROM file_columns
    WHERE NOT carried
    UNION ALL
    -- the pseudo file of an entity the province never sent (tailieunop_counts, giaytoketqua_counts)
    SELECT
        'không có tệp ' || upper(required_columns.entity) AS file_id,
        required_columns.entity,
        required_columns.column_name
    FROM required_columns
    WHERE
        required_columns.entity IN ('tailieunop', 'giaytoketqua')
        AND NOT EXISTS (
            SELECT 1 FROM file_columns
            WHERE file_columns.entity = required_columns.entity
        )
),

file_counts AS (
    -- absent (the file lacks the column) and empty cells (it carries it); a file without
    -- either keeps no file grain below (file_id NULL): the table stays small
    SELECT
        counted.entity,
        counted.column_name,
        counted.d,
        counted.period,
        counted.level,
        counted.ma_don_vi,
        counted.n_rows,
        CASE WHEN absent_columns.file_id IS null THEN 0 ELSE counted.n_rows END AS absent_rows,
        CASE WHEN absent_columns.file_id IS null THEN counted.n_rows - counted.filled ELSE 0 END AS empty_rows,
        CASE WHEN absent_columns.file_id IS NOT null OR counted.filled < counted.n_rows THEN counted.file_id END
            AS file_id
    FROM (
        SELECT * FROM dated_per_column
        UNION ALL
        SELECT * FROM catalog_per_column
    ) AS counted
    SEMI JOIN required_columns
        ON counted.entity = required_columns.entity AND counted.column_name = required_columns.column_name
    LEFT JOIN absent_columns
        ON
            counted.file_id = absent_columns.file_id
            AND counted.entity = absent_columns.entity
            AND counted.column_name = absent_columns.column_name
),

by_month AS (
    SELECT
        entity,
        column_name,
        d,
        period,
        level,
        ma_don_vi,
        file_id,
        sum(n_rows) AS n_rows,
        sum(absent_rows) AS absent_rows,
        sum(empty_rows) AS empty_rows
    FROM file_counts
    GROUP BY ALL
),

period_rows AS (
    -- each month in its month, quarter and year (the names of dim_period: 2022-03, 2022-Q1, 2022)
    SELECT
        by_month.entity,
        by_month.column_name,
        dim_period.period,
        by_month.level,
        by_month.ma_don_vi,
        by_month.file_id,
        by_month.n_rows,
        by_month.absent_rows,
        by_month.empty_rows
    FROM by_month
    CROSS JOIN
        LATERAL (
            SELECT
                unnest([
                    strftime(by_month.d, '%Y-%m'),
                    strftime(by_month.d, '%Y') || '-Q' || quarter(by_month.d),
                    strftime(by_month.d, '%Y')
                ]) AS period_name
        ) AS month_periods
    INNER JOIN dim_period ON month_periods.period_name = dim_period.period
    WHERE by_month.period IS null
    UNION ALL
    SELECT
        entity,
        column_name,
        period,
        level,
        ma_don_vi,
        file_id,
        n_rows,
        absent_rows,
        empty_rows
    FROM by_month
    WHERE period IS NOT null
),

file_names AS (
    SELECT DISTINCT
        file_id,
        ten_tep
    FROM file_columns
)

SELECT
    period_rows.entity,
    period_rows.column_name,
    period_rows.period,
    period_rows.level,
    period_rows.ma_don_vi,
    period_rows.file_id,
    CASE WHEN period_rows.file_id IS NOT null THEN coalesce(any_value(file_names.ten_tep), period_rows.file_id) END
        AS ten_tep,
    sum(period_rows.absent_rows) = 0 AS carried,
    CAST(sum(period_rows.n_rows) AS BIGINT) AS so_ban_ghi,
    CAST(sum(period_rows.absent_rows) AS BIGINT) AS so_ban_ghi_vang_cot,
    CAST(sum(period_rows.empty_rows) AS BIGINT) AS so_ban_ghi_o_trong
FROM period_rows
LEFT JOIN file_names ON period_rows.file_id = file_names.file_id
GROUP BY
    period_rows.entity, period_rows.column_name, period_rows.period, period_rows.level, period_rows.ma_don_vi,
    period_rows.file_id
