-- Business time: service hours, business_time_add/between and working days.
-- Default calendar kediri, WIB (UTC+7): Mon-Thu 08:00-12:00 and 13:00-15:45,
-- Fri 08:00-11:00, closed on weekends and holidays. Every "ok" column
-- compares the result with a value worked out by hand from those rules.
CREATE EXTENSION hallo_masbup CASCADE;
SET TimeZone = 'Asia/Jakarta';
SET DateStyle = 'Postgres, MDY';
SET IntervalStyle = 'postgres';

--
-- is_service_time and next_service_time: intervals are [opens, closes)
--
SELECT c.label, c.t,
	masbup.is_service_time(c.t) AS open,
	masbup.next_service_time(c.t) AS next,
	masbup.is_service_time(c.t) = c.open AND masbup.next_service_time(c.t) = c.next AS ok
FROM (VALUES
	('Mon 08:00', timestamptz '2026-01-05 08:00', true, timestamptz '2026-01-05 08:00'),
	('Mon 07:59:59', '2026-01-05 07:59:59', false, '2026-01-05 08:00'),
	('Mon 00:00', '2026-01-05 00:00', false, '2026-01-05 08:00'),
	('Mon 11:59:59', '2026-01-05 11:59:59', true, '2026-01-05 11:59:59'),
	('Mon 12:00', '2026-01-05 12:00', false, '2026-01-05 13:00'),
	('Mon 12:59:59.999999', '2026-01-05 12:59:59.999999', false, '2026-01-05 13:00'),
	('Mon 13:00', '2026-01-05 13:00', true, '2026-01-05 13:00'),
	('Mon 15:44:59.999999', '2026-01-05 15:44:59.999999', true, '2026-01-05 15:44:59.999999'),
	('Mon 15:45', '2026-01-05 15:45', false, '2026-01-06 08:00'),
	('Fri 10:59:59', '2026-01-09 10:59:59', true, '2026-01-09 10:59:59'),
	('Fri 11:00', '2026-01-09 11:00', false, '2026-01-12 08:00'),
	('Sat', '2026-01-10 10:00', false, '2026-01-12 08:00'),
	('Sun 23:59:59', '2026-01-11 23:59:59', false, '2026-01-12 08:00'),
	('New Year holiday', '2026-01-01 10:00', false, '2026-01-02 08:00'),
	('Isra Mikraj, Fri', '2026-01-16 09:00', false, '2026-01-19 08:00'),
	('Nyepi, Idulfitri leave', '2026-03-18 10:00', false, '2026-03-25 08:00'),
	('Christmas leave 2026', '2026-12-24 10:00', false, '2026-12-28 08:00'),
	('New Year 2027', '2026-12-31 16:00', false, '2027-01-04 08:00'),
	('Tue before Christmas', '2025-12-23 16:00', false, '2025-12-24 08:00'),
	('Wed before Christmas', '2025-12-24 16:00', false, '2025-12-29 08:00'),
	('infinity', 'infinity', false, 'infinity'),
	('-infinity', '-infinity', false, '-infinity')
) AS c (label, t, open, next);

--
-- business_time_add: the earliest result for d > 0, the latest for d < 0
--
SELECT c.label, c.t, c.d,
	masbup.business_time_add(c.t, c.d) AS result,
	masbup.business_time_add(c.t, c.d) = c.expected AS ok
