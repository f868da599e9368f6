/*
 * agreement.sql
 *	  Compare the C functions with the PL/pgSQL ones in naive.sql on the
 *	  first :check_rows input rows plus hand-picked edge cases, on the default
 *	  calendar and on a copy of it with overrides. Stores the number of
 *	  differing results in masbup_bench.agreement and prints the first
 *	  differences, if any.
 */

/*
 * bench_override: the kediri calendar plus a Ramadan-style override
 * (Mon-Thu 08:00-14:00, Fri 08:00-11:30) over 18 Feb - 19 Mar 2026 and a
 * higher-priority one-day override that opens Saturday 7 Mar 2026.
 */
INSERT INTO masbup.calendar (calendar_name, time_zone, description)
VALUES ('bench_override', 'Asia/Jakarta', 'kediri with overrides, for the benchmark''s agreement check');

INSERT INTO masbup.calendar_hours (calendar_name, isodow, opens, closes)
SELECT 'bench_override', isodow, opens, closes
FROM masbup.calendar_hours
WHERE calendar_name = 'kediri';

INSERT INTO masbup.calendar_holiday (calendar_name, day, kind, name)
SELECT 'bench_override', day, kind, name
FROM masbup.calendar_holiday
WHERE calendar_name = 'kediri';

INSERT INTO masbup.calendar_override (calendar_name, override_name, valid_from, valid_to, priority)
VALUES ('bench_override', 'ramadan', '2026-02-18', '2026-03-19', 0),
	('bench_override', 'special saturday', '2026-03-07', '2026-03-07', 10);

INSERT INTO masbup.calendar_override_hours (calendar_name, override_name, isodow, opens, closes)
SELECT 'bench_override', 'ramadan', isodow, time '08:00', time '14:00'
FROM generate_series(1, 4) AS isodow
UNION ALL
SELECT 'bench_override', 'ramadan', 5, '08:00', '11:30'
UNION ALL
SELECT 'bench_override', 'special saturday', 6, '08:00', '12:00';

/*
 * Edge cases: opening and closing times, times just before them, nights,
 * a Friday, a Saturday, days before collective leave, a holiday and an
 * override, and year ends; durations that end exactly at a closing time.
 */
CREATE TABLE masbup_bench.agreement_input AS
SELECT 'row ' || id AS source, t, d, n
FROM masbup_bench.input
WHERE id <= :check_rows
UNION ALL
SELECT 'edge ' || day || ' ' || clock || ' ' || d, (day + clock) AT TIME ZONE 'Asia/Jakarta', d, (position - 1)::integer
FROM unnest('{2025-03-27, 2025-12-31, 2026-01-05, 2026-01-09, 2026-01-10, 2026-02-13,
			  2026-02-17, 2026-03-06, 2026-03-17, 2026-12-31, 2027-12-31}'::date[]) AS day,
	unnest('{00:00, 07:59, 08:00, 11:00, 11:59, 12:00, 12:30, 13:00, 15:44, 15:45, 23:59}'::time[]) AS clock,
	unnest('{00:01, 02:45, 03:00, 04:00, 06:45, 30:00}'::interval[]) WITH ORDINALITY AS durations (d, position);

CREATE TABLE masbup_bench.agreement_result AS
SELECT calendar, source, t, d, n,
	masbup.business_time_add(t, d, calendar) AS c_forward,
	masbup_naive.business_time_add(t, d, calendar) AS naive_forward,
	masbup.business_time_add(t, -d, calendar) AS c_backward,
	masbup_naive.business_time_add(t, -d, calendar) AS naive_backward,
	masbup.business_days_add(t, n, calendar) AS c_days,
	masbup_naive.business_days_add(t, n, calendar) AS naive_days
FROM masbup_bench.agreement_input,
	unnest('{kediri, bench_override}'::text[]) AS calendar;

INSERT INTO masbup_bench.agreement
SELECT 'business_time_add(t, d)', count(*), count(*) FILTER (WHERE c_forward IS DISTINCT FROM naive_forward)
FROM masbup_bench.agreement_result
UNION ALL
SELECT 'business_time_add(t, -d)', count(*), count(*) FILTER (WHERE c_backward IS DISTINCT FROM naive_backward)
FROM masbup_bench.agreement_result
UNION ALL
SELECT 'business_days_add(t, n)', count(*), count(*) FILTER (WHERE c_days IS DISTINCT FROM naive_days)
FROM masbup_bench.agreement_result;

SELECT format('%s of %s results differ for %s', mismatches, compared, check_name)
FROM masbup_bench.agreement
ORDER BY check_name;

-- Show the first differences in the calendars' local time.
SET TimeZone = 'Asia/Jakarta';
SELECT format('  differs: %s, %s, t %s, d %s, n %s: C %s / %s / %s, PL/pgSQL %s / %s / %s',
			  calendar, source, t, d, n, c_forward, c_backward, c_days,
			  naive_forward, naive_backward, naive_days)
FROM masbup_bench.agreement_result
WHERE c_forward IS DISTINCT FROM naive_forward
	OR c_backward IS DISTINCT FROM naive_backward
	OR c_days IS DISTINCT FROM naive_days
ORDER BY calendar, source
LIMIT 10;
