-- track.sql: the reporter's view of a complaint, found by tracking number
-- and access code.
--
--   psql -v tracking_no=MB-2026-000001 -v access_code=ABCD2345 -f frontend/psql/track.sql

\set ON_ERROR_STOP 1
\set QUIET 1
SET TimeZone = 'Asia/Jakarta';
\pset footer off
\set QUIET 0

SELECT t.seq AS "No", to_char(t.at, 'YYYY-MM-DD HH24:MI') AS "Waktu",
	t.action_label AS "Kejadian", t.state_label AS "Status",
	coalesce(t.opd_name, '') AS "OPD", coalesce(t.note, '') AS "Catatan"
FROM masbup.track(:'tracking_no', :'access_code') AS t;