FROM (VALUES
	('ends at a close', timestamptz '2026-01-05 08:00', interval '4 hours', timestamptz '2026-01-05 12:00'),
	('past lunch', '2026-01-05 08:00', '4 hours 1 minute', '2026-01-05 13:01'),
	('whole Monday', '2026-01-05 08:00', '6 hours 45 minutes', '2026-01-05 15:45'),
	('one second more', '2026-01-05 08:00', '6:45:01', '2026-01-06 08:00:01'),
	('24 hours', '2026-01-05 08:00', '24 hours', '2026-01-08 11:45'),
	('whole week', '2026-01-05 08:00', '30 hours', '2026-01-09 11:00'),
	('from lunch', '2026-01-05 12:30', '1 minute', '2026-01-05 13:01'),
	('from lunch', '2026-01-05 12:30', '1 hour', '2026-01-05 14:00'),
	('microsecond to close', '2026-01-05 11:59:59.999999', '1 microsecond', '2026-01-05 12:00'),
	('2 microseconds', '2026-01-05 11:59:59.999999', '2 microseconds', '2026-01-05 13:00:00.000001'),
	('weekend', '2026-01-09 10:00', '2 hours', '2026-01-12 09:00'),
	('holiday, weekend', '2026-01-15 15:00', '1 hour', '2026-01-19 08:15'),
	('ends Fri 11:00', '2026-03-13 10:30', '30 minutes', '2026-03-13 11:00'),
	('after Fri 11:00', '2026-03-13 10:30', '31 minutes', '2026-03-16 08:01'),
	('Idulfitri leave', '2026-03-17 15:00', '1 hour', '2026-03-25 08:15'),
	('Christmas 2025', '2025-12-23 14:00', '10 hours', '2025-12-29 09:30'),
	('New Year 2027', '2026-12-31 15:00', '1 hour', '2027-01-04 08:15'),
	('from Sunday', '2026-01-11 10:00', '1 minute', '2026-01-12 08:01'),
	('zero on Sunday', '2026-01-11 10:00', '0', '2026-01-11 10:00'),
	('zero at lunch', '2026-01-05 12:30', '00:00:00', '2026-01-05 12:30'),
	('zero on holiday', '2026-03-20 09:00', '-0 seconds', '2026-03-20 09:00'),
	('back before lunch', '2026-01-05 13:00', '-1 hour', '2026-01-05 11:00'),
	('back to 13:00', '2026-01-05 14:00', '-1 hour', '2026-01-05 13:00'),
	('back from lunch', '2026-01-05 12:30', '-30 minutes', '2026-01-05 11:30'),
	('back to 08:00', '2026-01-06 09:00', '-1 hour', '2026-01-06 08:00'),
	('back to Mon 08:00', '2026-01-12 09:00', '-1 hour', '2026-01-12 08:00'),
	('back over weekend', '2026-01-12 09:00', '-2 hours', '2026-01-09 10:00'),
	('back from an opening', '2026-01-12 08:00', '-1 hour', '2026-01-09 10:00'),
	('back over holiday', '2026-01-19 08:15', '-1 hour', '2026-01-15 15:00'),
	('back from Sunday', '2026-01-11 10:00', '-1 minute', '2026-01-09 10:59'),
	('back over leave', '2026-03-25 08:15', '-1 hour', '2026-03-17 15:00'),
	('back over new year', '2026-01-02 09:00', '-2 hours', '2025-12-31 14:45'),
	('infinity', 'infinity', '1 hour', 'infinity'),
	('-infinity', '-infinity', '-1 hour', '-infinity')
) AS c (label, t, d, expected);

-- business_time_between(t, business_time_add(t, d)) = d, for either sign of d
SELECT t, d, masbup.business_time_between(t, masbup.business_time_add(t, d)) AS between,
	masbup.business_time_between(t, masbup.business_time_add(t, d))::text = d::text AS ok
FROM (VALUES (timestamptz '2026-02-14 20:30'), ('2026-03-13 10:30'),
	('2026-01-05 12:00'), ('2025-12-23 14:00')) AS ts (t),
	(VALUES (interval '1 microsecond'), ('00:00:01'), ('4 hours'), ('6:45:00'),
	('30 hours'), ('123:45:06.789'), ('-3 hours'), ('-30 hours')) AS ds (d)
ORDER BY t, d;

--
-- business_time_between: B(b) - B(a), where B(t) is the open time up to t.
-- The result is negative when b < a.
--
SELECT c.label, c.a, c.b,
	masbup.business_time_between(c.a, c.b) AS between,
	masbup.business_time_between(c.a, c.b)::text = c.expected::text AS ok
