-- The plan's targets (plan_targets, from the plan file) joined to the metric facts
-- (metric_facts), for every period of dim_period; metrics.md "Achievement".
--
-- Rows: for every target, period and group (group_key = the field group or the activity code,
-- as in metric_values; empty otherwise, milestones included: metrics.md, "Output contract" —
-- a milestone's register code is in `task`, and joins its task_completion_rate facts inside):
--   * `toan_tinh`: the facts of the levels of the target's scope (no scope = every fact, the
--     level-less records included: metric_values' toan_tinh); a unit counts once (max per
--     unit, then sum: macro sum_units_once, sql/macros/units_once.sql);
--   * one row per level of the scope (no scope: every unit level of dim_level);
--   * one row per agency (ma_don_vi) that has facts, at a level of the scope.
--   Field-group targets (P2.6b) also get a summary row (group_key empty) at toan_tinh and each
--   level: numerator/denominator pooled over the groups, status `dat` only when every group is,
--   and no threshold (the pooled value may pass 85% while a group does not).
-- Status:
--   any kind: a column the metric requires is missing for the row's records (metric_data_gaps:
--     absent, or missing in more than 20% of them; the toan_tinh row reads the province-wide
--     gap, over every level) -> khong_co_du_lieu with ly_do_khong_co_du_lieu, and no
--     numerator, denominator or value (metrics.md, "Required columns").
--   ratio: zero or no denominator -> khong_co_du_lieu; value >= threshold -> dat, else chua_dat.
--     With thresholds per level, the level and agency rows carry their level's threshold and
--     the toan_tinh row has an empty threshold and is `dat` only when every level row is
--     (any chua_dat -> chua_dat; otherwise khong_co_du_lieu).
--   milestone: task_completion_rate of its register rows due by E (group_key = the task):
--     no register row at all -> khong_co_du_lieu; value 1 -> dat; due after E -> chua_den_han;
--     rows but none due by E -> khong_co_du_lieu; else chua_dat. threshold = 1.
--   direction (ratio, count): at_least (default) -> dat when value >= threshold; at_most -> dat
--     when value <= threshold (docs/plan-format.md, "direction").
--   count: value = the count of the period (0 when nothing was done), judged against a whole
--     number; never khong_co_du_lieu (no denominator).
--   The threshold of a row, first found: the unit's (threshold_by_unit, agency rows: the agency's
--     own code, else its parent's — a district's threshold covers its communes), the level's,
--     the stage's (stages: the latest stage whose `from` <= period_end) or the target's.
--     A period that ends before the first stage has no threshold yet: chua_den_han (the target
--     does not apply to it yet; neither dat nor chua_dat).
--   Validity: a plan scores only the periods inside [valid_from, valid_to] (plan_info; a plan
--     without either scores every period).
--   Every agency named in threshold_by_unit (and in the scope) has its rows, facts or not.
--   tracking: theo_doi (a ratio with a zero denominator: khong_co_du_lieu); counts
--     (regulatory_activity_count) show 0 when nothing was done. A tracking target has no
--     threshold: the plan's `reference` (a level set by another text) goes to reference_value
--     and reference_source, so that no page can judge it against it (metrics.md, "Achievement").
WITH unit_levels AS (
    SELECT list(level ORDER BY sort_order) AS levels FROM dim_level
    WHERE is_unit_level
),

targets AS (
    SELECT
        plan_targets.*,
        coalesce(plan_targets.scope, unit_levels.levels) AS levels,
        EXISTS(
            SELECT 1 FROM plan_target_levels
            WHERE
                plan_target_levels.plan_id = plan_targets.plan_id
                AND plan_target_levels.target_id = plan_targets.target_id
        ) AS has_level_thresholds,
        EXISTS(
            SELECT 1 FROM plan_target_stages
            WHERE
                plan_target_stages.plan_id = plan_targets.plan_id
                AND plan_target_stages.target_id = plan_targets.target_id
        ) AS has_stages
    FROM plan_targets
    CROSS JOIN unit_levels
),

