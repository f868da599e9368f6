-- setup_roles.sql: create the login roles of a deployment and give each the
-- group role the extension made. Run it as a superuser or a role with
-- CREATEROLE, after CREATE EXTENSION hallo_masbup.
--
--   psql -v web_password=... -v report_password=... -v notifier_password=... \
--        -v scheduler_password=... -f frontend/psql/setup_roles.sql
--
-- Each password is optional: a login role is created (or its password reset)
-- only when its password is given. Group roles and what they may do:
--   masbup_web        the web front-end: submission, tracking, staff sessions
--   masbup_staff      staff on psql, as the staff member mapped to the user
--   masbup_report     read-only reporting views, without personal data
--   masbup_notifier   a mailer that claims outbox rows and marks them delivered
--   masbup_scheduler  the job that closes unacknowledged answers
--   masbup_import     importing history (load_sample.sql)
-- Staff members who use psql log in as their own database user; this script
-- also grants masbup_staff to every user named in masbup.staff.db_user.

\set ON_ERROR_STOP 1
\set QUIET 1

CREATE TEMPORARY TABLE setup_login (login name, group_role name, password text);
\if :{?web_password}
INSERT INTO setup_login VALUES ('masbup_web_login', 'masbup_web', :'web_password');
\endif
\if :{?report_password}
INSERT INTO setup_login VALUES ('masbup_report_login', 'masbup_report', :'report_password');
\endif
\if :{?notifier_password}
INSERT INTO setup_login VALUES ('masbup_notifier_login', 'masbup_notifier', :'notifier_password');
\endif
\if :{?scheduler_password}
INSERT INTO setup_login VALUES ('masbup_scheduler_login', 'masbup_scheduler', :'scheduler_password');
\endif

SELECT format(CASE WHEN r.rolname IS NULL THEN 'CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I'
		ELSE 'ALTER ROLE %I LOGIN PASSWORD %L' END,
		l.login, l.password, l.group_role)
FROM setup_login l LEFT JOIN pg_catalog.pg_roles r ON r.rolname = l.login
ORDER BY l.login \gexec
SELECT format('GRANT %I TO %I', l.group_role, l.login)
FROM setup_login l
WHERE NOT pg_catalog.pg_has_role(l.login, l.group_role, 'MEMBER')
ORDER BY l.login \gexec

\if :{?web_password} \elif :{?report_password} \elif :{?notifier_password} \elif :{?scheduler_password}
\else
	\echo 'setup_roles: no password given, so no login role changes; pass -v web_password=... and the others you need'
\endif
SELECT masbup.grant_staff_logins() AS staff_granted \gset
SELECT coalesce(string_agg(login || ' (' || group_role || ')', ', ' ORDER BY login), 'none') AS logins FROM setup_login \gset
\echo 'setup_roles: logins:' :logins
\echo 'setup_roles: masbup_staff granted to' :staff_granted 'more staff database users'
DROP TABLE setup_login;
