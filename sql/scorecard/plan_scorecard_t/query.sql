-- The plan's targets (plan_targets, from the plan file) joined to the metric facts
-- (metric_facts), for every period of dim_period; metrics.md "Achievement".
--
-- Rows: for every target, period and group (group_key = the field group, the activity code
-- or the milestone's task, as in metric_values; empty otherwise):
--   * `toan_tinh`: the facts of the levels of the target's scope (no scope = every fact, the
--     level-less records included: metric_values' toan_tinh); a unit counts once (max per
--     unit, then sum);
--   * one row per level of the scope (no scope: tinh, huyen, xa, tw);
--   * one row per agency (ma_don_vi) that has facts, at a level of the scope.
--   Field-group targets (P2.6b) also get a summary row (group_key empty) at toan_tinh and each
--   level: numerator/denominator pooled over the groups, status `dat` only when every group is.
-- Status:
--   ratio: zero or no denominator -> khong_co_du_lieu; value >= threshold -> dat, else chua_dat.
--     With thresholds per level, the level and agency rows carry their level's threshold and
--     the toan_tinh row has an empty threshold and is `dat` only when every level row is
--     (any chua_dat -> chua_dat; otherwise khong_co_du_lieu).
--   milestone: task_completion_rate of its register rows due by E (group_key = the task):
--     no register row at all -> khong_co_du_lieu; value 1 -> dat; due after E -> chua_den_han;
--     rows but none due by E -> khong_co_du_lieu; else chua_dat. threshold = 1.
--   tracking: theo_doi with the reference threshold (a ratio with a zero denominator:
--     khong_co_du_lieu); counts (regulatory_activity_count) show 0 when nothing was done.
WITH t AS (
    SELECT pt.*,
           coalesce(pt.scope, ['tinh', 'huyen', 'xa', 'tw']) AS levels,
           EXISTS (SELECT 1 FROM plan_target_levels AS l
                   WHERE l.plan_id = pt.plan_id AND l.target_id = pt.target_id) AS has_level_thresholds
    FROM plan_targets AS pt
), tg AS (
    SELECT plan_id, target_id, task AS group_key, false AS is_summary FROM t WHERE kind = 'milestone'
    UNION ALL
    SELECT plan_id, target_id, activity, false FROM t WHERE kind <> 'milestone' AND activity IS NOT NULL
    UNION ALL
    SELECT plan_id, target_id, unnest(field_groups), false FROM t
    WHERE kind <> 'milestone' AND activity IS NULL AND len(field_groups) > 0
    UNION ALL
    SELECT plan_id, target_id, NULL, true FROM t
    WHERE kind <> 'milestone' AND activity IS NULL AND len(field_groups) > 0
    UNION ALL
    SELECT plan_id, target_id, NULL, false FROM t
    WHERE kind <> 'milestone' AND activity IS NULL AND coalesce(len(field_groups), 0) = 0
), x AS (
    SELECT tg.group_key, tg.is_summary, t.*
    FROM tg JOIN t ON t.plan_id = tg.plan_id AND t.target_id = tg.target_id
), fast AS (  -- metrics with at most one fact per (period, group, unit) and no groups: "a unit
             -- counts once" holds by construction, so their facts are summed per agency first
             -- (the per-unit max below is the costly step at scale; the result is the same)
    SELECT metric_id FROM dim_metric WHERE unique_units AND NOT grouped
), ff AS (
    SELECT metric_id, period, level, ma_don_vi, group_key, CAST(NULL AS VARCHAR) AS unit_id,
           sum(num) AS num, sum(den) AS den, true AS fast
    FROM metric_facts WHERE metric_id IN (SELECT metric_id FROM fast)
    GROUP BY metric_id, period, level, ma_don_vi, group_key
), facts AS (
    SELECT metric_id, period, level, ma_don_vi, group_key, unit_id, num, den, false AS fast
    FROM metric_facts WHERE metric_id NOT IN (SELECT metric_id FROM fast)
    UNION ALL
    SELECT * FROM ff
), tf AS (   -- the facts each target row reads
    SELECT x.plan_id, x.target_id, x.group_key, x.is_summary,
           f.period, f.level, f.ma_don_vi, f.unit_id, f.num, f.den, f.fast,
           x.scope IS NULL OR list_contains(x.scope, f.level) AS in_scope,
           coalesce(list_contains(x.levels, f.level), false) AS in_levels
    FROM x
    JOIN facts AS f
      ON f.metric_id = x.metric_id
     AND CASE WHEN x.is_summary THEN list_contains(x.field_groups, f.group_key)
              WHEN x.group_key IS NULL THEN f.group_key IS NULL
              ELSE f.group_key = x.group_key END
), agg AS (
    -- toan_tinh over the scope's levels (every fact when no scope)
    SELECT plan_id, target_id, group_key, is_summary, period, 'toan_tinh' AS level,
           CAST(NULL AS VARCHAR) AS ma_don_vi, sum(num) AS num, sum(den) AS den
    FROM (SELECT plan_id, target_id, group_key, is_summary, period, unit_id,
                 max(num) AS num, max(den) AS den
          FROM tf WHERE NOT fast AND in_scope
          GROUP BY plan_id, target_id, group_key, is_summary, period, unit_id
          UNION ALL
          SELECT plan_id, target_id, group_key, is_summary, period, NULL, num, den
          FROM tf WHERE fast AND in_scope)
    GROUP BY plan_id, target_id, group_key, is_summary, period
    UNION ALL
    -- each level of the scope
    SELECT plan_id, target_id, group_key, is_summary, period, level, NULL, sum(num), sum(den)
    FROM (SELECT plan_id, target_id, group_key, is_summary, period, level, unit_id,
                 max(num) AS num, max(den) AS den
          FROM tf WHERE NOT fast AND in_levels
          GROUP BY plan_id, target_id, group_key, is_summary, period, level, unit_id
          UNION ALL
          SELECT plan_id, target_id, group_key, is_summary, period, level, NULL, num, den
          FROM tf WHERE fast AND in_levels)
    GROUP BY plan_id, target_id, group_key, is_summary, period, level
    UNION ALL
    -- each agency at a level of the scope (no summary rows for agencies)
    SELECT plan_id, target_id, group_key, is_summary, period, level, ma_don_vi, sum(num), sum(den)
    FROM (SELECT plan_id, target_id, group_key, is_summary, period, level, ma_don_vi, unit_id,
                 max(num) AS num, max(den) AS den
          FROM tf
          WHERE NOT fast AND ma_don_vi IS NOT NULL AND NOT is_summary AND in_scope
          GROUP BY plan_id, target_id, group_key, is_summary, period, level, ma_don_vi, unit_id
          UNION ALL
          SELECT plan_id, target_id, group_key, is_summary, period, level, ma_don_vi, NULL, num, den
          FROM tf
          WHERE fast AND ma_don_vi IS NOT NULL AND NOT is_summary AND in_scope)
    GROUP BY plan_id, target_id, group_key, is_summary, period, level, ma_don_vi
), grid AS (  -- every target row x period x (toan_tinh, levels), with or without facts
    SELECT x.plan_id, x.target_id, x.group_key, x.is_summary, p.period, s.level,
           CAST(NULL AS VARCHAR) AS ma_don_vi
    FROM x
    CROSS JOIN dim_period AS p
    CROSS JOIN LATERAL (SELECT unnest(['toan_tinh'] || x.levels) AS level) AS s
    UNION ALL
    SELECT plan_id, target_id, group_key, is_summary, period, level, ma_don_vi
    FROM agg WHERE ma_don_vi IS NOT NULL
), reg AS (   -- register rows of each milestone (any due date), per level and agency
    SELECT x.plan_id, x.target_id, n.level, n.ma_don_vi, count(*) AS n
    FROM x JOIN core_nhiemvu AS n ON x.kind = 'milestone' AND n.ma_nhiem_vu = x.task
    GROUP BY ALL
), rows AS (
    SELECT g.plan_id, g.target_id, g.group_key, g.is_summary, g.period, g.level, g.ma_don_vi,
           x.kind, x.metric_id, x.metric_unit, x.sort_order, x.due_date, x.has_level_thresholds,
           x.activity,
           x.scope,
           p.period_kind, p.period_start, p.period_end, p.effective_end,
           coalesce(a.num, 0) AS numerator,
           CASE WHEN x.metric_unit = 'count' THEN NULL ELSE coalesce(a.den, 0) END AS denominator,
           CASE WHEN x.metric_unit = 'count' THEN coalesce(a.num, 0)
                ELSE a.num / nullif(a.den, 0) END AS value,
           CASE
               WHEN x.kind = 'tracking' THEN x.reference_threshold
               WHEN x.kind = 'milestone' THEN 1.0
               WHEN g.level = 'toan_tinh' AND x.has_level_thresholds THEN NULL
               WHEN g.level = 'toan_tinh' THEN x.threshold
               ELSE coalesce(ptl.threshold, x.threshold)
           END AS threshold,
           CASE WHEN x.kind <> 'milestone' THEN NULL
                WHEN g.ma_don_vi IS NOT NULL THEN
                    (SELECT sum(r.n) FROM reg AS r WHERE r.plan_id = g.plan_id
                       AND r.target_id = g.target_id AND r.ma_don_vi = g.ma_don_vi)
                WHEN g.level = 'toan_tinh' THEN
                    (SELECT sum(r.n) FROM reg AS r WHERE r.plan_id = g.plan_id
                       AND r.target_id = g.target_id
                       AND (x.scope IS NULL OR list_contains(x.scope, r.level)))
                ELSE
                    (SELECT sum(r.n) FROM reg AS r WHERE r.plan_id = g.plan_id
                       AND r.target_id = g.target_id AND r.level = g.level)
           END AS register_rows
    FROM grid AS g
    JOIN x ON x.plan_id = g.plan_id AND x.target_id = g.target_id
          AND x.group_key IS NOT DISTINCT FROM g.group_key AND x.is_summary = g.is_summary
    JOIN dim_period AS p ON p.period = g.period
    LEFT JOIN agg AS a
      ON a.plan_id = g.plan_id AND a.target_id = g.target_id
     AND a.group_key IS NOT DISTINCT FROM g.group_key AND a.is_summary = g.is_summary
     AND a.period = g.period AND a.level IS NOT DISTINCT FROM g.level
     AND a.ma_don_vi IS NOT DISTINCT FROM g.ma_don_vi
    LEFT JOIN plan_target_levels AS ptl
      ON ptl.plan_id = g.plan_id AND ptl.target_id = g.target_id AND ptl.level = g.level
), own AS (   -- the status a row earns by itself (NULL: derived from other rows below)
    SELECT r.*,
        CASE
            WHEN r.kind = 'tracking' THEN
                CASE WHEN r.metric_unit = 'count' OR coalesce(r.denominator, 0) <> 0
                     THEN 'theo_doi' ELSE 'khong_co_du_lieu' END
            WHEN r.kind = 'milestone' THEN
                CASE WHEN coalesce(r.register_rows, 0) = 0 THEN 'khong_co_du_lieu'
                     WHEN coalesce(r.denominator, 0) > 0 AND r.numerator >= r.denominator THEN 'dat'
                     WHEN r.due_date > r.effective_end THEN 'chua_den_han'
                     WHEN coalesce(r.denominator, 0) = 0 THEN 'khong_co_du_lieu'
                     ELSE 'chua_dat' END
            WHEN r.is_summary THEN NULL
            WHEN r.level = 'toan_tinh' AND r.has_level_thresholds THEN NULL
            WHEN coalesce(r.denominator, 0) = 0 THEN 'khong_co_du_lieu'
            WHEN r.value >= r.threshold - 1e-9 THEN 'dat'
            ELSE 'chua_dat'
        END AS own_status
    FROM rows AS r
), lvl AS (   -- toan_tinh rows of targets with thresholds per level: every level must be dat
    SELECT o.*,
        CASE WHEN o.own_status IS NOT NULL OR o.is_summary OR o.level <> 'toan_tinh' THEN o.own_status
             ELSE (SELECT CASE WHEN bool_and(l.own_status = 'dat') THEN 'dat'
                               WHEN bool_or(l.own_status = 'chua_dat') THEN 'chua_dat'
                               ELSE 'khong_co_du_lieu' END
                   FROM own AS l
                   WHERE l.plan_id = o.plan_id AND l.target_id = o.target_id
                     AND l.group_key IS NOT DISTINCT FROM o.group_key AND NOT l.is_summary
                     AND l.period = o.period AND l.ma_don_vi IS NULL AND l.level <> 'toan_tinh')
        END AS status1
    FROM own AS o
), fin AS (   -- field-group summary rows: every group must be dat (at the same level)
    SELECT v.*,
        CASE WHEN NOT v.is_summary OR v.kind <> 'ratio' THEN coalesce(v.status1, v.own_status)
             ELSE (SELECT CASE WHEN bool_and(gr.status1 = 'dat') THEN 'dat'
                               WHEN bool_or(gr.status1 = 'chua_dat') THEN 'chua_dat'
                               ELSE 'khong_co_du_lieu' END
                   FROM lvl AS gr
                   WHERE gr.plan_id = v.plan_id AND gr.target_id = v.target_id
                     AND NOT gr.is_summary AND gr.period = v.period
                     AND gr.level = v.level AND gr.ma_don_vi IS NULL)
        END AS status
    FROM lvl AS v
)
SELECT
    plan_id, target_id, kind, metric_id, period, period_kind, period_start, period_end,
    effective_end, level, ma_don_vi, group_key,
    CAST(numerator AS DOUBLE) AS numerator, CAST(denominator AS DOUBLE) AS denominator,
    CAST(value AS DOUBLE) AS value, CAST(threshold AS DOUBLE) AS threshold,
    CAST(status AS VARCHAR) AS status, sort_order
FROM fin