FROM (VALUES
	('same morning', timestamptz '2026-01-05 09:00', timestamptz '2026-01-05 11:30', interval '02:30:00'),
	('across lunch', '2026-01-05 11:00', '2026-01-05 14:00', '02:00:00'),
	('inside lunch', '2026-01-05 12:10', '2026-01-05 12:50', '00:00:00'),
	('fractions', '2026-01-05 11:59:59.5', '2026-01-05 13:00:00.25', '00:00:00.75'),
	('open to close', '2026-01-05 08:00', '2026-01-05 15:45', '06:45:00'),
	('midnight to midnight', '2026-01-05 00:00', '2026-01-06 00:00', '06:45:00'),
	('same instant', '2026-01-05 10:00', '2026-01-05 10:00', '00:00:00'),
	('weekend only', '2026-01-10 00:00', '2026-01-11 23:59', '00:00:00'),
	('across weekend', '2026-01-09 10:00', '2026-01-12 09:00', '02:00:00'),
	('holiday, weekend', '2026-01-15 15:00', '2026-01-19 08:15', '01:00:00'),
	('backwards', '2026-01-12 09:00', '2026-01-09 10:00', '-02:00:00'),
	('week w/o holidays', '2026-01-05 00:00', '2026-01-12 00:00', '30:00:00'),
	('Idulfitri leave', '2026-03-17 00:00', '2026-03-26 00:00', '13:30:00'),
	('across new year', '2025-12-23 14:00', '2026-01-02 11:00', '31:45:00'),
	('year 2026', '2026-01-01 00:00', '2027-01-01 00:00', '1447:30:00'),
	('year 2026 backwards', '2027-01-01 00:00', '2026-01-01 00:00', '-1447:30:00')
) AS c (label, a, b, expected);

--
-- business_days_add: close of the n-th working day after the receipt day
--
SELECT c.label, c.received, c.n,
	masbup.business_days_add(c.received, c.n) AS deadline,
	masbup.business_days_add(c.received, c.n) = c.expected AS ok
FROM (VALUES
	('Mon morning', timestamptz '2026-01-05 09:12', 0, timestamptz '2026-01-05 15:45'),
	('Mon morning', '2026-01-05 09:12', 2, '2026-01-07 15:45'),
	('Mon morning', '2026-01-05 09:12', 5, '2026-01-12 15:45'),
	('before Nyepi', '2026-03-13 10:30', 0, '2026-03-13 11:00'),
	('before Nyepi', '2026-03-13 10:30', 2, '2026-03-17 15:45'),
	('before Nyepi', '2026-03-13 10:30', 5, '2026-03-27 11:00'),
	('Sat before Imlek', '2026-02-14 20:30', 0, '2026-02-18 15:45'),
	('Sat before Imlek', '2026-02-14 20:30', 2, '2026-02-20 11:00'),
	('Sat before Imlek', '2026-02-14 20:30', 5, '2026-02-25 15:45'),
	('Fri 10:59', '2026-08-14 10:59', 0, '2026-08-14 11:00'),
	('Fri 10:59', '2026-08-14 10:59', 2, '2026-08-19 15:45'),
	('Fri 10:59', '2026-08-14 10:59', 5, '2026-08-24 15:45'),
	('Fri 11:00', '2026-08-14 11:00', 0, '2026-08-18 15:45'),
	('Fri 11:00', '2026-08-14 11:00', 2, '2026-08-20 15:45'),
	('Fri 11:00', '2026-08-14 11:00', 5, '2026-08-26 15:45'),
	('Fri 11:30', '2026-08-14 11:30', 2, '2026-08-20 15:45'),
	('Fri 11:30', '2026-08-14 11:30', 5, '2026-08-26 15:45'),
	('Sat', '2026-01-10 10:00', 2, '2026-01-14 15:45'),
	('Sat', '2026-01-10 10:00', 5, '2026-01-20 15:45'),
	('Idulfitri leave', '2026-03-20 09:00', 0, '2026-03-25 15:45'),
	('Idulfitri leave', '2026-03-20 09:00', 2, '2026-03-27 11:00'),
	('Idulfitri leave', '2026-03-20 09:00', 5, '2026-04-01 15:45'),
	('Thu lunch', '2026-01-08 12:30', 2, '2026-01-12 15:45'),
	('Thu lunch', '2026-01-08 12:30', 5, '2026-01-15 15:45'),
	('Thu 15:44', '2026-11-26 15:44', 0, '2026-11-26 15:45'),
	('Thu 15:44', '2026-11-26 15:44', 2, '2026-11-30 15:45'),
	('Thu 15:44', '2026-11-26 15:44', 5, '2026-12-03 15:45'),
	('Thu 15:45', '2026-11-26 15:45', 0, '2026-11-27 11:00'),
	('Thu 15:45', '2026-11-26 15:45', 2, '2026-12-01 15:45'),
	('Thu 15:45', '2026-11-26 15:45', 5, '2026-12-04 11:00'),
	('before 08:00', '2026-01-13 06:30', 2, '2026-01-15 15:45'),
	('before 08:00', '2026-01-13 06:30', 5, '2026-01-21 15:45'),
	('before Christmas', '2025-12-23 14:00', 2, '2025-12-29 15:45'),
	('before Christmas', '2025-12-23 14:00', 5, '2026-01-02 11:00'),
	('Christmas Eve late', '2025-12-24 16:00', 2, '2025-12-31 15:45'),
	('Christmas Eve late', '2025-12-24 16:00', 5, '2026-01-06 15:45'),
	('2026: 240 days', '2026-01-01 00:00', 239, '2026-12-31 15:45'),
	('2026: 240 days', '2026-01-01 00:00', 240, '2027-01-04 15:45'),
	('last year in range', '2999-12-31 10:00', 0, '2999-12-31 15:45'),
	('infinity', 'infinity', 5, 'infinity')
) AS c (label, received, n, expected);

