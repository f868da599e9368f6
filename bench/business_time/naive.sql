/*
 * naive.sql
 *	  A straightforward PL/pgSQL implementation of business_time_add and
 *	  business_days_add, used by the benchmark as the speed reference and to
 *	  check the C functions' results.
 *
 * It implements the same rules as the C functions (weekly pattern, date-ranged
 * overrides with priorities, holidays), but walks the calendar one local day
 * at a time and queries the calendar tables for every day, with no cache and
 * no prefix sums. Durations are counted in whole microseconds (bigint), so
 * the results are exact and comparable with the C functions' results.
 */

CREATE SCHEMA masbup_naive;

/* Closed days in a row after which the functions raise an error instead of looping forever. */
CREATE FUNCTION masbup_naive.max_closed_days()
RETURNS integer
LANGUAGE sql IMMUTABLE
AS $$ SELECT 3660 $$;

/* Resolve a calendar name (NULL means the default calendar) and return its time zone. */
CREATE FUNCTION masbup_naive.calendar_zone(INOUT calendar text, OUT zone text)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	IF calendar IS NULL THEN
		SELECT s.value INTO calendar
		FROM masbup.setting s
		WHERE s.name = 'default_calendar';
	END IF;

	SELECT c.time_zone INTO zone
	FROM masbup.calendar c
	WHERE c.calendar_name = calendar;
	IF zone IS NULL THEN
		RAISE EXCEPTION 'calendar "%" does not exist', calendar;
	END IF;
END
$$;

/*
 * Return the open intervals of a local date, in order: none on a holiday,
 * else the hours of the highest-priority override that covers the date, else
 * the weekly pattern.
 */
CREATE FUNCTION masbup_naive.day_hours(calendar text, day date)
RETURNS TABLE (opens time, closes time)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	chosen_override text;
BEGIN
	IF EXISTS (SELECT 1 FROM masbup.calendar_holiday hd
			   WHERE hd.calendar_name = calendar AND hd.day = day_hours.day) THEN
		RETURN;
	END IF;

	SELECT o.override_name INTO chosen_override
	FROM masbup.calendar_override o
	WHERE o.calendar_name = calendar AND day_hours.day BETWEEN o.valid_from AND o.valid_to
	ORDER BY o.priority DESC, o.valid_from, o.override_name
	LIMIT 1;

	IF chosen_override IS NULL THEN
		RETURN QUERY
		SELECT h.opens, h.closes
		FROM masbup.calendar_hours h
		WHERE h.calendar_name = calendar AND h.isodow = extract(isodow FROM day_hours.day)
		ORDER BY h.opens;
	ELSE
		RETURN QUERY
		SELECT h.opens, h.closes
		FROM masbup.calendar_override_hours h
		WHERE h.calendar_name = calendar AND h.override_name = chosen_override
			AND h.isodow = extract(isodow FROM day_hours.day)
		ORDER BY h.opens;
	END IF;
END
$$;

/*
 * Return the last closing time of a local date, or NULL when the date is not
 * a working day.
 */
CREATE FUNCTION masbup_naive.last_close(calendar text, zone text, day date)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	closing_time time;
BEGIN
	SELECT max(h.closes) INTO closing_time
	FROM masbup_naive.day_hours(calendar, day) h;

	IF closing_time IS NULL THEN
		RETURN NULL;
	END IF;
	RETURN (day + closing_time) AT TIME ZONE zone;
END
$$;

/*
 * Return t plus d of open time. For d > 0 that is the earliest instant at
 * which d of open time has passed since t, so a span that ends at a closing
 * time returns that closing time. For d < 0 it is the latest instant from
 * which -d of open time passes until t, so it may be an opening time. For
 * d = 0 or an infinite t it is t itself.
 */
CREATE FUNCTION masbup_naive.business_time_add(t timestamptz, d interval,
											   calendar text DEFAULT NULL)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	zone text;
	remaining bigint;			-- open time still to count, in microseconds
	local_day date;
	closed_days integer := 0;
	open_found boolean;
	hours record;
	opens timestamptz;
	closes timestamptz;
	length bigint;
