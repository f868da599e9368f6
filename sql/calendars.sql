-- Calendars: overrides of the weekly pattern, several calendars, the
-- agency's calendar, service_hours(), holidays(), and the checks on
-- calendar rows when they are written.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS hallo_masbup CASCADE;
CREATE EXTENSION hallo_masbup CASCADE;
RESET client_min_messages;
SET TimeZone = 'Asia/Jakarta';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
\pset format unaligned
\set SHOW_CONTEXT never

-- The default calendar on an ordinary week, and on a week with holidays.
SELECT * FROM masbup.service_hours('2026-01-05', '2026-01-11');
SELECT count(*) AS intervals, sum(upper(h) - lower(h)) AS open_time FROM masbup.service_hours('2026-03-16', '2026-03-27') AS h;
SELECT * FROM masbup.holidays('2026-03-01', '2026-03-31');
SELECT * FROM masbup.holidays('2026-03-01', '2026-03-31', 'nope');
SELECT * FROM masbup.service_hours('2026-03-01', '2026-03-01', 'nope');

-- Ramadan working hours: Monday to Thursday 08:00-14:00 without a break, Friday 08:00-11:30.
INSERT INTO masbup.calendar_override (calendar_name, override_name, valid_from, valid_to, priority)
VALUES ('kediri', 'Ramadan 1447 H', '2026-02-19', '2026-03-19', 10);
INSERT INTO masbup.calendar_override_hours (calendar_name, override_name, isodow, opens, closes)
SELECT 'kediri', 'Ramadan 1447 H', d, time '08:00', time '14:00' FROM generate_series(1, 4) AS d
UNION ALL SELECT 'kediri', 'Ramadan 1447 H', 5, time '08:00', time '11:30';
SELECT * FROM masbup.service_hours('2026-03-12', '2026-03-17');
SELECT masbup.business_time_add('2026-03-16 13:00+07', '2 hours') AS two_hours_from_monday_13;
SELECT masbup.business_time_between('2026-03-16 00:00+07', '2026-03-21 00:00+07') AS last_ramadan_week;
SELECT masbup.business_days_add('2026-03-12 13:30+07', 1) AS thursday_13_30_plus_1;
SELECT masbup.business_days_add('2026-03-13 10:30+07', 5) AS friday_plus_5_unchanged;
SELECT * FROM masbup.service_hours('2026-03-20', '2026-03-20');
SELECT * FROM masbup.service_hours('2026-02-18', '2026-02-19');

-- A one-day special schedule above Ramadan: a service Saturday, and a short Monday.
INSERT INTO masbup.calendar_override VALUES ('kediri', 'Pelayanan Sabtu', '2026-03-14', '2026-03-14', 20);
INSERT INTO masbup.calendar_override_hours VALUES ('kediri', 'Pelayanan Sabtu', 6, '08:00', '12:00');
INSERT INTO masbup.calendar_override VALUES ('kediri', 'Rapat kerja', '2026-03-02', '2026-03-02', 20);
INSERT INTO masbup.calendar_override_hours VALUES ('kediri', 'Rapat kerja', 1, '08:00', '10:00');
SELECT * FROM masbup.service_hours('2026-03-14', '2026-03-14');
SELECT masbup.business_days_add('2026-03-13 12:00+07', 0) AS friday_after_close_receipt_saturday;
SELECT * FROM masbup.service_hours('2026-03-02', '2026-03-02');
-- A holiday stays closed whatever an override says.
INSERT INTO masbup.calendar_override VALUES ('kediri', 'Pelayanan Nyepi', '2026-03-19', '2026-03-19', 30);
INSERT INTO masbup.calendar_override_hours VALUES ('kediri', 'Pelayanan Nyepi', 4, '08:00', '12:00');
SELECT count(*) AS open_intervals_on_nyepi FROM masbup.service_hours('2026-03-19', '2026-03-19');
-- Deleting an override brings the weekly pattern back.
DELETE FROM masbup.calendar_override WHERE override_name = 'Rapat kerja';
SELECT * FROM masbup.service_hours('2026-03-02', '2026-03-02');
SELECT count(*) AS override_hours_left FROM masbup.calendar_override_hours WHERE override_name = 'Rapat kerja';

-- Several calendars: a hospital open day and night, chosen per agency.
INSERT INTO masbup.calendar (calendar_name, time_zone, description) VALUES ('rsud', 'Asia/Jakarta', 'IGD 24 jam');
INSERT INTO masbup.calendar_hours (calendar_name, isodow, opens, closes)
SELECT 'rsud', d, time '00:00', time '24:00' FROM generate_series(1, 7) AS d;
SELECT masbup.business_days_add('2026-03-20 10:00+07', 0, 'rsud') AS rsud_n0,
	masbup.business_days_add('2026-03-20 10:00+07', 1, 'rsud') AS rsud_n1;
UPDATE masbup.opd SET calendar_name = 'rsud' WHERE code = 'RSUD-KEDIRI';
SELECT code, calendar_name, masbup.business_days_add('2026-03-20 10:00+07', 1, calendar_name) AS one_working_day
FROM masbup.opd WHERE code IN ('DINKES', 'RSUD-KEDIRI') ORDER BY code;
-- A calendar in another zone counts in its own local time.
INSERT INTO masbup.calendar VALUES ('wita', 'Asia/Makassar', 'Kantor di zona WITA');
INSERT INTO masbup.calendar_hours SELECT 'wita', d, time '08:00', time '16:00' FROM generate_series(1, 5) AS d;
SELECT masbup.is_service_time('2026-01-05 07:30+07', 'wita') AS wita_0830, masbup.is_service_time('2026-01-05 07:30+07') AS wib_0730;
SELECT * FROM masbup.service_hours('2026-01-05', '2026-01-05', 'wita');

-- Infinite times pass through.
SELECT masbup.business_time_add('infinity', '1 hour') AS plus, masbup.business_time_add('-infinity', '-1 hour') AS minus,
	masbup.business_days_add('-infinity', 1) AS days, masbup.next_service_time('-infinity') AS next;

-- Rows that would break a calendar are rejected when written.
INSERT INTO masbup.calendar_hours VALUES ('kediri', 1, '11:00', '12:30');
INSERT INTO masbup.calendar_hours VALUES ('kediri', 1, '12:00', '13:00');
DELETE FROM masbup.calendar_hours WHERE calendar_name = 'kediri' AND isodow = 1 AND opens = '12:00';
INSERT INTO masbup.calendar_hours VALUES ('kediri', 2, '15:00', '14:00');
UPDATE masbup.calendar_hours SET opens = '07:00', closes = '13:30' WHERE calendar_name = 'kediri' AND isodow = 3 AND opens = '08:00';
INSERT INTO masbup.calendar VALUES ('mars', 'Mars/Olympus_Mons', '');
UPDATE masbup.calendar SET time_zone = 'WIB' WHERE calendar_name = 'wita';
INSERT INTO masbup.calendar_override VALUES ('kediri', 'Bentrok', '2026-03-01', '2026-03-02', 10);
INSERT INTO masbup.calendar_override VALUES ('kediri', 'Terbalik', '2026-03-02', '2026-03-01', 5);
INSERT INTO masbup.calendar_override_hours VALUES ('kediri', 'Ramadan 1447 H', 1, '13:00', '15:00');
INSERT INTO masbup.calendar_override_hours VALUES ('kediri', 'Tidak ada', 1, '08:00', '09:00');
UPDATE masbup.opd SET calendar_name = 'nope' WHERE code = 'DINKES';
SELECT count(*) AS kediri_hours FROM masbup.calendar_hours WHERE calendar_name = 'kediri';