--
-- business_days_between: smallest n >= 0 with b <= business_days_add(a, n)
--
SELECT c.a, c.b,
	masbup.business_days_between(c.a, c.b) AS days,
	masbup.business_days_between(c.a, c.b) = c.expected AS ok
FROM (VALUES
	(timestamptz '2026-01-05 09:12', timestamptz '2026-01-05 09:12', 0),
	('2026-01-05 09:12', '2026-01-05 15:45', 0),
	('2026-01-05 09:12', '2026-01-05 15:45:01', 1),
	('2026-01-05 09:12', '2026-01-12 15:45', 5),
	('2026-01-05 09:12', '2026-01-12 15:45:01', 6),
	('2026-01-05 09:12', '2026-01-02 10:00', 0),
	('2026-03-13 10:30', '2026-03-26 10:00', 4),
	('2026-03-13 10:30', '2026-03-27 11:00', 5),
	('2026-02-14 20:30', '2026-02-16 09:00', 0),
	('2026-02-14 20:30', '2026-02-18 09:00', 0),
	('2026-02-14 20:30', '2026-02-25 15:45', 5),
	('2026-02-14 20:30', '2026-02-26 08:00', 6),
	('2026-08-14 11:00', '2026-08-18 15:45', 0),
	('2025-12-23 14:00', '2026-01-02 11:00', 5),
	('2026-01-01 00:00', '2026-12-31 15:45', 239)
) AS c (a, b, expected);

