-- Operations (version 1.1): automatic closing of answers nobody
-- acknowledges, the notification outbox and its consumer, and the check of
-- the procedure when its tables are written.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS hallo_masbup CASCADE;
CREATE EXTENSION hallo_masbup CASCADE;
RESET client_min_messages;
SET TimeZone = 'Asia/Jakarta';
SET DateStyle = 'ISO, YMD';
\pset format unaligned
\set SHOW_CONTEXT never

INSERT INTO masbup.staff (username, full_name, role, opd_id) VALUES
	('pemkab', 'Admin Pemkab', 'admin_pemkab', NULL),
	('kominfo', 'Admin Diskominfo', 'admin_kominfo', NULL),
	('dpupr', 'Admin DPUPR', 'admin_opd', (SELECT opd_id FROM masbup.opd WHERE code = 'DPUPR'));

-- Complaint 1 is answered on 7 January 2026 and never acknowledged.
SELECT complaint_id FROM masbup.submit_complaint('Sri Wahyuningsih', '3506155708870002', '081234500101',
	'Dusun Krajan RT 02 RW 01 Desa Sumberagung', 'Plosoklaten', 'Infrastruktur jalan',
	'Jalan kabupaten berlubang di Desa Sumberagung',
	'Sejak akhir Desember 2025 jalan penghubung desa berlubang sedalam 20 cm di dekat jembatan.',
	submitted_at => '2026-01-05 09:12+07');
SELECT count(*) AS events FROM (VALUES
	('2026-01-05 09:40+07', 'pemkab', 'dispose_to_kominfo', NULL, NULL),
	('2026-01-05 10:15+07', 'kominfo', 'forward_to_opd', NULL, 'DPUPR'),
	('2026-01-05 13:20+07', 'dpupr', 'accept', NULL, NULL),
	('2026-01-06 14:00+07', 'dpupr', 'report_follow_up', 'Lubang telah ditambal.', NULL),
	('2026-01-07 08:30+07', 'kominfo', 'confirm_follow_up', NULL, NULL),
	('2026-01-07 09:00+07', 'pemkab', 'forward_to_reporter', NULL, NULL)) AS v (at, actor, action, note, target),
	LATERAL masbup.perform(1, v.action, v.note, v.target, v.at::timestamptz, v.actor);
-- Complaint 2 is answered now: it is not due to close.
SELECT complaint_id FROM masbup.submit_complaint('Agus Prasetyo', '3506201203790004', '081234500102',
	'Jl. Kawi No. 14 Pare', 'Pare', 'Penerangan jalan umum', 'Lampu penerangan jalan mati di ruas Pare',
	'Lima titik lampu penerangan jalan umum di ruas Pare menuju Kandangan mati sejak 10 Januari 2026.');
SELECT count(*) AS events FROM (VALUES
	('pemkab', 'dispose_to_kominfo', NULL, NULL), ('kominfo', 'forward_to_opd', NULL, 'DPUPR'),
	('dpupr', 'accept', NULL, NULL), ('dpupr', 'report_follow_up', 'Lampu sudah diganti.', NULL),
	('kominfo', 'confirm_follow_up', NULL, NULL), ('pemkab', 'forward_to_reporter', NULL, NULL))
	AS v (actor, action, note, target),
	LATERAL masbup.perform(2, v.action, v.note, v.target, as_staff => v.actor);

SELECT masbup.business_days_add('2026-01-07 09:00+07', 10) AS closes_after;
SELECT masbup.close_unacknowledged() AS closed;
SELECT masbup.close_unacknowledged() AS closed_again;
SELECT complaint_id, state, closed_at IS NOT NULL AS closed FROM masbup.complaint ORDER BY complaint_id;
SELECT seq, action, from_state, to_state, actor_role, staff_id, note
FROM masbup.complaint_event WHERE complaint_id = 1 AND seq > 6 ORDER BY seq;

-- The outbox holds one row per recipient of each event; nothing is lost when nobody listens.
SELECT seq, recipient_role, opd_id IS NOT NULL AS for_agency FROM masbup.outbox WHERE complaint_id = 1 ORDER BY seq, recipient_role;
SELECT outbox_id, seq, recipient_role, opd_code, action, to_state FROM masbup.outbox_claim(3);
SELECT masbup.outbox_mark_delivered(ARRAY[1, 2, 3]::bigint[]) AS delivered,
	masbup.outbox_mark_delivered(ARRAY[1, 2, 3]::bigint[]) AS delivered_again;
SELECT outbox_id, seq, recipient_role FROM masbup.outbox_claim(2);
SELECT count(*) FILTER (WHERE delivered_at IS NULL) AS undelivered, count(*) AS total FROM masbup.outbox;

-- The procedure is checked when its tables are written.
DELETE FROM masbup.transition WHERE action = 'return_to_kominfo';
UPDATE masbup.transition SET from_states = '{submitted,submitted}' WHERE action = 'dispose_to_kominfo';
BEGIN;
INSERT INTO masbup.state (state, label_id, label_en, sort_order) VALUES ('on_hold', 'Ditunda', 'On hold', 13);
INSERT INTO masbup.action (action, label_id, label_en) VALUES ('hold', 'Tunda', 'Put on hold');
INSERT INTO masbup.transition (action, actor_role, from_states, to_state, requires_note) VALUES ('hold', 'admin_kominfo', '{at_kominfo}', 'on_hold', true);
COMMIT;
BEGIN;
INSERT INTO masbup.state (state, label_id, label_en, sort_order) VALUES ('on_hold', 'Ditunda', 'On hold', 13);
INSERT INTO masbup.action (action, label_id, label_en) VALUES ('hold', 'Tunda', 'Put on hold'), ('resume', 'Lanjutkan', 'Resume');
INSERT INTO masbup.transition (action, actor_role, from_states, to_state, requires_note) VALUES
	('hold', 'admin_kominfo', '{at_kominfo}', 'on_hold', true),
	('resume', 'admin_kominfo', '{on_hold}', 'at_kominfo', false);
COMMIT;
SELECT count(*) AS transitions FROM masbup.transition;
-- A new complaint can use the new actions at once.
SELECT complaint_id FROM masbup.submit_complaint('Dewi Lestari', '3506086408950001', '081234500103',
	'Dusun Tegalrejo RT 01 RW 03 Desa Bangsongan', 'Kayen Kidul', 'Administrasi kependudukan',
	'KTP-el belum terbit setelah tiga bulan',
	'Saya merekam data KTP-el di kantor kecamatan pada 10 November 2025 dan belum terbit.');
SELECT state FROM masbup.perform(3, 'dispose_to_kominfo', as_staff => 'pemkab');
SELECT action FROM masbup.allowed_actions(3, 'admin_kominfo');
SELECT state FROM masbup.perform(3, 'hold', note => 'Menunggu data dari Dispendukcapil.', as_staff => 'kominfo');
SELECT state FROM masbup.perform(3, 'resume', as_staff => 'kominfo');
-- A state that no row names yet is not part of the procedure and does not block it.
INSERT INTO masbup.state (state, label_id, label_en, sort_order) VALUES ('archived', 'Diarsipkan', 'Archived', 14);
SELECT count(*) AS states FROM masbup.state;
