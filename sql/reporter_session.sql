-- Reporter tracking sessions (version 1.2): the access code is checked once
-- at login, and the track page then reads the timeline with a session token.
-- The notifications on masbup_reporter_view are checked by the isolation
-- spec reporter_view_notify, which names the sending session instead of its
-- process ID.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS hallo_masbup CASCADE;
CREATE EXTENSION hallo_masbup CASCADE;
DROP ROLE IF EXISTS masbup_rs_web, masbup_rs_outsider;
RESET client_min_messages;
SET TimeZone = 'Asia/Jakarta';
SET DateStyle = 'ISO, YMD';
\pset format unaligned
\set SHOW_CONTEXT never

-- Run a statement and return 'ok' or its SQLSTATE and message. The year in
-- a tracking number is the year of submission, so it is masked.
CREATE FUNCTION pg_temp.try(statement text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE statement;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || regexp_replace(SQLERRM, 'MB-[0-9]{4}-', 'MB-YYYY-', 'g');
END
$$;

CREATE FUNCTION pg_temp.new_complaint(reporter text, OUT tracking_no text, OUT access_code text)
LANGUAGE sql AS $$
	SELECT s.tracking_no, s.access_code
	FROM masbup.submit_complaint(reporter, '3506155708870002', '081234500101',
		'Dusun Krajan RT 02 RW 01 Desa Sumberagung', 'Plosoklaten', 'Infrastruktur jalan',
		'Jalan kabupaten berlubang di Desa Sumberagung',
		'Sejak akhir Desember 2025 jalan penghubung desa berlubang sedalam 20 cm di dekat jembatan.') AS s
$$;

INSERT INTO masbup.staff (username, full_name, role, opd_id) VALUES
	('pemkab', 'Admin Pemkab', 'admin_pemkab', NULL),
	('kominfo', 'Admin Diskominfo', 'admin_kominfo', NULL),
	('dpupr', 'Admin DPUPR', 'admin_opd', (SELECT opd_id FROM masbup.opd WHERE code = 'DPUPR'));

-- The setting and the table.
SELECT name, value, description, origin FROM masbup.setting WHERE name = 'reporter_session_minutes';
SELECT obj_description('masbup.reporter_session'::regclass, 'pg_class') AS comment;
SELECT relrowsecurity AS row_security, 'masbup.reporter_session'::regclass = ANY (e.extconfig) AS dumped
FROM pg_class c, pg_extension e WHERE c.oid = 'masbup.reporter_session'::regclass AND e.extname = 'hallo_masbup';

-- Complaint 1 goes to DPUPR, comes back with an internal note, and DPUPR
-- reports its result. Complaint 2 waits at Diskominfo. Complaint 3 is for
-- the lock-out.
SELECT tracking_no AS tracking1, access_code AS code1 FROM pg_temp.new_complaint('Sri Wahyuningsih') \gset
SELECT tracking_no AS tracking2, access_code AS code2 FROM pg_temp.new_complaint('Agus Prasetyo') \gset
SELECT tracking_no AS tracking3, access_code AS code3 FROM pg_temp.new_complaint('Dewi Lestari') \gset
SELECT count(*) AS events FROM (VALUES
	('pemkab', 'dispose_to_kominfo', NULL, NULL),
	('kominfo', 'forward_to_opd', NULL, 'DPUPR'),
	('dpupr', 'return_to_kominfo', 'Bukan kewenangan DPUPR.', NULL),
	('kominfo', 'forward_to_opd', NULL, 'DPUPR'),
	('dpupr', 'accept', NULL, NULL),
	('dpupr', 'report_follow_up', 'Lubang telah ditambal.', NULL)) AS v (actor, action, note, target),
	LATERAL masbup.perform(1, v.action, v.note, v.target, as_staff => v.actor);
SELECT state FROM masbup.perform(2, 'dispose_to_kominfo', as_staff => 'pemkab');

-- Login: a 64-digit token, valid for reporter_session_minutes from now.
SELECT status, session_token ~ '^[0-9a-f]{64}$' AS token_ok,
	expires_at = now() + interval '30 minutes' AS expires_in_30_minutes, locked_until
FROM masbup.reporter_login(:'tracking1', :'code1');
-- The tracking number and access code are trimmed and compared case-insensitively.
SELECT session_token AS token1 FROM masbup.reporter_login(' ' || lower(:'tracking1'), lower(:'code1') || ' ') \gset
-- Only the SHA-256 of each token is stored.
SELECT count(*) AS sessions, bool_and(octet_length(token_hash) = 32) AS sha256_only,
	count(*) FILTER (WHERE token_hash = sha256(convert_to(:'token1', 'UTF8'))) AS token1_hashed,
	count(*) FILTER (WHERE position(convert_to(:'token1', 'UTF8') IN token_hash) > 0) AS token1_plain
FROM masbup.reporter_session;
SELECT complaint_id, (extract(epoch FROM expires_at - created_at) / 60)::integer AS minutes, ended_at
FROM masbup.reporter_session WHERE token_hash = sha256(convert_to(:'token1', 'UTF8'));

-- Wrong codes count against the same lock-out as reporter_access, one per login.
SELECT status, session_token, expires_at, locked_until FROM masbup.reporter_login(:'tracking3', 'SALAH001');
SELECT access_failures FROM masbup.complaint WHERE complaint_id = 3;
SELECT count(*) AS invalid_logins FROM generate_series(2, 4) AS i,
	masbup.reporter_login(:'tracking3', 'SALAH00' || i) AS l WHERE l.status = 'invalid';
SELECT status, session_token IS NULL AS no_token, locked_until = now() + interval '15 minutes' AS locked_15_minutes
FROM masbup.reporter_login(:'tracking3', 'SALAH005');
SELECT status, session_token IS NULL AS no_token, locked_until > now() AS locked
FROM masbup.reporter_login(:'tracking3', :'code3');
SELECT access_failures, access_locked_until > now() AS locked,
	(SELECT count(*) FROM masbup.reporter_session s WHERE s.complaint_id = 3) AS sessions
FROM masbup.complaint WHERE complaint_id = 3;
SELECT status, session_token, expires_at, locked_until FROM masbup.reporter_login('MB-2026-999999', :'code1');
SELECT status, session_token, expires_at, locked_until FROM masbup.reporter_login(NULL, NULL);

-- The timeline through the session, before the answer: internal notes and
-- the unverified result are hidden, and both label languages are shown.
SELECT seq, action, action_label, action_label_en, state, state_label, state_label_en, opd_name, note
FROM masbup.reporter_session_timeline(:'token1');
SELECT seq, note FROM masbup.complaint_event WHERE complaint_id = 1 AND note IS NOT NULL ORDER BY seq;
SELECT complaint_id, tracking_no = :'tracking1' AS tracking_no_ok, event_count,
	expires_at = (SELECT s.expires_at FROM masbup.reporter_session s
		WHERE s.token_hash = sha256(convert_to(:'token1', 'UTF8'))) AS session_expiry,
	count(*) AS events
FROM masbup.reporter_session_timeline(:'token1') GROUP BY 1, 2, 3, 4;
-- The same events and notes as reporter_timeline, which checks the access code.
SELECT count(*) AS events,
	count(*) FILTER (WHERE (t.seq, t.at, t.action, t.action_label, t.state, t.state_label, t.opd_name, t.note)
		IS NOT DISTINCT FROM (s.seq, s.at, s.action, s.action_label, s.state, s.state_label, s.opd_name, s.note)) AS equal
FROM masbup.reporter_timeline(:'tracking1', :'code1') AS t
FULL JOIN masbup.reporter_session_timeline(:'token1') AS s ON s.seq = t.seq;

-- The regency admin forwards the answer: the same session shows the new
-- events and now the agency's result.
SELECT count(*) AS events FROM (VALUES ('kominfo', 'confirm_follow_up'), ('pemkab', 'forward_to_reporter')) AS v (actor, action),
	LATERAL masbup.perform(1, v.action, as_staff => v.actor);
SELECT event_count, seq, action, state, state_label_en, note FROM masbup.reporter_session_timeline(:'token1') WHERE seq >= 7;
SELECT count(*) AS events,
	count(*) FILTER (WHERE (t.seq, t.at, t.action, t.action_label, t.state, t.state_label, t.opd_name, t.note)
		IS NOT DISTINCT FROM (s.seq, s.at, s.action, s.action_label, s.state, s.state_label, s.opd_name, s.note)) AS equal
FROM masbup.reporter_timeline(:'tracking1', :'code1') AS t
FULL JOIN masbup.reporter_session_timeline(:'token1') AS s ON s.seq = t.seq;
-- A lock of the reporter access ends no open session, as with staff logins.
UPDATE masbup.complaint SET access_locked_until = now() + interval '15 minutes' WHERE complaint_id = 1;
SELECT count(*) AS events_while_locked FROM masbup.reporter_session_timeline(:'token1');
UPDATE masbup.complaint SET access_locked_until = NULL WHERE complaint_id = 1;

-- Forged, missing, ended and expired tokens raise MB015.
SELECT * FROM masbup.reporter_session_timeline('0000000000000000000000000000000000000000000000000000000000000000');
SELECT * FROM masbup.reporter_session_timeline(NULL);
SELECT pg_temp.try($$SELECT * FROM masbup.reporter_session_timeline('')$$) AS empty_token;
SELECT pg_temp.try(format('SELECT * FROM masbup.reporter_session_timeline(%L)', upper(:'token1'))) AS upper_case_token;
SELECT pg_temp.try(format('SELECT * FROM masbup.reporter_session_timeline(%L)', :'token1' || ' ')) AS token_with_space;
SELECT session_token AS token2 FROM masbup.reporter_login(:'tracking2', :'code2') \gset
SELECT masbup.reporter_logout(:'token2') AS logged_out, masbup.reporter_logout(:'token2') AS again;
SELECT ended_at IS NOT NULL AS ended FROM masbup.reporter_session WHERE token_hash = sha256(convert_to(:'token2', 'UTF8'));
SELECT pg_temp.try(format('SELECT * FROM masbup.reporter_session_timeline(%L)', :'token2')) AS after_logout;
SELECT pg_temp.try(format('SELECT * FROM masbup.reporter_acknowledge(%L)', :'token2')) AS acknowledge_after_logout;
SELECT session_token AS expired_token FROM masbup.reporter_login(:'tracking2', :'code2') \gset
UPDATE masbup.reporter_session SET expires_at = now() - interval '1 second'
WHERE token_hash = sha256(convert_to(:'expired_token', 'UTF8'));
SELECT pg_temp.try(format('SELECT * FROM masbup.reporter_session_timeline(%L)', :'expired_token')) AS expired;
SELECT masbup.reporter_logout(:'expired_token') AS logout_expired;
-- A session whose expires_at is the current time has expired.
BEGIN;
UPDATE masbup.reporter_session SET expires_at = now() WHERE token_hash = sha256(convert_to(:'token1', 'UTF8'));
SELECT pg_temp.try(format('SELECT * FROM masbup.reporter_session_timeline(%L)', :'token1')) AS expires_now;
ROLLBACK;
SELECT pg_temp.try($$SELECT * FROM masbup.reporter_acknowledge(NULL)$$) AS acknowledge_without_token;
SELECT masbup.reporter_logout(NULL) AS logout_without_token,
	masbup.reporter_logout('0000000000000000000000000000000000000000000000000000000000000000') AS logout_forged;

-- Acknowledging through the session: only an answered complaint, once.
SELECT session_token AS token2 FROM masbup.reporter_login(:'tracking2', :'code2') \gset
SELECT pg_temp.try(format('SELECT * FROM masbup.reporter_acknowledge(%L)', :'token2')) AS acknowledge_at_kominfo;
SELECT state, event_count FROM masbup.complaint WHERE complaint_id = 2;
SELECT state, event_seq FROM masbup.reporter_acknowledge(:'token1', 'Terima kasih, jalan sudah rata.');
SELECT seq, action, state, state_label, note FROM masbup.reporter_session_timeline(:'token1') WHERE seq = 10;
SELECT actor_role, staff_id, note FROM masbup.complaint_event WHERE complaint_id = 1 AND seq = 10;
SELECT pg_temp.try(format('SELECT * FROM masbup.reporter_acknowledge(%L)', :'token1')) AS acknowledge_again;
SELECT masbup.reporter_logout(:'token1') AS logged_out;

-- A login deletes the ended and expired sessions of its complaint, and
-- only those.
SELECT session_token AS ended_token FROM masbup.reporter_login(:'tracking2', :'code2') \gset
SELECT session_token AS expired_token FROM masbup.reporter_login(:'tracking2', :'code2') \gset
SELECT masbup.reporter_logout(:'ended_token') AS logged_out;
UPDATE masbup.reporter_session SET expires_at = now() - interval '1 minute'
WHERE token_hash = sha256(convert_to(:'expired_token', 'UTF8'));
SELECT complaint_id,
	count(*) FILTER (WHERE ended_at IS NOT NULL) AS ended,
	count(*) FILTER (WHERE ended_at IS NULL AND expires_at <= now()) AS expired,
	count(*) FILTER (WHERE ended_at IS NULL AND expires_at > now()) AS open
FROM masbup.reporter_session GROUP BY complaint_id ORDER BY complaint_id;
SELECT status FROM masbup.reporter_login(:'tracking2', :'code2');
SELECT complaint_id,
	count(*) FILTER (WHERE ended_at IS NOT NULL) AS ended,
	count(*) FILTER (WHERE ended_at IS NULL AND expires_at <= now()) AS expired,
	count(*) FILTER (WHERE ended_at IS NULL AND expires_at > now()) AS open
FROM masbup.reporter_session GROUP BY complaint_id ORDER BY complaint_id;

-- The setting applies from the next login. A broken one fails before the
-- access code is checked, so nothing is counted.
UPDATE masbup.setting SET value = '5' WHERE name = 'reporter_session_minutes';
SELECT status, expires_at = now() + interval '5 minutes' AS expires_in_5_minutes FROM masbup.reporter_login(:'tracking2', :'code2');
UPDATE masbup.setting SET value = 'lima' WHERE name = 'reporter_session_minutes';
SELECT pg_temp.try(format('SELECT masbup.reporter_login(%L, %L)', :'tracking2', 'SALAH001')) AS invalid_setting;
SELECT access_failures FROM masbup.complaint WHERE complaint_id = 2;
UPDATE masbup.setting SET value = '30' WHERE name = 'reporter_session_minutes';

-- The web role executes the four functions but reads no session. Other
-- roles execute none of the new functions.
CREATE ROLE masbup_rs_web;
GRANT masbup_web TO masbup_rs_web;
CREATE ROLE masbup_rs_outsider;
SELECT p.proname, has_function_privilege('masbup_rs_web', p.oid, 'EXECUTE') AS web,
	has_function_privilege('masbup_rs_outsider', p.oid, 'EXECUTE') AS others
FROM pg_proc p
WHERE p.pronamespace = 'masbup'::regnamespace
	AND p.proname IN ('reporter_login', 'reporter_session_timeline', 'reporter_acknowledge', 'reporter_logout',
		'reporter_events', 'find_reporter_session', 'notify_reporter_view_row', 'notify_reporter_view_all')
ORDER BY p.proname;
SET ROLE masbup_rs_web;
SELECT session_token AS web_token FROM masbup.reporter_login(:'tracking2', :'code2') \gset
SELECT count(*) AS events, max(event_count) AS event_count FROM masbup.reporter_session_timeline(:'web_token');
SELECT pg_temp.try(format('SELECT * FROM masbup.reporter_acknowledge(%L)', :'web_token')) AS web_acknowledge;
SELECT masbup.reporter_logout(:'web_token') AS web_logout;
SELECT count(*) FROM masbup.reporter_session;
SELECT pg_temp.try('SELECT * FROM masbup.reporter_events(1)') AS web_reporter_events;
RESET ROLE;
SET ROLE masbup_rs_outsider;
SELECT pg_temp.try(format('SELECT masbup.reporter_login(%L, %L)', :'tracking2', :'code2')) AS outsider_login;
RESET ROLE;

DROP ROLE masbup_rs_web, masbup_rs_outsider;
