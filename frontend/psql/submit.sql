-- submit.sql: submit a complaint on behalf of a citizen (for example at a
-- service counter) and print its tracking number and one-time access code.
--
--   psql -v name='Sri Wahyuningsih' -v nik=3506155708870002 \
--        -v phone=081234500101 -v address='Dusun Krajan RT 02 RW 01 ...' \
--        -v kecamatan=Plosoklaten -v category='Infrastruktur jalan' \
--        -v title='Jalan berlubang ...' -v chronology='Sejak ...' \
--        [-v email=...] [-v confidential=true] -f frontend/psql/submit.sql

\set ON_ERROR_STOP 1
\set QUIET 1
\if :{?name}
\else
	\set missing true
\endif
\if :{?nik} \else \set missing true \endif
\if :{?phone} \else \set missing true \endif
\if :{?address} \else \set missing true \endif
\if :{?kecamatan} \else \set missing true \endif
\if :{?category} \else \set missing true \endif
\if :{?title} \else \set missing true \endif
\if :{?chronology} \else \set missing true \endif
\if :{?missing}
	\warn 'submit: give every field: -v name=... -v nik=... -v phone=... -v address=... -v kecamatan=... -v category=... -v title=... -v chronology=... (see the comment at the top of frontend/psql/submit.sql)'
	\quit
\endif
\if :{?email}
\else
	\set email ''
\endif
\if :{?confidential}
\else
	\set confidential false
\endif
\set QUIET 0

SELECT tracking_no AS "Nomor aduan", access_code AS "Kode akses (simpan, hanya ditampilkan sekali)"
FROM masbup.submit_complaint(
	reporter_name => :'name',
	reporter_nik => :'nik',
	reporter_phone => :'phone',
	reporter_address => :'address',
	kecamatan => :'kecamatan',
	category => :'category',
	title => :'title',
	chronology => :'chronology',
	reporter_email => nullif(:'email', ''),
	confidential => :'confidential'::boolean);
