-- Tỷ lệ của các chỉ số QĐ 766 vào metric_facts dưới mã qd766_<id> (docs/index-766.md §4.5), theo
-- quy ước của metric_facts: mỗi bản ghi được đếm một dòng (unit_id = record_key) ở đơn vị được
-- đánh giá và cấp của nó; metric_values_t đếm mỗi bản ghi một lần ở toàn tỉnh và ở cấp (thuận lợi
-- nếu thuận lợi ở một đơn vị). Chỉ các đơn vị thuộc toàn tỉnh của chỉ số (không có tw trừ khi
-- include_tw) và bản ghi không gắn được đơn vị. Chỉ số show không có tỷ lệ. Chỉ số có hệ số nhân
-- (3.3 × 1.4): mẫu số là các bản ghi của mẫu số chỉ số nhân (tỷ lệ = n ÷ hồ sơ tiếp nhận, bằng
-- n/d × n₁₄/d₁₄ khi d = n₁₄ như định nghĩa của 3.3).
WITH province_member AS (
    SELECT DISTINCT member_ma_don_vi FROM index766_scope
    WHERE level = 'toan_tinh'
),

scored_indicator AS (
    SELECT DISTINCT
        indicator_id,
        multiplier
    FROM index766_weights
    WHERE rule <> 'show'
),

fact_in_province AS (
    SELECT index766_facts.*
    FROM index766_facts
    SEMI JOIN province_member ON index766_facts.ma_don_vi IS NOT DISTINCT FROM province_member.member_ma_don_vi
),

numerator_part AS (
    SELECT
        fact.indicator_id,
        fact.period_id,
        fact.ma_don_vi,
        fact.record_key,
        CASE WHEN fact.in_denominator AND coalesce(fact.is_favourable, false) THEN 1.0 ELSE 0.0 END AS num,
        CASE WHEN scored_indicator.multiplier IS null AND fact.in_denominator THEN 1.0 ELSE 0.0 END AS den
    FROM fact_in_province AS fact
    INNER JOIN scored_indicator ON fact.indicator_id = scored_indicator.indicator_id
),

multiplier_denominator AS (
    SELECT
        scored_indicator.indicator_id,
        fact.period_id,
        fact.ma_don_vi,
        fact.record_key,
        0.0 AS num,
        1.0 AS den
    FROM fact_in_province AS fact
    INNER JOIN scored_indicator ON fact.indicator_id = scored_indicator.multiplier
    WHERE fact.in_denominator
),

record_fact AS (
    SELECT * FROM numerator_part
    UNION ALL
    SELECT * FROM multiplier_denominator
),

per_record AS (  -- a record once per unit (its numerator and denominator parts merged)
    SELECT
        index766_indicator_catalog.metric_id,
        record_fact.period_id AS period,
        record_fact.ma_don_vi,
        record_fact.record_key,
        max(record_fact.num) AS num,
        max(record_fact.den) AS den
    FROM record_fact
    INNER JOIN index766_indicator_catalog ON record_fact.indicator_id = index766_indicator_catalog.indicator_id
    GROUP BY ALL
),

shared_record AS (  -- records of more than one unit in a period (a TTHC of several agencies)
    SELECT
        metric_id,
        period,
        record_key
    FROM per_record
    GROUP BY ALL
    HAVING count(*) > 1
),

record_rows AS (
    -- a record of one unit counts once wherever it is summed: summed per unit here (a year of
    -- dossiers is tens of millions of records, too many to de-duplicate one by one downstream)
    SELECT
        per_record.metric_id,
        per_record.period,
        per_record.ma_don_vi,
        CAST(null AS VARCHAR) AS unit_id,
        sum(per_record.num) AS num,
        sum(per_record.den) AS den,
        true AS presummed
    FROM per_record
    ANTI JOIN shared_record
        ON
            per_record.metric_id = shared_record.metric_id
            AND per_record.period = shared_record.period
            AND per_record.record_key = shared_record.record_key
    GROUP BY per_record.metric_id, per_record.period, per_record.ma_don_vi
    UNION ALL
    -- a record of several units: one row per unit, de-duplicated by metric_values_t above a unit
    SELECT
        per_record.metric_id,
        per_record.period,
        per_record.ma_don_vi,
        per_record.record_key AS unit_id,
        per_record.num,
        per_record.den,
        false AS presummed
    FROM per_record
    SEMI JOIN shared_record
        ON
            per_record.metric_id = shared_record.metric_id
            AND per_record.period = shared_record.period
            AND per_record.record_key = shared_record.record_key
)

SELECT
    record_rows.metric_id,
    record_rows.period,
    eval_agency.level,
    record_rows.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    record_rows.unit_id,
    record_rows.num,
    record_rows.den,
    record_rows.presummed
FROM record_rows
LEFT JOIN dim_agency AS eval_agency ON record_rows.ma_don_vi = eval_agency.ma_don_vi