plan_periods AS (   -- the periods each plan scores: those inside its validity
    SELECT
        plan_info.plan_id,
        dim_period.period
    FROM plan_info
    INNER JOIN dim_period
        ON
            dim_period.period_start >= coalesce(plan_info.valid_from, dim_period.period_start)
            AND dim_period.period_end <= coalesce(plan_info.valid_to, dim_period.period_end)
),

stage_thresholds AS (   -- the stage that applies to a period: the latest whose date <= its end
    SELECT
        plan_target_stages.plan_id,
        plan_target_stages.target_id,
        dim_period.period,
        arg_max(plan_target_stages.threshold, plan_target_stages.from_date) AS threshold
    FROM plan_target_stages
    INNER JOIN dim_period ON plan_target_stages.from_date <= dim_period.period_end
    GROUP BY ALL
),

target_groups AS (
    SELECT
        plan_id,
        target_id,
        task AS group_key,
        false AS is_summary
    FROM targets
    WHERE kind = 'milestone'
    UNION ALL
    SELECT
        plan_id,
        target_id,
        activity AS group_key,
        false AS is_summary
    FROM targets
    WHERE kind <> 'milestone' AND activity IS NOT null
    UNION ALL
    SELECT
        plan_id,
        target_id,
        unnest(field_groups) AS group_key,
        false AS is_summary
    FROM targets
    WHERE kind <> 'milestone' AND activity IS null AND len(field_groups) > 0
    UNION ALL
    SELECT
        plan_id,
        target_id,
        null AS group_key,
        true AS is_summary
    FROM targets
    WHERE kind <> 'milestone' AND activity IS null AND len(field_groups) > 0
    UNION ALL
    SELECT
        plan_id,
        target_id,
        null AS group_key,
        false AS is_summary
    FROM targets
    WHERE kind <> 'milestone' AND activity IS null AND coalesce(len(field_groups), 0) = 0
),

target_rows AS (   -- one per target and group (field-group targets: one per group + the summary)
    SELECT
        target_groups.group_key,
        target_groups.is_summary,
        targets.*
    FROM target_groups
    INNER JOIN targets
        ON target_groups.plan_id = targets.plan_id AND target_groups.target_id = targets.target_id
),

presummed_metrics AS (  -- metrics with at most one fact per (period, group, unit) and no groups:
    -- "a unit counts once" holds by construction, so their facts are summed per agency first
    -- (the per-unit max is the costly step at scale; the result is the same)
    SELECT metric_id FROM dim_metric
    WHERE unique_units AND NOT grouped
),

facts AS (
    SELECT
        metric_id,
        period,
        level,
        ma_don_vi,
        group_key,
        unit_id,
        num,
        den,
        presummed AS already_unique  -- rows the source summed already (index766_metric_facts)
    FROM metric_facts
    WHERE metric_id NOT IN (SELECT metric_id FROM presummed_metrics)
    UNION ALL
    SELECT
        metric_id,
        period,
        level,
        ma_don_vi,
        group_key,
        CAST(null AS VARCHAR) AS unit_id,
        sum(num) AS num,
        sum(den) AS den,
        true AS already_unique
    FROM metric_facts
    WHERE metric_id IN (SELECT metric_id FROM presummed_metrics)
    GROUP BY metric_id, period, level, ma_don_vi, group_key
),

