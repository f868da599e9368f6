-- sla_report.sql: one line per complaint with its deadlines and whether the
-- service standard (due_working_days, 5 by default) was met, missed, or is
-- overdue today.
--
--   psql -f frontend/psql/sla_report.sql [-v since=2026-01-01]
--
-- Times are shown in WIB (Asia/Jakarta).

\set ON_ERROR_STOP 1
\set QUIET 1
\if :{?since}
\else
	\set since '-infinity'
\endif
SET TimeZone = 'Asia/Jakarta';
\pset footer off
SELECT value AS due_days FROM masbup.setting WHERE name = 'due_working_days' \gset
\pset title 'Hallo MasBup: status aduan dan standar layanan ':due_days' hari kerja'
\set QUIET 0

SELECT coalesce(s.external_ref, s.tracking_no) AS "Ref",
	s.state || ' (' || s.state_label || ')' AS "Status",
	coalesce(s.opd_code, '-') AS "OPD",
	to_char(s.submitted_at, 'YYYY-MM-DD HH24:MI') AS "Masuk",
	to_char(s.target_at, 'YYYY-MM-DD HH24:MI') AS "Target",
	to_char(s.due_at, 'YYYY-MM-DD HH24:MI') AS "Batas",
	coalesce(to_char(s.answered_at, 'YYYY-MM-DD HH24:MI'), '-') AS "Dijawab",
	CASE s.standard
		WHEN 'met' THEN 'memenuhi standar'
		WHEN 'late' THEN 'terlambat'
		WHEN 'overdue' THEN 'lewat batas hari ini'
		WHEN 'open' THEN 'dalam proses'
		WHEN 'rejected' THEN 'ditolak'
	END AS "Standar layanan"
FROM masbup.complaint_status s
WHERE s.submitted_at >= :'since'::timestamptz
ORDER BY s.submitted_at, s.complaint_id;
