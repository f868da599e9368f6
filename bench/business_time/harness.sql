/*
 * harness.sql
 *	  Test data, timing and report of the business-time benchmark, in the
 *	  schema masbup_bench. The psql variables rows and naive_rows set the
 *	  sizes of the two input tables.
 */

CREATE SCHEMA masbup_bench;

/*
 * Input rows: t at whole minutes spread uniformly over the local years
 * 2025-2027 of the default calendar (Asia/Jakarta), a duration d of 1 minute to
 * 40 hours in whole minutes, and a working-day count n from 0 to 10. Whole
 * minutes make some rows fall exactly on opening and closing times. The seed
 * makes the rows the same in every run on one PostgreSQL major version.
 */
SELECT setseed(0.2025) \g /dev/null

CREATE TABLE masbup_bench.input AS
SELECT i AS id,
	(timestamp '2025-01-01 00:00' AT TIME ZONE 'Asia/Jakarta') +
		floor(random() * 1095 * 1440) * interval '1 minute' AS t,
	(1 + floor(random() * 2400)) * interval '1 minute' AS d,
	floor(random() * 11)::integer AS n
FROM generate_series(1, :rows) AS i;

/* The first rows of input, for the PL/pgSQL functions, which are much slower. */
CREATE TABLE masbup_bench.naive_input AS
SELECT * FROM masbup_bench.input WHERE id <= :naive_rows;

VACUUM (FREEZE, ANALYZE) masbup_bench.input, masbup_bench.naive_input;

/* One timed query: every run's time and their median, in milliseconds. */
CREATE TABLE masbup_bench.measurement (
	position	integer GENERATED ALWAYS AS IDENTITY,
	key			text PRIMARY KEY,
	label		text NOT NULL,
	row_count	bigint NOT NULL,
	run_ms		float8[] NOT NULL,
	median_ms	float8 NOT NULL
);

/* Result of comparing the C functions with the PL/pgSQL ones. */
CREATE TABLE masbup_bench.agreement (
	check_name	text PRIMARY KEY,
	compared	bigint NOT NULL,
	mismatches	bigint NOT NULL
);

CREATE FUNCTION masbup_bench.median(run_ms float8[])
RETURNS float8
LANGUAGE sql IMMUTABLE
AS $$
	SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM unnest(run_ms) AS ms
$$;

/*
 * Time a query that returns one count: one untimed run to warm the caches
 * (table pages, plan, the extension's calendar), then `repetitions` timed
 * runs. Each run is timed by clock_timestamp() around EXECUTE, inside the
 * server, so no client round trip is counted. The query must count
 * row_count non-null results, which shows that every row was computed.
 */
CREATE FUNCTION masbup_bench.measure(key text, label text, query text,
									 row_count bigint, repetitions integer)
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
	counted bigint;
	started timestamptz;
	run_ms float8[] := '{}';
	median_ms float8;
BEGIN
	EXECUTE query INTO counted;
	IF counted IS DISTINCT FROM row_count THEN
		RAISE EXCEPTION 'query counted % results, expected %: %', counted, row_count, query;
	END IF;

	FOR i IN 1..repetitions LOOP
		started := clock_timestamp();
		EXECUTE query INTO counted;
		run_ms := run_ms || (extract(epoch FROM clock_timestamp() - started) * 1000)::float8;
	END LOOP;

	median_ms := masbup_bench.median(run_ms);
	INSERT INTO masbup_bench.measurement (key, label, row_count, run_ms, median_ms)
	VALUES (key, label, row_count, run_ms, median_ms);

	RETURN format('median %s ms, %s µs per row (runs: %s ms)',
				  round(median_ms::numeric, 1),
				  round((median_ms * 1000 / row_count)::numeric, 3),
				  (SELECT string_agg(round(ms::numeric, 1)::text, ', ')
				   FROM unnest(run_ms) AS ms));
END
$$;

/* Median time per row of a measurement, in microseconds. */
CREATE FUNCTION masbup_bench.per_row_us(measurement_key text)
RETURNS float8
LANGUAGE sql STABLE
AS $$
	SELECT median_ms * 1000 / row_count
	FROM masbup_bench.measurement
	WHERE key = measurement_key
$$;

/*
 * Targets: the ratio of two measurements' median time per row, and the
 * largest (or, for a speed-up, smallest) value that meets the target.
 */