--
-- The session TimeZone changes nothing: each block prints the same rows
--
SET TimeZone = 'UTC';
SELECT current_setting('TimeZone') AS session_zone, c.call, c.result
FROM (VALUES
	('days_add Mon 09:12 WIB, 5', (masbup.business_days_add('2026-01-05 09:12+07', 5) AT TIME ZONE 'Asia/Jakarta')::text),
	('days_add Sat 20:30 WIB, 5', (masbup.business_days_add('2026-02-14 20:30+07', 5) AT TIME ZONE 'Asia/Jakarta')::text),
	('days_add Sun 20:30 EST, 0', (masbup.business_days_add('2026-01-04 20:30-05', 0) AT TIME ZONE 'Asia/Jakarta')::text),
	('is_service_time 01:00 UTC', masbup.is_service_time('2026-01-05 01:00+00')::text),
	('is_service_time 00:59:59 UTC', masbup.is_service_time('2026-01-05 00:59:59+00')::text),
	('next Fri 23:30 EST', (masbup.next_service_time('2026-01-09 23:30-05') AT TIME ZONE 'Asia/Jakarta')::text),
	('time_add Mon 17:00 UTC, 1h', (masbup.business_time_add('2026-01-05 17:00+00', '1 hour') AT TIME ZONE 'Asia/Jakarta')::text),
	('time_add Mon 09:00 WIB, 4h', (masbup.business_time_add('2026-01-05 09:00+07', '4 hours') AT TIME ZONE 'Asia/Jakarta')::text),
	('time_between one week', masbup.business_time_between('2026-01-05 00:00+07', '2026-01-12 00:00+07')::text),
	('days_between worked example', masbup.business_days_between('2026-01-05 09:12+07', '2026-01-12 15:45+07')::text)
) AS c (call, result);
SET TimeZone = 'Asia/Jakarta';
SELECT current_setting('TimeZone') AS session_zone, c.call, c.result
FROM (VALUES
	('days_add Mon 09:12 WIB, 5', (masbup.business_days_add('2026-01-05 09:12+07', 5) AT TIME ZONE 'Asia/Jakarta')::text),
	('days_add Sat 20:30 WIB, 5', (masbup.business_days_add('2026-02-14 20:30+07', 5) AT TIME ZONE 'Asia/Jakarta')::text),
	('days_add Sun 20:30 EST, 0', (masbup.business_days_add('2026-01-04 20:30-05', 0) AT TIME ZONE 'Asia/Jakarta')::text),
	('is_service_time 01:00 UTC', masbup.is_service_time('2026-01-05 01:00+00')::text),
	('is_service_time 00:59:59 UTC', masbup.is_service_time('2026-01-05 00:59:59+00')::text),
	('next Fri 23:30 EST', (masbup.next_service_time('2026-01-09 23:30-05') AT TIME ZONE 'Asia/Jakarta')::text),
	('time_add Mon 17:00 UTC, 1h', (masbup.business_time_add('2026-01-05 17:00+00', '1 hour') AT TIME ZONE 'Asia/Jakarta')::text),
	('time_add Mon 09:00 WIB, 4h', (masbup.business_time_add('2026-01-05 09:00+07', '4 hours') AT TIME ZONE 'Asia/Jakarta')::text),
	('time_between one week', masbup.business_time_between('2026-01-05 00:00+07', '2026-01-12 00:00+07')::text),
	('days_between worked example', masbup.business_days_between('2026-01-05 09:12+07', '2026-01-12 15:45+07')::text)
) AS c (call, result);
SET TimeZone = 'America/New_York';
SELECT current_setting('TimeZone') AS session_zone, c.call, c.result
FROM (VALUES
	('days_add Mon 09:12 WIB, 5', (masbup.business_days_add('2026-01-05 09:12+07', 5) AT TIME ZONE 'Asia/Jakarta')::text),
	('days_add Sat 20:30 WIB, 5', (masbup.business_days_add('2026-02-14 20:30+07', 5) AT TIME ZONE 'Asia/Jakarta')::text),
	('days_add Sun 20:30 EST, 0', (masbup.business_days_add('2026-01-04 20:30-05', 0) AT TIME ZONE 'Asia/Jakarta')::text),
	('is_service_time 01:00 UTC', masbup.is_service_time('2026-01-05 01:00+00')::text),
	('is_service_time 00:59:59 UTC', masbup.is_service_time('2026-01-05 00:59:59+00')::text),
	('next Fri 23:30 EST', (masbup.next_service_time('2026-01-09 23:30-05') AT TIME ZONE 'Asia/Jakarta')::text),
	('time_add Mon 17:00 UTC, 1h', (masbup.business_time_add('2026-01-05 17:00+00', '1 hour') AT TIME ZONE 'Asia/Jakarta')::text),
	('time_add Mon 09:00 WIB, 4h', (masbup.business_time_add('2026-01-05 09:00+07', '4 hours') AT TIME ZONE 'Asia/Jakarta')::text),
	('time_between one week', masbup.business_time_between('2026-01-05 00:00+07', '2026-01-12 00:00+07')::text),
	('days_between worked example', masbup.business_days_between('2026-01-05 09:12+07', '2026-01-12 15:45+07')::text)
) AS c (call, result);
SET TimeZone = 'Asia/Jakarta';

--
-- Errors and infinities
--
SELECT masbup.business_time_add('2026-01-05 08:00', '1 day');
SELECT masbup.business_time_add('2026-01-05 08:00', '1 mon');
SELECT masbup.business_time_add('2026-01-05 08:00', '1 day 2 hours');
SELECT masbup.business_days_add('2026-01-05 09:12', -1);
SELECT masbup.is_service_time('2026-01-05 09:00', 'nosuch');
SELECT masbup.business_days_add('2026-01-05 09:12', 5, 'nosuch');
SELECT masbup.business_time_between('infinity', '2026-01-05 09:00');
SELECT masbup.business_time_between('2026-01-05 09:00', '-infinity');
SELECT masbup.business_days_between('2026-01-05 09:00', 'infinity');
SELECT masbup.business_time_add('3005-01-01 09:00', '1 hour');
SELECT masbup.is_service_time('3005-01-01 09:00');
SELECT masbup.business_days_add('3005-01-01 09:00', 0);
SELECT masbup.business_time_between('2026-01-01 00:00', '3005-01-01 00:00');
SELECT masbup.business_time_add('1899-06-01 09:00', '1 hour');
-- results that fall in the year 3000
SELECT masbup.business_days_add('2999-12-31 10:00', 1);
SELECT masbup.next_service_time('2999-12-31 16:00');
SELECT masbup.business_time_add('2999-12-31 15:00', '1 hour');
-- strict functions return NULL for a NULL argument
SELECT masbup.business_days_add(NULL, 5) IS NULL AS null_t,
	masbup.business_time_add('2026-01-05 08:00', NULL) IS NULL AS null_d,
	masbup.next_service_time('2026-01-05 08:00', NULL) IS NULL AS null_calendar;

