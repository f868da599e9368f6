-- act.sql: perform an action on a complaint as the staff member mapped to
-- your database user.
--
--   psql -v tracking_no=MB-2026-000001 -v action=forward_to_opd -v opd=DPUPR -f frontend/psql/act.sql
--   psql -v tracking_no=MB-2026-000001 -v action=return_to_pemkab -v note='Alasan ...' -f frontend/psql/act.sql
--
-- Without -v action it lists the actions allowed on the complaint now.

\set ON_ERROR_STOP 1
\set QUIET 1
\if :{?tracking_no}
\else
	\echo 'act: name the complaint: psql -v tracking_no=MB-2026-000001 [-v action=...] -f frontend/psql/act.sql'
	\quit
\endif
SELECT (SELECT complaint_id FROM masbup.complaint WHERE tracking_no = upper(:'tracking_no')) AS complaint_id \gset
\if :{?complaint_id}
\else
	\echo 'act: complaint' :tracking_no 'does not exist, or you may not read it.'
	\quit
\endif
\if :{?note}
\else
	\set note ''
\endif
\if :{?opd}
\else
	\set opd ''
\endif
\pset footer off
\set QUIET 0

\if :{?action}
SELECT p.tracking_no AS "Nomor aduan", p.state AS "Status baru", p.event_seq AS "Kejadian ke"
FROM masbup.perform(
	complaint_id => :complaint_id,
	action => :'action',
	note => nullif(:'note', ''),
	target_opd => nullif(:'opd', '')) AS p;
\else
SELECT a.action AS "Aksi", a.label_id AS "Keterangan", a.actor_role AS "Peran",
	CASE WHEN a.requires_note AND a.action = 'report_follow_up' THEN 'hasil tindak lanjut (-v note=...)'
		WHEN a.requires_note THEN 'alasan (-v note=...)'
		WHEN a.requires_opd THEN 'OPD tujuan (-v opd=KODE)'
		ELSE '' END AS "Wajib diisi"
FROM masbup.allowed_actions(:complaint_id) AS a;
\endif