target_facts AS (   -- the facts each target row reads
    SELECT
        target_rows.plan_id,
        target_rows.target_id,
        target_rows.group_key,
        target_rows.is_summary,
        facts.period,
        facts.level,
        facts.ma_don_vi,
        facts.unit_id,
        facts.num,
        facts.den,
        facts.already_unique,
        target_rows.scope IS null OR list_contains(target_rows.scope, facts.level) AS in_scope,
        coalesce(list_contains(target_rows.levels, facts.level), false) AS in_levels
    FROM target_rows
    INNER JOIN facts
        ON
            target_rows.metric_id = facts.metric_id
            AND CASE
                WHEN target_rows.is_summary THEN list_contains(target_rows.field_groups, facts.group_key)
                WHEN target_rows.group_key IS null THEN facts.group_key IS null
                ELSE target_rows.group_key = facts.group_key
            END
    INNER JOIN plan_periods
        ON target_rows.plan_id = plan_periods.plan_id AND facts.period = plan_periods.period
),

-- read by sum_units_once, by name (sqlfluff cannot see it)
facts_in_scope AS (  -- noqa: ST03
    SELECT * FROM target_facts
    WHERE in_scope
),

-- read by sum_units_once, by name (sqlfluff cannot see it)
facts_in_levels AS (  -- noqa: ST03
    SELECT * FROM target_facts
    WHERE in_levels
),

-- no summary rows for agencies; read by sum_units_once, by name (sqlfluff cannot see it)
agency_facts_in_scope AS (  -- noqa: ST03
    SELECT * FROM target_facts
    WHERE ma_don_vi IS NOT null AND NOT is_summary AND in_scope
),

aggregated AS (
    -- toan_tinh over the scope's levels (every fact when no scope)
    SELECT
        plan_id,
        target_id,
        group_key,
        is_summary,
        period,
        'toan_tinh' AS level,
        CAST(null AS VARCHAR) AS ma_don_vi,
        numerator AS num,
        denominator AS den
    FROM sum_units_once(facts_in_scope, ['plan_id', 'target_id', 'group_key', 'is_summary', 'period'])
    UNION ALL
    -- each level of the scope
    SELECT
        plan_id,
        target_id,
        group_key,
        is_summary,
        period,
        level,
        null AS ma_don_vi,
        numerator AS num,
        denominator AS den
    FROM
        sum_units_once(
            facts_in_levels, ['plan_id', 'target_id', 'group_key', 'is_summary', 'period', 'level']
        )
    UNION ALL
    -- each agency at a level of the scope
    SELECT
        plan_id,
        target_id,
        group_key,
        is_summary,
        period,
        level,
        ma_don_vi,
        numerator AS num,
        denominator AS den
    FROM sum_units_once(
        agency_facts_in_scope,
        ['plan_id', 'target_id', 'group_key', 'is_summary', 'period', 'level', 'ma_don_vi']
    )
),

row_grid AS (  -- every target row x period x (toan_tinh, levels), with or without facts
    SELECT
        target_rows.plan_id,
        target_rows.target_id,
        target_rows.group_key,
        target_rows.is_summary,
        dim_period.period,
        row_level.level,
        CAST(null AS VARCHAR) AS ma_don_vi
    FROM target_rows
    INNER JOIN plan_periods ON target_rows.plan_id = plan_periods.plan_id
    INNER JOIN dim_period ON plan_periods.period = dim_period.period
    CROSS JOIN LATERAL (SELECT unnest(['toan_tinh'] || target_rows.levels) AS level) AS row_level
    UNION ALL
    (
        SELECT
            plan_id,
            target_id,
            group_key,
            is_summary,
            period,
            level,
            ma_don_vi
        FROM aggregated
        WHERE ma_don_vi IS NOT null
        UNION
        -- an agency with its own threshold has its rows even without facts (a count of 0)
        SELECT
            target_rows.plan_id,
            target_rows.target_id,
            target_rows.group_key,
            target_rows.is_summary,
            plan_periods.period,
            dim_agency.level,
            dim_agency.ma_don_vi
        FROM target_rows
        INNER JOIN plan_target_units
            ON
                target_rows.plan_id = plan_target_units.plan_id
                AND target_rows.target_id = plan_target_units.target_id
        INNER JOIN dim_agency ON plan_target_units.ma_don_vi = dim_agency.ma_don_vi
        INNER JOIN plan_periods ON target_rows.plan_id = plan_periods.plan_id
        WHERE
            NOT target_rows.is_summary
            AND (target_rows.scope IS null OR list_contains(target_rows.scope, dim_agency.level))
    )
),

