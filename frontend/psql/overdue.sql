-- overdue.sql: complaints past their due time and not yet answered, the
-- longest overdue first, with the desk that holds them.
--
--   psql -f frontend/psql/overdue.sql [-v role=admin_opd -v opd=DPUPR]

\set QUIET 1
\if :{?role}
\else
	\set role ''
\endif
\if :{?opd}
\else
	\set opd ''
\endif
SET TimeZone = 'Asia/Jakarta';
\pset footer off
\pset title 'Aduan yang melewati batas waktu dan belum dijawab'
\set QUIET 0

SELECT q.tracking_no AS "Nomor aduan",
	q.state_label AS "Status",
	string_agg(DISTINCT r.label_id, ', ') AS "Meja",
	coalesce(q.opd_code, '-') AS "OPD",
	to_char(q.due_at, 'YYYY-MM-DD HH24:MI') AS "Batas",
	masbup.business_days_between(q.due_at, now()) AS "Hari kerja terlambat"
FROM masbup.desk_queue q
JOIN masbup.workflow_role r ON r.role = q.role
WHERE q.is_overdue
	AND (:'role' = '' OR q.role = :'role')
	AND (:'opd' = '' OR q.opd_code = upper(:'opd'))
GROUP BY q.complaint_id, q.tracking_no, q.state_label, q.opd_code, q.due_at
ORDER BY q.due_at, q.complaint_id;
