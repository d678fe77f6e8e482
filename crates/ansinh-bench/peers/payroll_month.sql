-- The peer of `Store::run_payroll` (issue 5): one month's social-assistance payroll as the one
-- hand-written PostgreSQL statement a DBA would write against the same tables, timed beside
-- the engine by `ansinh-bench --payroll-only` and checked against its lines.
--
-- $1 is the run month (its first day). The statement writes into `peer_payroll_lines`, which
-- the harness creates empty (UNLOGGED) before each run:
--   * a regular line per group paid for the run month;
--   * for the beneficiaries whose facts changed (`recalc_from`), one adjustment per earlier
--     month whose due amount differs from what locked runs paid (positive: arrears, negative:
--     recovery). The engine writes an adjustment per group and month, so the harness compares
--     adjustments by their net per beneficiary and month.
-- Like the engine it skips a beneficiary suspended in the run month, and one whose run month
-- (or a later one) was already paid by a locked run.
--
-- The rules are copied by hand from `data/rules/social-assistance.csv` (ND 20/2021 Điều 4 and
-- 6, ND 76/2024): this is what the peer gives up against the engine's dated rule rows. Ages
-- follow `ansinh_core::assistance::age`: `mo` is the number of whole months between the birth
-- month and the month paid; "aged X or more" is mo >= 12X and an upper limit "under X" holds
-- through the birthday month, mo <= 12X.
INSERT INTO peer_payroll_lines (beneficiary_id, area_id, kind, for_month, group_code, coefficient, base_level, amount)
WITH
run AS (SELECT $1::date AS month),
base (valid_from, valid_to, level) AS (
    VALUES (DATE '2021-07-01', DATE '2024-07-01', 360000),
           (DATE '2024-07-01', DATE '9999-12-31', 500000)
),
paid AS (
    SELECT l.beneficiary_id, l.for_month, SUM(l.amount) AS amount
    FROM payroll_lines l
    JOIN payroll_runs r ON r.id = l.run_id AND r.state = 'locked'
    LEFT JOIN payment_results pr ON pr.run_id = l.run_id AND pr.beneficiary_id = l.beneficiary_id
    WHERE l.programme = 'social_assistance' AND (pr.paid IS NULL OR pr.paid)
    GROUP BY l.beneficiary_id, l.for_month
),
payable AS (
    SELECT b.*
    FROM beneficiaries b, run
    WHERE NOT EXISTS (
            SELECT 1 FROM assistance_suspensions s
            WHERE s.beneficiary_id = b.id AND s.from_month <= run.month
              AND (s.to_month IS NULL OR s.to_month >= run.month))
      AND NOT EXISTS (
            SELECT 1 FROM paid WHERE paid.beneficiary_id = b.id AND paid.for_month >= run.month)
),
months AS (
    SELECT b.id, run.month AS m FROM payable b, run
    UNION ALL
    SELECT b.id, g::date
    FROM payable b, run,
         generate_series(b.recalc_from, run.month - INTERVAL '1 month', INTERVAL '1 month') g
    WHERE b.recalc_from IS NOT NULL AND b.recalc_from < run.month
),
subject AS (
    SELECT x.id, x.m, b.area_id, b.household_status, b.studying, b.hiv, b.has_pension,
           b.disadvantaged_area,
           (EXTRACT(YEAR FROM x.m) * 12 + EXTRACT(MONTH FROM x.m)
             - EXTRACT(YEAR FROM p.birth_date) * 12 - EXTRACT(MONTH FROM p.birth_date))::int AS mo,
           (SELECT c.severity FROM disability_certificates c
             WHERE c.beneficiary_id = x.id AND date_trunc('month', c.issued_on) <= x.m
             ORDER BY c.issued_on DESC LIMIT 1) AS severity,
           (SELECT COUNT(*) FROM assistance_children c,
                LATERAL (SELECT (EXTRACT(YEAR FROM x.m) * 12 + EXTRACT(MONTH FROM x.m)
                    - EXTRACT(YEAR FROM c.birth_date) * 12 - EXTRACT(MONTH FROM c.birth_date))::int AS mo) a
             WHERE c.beneficiary_id = x.id AND a.mo >= 0
               AND (c.left_on IS NULL OR x.m <= date_trunc('month', c.left_on))
               AND (a.mo <= 192 OR (c.studying AND a.mo <= 264))) AS children
    FROM months x
    JOIN beneficiaries b ON b.id = x.id
    JOIN persons p ON p.id = b.person_id
    WHERE (p.death_date IS NULL OR x.m <= date_trunc('month', p.death_date))
      AND (b.in_facility_since IS NULL OR x.m <= date_trunc('month', b.in_facility_since))
),
candidate AS (
    SELECT DISTINCT ON (s.id, s.m, g.group_code)
           s.id, s.m, s.area_id, g.group_code, c.coef, base.level,
           (base.level * c.coef + 50) / 100 AS amount
    FROM subject s
    JOIN assistance_grants g ON g.beneficiary_id = s.id
        AND g.start_month <= s.m
        AND (g.ended_on IS NULL OR s.m <= date_trunc('month', g.ended_on))
    JOIN base ON s.m >= base.valid_from AND s.m < base.valid_to
    CROSS JOIN LATERAL (SELECT CASE g.group_code
        WHEN 'K1' THEN CASE WHEN s.mo <= 192 THEN CASE WHEN s.mo < 48 THEN 250 ELSE 150 END END
        WHEN 'K2' THEN CASE WHEN s.mo >= 192 AND s.mo <= 264 AND s.studying THEN 150 END
        WHEN 'K3' THEN CASE WHEN s.mo <= 192 AND s.hiv AND s.household_status = 'poor'
                            THEN CASE WHEN s.mo < 48 THEN 250 ELSE 200 END END
        WHEN 'K4' THEN CASE WHEN s.household_status IN ('poor', 'near_poor') AND s.children > 0
                            THEN 100 * s.children::int END
        WHEN 'K5A' THEN CASE WHEN s.mo >= 720 AND s.household_status = 'poor'
                             THEN CASE WHEN s.mo < 960 THEN 150 ELSE 200 END END
        WHEN 'K5B' THEN CASE WHEN s.mo >= 900 AND s.mo <= 960 AND s.disadvantaged_area
                              AND s.household_status IN ('poor', 'near_poor') THEN 100 END
        WHEN 'K5C' THEN CASE WHEN s.mo >= 960 AND NOT s.has_pension THEN 100 END
        WHEN 'K5D' THEN CASE WHEN s.mo >= 720 AND s.household_status = 'poor' THEN 300 END
        WHEN 'K6' THEN CASE s.severity
            WHEN 'extreme' THEN CASE WHEN s.mo < 192 THEN 250 WHEN s.mo < 720 THEN 200 ELSE 250 END
            WHEN 'severe' THEN CASE WHEN s.mo < 192 THEN 200 WHEN s.mo < 720 THEN 150 ELSE 200 END END
        WHEN 'K7' THEN CASE WHEN s.mo <= 36 AND s.disadvantaged_area
                            AND s.household_status IN ('poor', 'near_poor') THEN 150 END
        WHEN 'K8' THEN CASE WHEN s.hiv AND s.household_status = 'poor' THEN 150 END
        END AS coef) c
    WHERE s.mo >= 0 AND c.coef IS NOT NULL
    ORDER BY s.id, s.m, g.group_code
),
ranked AS (
    SELECT candidate.*,
           ROW_NUMBER() OVER w AS rank,
           FIRST_VALUE(amount) OVER w AS best,
           MAX(amount) FILTER (WHERE group_code = 'K4') OVER (PARTITION BY id, m) AS single_parent,
           MAX(amount) FILTER (WHERE group_code IN ('K5A', 'K5B', 'K5C', 'K5D', 'K6', 'K8'))
               OVER (PARTITION BY id, m) AS paired,
           -- The highest of khoản 5, 6 and 8 (those groups sort first); read only when there
           -- is one. A window, not a subquery per row: a subquery over this CTE scanned all of
           -- it for each single parent, hours at national size.
           FIRST_VALUE(group_code) OVER (PARTITION BY id, m
               ORDER BY group_code IN ('K5A', 'K5B', 'K5C', 'K5D', 'K6', 'K8') DESC,
                        amount DESC, group_code) AS top_paired
    FROM candidate
    WINDOW w AS (PARTITION BY id, m ORDER BY amount DESC, group_code)
),
chosen AS (
    -- Điều 6 khoản 2: the highest amount only, except a poor single parent also in khoản 5, 6
    -- or 8, who is paid the khoản 4 amount and the highest of those.
    SELECT r.* FROM ranked r
    WHERE CASE WHEN r.single_parent IS NOT NULL AND r.paired IS NOT NULL
                    AND r.single_parent + r.paired > r.best
               THEN r.group_code = 'K4' OR r.group_code = r.top_paired
               ELSE r.rank = 1 END
),
due AS (
    SELECT id, m, SUM(amount) AS amount FROM chosen GROUP BY id, m
)
SELECT c.id, c.area_id, 'regular', c.m, c.group_code, c.coef, c.level, c.amount
FROM chosen c, run WHERE c.m = run.month
UNION ALL
SELECT x.id, b.area_id, CASE WHEN diff.amount > 0 THEN 'arrears' ELSE 'recovery' END, x.m,
       NULL, NULL, NULL, diff.amount
FROM months x
JOIN run ON x.m < run.month
JOIN beneficiaries b ON b.id = x.id
LEFT JOIN due d ON d.id = x.id AND d.m = x.m
LEFT JOIN paid p ON p.beneficiary_id = x.id AND p.for_month = x.m
CROSS JOIN LATERAL (SELECT COALESCE(d.amount, 0) - COALESCE(p.amount, 0) AS amount) diff
WHERE diff.amount <> 0;