milestone_register AS (   -- register rows of each milestone (any due date), per level and agency
    SELECT
        target_rows.plan_id,
        target_rows.target_id,
        core_nhiemvu.level,
        core_nhiemvu.ma_don_vi,
        count(*) AS register_rows
    FROM target_rows
    INNER JOIN core_nhiemvu
        ON target_rows.kind = 'milestone' AND target_rows.task = core_nhiemvu.ma_nhiem_vu
    GROUP BY ALL
),

scorecard_rows AS (
    SELECT
        row_grid.plan_id,
        row_grid.target_id,
        row_grid.group_key,
        row_grid.is_summary,
        row_grid.period,
        row_grid.level,
        row_grid.ma_don_vi,
        target_rows.kind,
        target_rows.metric_id,
        target_rows.metric_unit,
        target_rows.sort_order,
        target_rows.due_date,
        target_rows.has_level_thresholds,
        target_rows.activity,
        target_rows.task,
        target_rows.scope,
        target_rows.reference_value,
        nullif(concat_ws('; ', target_rows.reference_rule, target_rows.reference_note), '') AS reference_source,
        dim_period.period_kind,
        dim_period.period_start,
        dim_period.period_end,
        dim_period.effective_end,
        CASE WHEN data_gap.metric_id IS null THEN coalesce(aggregated.num, 0) END AS numerator,
        CASE
            WHEN target_rows.metric_unit = 'count' OR data_gap.metric_id IS NOT null THEN null
            ELSE coalesce(aggregated.den, 0)
        END AS denominator,
        CASE
            WHEN data_gap.metric_id IS NOT null THEN null
            WHEN target_rows.metric_unit = 'count' THEN coalesce(aggregated.num, 0)
            ELSE aggregated.num / nullif(aggregated.den, 0)
        END AS value,
        data_gap.ly_do_khong_co_du_lieu,
        CASE
            WHEN target_rows.kind = 'tracking' THEN null
            WHEN target_rows.kind = 'milestone' THEN 1.0
            -- a field-group summary is judged by its groups, not its pooled value: no threshold
            WHEN row_grid.is_summary THEN null
            WHEN row_grid.level = 'toan_tinh' AND target_rows.has_level_thresholds THEN null
            -- before the first stage the target has no threshold at all (status chua_den_han)
            WHEN target_rows.has_stages AND stage_threshold.threshold IS null THEN null
            ELSE
                coalesce(
                    own_unit_threshold.threshold,
                    parent_unit_threshold.threshold,
                    level_threshold.threshold,
                    CASE WHEN target_rows.has_stages THEN stage_threshold.threshold ELSE target_rows.threshold END
                )
        END AS threshold,
        target_rows.has_stages,
        target_rows.direction,
        CASE
            WHEN target_rows.kind <> 'milestone' THEN null
            WHEN row_grid.ma_don_vi IS NOT null
                THEN (
                    SELECT sum(milestone_register.register_rows) FROM milestone_register
                    WHERE
                        milestone_register.plan_id = row_grid.plan_id
                        AND milestone_register.target_id = row_grid.target_id
                        AND milestone_register.ma_don_vi = row_grid.ma_don_vi
                )
            WHEN row_grid.level = 'toan_tinh'
                THEN (
                    SELECT sum(milestone_register.register_rows) FROM milestone_register
                    WHERE
                        milestone_register.plan_id = row_grid.plan_id
                        AND milestone_register.target_id = row_grid.target_id
                        AND (
                            target_rows.scope IS null
                            OR list_contains(target_rows.scope, milestone_register.level)
                        )
                )
            ELSE (
                SELECT sum(milestone_register.register_rows) FROM milestone_register
                WHERE
                    milestone_register.plan_id = row_grid.plan_id
                    AND milestone_register.target_id = row_grid.target_id
                    AND milestone_register.level = row_grid.level
            )
        END AS register_rows
    FROM row_grid
    INNER JOIN target_rows
        ON
            row_grid.plan_id = target_rows.plan_id
            AND row_grid.target_id = target_rows.target_id
            AND row_grid.group_key IS NOT DISTINCT FROM target_rows.group_key
            AND row_grid.is_summary = target_rows.is_summary
    INNER JOIN dim_period ON row_grid.period = dim_period.period
    LEFT JOIN aggregated
        ON
            row_grid.plan_id = aggregated.plan_id
            AND row_grid.target_id = aggregated.target_id
            AND row_grid.group_key IS NOT DISTINCT FROM aggregated.group_key
            AND row_grid.is_summary = aggregated.is_summary
            AND row_grid.period = aggregated.period
            AND row_grid.level IS NOT DISTINCT FROM aggregated.level
            AND row_grid.ma_don_vi IS NOT DISTINCT FROM aggregated.ma_don_vi
    LEFT JOIN plan_target_levels AS level_threshold
        ON
            row_grid.plan_id = level_threshold.plan_id
            AND row_grid.target_id = level_threshold.target_id
            AND row_grid.level = level_threshold.level
    LEFT JOIN stage_thresholds AS stage_threshold
        ON
            row_grid.plan_id = stage_threshold.plan_id
            AND row_grid.target_id = stage_threshold.target_id
            AND row_grid.period = stage_threshold.period
    LEFT JOIN plan_target_units AS own_unit_threshold
        ON
            row_grid.plan_id = own_unit_threshold.plan_id
            AND row_grid.target_id = own_unit_threshold.target_id
            AND row_grid.ma_don_vi = own_unit_threshold.ma_don_vi
    LEFT JOIN dim_agency AS row_agency ON row_grid.ma_don_vi = row_agency.ma_don_vi
    LEFT JOIN plan_target_units AS parent_unit_threshold
        ON
            row_grid.plan_id = parent_unit_threshold.plan_id
            AND row_grid.target_id = parent_unit_threshold.target_id
            AND row_agency.ma_don_vi_cha = parent_unit_threshold.ma_don_vi
    -- a required column missing for the row's records: no value (metrics.md, "Required columns")
    LEFT JOIN metric_data_gaps AS data_gap
        ON
            target_rows.metric_id = data_gap.metric_id
            AND row_grid.period = data_gap.period
            AND row_grid.level = data_gap.level
            AND row_grid.ma_don_vi IS NOT DISTINCT FROM data_gap.ma_don_vi
),

