-- The Portal's published QĐ 766 points, one row per (period, unit, indicator or group), the file
-- landed last winning (these rows have no update time: exports.md, Updates). The period is
-- normalised to dim_period's ids (2022-03, 2022-Q1, 2022), the item to an indicator id, a group id
-- (G1 …) or 'tong', the points read with a decimal comma or point; a cell that is not a number
-- keeps diem NULL and diem_text, so the reconciliation can say so (never a silent 0).
WITH normalised AS (
    SELECT
        portal_score.*,
        trim(portal_score.ky) AS ky_text,
        lower(trim(portal_score.ma_muc)) AS muc_text,
        nullif(trim(portal_score.ma_don_vi), '') AS unit_code
    FROM stg_diem766 AS portal_score
),

parsed AS (
    SELECT
        normalised.*,
        CASE
            WHEN regexp_matches(ky_text, '^\d{4}(-\d{2}|-Q[1-4])?$') THEN ky_text
            WHEN regexp_matches(ky_text, '^(Tháng\s*)?\d{1,2}/\d{4}$')
                THEN
                    regexp_extract(ky_text, '(\d{4})$', 1) || '-'
                    || lpad(regexp_extract(ky_text, '(\d{1,2})/\d{4}$', 1), 2, '0')
            WHEN regexp_matches(lower(ky_text), '^(quý|q)\s*[1-4]\s*/\s*\d{4}$')
                THEN
                    regexp_extract(ky_text, '(\d{4})$', 1) || '-Q'
                    || regexp_extract(ky_text, '([1-4])\s*/', 1)
            WHEN regexp_matches(lower(ky_text), '^năm\s*\d{4}$') THEN regexp_extract(ky_text, '(\d{4})$', 1)
        END AS period,
        CASE
            WHEN muc_text IN ('tong', 'tổng', 'tổng điểm', 'total') THEN 'tong'
            WHEN regexp_matches(muc_text, '^(g|nhóm|nhom)\s*[1-6]$') THEN 'G' || regexp_extract(muc_text, '([1-6])$', 1)
            ELSE upper(muc_text)
        END AS item_code,
        try_cast(replace(trim(diem), ',', '.') AS DOUBLE) AS points
    FROM normalised
)

SELECT
    parsed.period,
    parsed.ky_text AS ky,
    parsed.unit_code AS ma_don_vi,
    CASE WHEN parsed.item_code = 'tong' THEN 'tong' WHEN parsed.item_code LIKE 'G%' THEN 'nhom' ELSE 'chi_so' END
        AS muc,
    -- indicator ids keep their lower-case letters (3.5a, 4.5b) and 3.TT its upper case
    CASE
        WHEN parsed.item_code LIKE 'G%' OR parsed.item_code = 'tong' THEN parsed.item_code
        WHEN parsed.item_code = '3.TT' THEN '3.TT'
        ELSE lower(parsed.item_code)
    END AS ma_muc,
    parsed.points AS diem,
    parsed.diem AS diem_text,
    parsed.ngay_cong_bo,
    parsed._file_id,
    parsed._row,
    parsed._landed_seq
FROM parsed
QUALIFY row_number() OVER (
    PARTITION BY parsed.ky_text, parsed.unit_code, parsed.item_code
    ORDER BY parsed._landed_seq DESC, parsed._row DESC, parsed._file_id DESC
) = 1