--
-- The optional calendar argument
--
SELECT masbup.business_days_add('2026-01-05 09:12', 5, 'kediri') = '2026-01-12 15:45' AS ok_kediri,
	masbup.business_time_between('2026-01-05 00:00', '2026-01-12 00:00', 'kediri') AS week_kediri;

-- A hospital open around the clock. Its time '24:00' is the next midnight.
INSERT INTO masbup.calendar (calendar_name, time_zone, description)
VALUES ('rsud', 'Asia/Jakarta', 'hospital');
INSERT INTO masbup.calendar_hours (calendar_name, isodow, opens, closes)
SELECT 'rsud', d, time '00:00', time '24:00' FROM generate_series(1, 7) AS d;

-- A calendar in WITA (UTC+8) with Kediri's hours and no holidays.
INSERT INTO masbup.calendar (calendar_name, time_zone, description)
VALUES ('makassar', 'Asia/Makassar', 'office hours in WITA');
INSERT INTO masbup.calendar_hours (calendar_name, isodow, opens, closes)
SELECT 'makassar', isodow, opens, closes FROM masbup.calendar_hours
WHERE calendar_name = 'kediri';

-- Open all day in New York, whose days last 23 or 25 hours at DST changes.
INSERT INTO masbup.calendar (calendar_name, time_zone, description)
VALUES ('new_york', 'America/New_York', 'open around the clock');
INSERT INTO masbup.calendar_hours (calendar_name, isodow, opens, closes)
SELECT 'new_york', d, time '00:00', time '24:00' FROM generate_series(1, 7) AS d;

-- A calendar without service hours.
INSERT INTO masbup.calendar (calendar_name, time_zone, description)
VALUES ('closed', 'Asia/Jakarta', 'never open');

