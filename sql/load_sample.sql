-- load_sample: the sample folder replays into the states its events lead
-- to, each event is logged exactly once, a second run changes nothing, any
-- folder in the same format loads, and a bad line stores nothing.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS hallo_masbup CASCADE;
CREATE EXTENSION hallo_masbup CASCADE;
RESET client_min_messages;
SET TimeZone = 'Asia/Jakarta';
SET DateStyle = 'ISO, YMD';
\pset format unaligned
\set SHOW_CONTEXT never
\set sample_dir data/sample
\set ECHO none
\i frontend/psql/load_sample.sql
\set ECHO all
\set ON_ERROR_STOP 0

SELECT c.external_ref, c.state, o.code AS opd, c.target_at, c.due_at, c.answered_at, c.closed_at, c.event_count
FROM masbup.complaint c LEFT JOIN masbup.opd o USING (opd_id)
ORDER BY c.external_ref;

-- Every event, the submission included, is in the audit log exactly once.
SELECT count(*) AS events, count(DISTINCT (complaint_id, seq)) AS distinct_events,
	count(*) FILTER (WHERE action = 'submit') AS submissions
FROM masbup.complaint_event;
CREATE TEMPORARY TABLE csv_event (ref text, at timestamptz, actor_role text, opd_code text,
	action text, target_opd text, note text);
\copy csv_event FROM 'data/sample/sample_events.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS csv_events, count(*) FILTER (WHERE logged = 1) AS logged_once
FROM (SELECT (SELECT count(*) FROM masbup.complaint_event e JOIN masbup.complaint c USING (complaint_id)
		WHERE c.external_ref = v.ref AND e.at = v.at AND e.action = v.action
			AND e.actor_role = v.actor_role AND e.note IS NOT DISTINCT FROM v.note) AS logged
	FROM csv_event v) AS m;
SELECT count(*) AS complaints_with_submitted_at_as_first_event
FROM masbup.complaint c JOIN masbup.complaint_event e ON e.complaint_id = c.complaint_id AND e.seq = 1
WHERE e.at = c.submitted_at;

-- Staff created for the import: one per role and agency that acted.
SELECT s.username, s.role, o.code AS opd
FROM masbup.staff s LEFT JOIN masbup.opd o USING (opd_id)
ORDER BY s.username COLLATE "C";

-- A second run skips what is already loaded.
\set ECHO none
\i frontend/psql/load_sample.sql
\set ECHO all
\set ON_ERROR_STOP 0
SELECT count(*) AS complaints, (SELECT count(*) FROM masbup.complaint_event) AS events FROM masbup.complaint;

-- Any folder in the same format loads.
\! mkdir -p results/other_sample results/bad_sample results/bad_events
\copy (SELECT * FROM (VALUES ('X01', '2026-06-02 10:00:00+07', 'Budi Santoso', '3506101010800001', '081234500201', '', 'Jl. Merdeka No. 1 Desa Ngasem', 'false', 'Ngasem', 'Infrastruktur jalan', 'Jembatan desa retak di Ngasem', 'Jembatan penghubung dusun retak sejak banjir pada akhir Mei 2026, warga khawatir melintas setiap hari.'), ('X02', '2026-06-03 09:00:00+07', 'Tri Wulandari', '3506104512900002', '081234500202', 'tri@example.org', 'Dusun Besuk RT 03 RW 02 Desa Kepung', 'true', 'Kepung', 'Lainnya', 'Sengketa warisan tanah keluarga', 'Saudara kandung menguasai tanah warisan orang tua sejak 2024 tanpa musyawarah keluarga sama sekali.')) AS t (ref, submitted_at, reporter_name, reporter_nik, reporter_phone, reporter_email, reporter_address, confidential, kecamatan, category, title, chronology)) TO 'results/other_sample/sample_complaints.csv' WITH (FORMAT csv, HEADER true)
\copy (SELECT * FROM (VALUES ('X01', '2026-06-02 10:30:00+07', 'admin_pemkab', '', 'dispose_to_kominfo', '', ''), ('X01', '2026-06-02 13:30:00+07', 'admin_kominfo', '', 'forward_to_opd', 'DPUPR', 'Jembatan desa dibina Dinas PUPR.'), ('X02', '2026-06-03 10:00:00+07', 'admin_pemkab', '', 'close_out_of_scope', '', 'Sengketa waris diselesaikan melalui pengadilan agama.')) AS t (ref, at, actor_role, opd_code, action, target_opd, note)) TO 'results/other_sample/sample_events.csv' WITH (FORMAT csv, HEADER true)
\set sample_dir results/other_sample
\set ECHO none
\i frontend/psql/load_sample.sql
\set ECHO all
\set ON_ERROR_STOP 0
SELECT c.external_ref, c.state, o.code AS opd, c.confidential, c.target_at, c.due_at, c.event_count
FROM masbup.complaint c LEFT JOIN masbup.opd o USING (opd_id)
WHERE c.external_ref LIKE 'X%' ORDER BY c.external_ref;
SELECT count(*) AS staff FROM masbup.staff;

