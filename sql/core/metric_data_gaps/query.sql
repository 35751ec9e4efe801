-- Chỉ số chưa tính được vì thiếu dữ liệu (metrics.md, "Required columns: no value without its
-- data"): với mỗi chỉ số, kỳ và (toàn tỉnh | cấp | đơn vị), một cột chỉ số cần mà thiếu ở hơn
-- 20% bản ghi liên quan. Thiếu = tệp giao bản ghi không có cột (vắng cột: luôn là thiếu, kể cả khi
-- nguồn có quy tắc cho ô trống), hoặc ô trống ở cột mà ô trống là thiếu dữ liệu (o_trong = thieu;
-- ô trống có quy tắc nguồn "mac_dinh" hoặc được phép trống "duoc_trong" không phải thiếu).
-- Vắng ở mọi tệp (thiếu 100%) là trường hợp riêng của quy tắc này. Không có bản ghi liên quan:
-- không có dòng ở đây (mẫu số 0 đã là "không có dữ liệu").
-- ly_do_khong_co_du_lieu: lý do tiếng Việt, mỗi cột một câu, nối bằng "; ", kèm tối đa 3 tệp.
WITH coverage_by_unit AS (
    SELECT
        entity,
        column_name,
        period,
        level,
        ma_don_vi,
        sum(so_ban_ghi) AS so_ban_ghi,
        sum(so_ban_ghi_vang_cot) AS so_ban_ghi_vang_cot,
        sum(so_ban_ghi_o_trong) AS so_ban_ghi_o_trong
    FROM column_coverage
    GROUP BY ALL
),

coverage_by_grain AS (
    -- toàn tỉnh: mọi bản ghi; cấp: bản ghi có cấp; đơn vị: bản ghi có mã đơn vị và cấp
    SELECT
        entity,
        column_name,
        period,
        'toan_tinh' AS level,
        CAST(null AS VARCHAR) AS ma_don_vi,
        sum(so_ban_ghi) AS so_ban_ghi,
        sum(so_ban_ghi_vang_cot) AS so_ban_ghi_vang_cot,
        sum(so_ban_ghi_o_trong) AS so_ban_ghi_o_trong
    FROM coverage_by_unit
    GROUP BY ALL
    UNION ALL
    SELECT
        entity,
        column_name,
        period,
        level,
        CAST(null AS VARCHAR) AS ma_don_vi,
        sum(so_ban_ghi) AS so_ban_ghi,
        sum(so_ban_ghi_vang_cot) AS so_ban_ghi_vang_cot,
        sum(so_ban_ghi_o_trong) AS so_ban_ghi_o_trong
    FROM coverage_by_unit
    WHERE level IS NOT null
    GROUP BY ALL
    UNION ALL
    SELECT
        entity,
        column_name,
        period,
        level,
        ma_don_vi,
        so_ban_ghi,
        so_ban_ghi_vang_cot,
        so_ban_ghi_o_trong
    FROM coverage_by_unit
    WHERE level IS NOT null AND ma_don_vi IS NOT null
),

column_gaps AS (
    SELECT
        required_column.metric_id,
        required_column.entity,
        required_column.column_name,
        required_column.ten_cot,
        coverage.period,
        coverage.level,
        coverage.ma_don_vi,
        coverage.so_ban_ghi,
        coverage.so_ban_ghi_vang_cot
        + CASE WHEN required_column.o_trong = 'thieu' THEN coverage.so_ban_ghi_o_trong ELSE 0 END
            AS so_ban_ghi_thieu,
        coverage.so_ban_ghi_vang_cot = coverage.so_ban_ghi AS vang_moi_tep
    FROM dim_metric_required_column AS required_column
    INNER JOIN coverage_by_grain AS coverage
        ON required_column.entity = coverage.entity AND required_column.column_name = coverage.column_name
    WHERE
        coverage.so_ban_ghi > 0
        AND coverage.so_ban_ghi_vang_cot
        + CASE WHEN required_column.o_trong = 'thieu' THEN coverage.so_ban_ghi_o_trong ELSE 0 END
        > 0.2 * coverage.so_ban_ghi
),

gap_files AS (
    -- the files that lack the column or leave it empty, among the records of each gap (at most 3 named)
    SELECT
        column_gaps.metric_id,
        column_gaps.column_name,
        column_gaps.entity,
        column_gaps.period,
        column_gaps.level,
        column_gaps.ma_don_vi,
        list(DISTINCT file_coverage.ten_tep ORDER BY file_coverage.ten_tep) AS tep
    FROM column_gaps
    INNER JOIN dim_metric_required_column AS required_column
        ON
            column_gaps.metric_id = required_column.metric_id AND column_gaps.column_name = required_column.column_name
            AND column_gaps.entity = required_column.entity
    INNER JOIN column_coverage AS file_coverage
        ON
            column_gaps.entity = file_coverage.entity
            AND column_gaps.column_name = file_coverage.column_name
            AND column_gaps.period = file_coverage.period
            AND (column_gaps.level = 'toan_tinh' OR column_gaps.level = file_coverage.level)
            AND (column_gaps.ma_don_vi IS null OR column_gaps.ma_don_vi = file_coverage.ma_don_vi)
    WHERE
        file_coverage.so_ban_ghi_vang_cot > 0
        OR (required_column.o_trong = 'thieu' AND file_coverage.so_ban_ghi_o_trong > 0)
    GROUP BY ALL
),

column_reasons AS (
    SELECT
        column_gaps.*,
        gap_files.tep,
        CASE
            WHEN column_gaps.vang_moi_tep THEN 'Dữ liệu không có cột ' || column_gaps.ten_cot
            ELSE
                'Cột ' || column_gaps.ten_cot || ' vắng hoặc trống ở '
                || replace(printf('%.1f', 100.0 * column_gaps.so_ban_ghi_thieu / column_gaps.so_ban_ghi), '.', ',')
                || '% bản ghi (quá 20%)'
        END
        || ' (tệp: ' || array_to_string(gap_files.tep[1:3], ', ')
        || CASE WHEN len(gap_files.tep) > 3 THEN ' và ' || (len(gap_files.tep) - 3) || ' tệp khác' ELSE '' END
        || ')' AS ly_do_cot
    FROM column_gaps
    LEFT JOIN gap_files
        ON
            column_gaps.metric_id = gap_files.metric_id
            AND column_gaps.entity = gap_files.entity
            AND column_gaps.column_name = gap_files.column_name
            AND column_gaps.period = gap_files.period
            AND column_gaps.level = gap_files.level
            AND column_gaps.ma_don_vi IS NOT DISTINCT FROM gap_files.ma_don_vi
)

SELECT
    column_reasons.metric_id,
    column_reasons.period,
    column_reasons.level,
    column_reasons.ma_don_vi,
    list(
        column_reasons.entity
        || '.'
        || column_reasons.column_name
        ORDER BY column_reasons.entity, column_reasons.column_name
    )
        AS cot_thieu,
    list_sort(list_distinct(flatten(list(column_reasons.tep)))) AS tep_thieu,
    string_agg(column_reasons.ly_do_cot, '; ' ORDER BY column_reasons.entity, column_reasons.column_name)
    || ': chưa tính được ' || lower(dim_metric.ten_chi_so[1]) || dim_metric.ten_chi_so[2:] AS ly_do_khong_co_du_lieu
FROM column_reasons
INNER JOIN dim_metric ON column_reasons.metric_id = dim_metric.metric_id
GROUP BY
    column_reasons.metric_id,
    column_reasons.period,
    column_reasons.level,
    column_reasons.ma_don_vi,
    dim_metric.ten_chi_so