SELECT c.call, c.result, c.result = c.expected AS ok
FROM (VALUES
	('rsud is_service_time Sat 20:30', masbup.is_service_time('2026-02-14 20:30', 'rsud')::text, 'true'),
	('kediri is_service_time Sat 20:30', masbup.is_service_time('2026-02-14 20:30', 'kediri')::text, 'false'),
	('rsud is_service_time Tue 00:00', masbup.is_service_time('2026-01-06 00:00', 'rsud')::text, 'true'),
	('rsud next Sun 03:00', masbup.next_service_time('2026-01-11 03:00', 'rsud')::text, 'Sun Jan 11 03:00:00 2026 WIB'),
	('rsud time_add Sat 20:30, 10h', masbup.business_time_add('2026-02-14 20:30', '10 hours', 'rsud')::text, 'Sun Feb 15 06:30:00 2026 WIB'),
	('rsud time_add Mon 23:00, 1h', masbup.business_time_add('2026-01-05 23:00', '1 hour', 'rsud')::text, 'Tue Jan 06 00:00:00 2026 WIB'),
	('rsud time_between one week', masbup.business_time_between('2026-01-05 00:00', '2026-01-12 00:00', 'rsud')::text, '168:00:00'),
	('rsud days_add Sat 20:30, 0', masbup.business_days_add('2026-02-14 20:30', 0, 'rsud')::text, 'Sun Feb 15 00:00:00 2026 WIB'),
	('rsud days_add Sat 20:30, 5', masbup.business_days_add('2026-02-14 20:30', 5, 'rsud')::text, 'Fri Feb 20 00:00:00 2026 WIB'),
	('rsud days_between, 5', masbup.business_days_between('2026-02-14 20:30', '2026-02-20 00:00', 'rsud')::text, '5'),
	('rsud days_between, 6', masbup.business_days_between('2026-02-14 20:30', '2026-02-20 00:00:01', 'rsud')::text, '6'),
	('makassar is_service_time 07:30 WIB', masbup.is_service_time('2026-01-05 07:30', 'makassar')::text, 'true'),
	('kediri is_service_time 07:30 WIB', masbup.is_service_time('2026-01-05 07:30', 'kediri')::text, 'false'),
	('makassar is_service_time 14:50 WIB', masbup.is_service_time('2026-01-05 14:50', 'makassar')::text, 'false'),
	('makassar next 06:00 WIB', masbup.next_service_time('2026-01-05 06:00', 'makassar')::text, 'Mon Jan 05 07:00:00 2026 WIB'),
	('makassar time_between 07:00-08:00 WIB', masbup.business_time_between('2026-01-05 07:00', '2026-01-05 08:00', 'makassar')::text, '01:00:00'),
	('makassar days_add Mon 09:12, 5', masbup.business_days_add('2026-01-05 09:12', 5, 'makassar')::text, 'Mon Jan 12 14:45:00 2026 WIB'),
	('makassar days_add Mon 15:00, 0', masbup.business_days_add('2026-01-05 15:00', 0, 'makassar')::text, 'Tue Jan 06 14:45:00 2026 WIB'),
	('kediri days_add Mon 15:00, 0', masbup.business_days_add('2026-01-05 15:00', 0, 'kediri')::text, 'Mon Jan 05 15:45:00 2026 WIB'),
	('makassar days_add Sun 23:30, 0', masbup.business_days_add('2026-01-04 23:30', 0, 'makassar')::text, 'Mon Jan 05 14:45:00 2026 WIB'),
	('makassar days_add Isra Mikraj, 0', masbup.business_days_add('2026-01-16 09:00', 0, 'makassar')::text, 'Fri Jan 16 10:00:00 2026 WIB'),
	('new_york time_between DST start', masbup.business_time_between('2026-03-08 00:00-05', '2026-03-09 00:00-04', 'new_york')::text, '23:00:00'),
	('new_york time_between DST end', masbup.business_time_between('2026-11-01 00:00-04', '2026-11-02 00:00-05', 'new_york')::text, '25:00:00'),
	('new_york time_add DST start, 23h', masbup.business_time_add('2026-03-08 00:00-05', '23 hours', 'new_york')::text, 'Mon Mar 09 11:00:00 2026 WIB'),
	('closed is_service_time', masbup.is_service_time('2026-01-05 10:00', 'closed')::text, 'false'),
	('closed time_between', masbup.business_time_between('2026-01-05 00:00', '2026-01-12 00:00', 'closed')::text, '00:00:00')
) AS c (call, result, expected);

-- A calendar with no open time ahead raises an error instead of looping.
SELECT masbup.next_service_time('2026-01-05 10:00', 'closed');
SELECT masbup.business_time_add('2026-01-05 10:00', '1 hour', 'closed');
SELECT masbup.business_days_add('2026-01-05 10:00', 0, 'closed');
SELECT masbup.business_days_between('2026-01-05 10:00', '2026-01-06 10:00', 'closed');
-- Going backwards fails too, naming the other direction.
SELECT masbup.business_time_add('2026-01-05 10:00', '-1 hour', 'closed');

-- An unknown time zone is rejected when the calendar row is written.
INSERT INTO masbup.calendar (calendar_name, time_zone, description)
VALUES ('bad_zone', 'Mars/Olympus_Mons', 'invalid zone');
SELECT masbup.is_service_time('2026-01-05 10:00', 'bad_zone');
DELETE FROM masbup.calendar WHERE calendar_name = 'bad_zone';

-- A change to the calendar tables is seen by the next call.
SELECT masbup.business_days_add('2026-01-05 15:00', 0, 'makassar') AS before_holiday;
INSERT INTO masbup.calendar_holiday (calendar_name, day, kind, name)
VALUES ('makassar', '2026-01-06', 'regional', 'test holiday');
SELECT masbup.business_days_add('2026-01-05 15:00', 0, 'makassar') AS with_holiday;
DELETE FROM masbup.calendar_holiday WHERE calendar_name = 'makassar';
SELECT masbup.business_days_add('2026-01-05 15:00', 0, 'makassar') AS holiday_removed;

-- Functions without a calendar argument follow the default_calendar setting.
UPDATE masbup.setting SET value = 'rsud' WHERE name = 'default_calendar';
SELECT masbup.is_service_time('2026-02-14 20:30') AS rsud_default;
UPDATE masbup.setting SET value = 'kediri' WHERE name = 'default_calendar';
SELECT masbup.is_service_time('2026-02-14 20:30') AS kediri_default;

DROP EXTENSION hallo_masbup;
