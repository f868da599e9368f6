-- desk.sql: the queue of a desk, earliest due first, overdue marked.
--
--   psql -f frontend/psql/desk.sql                  the desk of the staff member mapped to you
--   psql -v role=admin_kominfo -f frontend/psql/desk.sql
--   psql -v role=admin_opd -v opd=DPUPR -f frontend/psql/desk.sql

\set QUIET 1
\if :{?role}
\else
	SELECT (SELECT role FROM masbup.current_staff()) AS role,
		(SELECT coalesce(opd_code, '') FROM masbup.current_staff()) AS opd \gset
	\if :{?role}
	\else
		\echo 'desk: no active staff member has your database user as masbup.staff.db_user;'
		\echo 'desk: ask the regency admin to map it, or pass -v role=... (and -v opd=CODE for admin_opd).'
		\quit
	\endif
\endif
\if :{?opd}
\else
	\set opd ''
\endif
SELECT count(*) = 1 AS role_known FROM masbup.workflow_role WHERE role = :'role' AND role NOT IN ('reporter', 'system') \gset
\if :role_known
\else
	\warn 'desk: unknown desk role "':role'"; use admin_pemkab, admin_kominfo or admin_opd (with -v opd=CODE)'
	\quit
\endif
SET TimeZone = 'Asia/Jakarta';
\pset footer off
\set QUIET 0

SELECT q.tracking_no AS "Nomor aduan",
	q.state_label AS "Status",
	coalesce(q.opd_code, '-') AS "OPD",
	q.title AS "Judul",
	to_char(q.due_at, 'YYYY-MM-DD HH24:MI') AS "Batas",
	CASE WHEN q.is_overdue THEN 'LEWAT BATAS'
		WHEN now() > q.target_at THEN 'lewat target'
		ELSE '' END AS "Tanda"
FROM masbup.desk_queue q
WHERE q.role = :'role'
	AND (:'opd' = '' OR q.opd_code = upper(:'opd'))
ORDER BY q.due_at, q.complaint_id;
