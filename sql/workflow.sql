-- Workflow: the transition table, submission checks, perform(),
-- allowed_actions(), acknowledge() and track().
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS hallo_masbup CASCADE;
CREATE EXTENSION hallo_masbup CASCADE;
RESET client_min_messages;
SET TimeZone = 'Asia/Jakarta';
SET DateStyle = 'ISO, YMD';
\pset format unaligned
\set SHOW_CONTEXT never

-- Run a statement and return 'ok' or its SQLSTATE and message.
CREATE FUNCTION pg_temp.try(statement text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE statement;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

-- The procedure, one row per action: the standard operating procedure and
-- the system's automatic close of answers nobody acknowledges.
SELECT action, actor_role, from_states, to_state, requires_note, requires_opd
FROM masbup.transition ORDER BY action;
SELECT state, label_id, is_final, is_answered FROM masbup.state ORDER BY sort_order;
SELECT count(*) AS agencies, count(*) FILTER (WHERE kind = 'kecamatan') AS kecamatan FROM masbup.opd;

-- Staff, each mapped to a database user.
SET client_min_messages = warning;
DROP ROLE IF EXISTS masbup_t_pemkab, masbup_t_kominfo, masbup_t_dpupr, masbup_t_dishub, masbup_t_nobody;
RESET client_min_messages;
CREATE ROLE masbup_t_pemkab;
CREATE ROLE masbup_t_kominfo;
CREATE ROLE masbup_t_dpupr;
CREATE ROLE masbup_t_dishub;
CREATE ROLE masbup_t_nobody;
GRANT masbup_staff TO masbup_t_pemkab, masbup_t_kominfo, masbup_t_dpupr, masbup_t_dishub, masbup_t_nobody;
INSERT INTO masbup.staff (username, full_name, role, opd_id, db_user) VALUES
	('pemkab', 'Admin Pemkab', 'admin_pemkab', NULL, 'masbup_t_pemkab'),
	('kominfo', 'Admin Diskominfo', 'admin_kominfo', NULL, 'masbup_t_kominfo'),
	('dpupr', 'Admin DPUPR', 'admin_opd', (SELECT opd_id FROM masbup.opd WHERE code = 'DPUPR'), 'masbup_t_dpupr'),
	('dishub', 'Admin Dishub', 'admin_opd', (SELECT opd_id FROM masbup.opd WHERE code = 'DISHUB'), 'masbup_t_dishub');

-- A valid submission at an explicit time (the superuser may import).
SELECT complaint_id, tracking_no, access_code
FROM masbup.submit_complaint(
	reporter_name => 'Sri Wahyuningsih', reporter_nik => '3506155708870002',
	reporter_phone => '+62 812-3450-0101',
	reporter_address => 'Dusun Krajan RT 02 RW 01 Desa Sumberagung',
	kecamatan => 'Plosoklaten', category => 'Infrastruktur jalan',
	title => 'Jalan kabupaten berlubang di Desa Sumberagung',
	chronology => 'Sejak akhir Desember 2025 jalan penghubung desa berlubang sedalam 20 cm di dekat jembatan.',
	submitted_at => '2026-01-05 09:12+07') \gset first_
SELECT :first_complaint_id AS complaint_id, :'first_tracking_no' AS tracking_no,
	:'first_access_code' ~ '^[A-HJ-NP-Z2-9]{8}$' AS code_ok;
SELECT access_code AS code1 FROM masbup.submit_complaint(
	reporter_name => 'Agus Prasetyo', reporter_nik => '3506201203790004',
	reporter_phone => '081234500102', reporter_address => 'Jl. Kawi No. 14 Pare',
	kecamatan => 'Pare', category => 'Penerangan jalan umum',
	title => 'Lampu penerangan jalan mati di ruas Pare',
	chronology => 'Lima titik lampu penerangan jalan umum di ruas Pare menuju Kandangan mati sejak 10 Januari 2026.',
	submission_token => 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
	submitted_at => '2026-01-15 15:10+07') \gset
SELECT tracking_no, state, reporter_phone, submitted_at, target_at, due_at, event_count, last_action, last_actor_role
FROM masbup.complaint ORDER BY complaint_id;

-- The same submission token again returns the existing complaint, without an access code.
SELECT complaint_id, tracking_no, access_code IS NULL AS no_code FROM masbup.submit_complaint(
	reporter_name => 'Agus Prasetyo', reporter_nik => '3506201203790004',
	reporter_phone => '081234500102', reporter_address => 'Jl. Kawi No. 14 Pare',
	kecamatan => 'Pare', category => 'Penerangan jalan umum',
	title => 'Lampu penerangan jalan mati di ruas Pare',
	chronology => 'Lima titik lampu penerangan jalan umum di ruas Pare menuju Kandangan mati sejak 10 Januari 2026.',
	submission_token => 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
SELECT count(*) AS complaints FROM masbup.complaint;

-- Identity and chronology checks: each case changes one field of a valid submission.
CREATE FUNCTION pg_temp.submit(name text DEFAULT 'Dewi Lestari', nik text DEFAULT '3506086408950001',
	phone text DEFAULT '081234500103', address text DEFAULT 'Dusun Tegalrejo RT 01 RW 03 Desa Bangsongan',
	email text DEFAULT NULL, title text DEFAULT 'KTP-el belum terbit setelah tiga bulan',
	chronology text DEFAULT 'Saya merekam data KTP-el di kantor kecamatan pada 10 November 2025 dan belum terbit.',
	kecamatan text DEFAULT 'Kayen Kidul')
RETURNS text LANGUAGE sql AS $$
	SELECT pg_temp.try(format('SELECT masbup.submit_complaint(%L, %L, %L, %L, %L, %L, %L, %L, %L)',
		name, nik, phone, address, kecamatan, 'Administrasi kependudukan', title, chronology, email))
$$;
SELECT pg_temp.submit(nik => '350608640895000') AS nik_15_digits;
SELECT pg_temp.submit(nik => '35060864089500011') AS nik_17_digits;
SELECT pg_temp.submit(nik => '3506O86408950001') AS nik_letter_o;
SELECT pg_temp.submit(nik => '0006086408950001') AS nik_province_00;
SELECT pg_temp.submit(nik => '3506081308950001') AS nik_month_08_ok;
SELECT pg_temp.submit(nik => '3506086413950001') AS nik_month_13;
SELECT pg_temp.submit(nik => '3506087208950001') AS nik_day_72;
SELECT pg_temp.submit(name => '') AS name_empty;
SELECT pg_temp.submit(name => 'A1') AS name_digit;
SELECT pg_temp.submit(phone => 'abc') AS phone_letters;
SELECT pg_temp.submit(phone => '0812') AS phone_short;
SELECT pg_temp.submit(phone => '(0354) 689-901') AS phone_landline_ok;
SELECT pg_temp.submit(address => 'Kediri') AS address_short;
SELECT pg_temp.submit(email => 'bukan-email') AS email_invalid;
SELECT pg_temp.submit(email => 'dewi@example.org') AS email_ok;
SELECT pg_temp.submit(title => 'KTP') AS title_short;
SELECT pg_temp.submit(chronology => 'KTP belum jadi.') AS chronology_short;
SELECT pg_temp.submit(chronology => repeat('panjang ', 8)) AS chronology_few_words;
SELECT pg_temp.submit(kecamatan => ' ') AS kecamatan_blank;
SELECT masbup.submit_complaint('Dewi Lestari', '123', '081234500103', 'Dusun Tegalrejo RT 01', 'Kayen Kidul',
	'Administrasi kependudukan', 'KTP-el belum terbit setelah tiga bulan',
	'Saya merekam data KTP-el di kantor kecamatan pada 10 November 2025 dan belum terbit.');
SELECT count(*) AS complaints FROM masbup.complaint;

-- Only the import role may set the submission time.
SET ROLE masbup_t_pemkab;
SELECT pg_temp.try($$SELECT masbup.submit_complaint('Dewi Lestari', '3506086408950001', '081234500103',
	'Dusun Tegalrejo RT 01 RW 03', 'Kayen Kidul', 'Administrasi kependudukan',
	'KTP-el belum terbit setelah tiga bulan',
	'Saya merekam data KTP-el di kantor kecamatan pada 10 November 2025 dan belum terbit.',
	submitted_at => '2026-01-01 10:00+07')$$) AS explicit_time;
RESET ROLE;

-- perform(): the one door. Complaint 1 walks the whole procedure.
SET ROLE masbup_t_pemkab;
SELECT * FROM masbup.perform(1, 'dispose_to_kominfo');
SELECT pg_temp.try($$SELECT masbup.perform(1, 'dispose_to_kominfo')$$) AS again;
SELECT masbup.perform(1, 'dispose_to_kominfo');
SELECT pg_temp.try($$SELECT masbup.perform(1, 'accept')$$) AS accept_at_kominfo;
SELECT pg_temp.try($$SELECT masbup.perform(1, 'teleport')$$) AS unknown_action;
SELECT pg_temp.try($$SELECT masbup.perform(999, 'accept')$$) AS no_such_complaint;
SELECT pg_temp.try($$SELECT masbup.perform(1, 'forward_to_opd', target_opd => 'DPUPR', at => '2026-01-05 10:00+07')$$) AS explicit_time;
SELECT pg_temp.try($$SELECT masbup.perform(1, 'forward_to_opd', target_opd => 'DPUPR', as_staff => 'kominfo')$$) AS as_other_staff;
RESET ROLE;

-- An agency admin does not see a complaint that was never sent to the agency.
SET ROLE masbup_t_dpupr;
SELECT pg_temp.try($$SELECT masbup.perform(1, 'forward_to_opd', target_opd => 'DPUPR')$$) AS not_sent_here;
RESET ROLE;
SET ROLE masbup_t_kominfo;
SELECT pg_temp.try($$SELECT masbup.perform(2, 'dispose_to_kominfo')$$) AS wrong_role;
SELECT masbup.perform(2, 'dispose_to_kominfo');
RESET ROLE;

SET ROLE masbup_t_kominfo;
SELECT pg_temp.try($$SELECT masbup.perform(1, 'forward_to_opd')$$) AS no_target;
SELECT pg_temp.try($$SELECT masbup.perform(1, 'forward_to_opd', target_opd => 'NOPE')$$) AS unknown_target;
SELECT pg_temp.try($$SELECT masbup.perform(1, 'return_to_pemkab')$$) AS no_reason;
SELECT pg_temp.try($$SELECT masbup.perform(1, 'return_to_pemkab', target_opd => 'DPUPR', note => 'x')$$) AS target_not_taken;
SELECT * FROM masbup.perform(1, 'forward_to_opd', target_opd => 'dpupr', note => 'Jalan kabupaten menjadi kewenangan Dinas PUPR.');
RESET ROLE;

SET ROLE masbup_t_dishub;
SELECT pg_temp.try($$SELECT masbup.perform(1, 'accept')$$) AS other_agency;
RESET ROLE;

SET ROLE masbup_t_nobody;
SELECT pg_temp.try($$SELECT masbup.perform(1, 'accept')$$) AS unmapped_user;
RESET ROLE;

SET ROLE masbup_t_dpupr;
SELECT * FROM masbup.perform(1, 'accept');
SELECT action, actor_role, to_state, requires_note, requires_opd FROM masbup.allowed_actions(1);
SELECT pg_temp.try($$SELECT masbup.perform(1, 'report_follow_up', note => '   ')$$) AS blank_result;
SELECT * FROM masbup.perform(1, 'report_follow_up', note => 'Lubang telah ditambal oleh UPT jalan.');
RESET ROLE;

SELECT action FROM masbup.allowed_actions(1, 'admin_kominfo');
SELECT action FROM masbup.allowed_actions(1, 'admin_pemkab');

SET ROLE masbup_t_kominfo;
SELECT * FROM masbup.perform(1, 'confirm_follow_up');
RESET ROLE;
SET ROLE masbup_t_pemkab;
SELECT * FROM masbup.perform(1, 'return_follow_up', note => 'Jadwal perbaikan permanen belum disebut.');
RESET ROLE;
SET ROLE masbup_t_kominfo;
SELECT * FROM masbup.perform(1, 'request_rework', note => 'Mohon cantumkan jadwal perbaikan permanen.');
RESET ROLE;
SET ROLE masbup_t_dpupr;
SELECT * FROM masbup.perform(1, 'report_follow_up', note => 'Perbaikan permanen dijadwalkan Februari 2026.');
RESET ROLE;
SET ROLE masbup_t_kominfo;
SELECT * FROM masbup.perform(1, 'confirm_follow_up');
RESET ROLE;
SET ROLE masbup_t_pemkab;
SELECT * FROM masbup.perform(1, 'forward_to_reporter');
RESET ROLE;
SELECT state, answered_at IS NOT NULL AS answered, closed_at IS NULL AS not_closed FROM masbup.complaint WHERE complaint_id = 1;

-- The reporter acts through tracking number and access code.
SELECT access_code_hash <> :'first_access_code' AS hashed,
	access_code_hash = crypt(:'first_access_code', access_code_hash) AS matches
FROM masbup.complaint WHERE complaint_id = 1;
SELECT status, state, event_seq, locked_until FROM masbup.acknowledge('MB-2026-000001', 'WRONG123') AS wrong_code;
SELECT count(*) AS unknown_number_rows FROM masbup.track('MB-2026-000009', 'WRONG123');
SELECT status, complaint_id, locked_until FROM masbup.reporter_access('MB-2026-000009', 'WRONG123');
SELECT pg_temp.try(format('SELECT masbup.acknowledge(%L, %L)', 'MB-2026-000002', :'code1')) AS not_answered_yet;
SELECT seq, action, action_label, state, state_label, opd_name, note FROM masbup.track('MB-2026-000002', :'code1');
SELECT state, closed_at IS NULL AS open FROM masbup.complaint WHERE complaint_id = 2;
SELECT * FROM masbup.acknowledge(lower(:'first_tracking_no'), lower(:'first_access_code'), 'Terima kasih.');
SELECT state, closed_at = last_event_at AS closed_now FROM masbup.complaint WHERE complaint_id = 1;

-- Complaint 1 ends: its whole history is in the audit log.
SELECT e.seq, e.action, e.from_state, e.to_state, e.actor_role, s.username, o.code AS opd, e.note
FROM masbup.complaint_event e
LEFT JOIN masbup.staff s ON s.staff_id = e.staff_id
LEFT JOIN masbup.opd o ON o.opd_id = e.opd_id
WHERE e.complaint_id = 1 ORDER BY e.seq;
SET ROLE masbup_t_pemkab;
SELECT pg_temp.try($$SELECT masbup.perform(1, 'dispose_to_kominfo')$$) AS after_answer;
RESET ROLE;

DROP OWNED BY masbup_t_pemkab, masbup_t_kominfo, masbup_t_dpupr, masbup_t_dishub, masbup_t_nobody;
DROP ROLE masbup_t_pemkab, masbup_t_kominfo, masbup_t_dpupr, masbup_t_dishub, masbup_t_nobody;
