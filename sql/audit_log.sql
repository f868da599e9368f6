-- The audit log masbup.complaint_event is append-only for every user,
-- superusers included, and every event also reaches the outbox.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS hallo_masbup CASCADE;
CREATE EXTENSION hallo_masbup CASCADE;
RESET client_min_messages;
SET TimeZone = 'Asia/Jakarta';
SET DateStyle = 'ISO, YMD';
\pset format unaligned
\set SHOW_CONTEXT never

SELECT complaint_id FROM masbup.submit_complaint('Sri Wahyuningsih', '3506155708870002', '081234500101',
	'Dusun Krajan RT 02 RW 01 Desa Sumberagung', 'Plosoklaten', 'Infrastruktur jalan',
	'Jalan kabupaten berlubang di Desa Sumberagung',
	'Sejak akhir Desember 2025 jalan penghubung desa berlubang sedalam 20 cm di dekat jembatan.',
	submitted_at => '2026-01-05 09:12+07');
INSERT INTO masbup.staff (username, full_name, role) VALUES ('pemkab', 'Admin Pemkab', 'admin_pemkab');
SELECT state FROM masbup.perform(1, 'dispose_to_kominfo', at => '2026-01-05 09:40+07', as_staff => 'pemkab');
SELECT seq, action, to_state, at FROM masbup.complaint_event ORDER BY seq;

SELECT current_setting('is_superuser') AS superuser;
UPDATE masbup.complaint_event SET note = 'diubah' WHERE seq = 2;
DELETE FROM masbup.complaint_event WHERE seq = 2;
-- A plain TRUNCATE already fails on the outbox's foreign key.
TRUNCATE masbup.complaint_event;
TRUNCATE masbup.complaint_event CASCADE;

-- Replica mode skips ordinary triggers, but not these.
SET session_replication_role = replica;
UPDATE masbup.complaint_event SET note = 'diubah' WHERE seq = 2;
DELETE FROM masbup.complaint_event;
TRUNCATE masbup.complaint_event, masbup.outbox;
RESET session_replication_role;

SELECT seq, action, note FROM masbup.complaint_event ORDER BY seq;

-- Each event queues notifications for the next desk (and the reporter when answered or final).
SELECT seq, recipient_role, opd_id, delivered_at FROM masbup.outbox ORDER BY seq, recipient_role;

-- The trigger function rejects being used for INSERT.
CREATE TABLE pg_temp.log (x integer);
CREATE TRIGGER wrong BEFORE INSERT ON pg_temp.log FOR EACH ROW EXECUTE FUNCTION masbup.audit_log_trigger();
INSERT INTO pg_temp.log VALUES (1);