CREATE TABLE masbup_bench.target (
	position	integer PRIMARY KEY,
	description text NOT NULL,
	numerator	text NOT NULL,
	denominator text NOT NULL,
	limit_value float8 NOT NULL,
	at_least	boolean NOT NULL	-- true: ratio >= limit_value; false: ratio <= limit_value
);

INSERT INTO masbup_bench.target VALUES
	(1, 'business_time_add(t, d) vs t + d', 'time_add', 'baseline', 3, false),
	(2, 'business_days_add(t, n) vs t + d', 'days_add', 'baseline', 3, false),
	(3, 'business_time_add(t, d, ''kediri'') vs t + d', 'time_add_named', 'baseline', 3, false),
	(4, 'business_days_add(t, n, ''kediri'') vs t + d', 'days_add_named', 'baseline', 3, false),
	(5, 'PL/pgSQL business_time_add vs C, per row', 'naive_time_add', 'time_add', 100, true),
	(6, 'PL/pgSQL business_days_add vs C, per row', 'naive_days_add', 'days_add', 100, true),
	(7, 'business_days_add(t, 1000) vs (t, 1)', 'days_add_1000', 'days_add_1', 2, false),
	(8, 'business_time_add(t, ''6000 hours'') vs (t, ''3 hours'')', 'time_add_6000h', 'time_add_3h', 2, false);

/*
 * Report lines: every measurement, then every target with its ratio. The
 * ratio "net of scan" subtracts the bare scan (count(t)) from both sides,
 * which shows the cost of the function calls alone.
 */
CREATE FUNCTION masbup_bench.report()
RETURNS SETOF text
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	m record;
	target record;
	scan_us float8 := masbup_bench.per_row_us('scan');
	ratio float8;
	net_ratio float8;
	met boolean;
	met_count integer := 0;
	target_count integer := 0;
BEGIN
	RETURN NEXT format('%-58s %9s %11s %12s', 'measurement', 'rows', 'median ms', 'µs per row');
	FOR m IN
		SELECT ms.*, ms.median_ms * 1000 / ms.row_count AS per_row
		FROM masbup_bench.measurement ms
		ORDER BY ms.position
	LOOP
		RETURN NEXT format('%-58s %9s %11s %12s', m.label, m.row_count,
						   round(m.median_ms::numeric, 1), round(m.per_row::numeric, 3));
	END LOOP;

	RETURN NEXT '';
	RETURN NEXT format('%-52s %9s %14s %12s %5s', 'target', 'ratio', 'net of scan', 'target', 'met');
	FOR target IN SELECT * FROM masbup_bench.target ORDER BY position LOOP
		ratio := masbup_bench.per_row_us(target.numerator) /
			masbup_bench.per_row_us(target.denominator);
		CONTINUE WHEN ratio IS NULL;

		/*
		 * The PL/pgSQL rows get no net ratio, because they ran over another
		 * table and the scan is a negligible part of their time.
		 */
		net_ratio := (masbup_bench.per_row_us(target.numerator) - scan_us) /
			nullif(masbup_bench.per_row_us(target.denominator) - scan_us, 0);
		met := CASE WHEN target.at_least THEN ratio >= target.limit_value
				ELSE ratio <= target.limit_value END;
		target_count := target_count + 1;
		met_count := met_count + met::integer;

		RETURN NEXT format('%-52s %8s× %13s %12s %5s', target.description,
						   round(ratio::numeric, 2),
						   CASE WHEN target.numerator LIKE 'naive%' THEN '-'
								ELSE round(net_ratio::numeric, 2) || '×' END,
						   CASE WHEN target.at_least THEN '>= ' ELSE '<= ' END ||
						   target.limit_value || '×',
						   CASE WHEN met THEN 'yes' ELSE 'NO' END);
	END LOOP;

	RETURN NEXT '';
	FOR m IN SELECT * FROM masbup_bench.agreement ORDER BY check_name LOOP
		RETURN NEXT format('agreement with PL/pgSQL, %s: %s of %s results differ%s',
						   m.check_name, m.mismatches, m.compared,
						   CASE WHEN m.mismatches > 0 THEN ' (FAILED)' ELSE '' END);
	END LOOP;
	RETURN NEXT format('targets met: %s of %s', met_count, target_count);
END
$$;
