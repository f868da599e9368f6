-- track.sql: the reporter's view of a complaint, found by tracking number
-- and access code.
--
--   psql -v tracking_no=MB-2026-000001 -v access_code=ABCD2345 -f frontend/psql/track.sql
--
-- Wrong codes count towards a lock-out of the complaint's reporter access.

\set ON_ERROR_STOP 1
\set QUIET 1
\if :{?tracking_no}
\else
	\warn 'track: give the tracking number and access code: psql -v tracking_no=MB-2026-000001 -v access_code=ABCD2345 -f frontend/psql/track.sql'
	\quit
\endif
\if :{?access_code}
\else
	\warn 'track: give the access code from the receipt: -v access_code=...'
	\quit
\endif
SET TimeZone = 'Asia/Jakarta';
\pset footer off
SELECT status = 'ok' AS access_ok, status = 'locked' AS access_locked,
	to_char(locked_until, 'YYYY-MM-DD HH24:MI') AS access_locked_until
FROM masbup.reporter_access(:'tracking_no', :'access_code') \gset
\set QUIET 0

\if :access_ok
SELECT t.seq AS "No", to_char(t.at, 'YYYY-MM-DD HH24:MI') AS "Waktu",
	t.action_label AS "Kejadian", t.state_label AS "Status",
	coalesce(t.opd_name, '') AS "OPD", coalesce(t.note, '') AS "Catatan"
FROM masbup.track(:'tracking_no', :'access_code') AS t;
\elif :access_locked
\echo 'Akses dikunci karena kode akses salah berulang kali. Coba lagi setelah' :access_locked_until 'WIB.'
\else
\echo 'Nomor aduan atau kode akses salah. Periksa tanda terima aduan Anda.'
\endif
