-- Staff logins and sessions, roles and grants, row-level security and the
-- reporter's privacy and access-code lock-out (version 1.1).
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS hallo_masbup CASCADE;
CREATE EXTENSION hallo_masbup CASCADE;
DROP ROLE IF EXISTS masbup_s_web, masbup_s_report, masbup_s_dpupr, masbup_s_dishub, masbup_s_kominfo, masbup_s_outsider;
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

-- The same, with the SQLSTATE only, for messages that name a tracking number.
CREATE FUNCTION pg_temp.sqlstate_of(statement text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE statement;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END
$$;

-- The DBA creates the first regency admin; everything else goes through sessions.
INSERT INTO masbup.staff (username, full_name, role, password_hash)
VALUES ('pemkab.admin', 'Admin Pemkab', 'admin_pemkab', crypt('rahasia-pemkab-2026', gen_salt('bf', 4)));
SELECT status, session_token ~ '^[0-9a-f]{64}$' AS token_ok, locked_until FROM masbup.staff_login('pemkab.admin', 'rahasia-pemkab-2026');
SELECT session_token AS admin_token FROM masbup.staff_login(' PEMKAB.admin ', 'rahasia-pemkab-2026') \gset
SELECT count(*) AS sessions, count(DISTINCT token_hash) AS distinct_hashes,
	bool_and(octet_length(token_hash) = 32) AS sha256_only FROM masbup.staff_session;
SELECT masbup.session_staff(:'admin_token') = (SELECT staff_id FROM masbup.staff WHERE username = 'pemkab.admin') AS resolved;

-- The regency admin adds staff.
SELECT masbup.staff_create(:'admin_token', 'kominfo.admin', 'Admin Diskominfo', 'admin_kominfo', NULL, 'rahasia-kominfo-2026', 'masbup_s_kominfo') AS kominfo_id;
SELECT masbup.staff_create(:'admin_token', 'dpupr.admin', 'Admin DPUPR', 'admin_opd', 'dpupr', 'rahasia-dpupr-2026', 'masbup_s_dpupr') AS dpupr_id;
SELECT masbup.staff_create(:'admin_token', 'dishub.admin', 'Admin Dishub', 'admin_opd', 'DISHUB', 'rahasia-dishub-2026', 'masbup_s_dishub') AS dishub_id;
SELECT pg_temp.try(format('SELECT masbup.staff_create(%L, %L, %L, %L, NULL, %L)', :'admin_token', 'pendek', 'Pendek', 'admin_kominfo', 'abc12')) AS short_password;
SELECT pg_temp.try(format('SELECT masbup.staff_create(%L, %L, %L, %L, NULL, %L)', :'admin_token', 'budi.santoso', 'Budi', 'admin_kominfo', 'xx-budi.santoso-99')) AS password_with_username;
SELECT pg_temp.try(format('SELECT masbup.staff_create(%L, %L, %L, %L, NULL, %L)', :'admin_token', 'raja', 'Raja', 'bupati', 'rahasia-raja-2026')) AS bad_role;
SELECT pg_temp.try(format('SELECT masbup.staff_create(%L, %L, %L, %L, %L, %L)', :'admin_token', 'x.admin', 'X', 'admin_opd', 'NOPE', 'rahasia-x-2026')) AS bad_agency;
SELECT pg_temp.try(format('SELECT masbup.staff_create(%L, %L, %L, %L, %L, %L)', :'admin_token', 'y.admin', 'Y', 'admin_kominfo', 'DPUPR', 'rahasia-y-2026')) AS agency_for_kominfo;
SELECT session_token AS kominfo_token FROM masbup.staff_login('kominfo.admin', 'rahasia-kominfo-2026') \gset
SELECT session_token AS dpupr_token FROM masbup.staff_login('dpupr.admin', 'rahasia-dpupr-2026') \gset
SELECT session_token AS dishub_token FROM masbup.staff_login('dishub.admin', 'rahasia-dishub-2026') \gset
SELECT pg_temp.try(format('SELECT masbup.staff_create(%L, %L, %L, %L, NULL, %L)', :'kominfo_token', 'z.admin', 'Z', 'admin_kominfo', 'rahasia-z-2026')) AS not_regency_admin;
SELECT username, role, opd_code, is_active, locked_until, db_user FROM masbup.staff_list(:'admin_token');

-- Forged, ended and idle sessions are rejected.
SELECT pg_temp.try($$SELECT masbup.session_staff('0000000000000000000000000000000000000000000000000000000000000000')$$) AS forged;
SELECT masbup.session_staff(:'admin_token');
SELECT session_token AS short_token FROM masbup.staff_login('pemkab.admin', 'rahasia-pemkab-2026') \gset
SELECT masbup.staff_logout(:'short_token') AS logged_out, masbup.staff_logout(:'short_token') AS again;
SELECT pg_temp.try(format('SELECT masbup.session_staff(%L)', :'short_token')) AS after_logout;
SELECT session_token AS idle_token FROM masbup.staff_login('pemkab.admin', 'rahasia-pemkab-2026') \gset
UPDATE masbup.staff_session SET last_seen_at = now() - interval '31 minutes'
WHERE token_hash = sha256(convert_to(:'idle_token', 'UTF8'));
SELECT pg_temp.try(format('SELECT masbup.session_staff(%L)', :'idle_token')) AS idle_31_minutes;

-- Five wrong passwords lock the account; a reset by the regency admin unlocks it.
SELECT status FROM masbup.staff_login('kominfo.admin', 'salah-1');
SELECT status FROM masbup.staff_login('kominfo.admin', 'salah-2');
SELECT status FROM masbup.staff_login('kominfo.admin', 'salah-3');
SELECT status FROM masbup.staff_login('kominfo.admin', 'salah-4');
SELECT status, locked_until > now() + interval '14 minutes' AS locked_15_minutes FROM masbup.staff_login('kominfo.admin', 'salah-5');
SELECT status, session_token IS NULL AS no_token FROM masbup.staff_login('kominfo.admin', 'rahasia-kominfo-2026');
SELECT status FROM masbup.staff_login('tidak.ada', 'apa-saja-2026');
SELECT masbup.session_staff(:'kominfo_token') IS NOT NULL AS open_session_still_works;
SELECT masbup.staff_reset_password(:'admin_token', 'kominfo.admin', 'rahasia-baru-2026');
SELECT pg_temp.try(format('SELECT masbup.session_staff(%L)', :'kominfo_token')) AS session_after_reset;
SELECT session_token AS kominfo_token FROM masbup.staff_login('kominfo.admin', 'rahasia-baru-2026') \gset
SELECT failed_logins, locked_until FROM masbup.staff WHERE username = 'kominfo.admin';

-- A staff member changes their own password.
SELECT pg_temp.try(format('SELECT masbup.staff_change_password(%L, %L, %L)', :'dishub_token', 'keliru', 'rahasia-dishub-2027')) AS wrong_old_password;
SELECT masbup.staff_change_password(:'dishub_token', 'rahasia-dishub-2026', 'rahasia-dishub-2027');
SELECT status FROM masbup.staff_login('dishub.admin', 'rahasia-dishub-2026');
SELECT session_token AS dishub_token FROM masbup.staff_login('dishub.admin', 'rahasia-dishub-2027') \gset

-- Complaints for the privacy checks: C1 and C4 (confidential) at DPUPR, C2 at
-- DISHUB, C3 sent to DPUPR, returned and sent to DISHUB.
CREATE FUNCTION pg_temp.new_complaint(ref text, reporter text, secret boolean) RETURNS bigint LANGUAGE sql AS $$
	SELECT complaint_id FROM masbup.submit_complaint(reporter, '3506155708870002', '081234500101',
		'Dusun Krajan RT 02 RW 01 Desa Pare', 'Pare', 'Lainnya', 'Aduan untuk uji keamanan',
		'Kronologi aduan untuk uji keamanan yang cukup panjang dan jelas bagi petugas.',
		confidential => secret, external_ref => ref)
$$;
SELECT pg_temp.new_complaint('C1', 'Warga Satu', false) AS c1, pg_temp.new_complaint('C2', 'Warga Dua', false) AS c2,
	pg_temp.new_complaint('C3', 'Warga Tiga', false) AS c3, pg_temp.new_complaint('C4', 'Warga Empat', true) AS c4;
SELECT count(*) AS moved FROM (VALUES (1), (2), (3), (4)) AS v (id),
	LATERAL masbup.perform(id, 'dispose_to_kominfo', as_staff => 'pemkab.admin');
SELECT state FROM masbup.perform(1, 'forward_to_opd', target_opd => 'DPUPR', as_staff => 'kominfo.admin');
SELECT state FROM masbup.perform(2, 'forward_to_opd', target_opd => 'DISHUB', as_staff => 'kominfo.admin');
SELECT state FROM masbup.perform(3, 'forward_to_opd', target_opd => 'DPUPR', as_staff => 'kominfo.admin');
SELECT state FROM masbup.perform(3, 'return_to_kominfo', note => 'Bukan kewenangan DPUPR.', as_staff => 'dpupr.admin');
SELECT state FROM masbup.perform(3, 'forward_to_opd', target_opd => 'DISHUB', as_staff => 'kominfo.admin');
SELECT state FROM masbup.perform(4, 'forward_to_opd', target_opd => 'DPUPR', as_staff => 'kominfo.admin');

-- Web sessions: an agency admin sees complaints ever sent to the agency.
SELECT complaint_id, state FROM masbup.desk_as(:'dpupr_token');
SELECT complaint_id, state FROM masbup.desk_as(:'dishub_token');
SELECT complaint_id, state FROM masbup.desk_as(:'kominfo_token');
SELECT pg_temp.try(format('SELECT * FROM masbup.complaint_as(%L, 2)', :'dpupr_token')) AS other_agency;
SELECT state, opd_code, identity_hidden, reporter_name, reporter_nik FROM masbup.complaint_as(:'dpupr_token', 3);
SELECT confidential, identity_hidden, reporter_name, reporter_phone FROM masbup.complaint_as(:'dpupr_token', 4);
SELECT confidential, identity_hidden, reporter_name FROM masbup.complaint_as(:'kominfo_token', 4);
SELECT confidential, identity_hidden, reporter_name, reporter_nik FROM masbup.complaint_as(:'admin_token', 4);
SELECT seq, action, staff_name, opd_code, note FROM masbup.complaint_events_as(:'dpupr_token', 3);
SELECT action, requires_note FROM masbup.allowed_actions_as(:'dpupr_token', 1);
SELECT action FROM masbup.allowed_actions_as(:'dpupr_token', 3);
SELECT pg_temp.try(format('SELECT masbup.perform_as(%L, 1, %L)', :'dishub_token', 'accept')) AS not_its_complaint;
SELECT pg_temp.sqlstate_of(format('SELECT masbup.perform_as(%L, 3, %L)', :'dpupr_token', 'accept')) AS moved_on;
SELECT state, event_seq FROM masbup.perform_as(:'dpupr_token', 1, 'accept', expected_event_count => 3);
SELECT pg_temp.sqlstate_of(format('SELECT masbup.perform_as(%L, 1, %L, %L, expected_event_count => 3)', :'dpupr_token', 'report_follow_up', 'Sudah diperbaiki.')) AS stale_version;
SELECT complaint_id, state, standard FROM masbup.complaint_list_as(:'admin_token', filter_state => 'at_opd');
SELECT pg_temp.try(format('SELECT * FROM masbup.complaint_list_as(%L)', :'kominfo_token')) AS list_not_for_kominfo;

-- Staff deactivated: sessions end and logins fail.
SELECT masbup.staff_update(:'admin_token', 'dishub.admin', NULL, false);
SELECT pg_temp.try(format('SELECT masbup.session_staff(%L)', :'dishub_token')) AS deactivated_session;
SELECT status FROM masbup.staff_login('dishub.admin', 'rahasia-dishub-2027');
SELECT pg_temp.try(format('SELECT masbup.staff_update(%L, %L, NULL, false)', :'admin_token', 'pemkab.admin')) AS deactivate_self;
SELECT masbup.staff_update(:'admin_token', 'dishub.admin', NULL, true);

-- psql staff: row-level security and column privileges.
CREATE ROLE masbup_s_dpupr;
CREATE ROLE masbup_s_kominfo;
CREATE ROLE masbup_s_outsider;
SELECT masbup.grant_staff_logins() AS granted;
SET ROLE masbup_s_dpupr;
SELECT complaint_id, state FROM masbup.complaint ORDER BY complaint_id;
SELECT complaint_id, count(*) AS events FROM masbup.complaint_event GROUP BY complaint_id ORDER BY complaint_id;
SELECT reporter_name FROM masbup.complaint;
SELECT hidden, reporter_name FROM masbup.reporter_identity(1);
SELECT hidden, reporter_name, reporter_nik FROM masbup.reporter_identity(4);
SELECT count(*) AS rows_for_other_agency FROM masbup.reporter_identity(2);
SELECT complaint_id, opd_code, state FROM masbup.desk_queue WHERE role = 'admin_opd' ORDER BY complaint_id;
UPDATE masbup.complaint SET title = 'diubah' WHERE complaint_id = 1;
INSERT INTO masbup.complaint_event (complaint_id, seq, action, to_state, actor_role, at) VALUES (1, 99, 'accept', 'in_follow_up', 'admin_opd', now());
RESET ROLE;
SET ROLE masbup_s_kominfo;
SELECT count(*) AS complaints_for_kominfo FROM masbup.complaint;
RESET ROLE;
GRANT masbup_staff TO masbup_s_outsider;
SET ROLE masbup_s_outsider;
SELECT count(*) AS complaints_for_unmapped_user FROM masbup.complaint;
RESET ROLE;

-- The web role executes only its functions and reads no table.
CREATE ROLE masbup_s_web;
GRANT masbup_web TO masbup_s_web;
SET ROLE masbup_s_web;
SELECT count(*) FROM masbup.complaint;
SELECT count(*) FROM masbup.staff;
SELECT count(*) FROM masbup.complaint_status;
SELECT pg_temp.try($$SELECT masbup.perform(1, 'report_follow_up', 'x')$$) AS psql_perform;
SELECT pg_temp.try($$SELECT masbup.outbox_claim()$$) AS outbox;
SELECT status FROM masbup.staff_login('pemkab.admin', 'rahasia-pemkab-2026');
SELECT masbup.business_days_add('2026-01-05 09:12+07', 5) AS public_function;
RESET ROLE;

-- Reporting reads the status view, which contains no personal data.
CREATE ROLE masbup_s_report;
GRANT masbup_report TO masbup_s_report;
SET ROLE masbup_s_report;
SELECT count(*) AS complaints, count(*) FILTER (WHERE state = 'at_opd') AS at_opd FROM masbup.complaint_status;
SELECT count(*) FROM masbup.complaint;
RESET ROLE;

-- The reporter: five wrong access codes lock the complaint's reporter access.
SELECT tracking_no AS tracking5, access_code AS code5 FROM masbup.submit_complaint('Sari Dewi', '3506104512900003', '081234500203',
	'Dusun Krajan RT 01 RW 01 Desa Pare', 'Pare', 'Lainnya', 'Aduan untuk uji kode akses',
	'Kronologi aduan untuk uji kode akses yang cukup panjang dan jelas bagi petugas.') \gset
SELECT status, complaint_id FROM masbup.reporter_access(:'tracking5', :'code5');
SELECT status FROM masbup.reporter_access(:'tracking5', 'SALAH001');
SELECT status FROM masbup.reporter_access(:'tracking5', 'SALAH002');
SELECT status FROM masbup.reporter_access(:'tracking5', 'SALAH003');
SELECT count(*) AS rows_with_wrong_code FROM masbup.track(:'tracking5', 'SALAH004');
SELECT status, locked_until > now() + interval '14 minutes' AS locked_15_minutes FROM masbup.reporter_access(:'tracking5', 'SALAH005');
SELECT status FROM masbup.reporter_access(:'tracking5', :'code5');
SELECT count(*) AS rows_while_locked FROM masbup.track(:'tracking5', :'code5');
SELECT status, state FROM masbup.acknowledge(:'tracking5', :'code5');
UPDATE masbup.complaint SET access_locked_until = now() - interval '1 second' WHERE complaint_id = 5;
SELECT status FROM masbup.reporter_access(:'tracking5', lower(:'code5'));
SELECT access_failures, access_locked_until FROM masbup.complaint WHERE complaint_id = 5;
SELECT seq, action, state FROM masbup.track(:'tracking5', :'code5');

-- A front-end learns who a session belongs to, and which field a submission got wrong.
SELECT * FROM masbup.session_info(:'admin_token');
DO $$
DECLARE
	field text;
BEGIN
	PERFORM masbup.submit_complaint('Dewi Lestari', '123', '081234500103', 'Dusun Tegalrejo RT 01 RW 03',
		'Kayen Kidul', 'Administrasi kependudukan', 'KTP-el belum terbit setelah tiga bulan',
		'Saya merekam data KTP-el di kantor kecamatan pada 10 November 2025 dan belum terbit.');
EXCEPTION WHEN SQLSTATE 'MB010' THEN
	GET STACKED DIAGNOSTICS field = COLUMN_NAME;
	RAISE NOTICE 'rejected field: %', field;
END
$$ LANGUAGE plpgsql;

-- A missing session token is an invalid session, never a regency admin.
SELECT pg_temp.try($$SELECT * FROM masbup.staff_list(NULL)$$) AS list_without_token;
SELECT pg_temp.try($$SELECT masbup.staff_create(NULL, 'x.y', 'X', 'admin_pemkab', NULL, 'rahasia-xy-2026')$$) AS create_without_token;
SELECT pg_temp.try($$SELECT * FROM masbup.complaint_list_as(NULL)$$) AS complaints_without_token;
SELECT pg_temp.try($$SELECT * FROM masbup.desk_as(NULL)$$) AS desk_without_token;

-- After a lock ends, the count of wrong passwords starts again.
SELECT count(*) AS wrong_passwords FROM generate_series(1, 5) AS i, masbup.staff_login('dpupr.admin', 'salah-' || i) AS l WHERE l.status IN ('invalid', 'locked');
SELECT failed_logins, locked_until IS NOT NULL AS locked FROM masbup.staff WHERE username = 'dpupr.admin';
UPDATE masbup.staff SET locked_until = now() - interval '1 second' WHERE username = 'dpupr.admin';
SELECT status FROM masbup.staff_login('dpupr.admin', 'salah-6');
SELECT failed_logins, locked_until FROM masbup.staff WHERE username = 'dpupr.admin';

-- A missing or invalid setting is an error that names it.
DELETE FROM masbup.setting WHERE name = 'login_max_failures';
SELECT pg_temp.try($$SELECT masbup.staff_login('dpupr.admin', 'salah-7')$$) AS missing_setting;
INSERT INTO masbup.setting (name, value, description) VALUES ('login_max_failures', 'lima', 'wrong passwords in a row that lock a staff account');
SELECT pg_temp.try($$SELECT masbup.staff_login('dpupr.admin', 'salah-7')$$) AS invalid_setting;
UPDATE masbup.setting SET value = '5' WHERE name = 'login_max_failures';
SELECT status FROM masbup.staff_login('dpupr.admin', 'rahasia-dpupr-2026');

DROP OWNED BY masbup_s_web, masbup_s_report, masbup_s_dpupr, masbup_s_kominfo, masbup_s_outsider;
DROP ROLE masbup_s_web, masbup_s_report, masbup_s_dpupr, masbup_s_kominfo, masbup_s_outsider;