-- A bad line stops the load with its line number, and nothing is stored.
\copy (SELECT * FROM (VALUES ('X11', '2026-06-04 09:00:00+07', 'Sari Dewi', '3506104512900003', '081234500203', '', 'Dusun Krajan RT 01 RW 01 Desa Pare', 'false', 'Pare', 'Lainnya', 'Aduan pertama yang benar', 'Kronologi aduan pertama yang lengkap dengan tempat, waktu dan kejadian yang dialami pelapor.'), ('X12', '2026-06-04 09:30:00+07', 'Sari Dewi', '12345', '081234500203', '', 'Dusun Krajan RT 01 RW 01 Desa Pare', 'false', 'Pare', 'Lainnya', 'Aduan kedua dengan NIK salah', 'Kronologi aduan kedua yang lengkap dengan tempat, waktu dan kejadian yang dialami pelapor.')) AS t (ref, submitted_at, reporter_name, reporter_nik, reporter_phone, reporter_email, reporter_address, confidential, kecamatan, category, title, chronology)) TO 'results/bad_sample/sample_complaints.csv' WITH (FORMAT csv, HEADER true)
\copy (SELECT * FROM (VALUES ('X11', '2026-06-04 10:00:00+07', 'admin_pemkab', '', 'dispose_to_kominfo', '', '')) AS t (ref, at, actor_role, opd_code, action, target_opd, note)) TO 'results/bad_sample/sample_events.csv' WITH (FORMAT csv, HEADER true)
\setenv MASBUP_TEST_DB :DBNAME
\! psql -X -q -d "$MASBUP_TEST_DB" -v VERBOSITY=default -v SHOW_CONTEXT=never -v sample_dir=results/bad_sample -f frontend/psql/load_sample.sql > results/bad_sample/log 2>&1; echo "exit status $?"; sed 's/^psql:[^ ]* //' results/bad_sample/log
\copy (SELECT * FROM (VALUES ('X21', '2026-06-05 09:00:00+07', 'Sari Dewi', '3506104512900003', '081234500203', '', 'Dusun Krajan RT 01 RW 01 Desa Pare', 'false', 'Pare', 'Lainnya', 'Aduan dengan urutan kejadian salah', 'Kronologi aduan yang lengkap dengan tempat, waktu dan kejadian yang dialami oleh pelapor.')) AS t (ref, submitted_at, reporter_name, reporter_nik, reporter_phone, reporter_email, reporter_address, confidential, kecamatan, category, title, chronology)) TO 'results/bad_events/sample_complaints.csv' WITH (FORMAT csv, HEADER true)
\copy (SELECT * FROM (VALUES ('X21', '2026-06-05 10:00:00+07', 'admin_opd', 'DPUPR', 'accept', '', ''), ('X22', '2026-06-05 11:00:00+07', 'admin_pemkab', '', 'dispose_to_kominfo', '', '')) AS t (ref, at, actor_role, opd_code, action, target_opd, note)) TO 'results/bad_events/sample_events.csv' WITH (FORMAT csv, HEADER true)
\! psql -X -q -d "$MASBUP_TEST_DB" -v VERBOSITY=default -v SHOW_CONTEXT=never -v sample_dir=results/bad_events -f frontend/psql/load_sample.sql > results/bad_events/log 2>&1; echo "exit status $?"; sed 's/^psql:[^ ]* //' results/bad_events/log
\! psql -X -q -d "$MASBUP_TEST_DB" -v VERBOSITY=default -v SHOW_CONTEXT=never -v sample_dir=results/no_such_folder -f frontend/psql/load_sample.sql > results/missing.log 2>&1; echo "exit status $?"; sed 's/^psql:[^ ]* //' results/missing.log
SELECT count(*) AS complaints, (SELECT count(*) FROM masbup.complaint_event) AS events,
	(SELECT count(*) FROM masbup.staff) AS staff
FROM masbup.complaint;