BEGIN
	-- Not STRICT, because the default calendar is passed as NULL.
	IF t IS NULL OR d IS NULL THEN
		RETURN NULL;
	END IF;
	IF extract(month FROM d) <> 0 OR extract(year FROM d) <> 0 OR extract(day FROM d) <> 0 THEN
		RAISE EXCEPTION 'interval "%" has a day or month part', d;
	END IF;
	IF NOT isfinite(t) OR d = interval '0' THEN
		RETURN t;
	END IF;

	SELECT z.calendar, z.zone INTO calendar, zone
	FROM masbup_naive.calendar_zone(calendar) z;
	remaining := abs((extract(epoch FROM d) * 1000000)::bigint);
	local_day := (t AT TIME ZONE zone)::date;

	LOOP
		open_found := false;

		-- Walk forward through the day's intervals, or backward for d < 0.
		FOR hours IN
			SELECT h.opens, h.closes
			FROM masbup_naive.day_hours(calendar, local_day) h
			ORDER BY CASE WHEN d > interval '0' THEN h.opens END,
				CASE WHEN d < interval '0' THEN h.opens END DESC
		LOOP
			open_found := true;
			opens := (local_day + hours.opens) AT TIME ZONE zone;
			closes := (local_day + hours.closes) AT TIME ZONE zone;

			IF d > interval '0' THEN
				CONTINUE WHEN closes <= t;
				opens := greatest(opens, t);
			ELSE
				CONTINUE WHEN opens >= t;
				closes := least(closes, t);
			END IF;

			length := ((extract(epoch FROM closes) - extract(epoch FROM opens)) * 1000000)::bigint;
			IF length >= remaining THEN
				IF d > interval '0' THEN
					RETURN opens + remaining * interval '1 microsecond';
				END IF;
				RETURN closes - remaining * interval '1 microsecond';
			END IF;
			remaining := remaining - length;
		END LOOP;

		IF open_found THEN
			closed_days := 0;
		ELSE
			closed_days := closed_days + 1;
			IF closed_days > masbup_naive.max_closed_days() THEN
				RAISE EXCEPTION 'calendar "%" has no service time within % days of %',
					calendar, masbup_naive.max_closed_days(), t;
			END IF;
		END IF;

		IF d > interval '0' THEN
			local_day := local_day + 1;
		ELSE
			local_day := local_day - 1;
		END IF;
	END LOOP;
END
$$;

/*
 * Return the first working day after a local date and its last closing time.
 * Raise an error rather than loop when the calendar has no open time ahead.
 */
CREATE FUNCTION masbup_naive.next_working_day(calendar text, zone text, after date,
											  OUT day date, OUT day_close timestamptz)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
	day := after;
	LOOP
		day := day + 1;
		day_close := masbup_naive.last_close(calendar, zone, day);
		EXIT WHEN day_close IS NOT NULL;
		IF day - after > masbup_naive.max_closed_days() THEN
			RAISE EXCEPTION 'calendar "%" has no service time within % days after %',
				calendar, masbup_naive.max_closed_days(), after;
		END IF;
	END LOOP;
END
$$;

/*
 * Return the last closing time of the n-th working day after the receipt day
 * of t. The receipt day is t's local date when that is a working day and t is
 * before its last closing time, else the next working day.
 */
CREATE FUNCTION masbup_naive.business_days_add(t timestamptz, n integer,
											   calendar text DEFAULT NULL)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
AS $$
DECLARE
	zone text;
	day date;
	day_close timestamptz;
BEGIN
	IF t IS NULL OR n IS NULL THEN
		RETURN NULL;
	END IF;
	IF n < 0 THEN
		RAISE EXCEPTION 'number of working days must not be negative: %', n;
	END IF;
	IF NOT isfinite(t) THEN
		RETURN t;
	END IF;

	SELECT z.calendar, z.zone INTO calendar, zone
	FROM masbup_naive.calendar_zone(calendar) z;
	day := (t AT TIME ZONE zone)::date;
	day_close := masbup_naive.last_close(calendar, zone, day);

	IF day_close IS NULL OR t >= day_close THEN
		SELECT w.day, w.day_close INTO day, day_close
		FROM masbup_naive.next_working_day(calendar, zone, day) w;
	END IF;

	FOR i IN 1..n LOOP
		SELECT w.day, w.day_close INTO day, day_close
		FROM masbup_naive.next_working_day(calendar, zone, day) w;
	END LOOP;

	RETURN day_close;
END
$$;