with_own_status AS (   -- the status a row earns by itself (NULL: derived from other rows below)
    SELECT
        scorecard_rows.*,
        CASE
            WHEN scorecard_rows.ly_do_khong_co_du_lieu IS NOT null THEN 'khong_co_du_lieu'
            WHEN scorecard_rows.kind = 'tracking'
                THEN
                    CASE
                        WHEN scorecard_rows.metric_unit = 'count' OR coalesce(scorecard_rows.denominator, 0) <> 0
                            THEN 'theo_doi'
                        ELSE 'khong_co_du_lieu'
                    END
            WHEN scorecard_rows.kind = 'milestone'
                THEN
                    CASE
                        WHEN coalesce(scorecard_rows.register_rows, 0) = 0 THEN 'khong_co_du_lieu'
                        WHEN
                            coalesce(scorecard_rows.denominator, 0) > 0
                            AND scorecard_rows.numerator >= scorecard_rows.denominator
                            THEN 'dat'
                        WHEN scorecard_rows.due_date > scorecard_rows.effective_end THEN 'chua_den_han'
                        WHEN coalesce(scorecard_rows.denominator, 0) = 0 THEN 'khong_co_du_lieu'
                        ELSE 'chua_dat'
                    END
            WHEN scorecard_rows.is_summary THEN null
            WHEN scorecard_rows.level = 'toan_tinh' AND scorecard_rows.has_level_thresholds THEN null
            WHEN scorecard_rows.has_stages AND scorecard_rows.threshold IS null THEN 'chua_den_han'
            WHEN scorecard_rows.metric_unit <> 'count' AND coalesce(scorecard_rows.denominator, 0) = 0
                THEN 'khong_co_du_lieu'
            WHEN meets_threshold(scorecard_rows.value, scorecard_rows.threshold, scorecard_rows.direction) THEN 'dat'
            -- no threshold, no judgement (NULL either way): a NULL status fails scorecard_status_known
            WHEN NOT meets_threshold(scorecard_rows.value, scorecard_rows.threshold, scorecard_rows.direction)
                THEN 'chua_dat'
        END AS own_status
    FROM scorecard_rows
),

