-- Periodic reports (BAOCAO) as known at D, current version per (ma_don_vi, ky_bao_cao) (the
-- file landed last wins), with their report window (Thông tư 01/2020/TT-VPCP cut-off, the 15th
-- of the month before the window to the 14th of its last month):
--   Quý I/Y    15/12/(Y-1) - 14/03/Y        6 tháng/Y  15/12/(Y-1) - 14/06/Y
--   Quý II/Y   15/03/Y     - 14/06/Y        9 tháng/Y  15/12/(Y-1) - 14/09/Y
--   Quý III/Y  15/06/Y     - 14/09/Y        Năm Y      15/12/(Y-1) - 14/12/Y
--   Quý IV/Y   15/09/Y     - 14/12/Y
-- (Quý II, Quý IV and 9 tháng are not in metrics.md: the same cut-off rule applied.)
-- window_year = the year Y whose annual window 15/12/(Y-1) - 14/12/Y contains window_end.
-- A report sent after D is not known yet: ngay_nop and the self-reported count are NULL then.
WITH latest_report AS (
    SELECT report.*
    FROM stg_baocao AS report
    WHERE report.ma_don_vi IS NOT null AND report.ky_bao_cao IS NOT null
    QUALIFY row_number() OVER (
        PARTITION BY report.ma_don_vi, report.ky_bao_cao
        ORDER BY report._landed_seq DESC, report._row DESC, report._file_id DESC
    ) = 1
),

parsed AS (
    SELECT
        report.*,
        CAST(nullif(regexp_extract(report.ky_bao_cao, '(\d{4})\s*$', 1), '') AS INTEGER) AS y,
        CASE
            WHEN regexp_matches(lower(report.ky_bao_cao), '^\s*quý\s+(iv|4)\b') THEN 'q4'
            WHEN regexp_matches(lower(report.ky_bao_cao), '^\s*quý\s+(iii|3)\b') THEN 'q3'
            WHEN regexp_matches(lower(report.ky_bao_cao), '^\s*quý\s+(ii|2)\b') THEN 'q2'
            WHEN regexp_matches(lower(report.ky_bao_cao), '^\s*quý\s+(i|1)\b') THEN 'q1'
            WHEN regexp_matches(lower(report.ky_bao_cao), '^\s*6\s*tháng') THEN 'h1'
            WHEN regexp_matches(lower(report.ky_bao_cao), '^\s*9\s*tháng') THEN 'm9'
            WHEN regexp_matches(lower(report.ky_bao_cao), '^\s*năm') THEN 'year'
        END AS window_kind
    FROM latest_report AS report
),

report_window AS (
    SELECT
        parsed.*,
        CASE window_kind
            WHEN 'q2' THEN make_date(y, 3, 15)
            WHEN 'q3' THEN make_date(y, 6, 15)
            WHEN 'q4' THEN make_date(y, 9, 15)
            ELSE make_date(y - 1, 12, 15)
        END AS window_start,
        CASE window_kind
            WHEN 'q1' THEN make_date(y, 3, 14)
            WHEN 'q2' THEN make_date(y, 6, 14)
            WHEN 'h1' THEN make_date(y, 6, 14)
            WHEN 'q3' THEN make_date(y, 9, 14)
            WHEN 'm9' THEN make_date(y, 9, 14)
            WHEN 'q4' THEN make_date(y, 12, 14)
            WHEN 'year' THEN make_date(y, 12, 14)
        END AS window_end
    FROM parsed
    WHERE y IS NOT null AND window_kind IS NOT null
)

SELECT
    report_window.ma_don_vi,
    agency.level,
    report_window.ky_bao_cao,
    report_window.window_kind,
    report_window.window_start,
    report_window.window_end,
    CASE
        WHEN report_window.window_end >= make_date(year(report_window.window_end), 12, 15)
            THEN year(report_window.window_end) + 1
        ELSE year(report_window.window_end)
    END AS window_year,
    report_window.han_nop,
    CASE WHEN report_window.ngay_nop <= run_params.as_of THEN report_window.ngay_nop END AS ngay_nop,
    CASE WHEN report_window.ngay_nop <= run_params.as_of THEN report_window.so_ho_so_tiep_nhan END
        AS so_ho_so_tiep_nhan,
    report_window.ma_don_vi || '|' || report_window.ky_bao_cao AS unit_id,
    report_window._file_id,
    report_window._row,
    report_window._landed_seq
FROM report_window
CROSS JOIN run_params
LEFT JOIN dim_agency AS agency ON report_window.ma_don_vi = agency.ma_don_vi
