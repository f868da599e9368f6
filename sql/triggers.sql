-- Triggers on masbup.complaint: deadlines stamped on insert, every state
-- change checked against the transition table (hand-written UPDATEs too),
-- protected columns, event times, and settings read afresh after a change.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS hallo_masbup CASCADE;
CREATE EXTENSION hallo_masbup CASCADE;
RESET client_min_messages;
SET TimeZone = 'Asia/Jakarta';
SET DateStyle = 'ISO, YMD';
\pset format unaligned
\set SHOW_CONTEXT never

-- Run a statement and return 'ok' or its SQLSTATE.
CREATE FUNCTION pg_temp.sqlstate_of(statement text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE statement;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END
$$;

-- Insert a complaint received at t, bypassing submit_complaint() as a DBA would.
CREATE FUNCTION pg_temp.receive(t timestamptz, ref text) RETURNS bigint LANGUAGE sql AS $$
	INSERT INTO masbup.complaint (tracking_no, access_code_hash, external_ref,
		reporter_name, reporter_nik, reporter_phone, reporter_address,
		kecamatan, category, title, chronology, submitted_at, state)
	VALUES ('T-' || ref, 'x', ref, 'Uji Coba', '3506155708870002', '081234500101',
		'Dusun Krajan RT 02 RW 01', 'Pare', 'Lainnya', 'Aduan untuk pengujian',
		'Kronologi untuk pengujian pemicu pada tabel aduan.', t, 'closed')
	RETURNING complaint_id
$$;

-- Deadlines: 2 (target) and 5 (due) working days after the receipt day.
SELECT pg_temp.receive('2026-08-14 11:30+07', 'friday_after_close') IS NOT NULL AS inserted;
SELECT pg_temp.receive('2026-02-14 20:30+07', 'saturday') IS NOT NULL AS inserted;
SELECT pg_temp.receive('2026-03-20 09:00+07', 'idulfitri_leave') IS NOT NULL AS inserted;
SELECT pg_temp.receive('2026-04-02 12:30+07', 'lunch_break') IS NOT NULL AS inserted;
SELECT pg_temp.receive('2026-11-26 15:44+07', 'at_15_44') IS NOT NULL AS inserted;
SELECT pg_temp.receive('2026-11-26 15:45+07', 'at_15_45') IS NOT NULL AS inserted;
SELECT pg_temp.receive('2026-06-15 07:45+07', 'before_opening') IS NOT NULL AS inserted;
SELECT pg_temp.receive('2025-12-23 14:00+07', 'new_year') IS NOT NULL AS inserted;
SELECT external_ref, state, submitted_at, target_at, due_at, event_count, last_action
FROM masbup.complaint ORDER BY complaint_id;

-- A changed setting reaches the next insert in the same session.
UPDATE masbup.setting SET value = '3' WHERE name = 'target_working_days';
SELECT pg_temp.receive('2026-01-05 09:12+07', 'three_days') AS three_days_id \gset
SELECT target_at FROM masbup.complaint WHERE complaint_id = :three_days_id;
UPDATE masbup.setting SET value = 'lima' WHERE name = 'due_working_days';
SELECT pg_temp.receive('2026-01-05 09:12+07', 'bad_setting');
UPDATE masbup.setting SET value = '5' WHERE name = 'due_working_days';
UPDATE masbup.setting SET value = '2' WHERE name = 'target_working_days';

-- Hand-written UPDATEs of state: allowed when exactly one action leads there.
UPDATE masbup.complaint SET state = 'at_kominfo' WHERE external_ref = 'saturday';
UPDATE masbup.complaint SET state = 'closed' WHERE external_ref = 'saturday';
UPDATE masbup.complaint SET state = 'returned_to_pemkab' WHERE external_ref = 'saturday';
UPDATE masbup.complaint SET state = 'returned_to_pemkab', last_note = 'Bukan kewenangan Diskominfo.' WHERE external_ref = 'saturday';
UPDATE masbup.complaint SET state = 'at_kominfo' WHERE external_ref = 'saturday';
UPDATE masbup.complaint SET state = 'at_opd' WHERE external_ref = 'saturday';
UPDATE masbup.complaint SET state = 'at_opd', opd_id = (SELECT opd_id FROM masbup.opd WHERE code = 'DISPENDUKCAPIL') WHERE external_ref = 'saturday';
UPDATE masbup.complaint SET state = 'in_follow_up', opd_id = (SELECT opd_id FROM masbup.opd WHERE code = 'DLH') WHERE external_ref = 'saturday';
UPDATE masbup.complaint SET state = 'bogus' WHERE external_ref = 'saturday';
SELECT e.seq, e.action, e.from_state, e.to_state, e.actor_role, e.staff_id, o.code AS opd, e.note,
	e.at > now() - interval '10 minutes' AS recent, e.recorded_by = current_user AS by_me
FROM masbup.complaint_event e JOIN masbup.complaint c USING (complaint_id)
LEFT JOIN masbup.opd o ON o.opd_id = e.opd_id
WHERE c.external_ref = 'saturday' ORDER BY e.seq;

-- An UPDATE in the style of perform(): the action must lead to the new state.
UPDATE masbup.complaint SET state = 'rejected', last_action = 'dispose_to_kominfo', last_actor_role = 'admin_pemkab', event_count = event_count + 1
WHERE external_ref = 'lunch_break';
UPDATE masbup.complaint SET state = 'at_kominfo', last_action = 'dispose_to_kominfo', last_actor_role = 'admin_opd', event_count = event_count + 1
WHERE external_ref = 'lunch_break';
UPDATE masbup.complaint SET state = 'at_kominfo', last_action = 'dispose_to_kominfo', last_actor_role = 'admin_pemkab', event_count = event_count + 2
WHERE external_ref = 'lunch_break';

-- Columns that only an event may change; descriptive columns may be corrected.
UPDATE masbup.complaint SET due_at = due_at + interval '1 day' WHERE external_ref = 'lunch_break';
UPDATE masbup.complaint SET opd_id = 1 WHERE external_ref = 'lunch_break';
UPDATE masbup.complaint SET tracking_no = 'T-other' WHERE external_ref = 'lunch_break';
UPDATE masbup.complaint SET title = 'Judul aduan yang dikoreksi' WHERE external_ref = 'lunch_break';
SELECT title, event_count FROM masbup.complaint WHERE external_ref = 'lunch_break';

-- Event times: never before the previous event, never in the future.
UPDATE masbup.complaint SET state = 'at_kominfo', last_event_at = '2026-04-01 10:00+07' WHERE external_ref = 'lunch_break';
SELECT pg_temp.sqlstate_of($$UPDATE masbup.complaint SET state = 'at_kominfo', last_event_at = now() + interval '1 hour' WHERE external_ref = 'lunch_break'$$) AS future_event;
UPDATE masbup.complaint SET state = 'at_kominfo', last_event_at = '2026-04-02 13:05+07' WHERE external_ref = 'lunch_break';
SELECT state, last_event_at, event_count FROM masbup.complaint WHERE external_ref = 'lunch_break';
SELECT pg_temp.sqlstate_of($$SELECT pg_temp.receive(now() + interval '1 day', 'future')$$) AS future_submission;

-- Answered and closed times are stamped by the transitions that reach them.
UPDATE masbup.complaint SET state = 'rejected', last_note = 'Di luar kewenangan Pemkab.' WHERE external_ref = 'new_year';
SELECT state, answered_at IS NULL AS not_answered, closed_at = last_event_at AS closed_now
FROM masbup.complaint WHERE external_ref = 'new_year';
UPDATE masbup.complaint SET state = 'submitted' WHERE external_ref = 'new_year';

-- A complaint with events cannot be deleted: the audit log refers to it.
DELETE FROM masbup.complaint WHERE external_ref = 'new_year';

-- The triggers refuse to run in the wrong place.
SELECT masbup.complaint_before_trigger();
CREATE TABLE pg_temp.other (x integer);
CREATE TRIGGER wrong AFTER INSERT ON pg_temp.other FOR EACH ROW EXECUTE FUNCTION masbup.complaint_before_trigger();
INSERT INTO pg_temp.other VALUES (1);