with_level_status AS (   -- toan_tinh rows of targets with thresholds per level: every level must be dat
    SELECT
        province_row.*,
        CASE
            WHEN
                province_row.own_status IS NOT null
                OR province_row.is_summary
                OR province_row.level <> 'toan_tinh'
                THEN province_row.own_status
            ELSE (
                SELECT
                    CASE
                        WHEN bool_and(level_row.own_status = 'dat') THEN 'dat'
                        WHEN bool_or(level_row.own_status = 'chua_dat') THEN 'chua_dat'
                        ELSE 'khong_co_du_lieu'
                    END
                FROM with_own_status AS level_row
                WHERE
                    level_row.plan_id = province_row.plan_id
                    AND level_row.target_id = province_row.target_id
                    AND level_row.group_key IS NOT DISTINCT FROM province_row.group_key
                    AND NOT level_row.is_summary
                    AND level_row.period = province_row.period
                    AND level_row.ma_don_vi IS null
                    AND level_row.level <> 'toan_tinh'
            )
        END AS level_status
    FROM with_own_status AS province_row
),

with_status AS (   -- field-group summary rows: every group must be dat (at the same level)
    SELECT
        summary_row.*,
        CASE
            WHEN NOT summary_row.is_summary OR summary_row.kind <> 'ratio'
                THEN coalesce(summary_row.level_status, summary_row.own_status)
            ELSE (
                SELECT
                    CASE
                        WHEN bool_and(group_row.level_status = 'dat') THEN 'dat'
                        WHEN bool_or(group_row.level_status = 'chua_dat') THEN 'chua_dat'
                        WHEN bool_and(group_row.level_status = 'chua_den_han') THEN 'chua_den_han'
                        ELSE 'khong_co_du_lieu'
                    END
                FROM with_level_status AS group_row
                WHERE
                    group_row.plan_id = summary_row.plan_id
                    AND group_row.target_id = summary_row.target_id
                    AND NOT group_row.is_summary
                    AND group_row.period = summary_row.period
                    AND group_row.level = summary_row.level
                    AND group_row.ma_don_vi IS null
            )
        END AS status
    FROM with_level_status AS summary_row
)

SELECT
    plan_id,
    target_id,
    kind,
    metric_id,
    period,
    period_kind,
    period_start,
    period_end,
    effective_end,
    level,
    ma_don_vi,
    CASE WHEN kind = 'milestone' THEN null ELSE group_key END AS group_key,
    task,
    CAST(numerator AS DOUBLE) AS numerator,
    CAST(denominator AS DOUBLE) AS denominator,
    CAST(value AS DOUBLE) AS value,
    CAST(threshold AS DOUBLE) AS threshold,
    CAST(reference_value AS DOUBLE) AS reference_value,
    CAST(reference_source AS VARCHAR) AS reference_source,
    CAST(status AS VARCHAR) AS status,
    sort_order,
    ly_do_khong_co_du_lieu,
    CAST(direction AS VARCHAR) AS direction
FROM with_status
