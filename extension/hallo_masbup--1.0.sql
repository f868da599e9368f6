/*
 * hallo_masbup--1.0.sql
 *	  Install script: configuration tables, the complaint workflow, the
 *	  business-time functions and the triggers that guard them.
 */

\echo Use "CREATE EXTENSION hallo_masbup CASCADE" to load this file. \quit

/*
 * The import role alone may pass explicit event and submission times, for
 * importing history. Roles are cluster-wide, so it may exist already.
 */
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'masbup_import') THEN
		CREATE ROLE masbup_import NOLOGIN;
	END IF;
END
$$;

GRANT USAGE ON SCHEMA masbup TO masbup_import;

/* ------------------------------------------------------------------------
 * Settings
 * ------------------------------------------------------------------------ */

CREATE TABLE masbup.setting (
	name		text PRIMARY KEY,
	value		text NOT NULL,
	description text NOT NULL
);

COMMENT ON TABLE masbup.setting IS 'Named settings of the complaint service; values are text and checked where they are read';

INSERT INTO masbup.setting (name, value, description) VALUES
	('default_calendar', 'kediri', 'calendar used for complaint deadlines and by functions called without a calendar name'),
	('target_working_days', '2', 'working days until the target answer time of a new complaint'),
	('due_working_days', '5', 'working days until the answer is due under the service standard');

/* ------------------------------------------------------------------------
 * Calendars
 * ------------------------------------------------------------------------ */

CREATE TABLE masbup.calendar (
	calendar_name text PRIMARY KEY
		CHECK (calendar_name ~ '^[a-z][a-z0-9_]{0,62}$'),
	time_zone	text NOT NULL,
	description text NOT NULL DEFAULT ''
);

COMMENT ON TABLE masbup.calendar IS 'Service calendars; all business-time arithmetic happens in the calendar''s own time zone';

CREATE TABLE masbup.calendar_hours (
	calendar_name text NOT NULL
		REFERENCES masbup.calendar ON UPDATE CASCADE ON DELETE CASCADE,
	isodow		smallint NOT NULL CHECK (isodow BETWEEN 1 AND 7),
	opens		time NOT NULL,
	closes		time NOT NULL,
	PRIMARY KEY (calendar_name, isodow, opens),
	CHECK (opens < closes)
);

COMMENT ON TABLE masbup.calendar_hours IS 'Weekly pattern: open intervals [opens, closes) per ISO weekday (1 = Monday), local time';

CREATE TABLE masbup.calendar_holiday (
	calendar_name text NOT NULL
		REFERENCES masbup.calendar ON UPDATE CASCADE ON DELETE CASCADE,
	day			date NOT NULL,
	kind		text NOT NULL
		CHECK (kind IN ('national', 'collective_leave', 'regional')),
	name		text NOT NULL,
	PRIMARY KEY (calendar_name, day)
);

COMMENT ON TABLE masbup.calendar_holiday IS 'Whole closed dates of a calendar: national holidays, collective leave and regional holidays';

/*
 * Date-ranged replacements of the weekly pattern, such as Ramadan working
 * hours or a one-day special schedule. On a date covered by several
 * overrides the one with the highest priority applies; its hours for that
 * ISO weekday replace the weekly pattern (no rows for the weekday: closed).
 * Holidays stay closed whatever the overrides say.
 */
CREATE TABLE masbup.calendar_override (
	calendar_name text NOT NULL
		REFERENCES masbup.calendar ON UPDATE CASCADE ON DELETE CASCADE,
	override_name text NOT NULL CHECK (btrim(override_name) <> ''),
	valid_from	date NOT NULL,
	valid_to	date NOT NULL,
	priority	integer NOT NULL DEFAULT 0,
	PRIMARY KEY (calendar_name, override_name),
	CHECK (valid_from <= valid_to)
);

COMMENT ON TABLE masbup.calendar_override IS 'Periods whose service hours replace the weekly pattern, from valid_from to valid_to inclusive; the highest priority wins';

CREATE TABLE masbup.calendar_override_hours (
	calendar_name text NOT NULL,
	override_name text NOT NULL,
	isodow		smallint NOT NULL CHECK (isodow BETWEEN 1 AND 7),
	opens		time NOT NULL,
	closes		time NOT NULL,
	PRIMARY KEY (calendar_name, override_name, isodow, opens),
	FOREIGN KEY (calendar_name, override_name)
		REFERENCES masbup.calendar_override ON UPDATE CASCADE ON DELETE CASCADE,
	CHECK (opens < closes)
);

COMMENT ON TABLE masbup.calendar_override_hours IS 'Open intervals [opens, closes) per ISO weekday while an override applies, local time';

INSERT INTO masbup.calendar (calendar_name, time_zone, description) VALUES
	('kediri', 'Asia/Jakarta', 'Jam layanan Pemerintah Kabupaten Kediri (WIB)');

INSERT INTO masbup.calendar_hours (calendar_name, isodow, opens, closes)
SELECT 'kediri', d, h.opens, h.closes
FROM pg_catalog.generate_series(1, 4) AS d,
	(VALUES (time '08:00', time '12:00'), (time '13:00', time '15:45')) AS h (opens, closes)
UNION ALL
SELECT 'kediri', 5, time '08:00', time '11:00';

-- National holidays and collective leave days (joint ministerial decrees for
-- 2025 and 2026) and the fixed-date national holidays of 2027.
INSERT INTO masbup.calendar_holiday (calendar_name, day, kind, name) VALUES
    ('kediri', '2025-01-01', 'national', 'Tahun Baru 2025 Masehi'),
    ('kediri', '2025-01-27', 'national', 'Isra Mikraj Nabi Muhammad SAW'),
    ('kediri', '2025-01-28', 'collective_leave', 'Cuti bersama Tahun Baru Imlek'),
    ('kediri', '2025-01-29', 'national', 'Tahun Baru Imlek 2576 Kongzili'),
    ('kediri', '2025-03-28', 'collective_leave', 'Cuti bersama Hari Suci Nyepi'),
    ('kediri', '2025-03-29', 'national', 'Hari Suci Nyepi Tahun Baru Saka 1947'),
    ('kediri', '2025-03-31', 'national', 'Idulfitri 1446 Hijriah'),
    ('kediri', '2025-04-01', 'national', 'Idulfitri 1446 Hijriah'),
    ('kediri', '2025-04-02', 'collective_leave', 'Cuti bersama Idulfitri'),
    ('kediri', '2025-04-03', 'collective_leave', 'Cuti bersama Idulfitri'),
    ('kediri', '2025-04-04', 'collective_leave', 'Cuti bersama Idulfitri'),
    ('kediri', '2025-04-07', 'collective_leave', 'Cuti bersama Idulfitri'),
    ('kediri', '2025-04-18', 'national', 'Wafat Yesus Kristus'),
    ('kediri', '2025-04-20', 'national', 'Kebangkitan Yesus Kristus (Paskah)'),
    ('kediri', '2025-05-01', 'national', 'Hari Buruh Internasional'),
    ('kediri', '2025-05-12', 'national', 'Hari Raya Waisak 2569 BE'),
    ('kediri', '2025-05-13', 'collective_leave', 'Cuti bersama Hari Raya Waisak'),
    ('kediri', '2025-05-29', 'national', 'Kenaikan Yesus Kristus'),
    ('kediri', '2025-05-30', 'collective_leave', 'Cuti bersama Kenaikan Yesus Kristus'),
    ('kediri', '2025-06-01', 'national', 'Hari Lahir Pancasila'),
    ('kediri', '2025-06-06', 'national', 'Iduladha 1446 Hijriah'),
    ('kediri', '2025-06-09', 'collective_leave', 'Cuti bersama Iduladha'),
    ('kediri', '2025-06-27', 'national', '1 Muharam Tahun Baru Islam 1447 Hijriah'),
    ('kediri', '2025-08-17', 'national', 'Proklamasi Kemerdekaan'),
    ('kediri', '2025-08-18', 'collective_leave', 'Cuti bersama HUT ke-80 Kemerdekaan RI'),
    ('kediri', '2025-09-05', 'national', 'Maulid Nabi Muhammad SAW'),
    ('kediri', '2025-12-25', 'national', 'Kelahiran Yesus Kristus'),
    ('kediri', '2025-12-26', 'collective_leave', 'Cuti bersama Kelahiran Yesus Kristus'),
    ('kediri', '2026-01-01', 'national', 'Tahun Baru 2026 Masehi'),
    ('kediri', '2026-01-16', 'national', 'Isra Mikraj Nabi Muhammad SAW'),
    ('kediri', '2026-02-16', 'collective_leave', 'Cuti bersama Tahun Baru Imlek'),
    ('kediri', '2026-02-17', 'national', 'Tahun Baru Imlek 2577 Kongzili'),
    ('kediri', '2026-03-18', 'collective_leave', 'Cuti bersama Hari Suci Nyepi'),
    ('kediri', '2026-03-19', 'national', 'Hari Suci Nyepi Tahun Baru Saka 1948'),
    ('kediri', '2026-03-20', 'collective_leave', 'Cuti bersama Idulfitri'),
    ('kediri', '2026-03-21', 'national', 'Idulfitri 1447 Hijriah'),
    ('kediri', '2026-03-22', 'national', 'Idulfitri 1447 Hijriah'),
    ('kediri', '2026-03-23', 'collective_leave', 'Cuti bersama Idulfitri'),
    ('kediri', '2026-03-24', 'collective_leave', 'Cuti bersama Idulfitri'),
    ('kediri', '2026-04-03', 'national', 'Wafat Yesus Kristus'),
    ('kediri', '2026-04-05', 'national', 'Kebangkitan Yesus Kristus (Paskah)'),
    ('kediri', '2026-05-01', 'national', 'Hari Buruh Internasional'),
    ('kediri', '2026-05-14', 'national', 'Kenaikan Yesus Kristus'),
    ('kediri', '2026-05-15', 'collective_leave', 'Cuti bersama Kenaikan Yesus Kristus'),
    ('kediri', '2026-05-27', 'national', 'Iduladha 1447 Hijriah'),
    ('kediri', '2026-05-28', 'collective_leave', 'Cuti bersama Iduladha'),
    ('kediri', '2026-05-31', 'national', 'Hari Raya Waisak 2570 BE'),
    ('kediri', '2026-06-01', 'national', 'Hari Lahir Pancasila'),
    ('kediri', '2026-06-16', 'national', '1 Muharam Tahun Baru Islam 1448 Hijriah'),
    ('kediri', '2026-08-17', 'national', 'Proklamasi Kemerdekaan'),
    ('kediri', '2026-08-25', 'national', 'Maulid Nabi Muhammad SAW'),
    ('kediri', '2026-12-24', 'collective_leave', 'Cuti bersama Kelahiran Yesus Kristus'),
    ('kediri', '2026-12-25', 'national', 'Kelahiran Yesus Kristus'),
    ('kediri', '2027-01-01', 'national', 'Tahun Baru 2027 Masehi'),
    ('kediri', '2027-05-01', 'national', 'Hari Buruh Internasional'),
    ('kediri', '2027-06-01', 'national', 'Hari Lahir Pancasila'),
    ('kediri', '2027-08-17', 'national', 'Proklamasi Kemerdekaan'),
    ('kediri', '2027-12-25', 'national', 'Kelahiran Yesus Kristus');

/* ------------------------------------------------------------------------
 * Agencies (OPD)
 * ------------------------------------------------------------------------ */

CREATE TABLE masbup.opd (
	opd_id		integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	code		text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{0,39}$'),
	name		text NOT NULL,
	kind		text NOT NULL,
	calendar_name text NOT NULL DEFAULT 'kediri'
		REFERENCES masbup.calendar ON UPDATE CASCADE,
	is_active	boolean NOT NULL DEFAULT true
);

COMMENT ON TABLE masbup.opd IS 'Regional agencies (organisasi perangkat daerah) that complaints are routed to';

INSERT INTO masbup.opd (code, name, kind) VALUES
    ('SETDA-PEMERINTAHAN', 'Bagian Tata Pemerintahan Sekretariat Daerah', 'bagian'),
    ('SETDA-KESRA', 'Bagian Kesejahteraan Rakyat Sekretariat Daerah', 'bagian'),
    ('SETDA-HUKUM', 'Bagian Hukum Sekretariat Daerah', 'bagian'),
    ('SETDA-PEREKONOMIAN', 'Bagian Perekonomian dan Sumber Daya Alam Sekretariat Daerah', 'bagian'),
    ('SETDA-PBJ', 'Bagian Pengadaan Barang/Jasa dan Administrasi Pembangunan Sekretariat Daerah', 'bagian'),
    ('SETDA-ORGANISASI', 'Bagian Organisasi Sekretariat Daerah', 'bagian'),
    ('SETDA-UMUM', 'Bagian Umum Sekretariat Daerah', 'bagian'),
    ('SETDA-PROKOPIM', 'Bagian Protokol dan Komunikasi Pimpinan Sekretariat Daerah', 'bagian'),
    ('SETDA-RENKEU', 'Bagian Perencanaan dan Keuangan Sekretariat Daerah', 'bagian'),
    ('SETWAN', 'Sekretariat DPRD', 'sekretariat'),
    ('INSPEKTORAT', 'Inspektorat Daerah', 'inspektorat'),
    ('DISDIK', 'Dinas Pendidikan', 'dinas'),
    ('DISPARBUD', 'Dinas Pariwisata dan Kebudayaan', 'dinas'),
    ('DP2KBP3A', 'Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak', 'dinas'),
    ('DISPENDUKCAPIL', 'Dinas Kependudukan dan Pencatatan Sipil', 'dinas'),
    ('DPMPD', 'Dinas Pemberdayaan Masyarakat dan Pemerintahan Desa', 'dinas'),
    ('DINKES', 'Dinas Kesehatan', 'dinas'),
    ('DINSOS', 'Dinas Sosial', 'dinas'),
    ('DPMPTSP', 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', 'dinas'),
    ('DISKOPUM', 'Dinas Koperasi dan Usaha Mikro', 'dinas'),
    ('DISPERDAGIN', 'Dinas Perdagangan dan Perindustrian', 'dinas'),
    ('DISNAKER', 'Dinas Tenaga Kerja', 'dinas'),
    ('DISKOMINFO', 'Dinas Komunikasi dan Informatika', 'dinas'),
    ('DISPERKIM', 'Dinas Perumahan dan Kawasan Permukiman', 'dinas'),
    ('DPUPR', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'dinas'),
    ('DISHUB', 'Dinas Perhubungan', 'dinas'),
    ('DLH', 'Dinas Lingkungan Hidup', 'dinas'),
    ('DKPP', 'Dinas Ketahanan Pangan dan Peternakan', 'dinas'),
    ('DISPERTABUN', 'Dinas Pertanian dan Perkebunan', 'dinas'),
    ('DISKAN', 'Dinas Perikanan', 'dinas'),
    ('DISARPUS', 'Dinas Kearsipan dan Perpustakaan', 'dinas'),
    ('SATPOLPP', 'Satuan Polisi Pamong Praja', 'satpol'),
    ('BKPSDM', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', 'badan'),
    ('BPKAD', 'Badan Pengelolaan Keuangan dan Aset Daerah', 'badan'),
    ('BAPENDA', 'Badan Pendapatan Daerah', 'badan'),
    ('BRIDA', 'Badan Riset dan Inovasi Daerah', 'badan'),
    ('BAPPEDA', 'Badan Perencanaan Pembangunan Daerah', 'badan'),
    ('BPBD', 'Badan Penanggulangan Bencana Daerah', 'badan'),
    ('BAKESBANGPOL', 'Badan Kesatuan Bangsa dan Politik', 'badan'),
    ('RSUD-SLG', 'UOBK RSUD Simpang Lima Gumul pada Dinas Kesehatan', 'rsud'),
    ('RSUD-KEDIRI', 'UOBK RSUD Kabupaten Kediri pada Dinas Kesehatan', 'rsud'),
    ('KEC-SEMEN', 'Kecamatan Semen', 'kecamatan'),
    ('KEC-MOJO', 'Kecamatan Mojo', 'kecamatan'),
    ('KEC-KRAS', 'Kecamatan Kras', 'kecamatan'),
    ('KEC-NGADILUWIH', 'Kecamatan Ngadiluwih', 'kecamatan'),
    ('KEC-KANDAT', 'Kecamatan Kandat', 'kecamatan'),
    ('KEC-WATES', 'Kecamatan Wates', 'kecamatan'),
    ('KEC-NGANCAR', 'Kecamatan Ngancar', 'kecamatan'),
    ('KEC-PUNCU', 'Kecamatan Puncu', 'kecamatan'),
    ('KEC-PLOSOKLATEN', 'Kecamatan Plosoklaten', 'kecamatan'),
    ('KEC-GURAH', 'Kecamatan Gurah', 'kecamatan'),
    ('KEC-PAGU', 'Kecamatan Pagu', 'kecamatan'),
    ('KEC-GAMPENGREJO', 'Kecamatan Gampengrejo', 'kecamatan'),
    ('KEC-GROGOL', 'Kecamatan Grogol', 'kecamatan'),
    ('KEC-PAPAR', 'Kecamatan Papar', 'kecamatan'),
    ('KEC-PURWOASRI', 'Kecamatan Purwoasri', 'kecamatan'),
    ('KEC-PLEMAHAN', 'Kecamatan Plemahan', 'kecamatan'),
    ('KEC-PARE', 'Kecamatan Pare', 'kecamatan'),
    ('KEC-KEPUNG', 'Kecamatan Kepung', 'kecamatan'),
    ('KEC-KANDANGAN', 'Kecamatan Kandangan', 'kecamatan'),
    ('KEC-TAROKAN', 'Kecamatan Tarokan', 'kecamatan'),
    ('KEC-KUNJANG', 'Kecamatan Kunjang', 'kecamatan'),
    ('KEC-BANYAKAN', 'Kecamatan Banyakan', 'kecamatan'),
    ('KEC-RINGINREJO', 'Kecamatan Ringinrejo', 'kecamatan'),
    ('KEC-KAYENKIDUL', 'Kecamatan Kayen Kidul', 'kecamatan'),
    ('KEC-NGASEM', 'Kecamatan Ngasem', 'kecamatan'),
    ('KEC-BADAS', 'Kecamatan Badas', 'kecamatan');

/* ------------------------------------------------------------------------
 * The procedure: roles, states, actions and the transition table
 * ------------------------------------------------------------------------ */

CREATE TABLE masbup.workflow_role (
	role		text PRIMARY KEY CHECK (role ~ '^[a-z][a-z_]{0,62}$'),
	label_id	text NOT NULL,
	label_en	text NOT NULL
);

INSERT INTO masbup.workflow_role (role, label_id, label_en) VALUES
	('reporter', 'Pelapor', 'Reporter'),
	('admin_pemkab', 'Admin Pemkab', 'Regency admin'),
	('admin_kominfo', 'Admin Diskominfo', 'Communications office admin'),
	('admin_opd', 'Admin OPD', 'Agency admin');

CREATE TABLE masbup.state (
	state		text PRIMARY KEY CHECK (state ~ '^[a-z][a-z_]{0,62}$'),
	label_id	text NOT NULL,
	label_en	text NOT NULL,
	is_final	boolean NOT NULL DEFAULT false,
	is_answered boolean NOT NULL DEFAULT false,
	sort_order	integer NOT NULL UNIQUE
);

COMMENT ON TABLE masbup.state IS 'States of a complaint with their screen labels; final states allow no further action';
COMMENT ON COLUMN masbup.state.is_answered IS 'entering this state means the answer reached the reporter, which stamps answered_at';

INSERT INTO masbup.state (state, label_id, label_en, is_final, is_answered, sort_order) VALUES
	('submitted', 'Aduan masuk', 'Submitted', false, false, 1),
	('at_kominfo', 'Di Diskominfo', 'At the communications office', false, false, 2),
	('returned_to_pemkab', 'Dikembalikan ke Admin Pemkab', 'Returned to the regency admin', false, false, 3),
	('at_opd', 'Di OPD', 'At the agency', false, false, 4),
	('returned_to_kominfo', 'Dikembalikan ke Diskominfo', 'Returned to the communications office', false, false, 5),
	('in_follow_up', 'Sedang ditindaklanjuti', 'In follow-up', false, false, 6),
	('follow_up_reported', 'Tindak lanjut dilaporkan', 'Follow-up reported', false, false, 7),
	('awaiting_verification', 'Menunggu verifikasi Admin Pemkab', 'Awaiting verification', false, false, 8),
	('follow_up_returned', 'Tindak lanjut dikembalikan', 'Follow-up returned', false, false, 9),
	('answered', 'Dijawab', 'Answered', false, true, 10),
	('closed', 'Selesai', 'Closed', true, false, 11),
	('rejected', 'Ditolak: di luar kewenangan', 'Rejected: out of scope', true, false, 12);

CREATE TABLE masbup.action (
	action		text PRIMARY KEY CHECK (action ~ '^[a-z][a-z_]{0,62}$'),
	label_id	text NOT NULL,
	label_en	text NOT NULL
);

INSERT INTO masbup.action (action, label_id, label_en) VALUES
	('submit', 'Kirim aduan', 'Submit'),
	('dispose_to_kominfo', 'Disposisi ke Diskominfo', 'Dispose to the communications office'),
	('close_out_of_scope', 'Tutup: di luar kewenangan', 'Close as out of scope'),
	('forward_to_opd', 'Teruskan ke OPD', 'Forward to an agency'),
	('return_to_pemkab', 'Kembalikan ke Admin Pemkab', 'Return to the regency admin'),
	('accept', 'Terima untuk ditindaklanjuti', 'Accept for follow-up'),
	('return_to_kominfo', 'Kembalikan ke Diskominfo', 'Return to the communications office'),
	('report_follow_up', 'Laporkan hasil tindak lanjut', 'Report the follow-up'),
	('confirm_follow_up', 'Konfirmasi hasil tindak lanjut', 'Confirm the follow-up'),
	('request_rework', 'Minta perbaikan tindak lanjut', 'Request rework'),
	('forward_to_reporter', 'Teruskan jawaban ke pelapor', 'Forward the answer to the reporter'),
	('return_follow_up', 'Kembalikan hasil tindak lanjut', 'Return the follow-up'),
	('acknowledge', 'Konfirmasi jawaban diterima', 'Acknowledge the answer');

/*
 * One row per action of the standard operating procedure. The action with no
 * from-state creates a complaint; it names the initial state.
 */
CREATE TABLE masbup.transition (
	action		text PRIMARY KEY REFERENCES masbup.action ON UPDATE CASCADE,
	actor_role	text NOT NULL REFERENCES masbup.workflow_role ON UPDATE CASCADE,
	from_states text[] NOT NULL,
	to_state	text NOT NULL REFERENCES masbup.state ON UPDATE CASCADE,
	requires_note boolean NOT NULL DEFAULT false,
	requires_opd boolean NOT NULL DEFAULT false,
	CHECK (pg_catalog.array_position(from_states, NULL) IS NULL)
);

COMMENT ON TABLE masbup.transition IS 'The procedure: who may perform each action, from which states, and what it requires';
COMMENT ON COLUMN masbup.transition.requires_note IS 'a reason or result text is mandatory';
COMMENT ON COLUMN masbup.transition.requires_opd IS 'the target agency is mandatory';

INSERT INTO masbup.transition (action, actor_role, from_states, to_state, requires_note, requires_opd) VALUES
	('submit', 'reporter', '{}', 'submitted', false, false),
	('dispose_to_kominfo', 'admin_pemkab', '{submitted,returned_to_pemkab}', 'at_kominfo', false, false),
	('close_out_of_scope', 'admin_pemkab', '{submitted,returned_to_pemkab}', 'rejected', true, false),
	('forward_to_opd', 'admin_kominfo', '{at_kominfo,returned_to_kominfo}', 'at_opd', false, true),
	('return_to_pemkab', 'admin_kominfo', '{at_kominfo,returned_to_kominfo}', 'returned_to_pemkab', true, false),
	('accept', 'admin_opd', '{at_opd}', 'in_follow_up', false, false),
	('return_to_kominfo', 'admin_opd', '{at_opd}', 'returned_to_kominfo', true, false),
	('report_follow_up', 'admin_opd', '{in_follow_up}', 'follow_up_reported', true, false),
	('confirm_follow_up', 'admin_kominfo', '{follow_up_reported,follow_up_returned}', 'awaiting_verification', false, false),
	('request_rework', 'admin_kominfo', '{follow_up_reported,follow_up_returned}', 'in_follow_up', true, false),
	('forward_to_reporter', 'admin_pemkab', '{awaiting_verification}', 'answered', false, false),
	('return_follow_up', 'admin_pemkab', '{awaiting_verification}', 'follow_up_returned', true, false),
	('acknowledge', 'reporter', '{answered}', 'closed', false, false);

/* ------------------------------------------------------------------------
 * Staff
 * ------------------------------------------------------------------------ */

CREATE TABLE masbup.staff (
	staff_id	bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	username	text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_.-]{2,62}$'),
	full_name	text NOT NULL,
	role		text NOT NULL REFERENCES masbup.workflow_role ON UPDATE CASCADE
		CHECK (role <> 'reporter'),
	opd_id		integer REFERENCES masbup.opd,
	db_user		name UNIQUE,
	is_active	boolean NOT NULL DEFAULT true,
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CHECK ((role = 'admin_opd') = (opd_id IS NOT NULL))
);

COMMENT ON TABLE masbup.staff IS 'Staff members who act on complaints; an agency admin belongs to exactly one agency';
COMMENT ON COLUMN masbup.staff.db_user IS 'PostgreSQL user that acts as this staff member from psql';

/* ------------------------------------------------------------------------
 * Complaints and their audit log
 * ------------------------------------------------------------------------ */

CREATE TABLE masbup.complaint (
	complaint_id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	tracking_no text NOT NULL UNIQUE,
	access_code_hash text NOT NULL,
	external_ref text UNIQUE,
	submission_token uuid UNIQUE,

	reporter_name text NOT NULL,
	reporter_nik text NOT NULL CHECK (reporter_nik ~ '^[0-9]{16}$'),
	reporter_phone text NOT NULL,
	reporter_email text,
	reporter_address text NOT NULL,
	confidential boolean NOT NULL DEFAULT false,
	kecamatan	text NOT NULL,
	category	text NOT NULL,
	title		text NOT NULL,
	chronology	text NOT NULL,

	state		text NOT NULL REFERENCES masbup.state,
	opd_id		integer REFERENCES masbup.opd,
	submitted_at timestamptz NOT NULL,
	target_at	timestamptz NOT NULL,
	due_at		timestamptz NOT NULL,
	answered_at timestamptz,
	closed_at	timestamptz,

	-- The latest event. masbup.perform() writes the next one here and the
	-- triggers check it, stamp it and copy it into the audit log.
	event_count integer NOT NULL,
	last_event_at timestamptz NOT NULL,
	last_action text NOT NULL,
	last_actor_role text NOT NULL,
	last_staff_id bigint REFERENCES masbup.staff,
	last_note	text
);

COMMENT ON TABLE masbup.complaint IS 'Complaints; state changes only through the transition table, enforced by triggers';
COMMENT ON COLUMN masbup.complaint.external_ref IS 'reference of a complaint imported from another system';
COMMENT ON COLUMN masbup.complaint.submission_token IS 'token of the web form that submitted the complaint, so a repeated submission creates no second complaint';
COMMENT ON COLUMN masbup.complaint.target_at IS 'target answer time: the target number of working days after receipt';
COMMENT ON COLUMN masbup.complaint.due_at IS 'answer due under the service standard';

CREATE INDEX complaint_state_due_idx ON masbup.complaint (state, due_at);
CREATE INDEX complaint_opd_idx ON masbup.complaint (opd_id);

CREATE TABLE masbup.complaint_event (
	complaint_id bigint NOT NULL REFERENCES masbup.complaint,
	seq			integer NOT NULL CHECK (seq > 0),
	action		text NOT NULL,
	from_state	text,
	to_state	text NOT NULL,
	actor_role	text NOT NULL,
	staff_id	bigint REFERENCES masbup.staff,
	opd_id		integer REFERENCES masbup.opd,
	note		text,
	at			timestamptz NOT NULL,
	recorded_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
	recorded_by name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (complaint_id, seq)
);

COMMENT ON TABLE masbup.complaint_event IS 'Append-only audit log: one row per event of a complaint, the submission included';
COMMENT ON COLUMN masbup.complaint_event.opd_id IS 'agency responsible for the complaint after the event';

CREATE TABLE masbup.outbox (
	outbox_id	bigint GENERATED ALWAYS AS IDENTITY,
	complaint_id bigint NOT NULL,
	seq			integer NOT NULL,
	recipient_role text NOT NULL,
	opd_id		integer,
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	delivered_at timestamptz,
	PRIMARY KEY (complaint_id, outbox_id),
	FOREIGN KEY (complaint_id, seq) REFERENCES masbup.complaint_event
);

COMMENT ON TABLE masbup.outbox IS 'Notifications to send, written in the same transaction as the event; a mailer marks them delivered';

CREATE INDEX outbox_undelivered_idx ON masbup.outbox (created_at) WHERE delivered_at IS NULL;

/* ------------------------------------------------------------------------
 * Business time (C)
 * ------------------------------------------------------------------------ */

CREATE FUNCTION masbup.is_service_time(t timestamptz)
RETURNS boolean
AS 'MODULE_PATHNAME', 'masbup_is_service_time'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION masbup.is_service_time(t timestamptz, calendar text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'masbup_is_service_time'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION masbup.next_service_time(t timestamptz)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'masbup_next_service_time'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION masbup.next_service_time(t timestamptz, calendar text)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'masbup_next_service_time'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION masbup.business_time_add(t timestamptz, d interval)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'masbup_business_time_add'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION masbup.business_time_add(t timestamptz, d interval, calendar text)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'masbup_business_time_add'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION masbup.business_time_between(a timestamptz, b timestamptz)
RETURNS interval
AS 'MODULE_PATHNAME', 'masbup_business_time_between'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION masbup.business_time_between(a timestamptz, b timestamptz, calendar text)
RETURNS interval
AS 'MODULE_PATHNAME', 'masbup_business_time_between'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION masbup.business_days_add(t timestamptz, n integer)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'masbup_business_days_add'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION masbup.business_days_add(t timestamptz, n integer, calendar text)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'masbup_business_days_add'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION masbup.business_days_between(a timestamptz, b timestamptz)
RETURNS integer
AS 'MODULE_PATHNAME', 'masbup_business_days_between'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION masbup.business_days_between(a timestamptz, b timestamptz, calendar text)
RETURNS integer
AS 'MODULE_PATHNAME', 'masbup_business_days_between'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION masbup.is_service_time(timestamptz) IS 'true when t lies inside an open interval of the default calendar';
COMMENT ON FUNCTION masbup.is_service_time(timestamptz, text) IS 'true when t lies inside an open interval of the calendar';
COMMENT ON FUNCTION masbup.next_service_time(timestamptz) IS 't when the default calendar is open then, else its next opening time';
COMMENT ON FUNCTION masbup.next_service_time(timestamptz, text) IS 't when the calendar is open then, else its next opening time';
COMMENT ON FUNCTION masbup.business_time_add(timestamptz, interval) IS 'earliest time at which d of service time has passed since t (default calendar)';
COMMENT ON FUNCTION masbup.business_time_add(timestamptz, interval, text) IS 'earliest time at which d of service time has passed since t';
COMMENT ON FUNCTION masbup.business_time_between(timestamptz, timestamptz) IS 'service time between a and b (default calendar), negative when b < a';
COMMENT ON FUNCTION masbup.business_time_between(timestamptz, timestamptz, text) IS 'service time between a and b, negative when b < a';
COMMENT ON FUNCTION masbup.business_days_add(timestamptz, integer) IS 'closing time of the n-th working day after the receipt day of t (default calendar)';
COMMENT ON FUNCTION masbup.business_days_add(timestamptz, integer, text) IS 'closing time of the n-th working day after the receipt day of t';
COMMENT ON FUNCTION masbup.business_days_between(timestamptz, timestamptz) IS 'working days from the receipt of a until b (default calendar)';
COMMENT ON FUNCTION masbup.business_days_between(timestamptz, timestamptz, text) IS 'working days from the receipt of a until b';

CREATE FUNCTION masbup.service_hours(from_day date, to_day date)
RETURNS SETOF tstzrange
AS 'MODULE_PATHNAME', 'masbup_service_hours'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 500;

CREATE FUNCTION masbup.service_hours(from_day date, to_day date, calendar text)
RETURNS SETOF tstzrange
AS 'MODULE_PATHNAME', 'masbup_service_hours'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 500;

COMMENT ON FUNCTION masbup.service_hours(date, date) IS 'open intervals of the default calendar on the local dates from_day to to_day';
COMMENT ON FUNCTION masbup.service_hours(date, date, text) IS 'open intervals of the calendar on the local dates from_day to to_day';

/* The holidays of a calendar between two dates, inclusive. */
CREATE FUNCTION masbup.holidays(from_day date, to_day date, calendar text DEFAULT NULL)
RETURNS TABLE (day date, kind text, name text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	calendar_used text := coalesce(holidays.calendar,
		(SELECT s.value FROM masbup.setting s WHERE s.name = 'default_calendar'));
BEGIN
	IF NOT EXISTS (SELECT 1 FROM masbup.calendar c WHERE c.calendar_name = calendar_used) THEN
		RAISE EXCEPTION 'calendar "%" does not exist', calendar_used
			USING ERRCODE = 'MB020',
				HINT = 'List the calendars with: SELECT calendar_name FROM masbup.calendar;';
	END IF;
	RETURN QUERY
	SELECT h.day, h.kind, h.name
	FROM masbup.calendar_holiday h
	WHERE h.calendar_name = calendar_used AND h.day BETWEEN from_day AND to_day
	ORDER BY h.day;
END
$$;

COMMENT ON FUNCTION masbup.holidays(date, date, text) IS 'holidays of a calendar (the default one when calendar is NULL) between two dates, inclusive';

/* ------------------------------------------------------------------------
 * Checks on calendar rows when they are written
 * ------------------------------------------------------------------------ */

CREATE FUNCTION masbup.check_calendar_row()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_timezone_names z WHERE z.name = NEW.time_zone) THEN
		RAISE EXCEPTION 'calendar "%" has an unknown time zone "%"', NEW.calendar_name, NEW.time_zone
			USING ERRCODE = 'MB022',
				HINT = 'Use a name from pg_timezone_names, such as Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).';
	END IF;
	RETURN NEW;
END
$$;

/* Reject service hours that overlap another interval of the same weekday. */
CREATE FUNCTION masbup.check_service_hours()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	clash record;
BEGIN
	IF TG_TABLE_NAME = 'calendar_hours' THEN
		SELECT h.opens, h.closes, NULL::text AS override_name INTO clash
		FROM masbup.calendar_hours h
		WHERE h.calendar_name = NEW.calendar_name AND h.isodow = NEW.isodow
			AND h.opens <> NEW.opens AND h.opens < NEW.closes AND NEW.opens < h.closes
		LIMIT 1;
	ELSE
		SELECT h.opens, h.closes, h.override_name INTO clash
		FROM masbup.calendar_override_hours h
		WHERE h.calendar_name = NEW.calendar_name AND h.override_name = NEW.override_name
			AND h.isodow = NEW.isodow
			AND h.opens <> NEW.opens AND h.opens < NEW.closes AND NEW.opens < h.closes
		LIMIT 1;
	END IF;

	IF FOUND THEN
		RAISE EXCEPTION 'service hours %-% overlap %-% on ISO weekday % of calendar "%"%',
			NEW.opens, NEW.closes, clash.opens, clash.closes, NEW.isodow, NEW.calendar_name,
			CASE WHEN clash.override_name IS NULL THEN '' ELSE format(' (override "%s")', clash.override_name) END
			USING ERRCODE = 'MB022',
				HINT = 'The intervals of one weekday must not overlap; change or delete one of them.';
	END IF;
	RETURN NULL;
END
$$;

/* Reject two overrides of one calendar that overlap with the same priority. */
CREATE FUNCTION masbup.check_calendar_override()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	clash text;
BEGIN
	SELECT o.override_name INTO clash
	FROM masbup.calendar_override o
	WHERE o.calendar_name = NEW.calendar_name AND o.override_name <> NEW.override_name
		AND o.priority = NEW.priority AND o.valid_from <= NEW.valid_to AND NEW.valid_from <= o.valid_to
	LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'overrides "%" and "%" of calendar "%" overlap with the same priority %',
			NEW.override_name, clash, NEW.calendar_name, NEW.priority
			USING ERRCODE = 'MB022',
				HINT = 'Give one of them a higher priority, or make their dates disjoint.';
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER calendar_check
	BEFORE INSERT OR UPDATE OF time_zone ON masbup.calendar
	FOR EACH ROW EXECUTE FUNCTION masbup.check_calendar_row();
CREATE TRIGGER calendar_hours_check
	AFTER INSERT OR UPDATE ON masbup.calendar_hours
	FOR EACH ROW EXECUTE FUNCTION masbup.check_service_hours();
CREATE TRIGGER calendar_override_hours_check
	AFTER INSERT OR UPDATE ON masbup.calendar_override_hours
	FOR EACH ROW EXECUTE FUNCTION masbup.check_service_hours();
CREATE TRIGGER calendar_override_check
	AFTER INSERT OR UPDATE ON masbup.calendar_override
	FOR EACH ROW EXECUTE FUNCTION masbup.check_calendar_override();

/* ------------------------------------------------------------------------
 * Workflow checks and triggers (C)
 * ------------------------------------------------------------------------ */

CREATE FUNCTION masbup.check_transition(complaint text, state text, action text, role text,
	OUT to_state text, OUT requires_note boolean, OUT requires_opd boolean)
AS 'MODULE_PATHNAME', 'masbup_check_transition'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION masbup.check_transition(text, text, text, text) IS 'the transition that lets role perform action in state, or an error naming the actions allowed there';

CREATE FUNCTION masbup.acting_user()
RETURNS name
AS 'MODULE_PATHNAME', 'masbup_acting_user'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION masbup.acting_user() IS 'the user that called into the extension (set by login or SET ROLE), also inside SECURITY DEFINER functions';

CREATE FUNCTION masbup.complaint_before_trigger()
RETURNS trigger
AS 'MODULE_PATHNAME', 'masbup_complaint_before_trigger'
LANGUAGE C;

CREATE FUNCTION masbup.complaint_after_trigger()
RETURNS trigger
AS 'MODULE_PATHNAME', 'masbup_complaint_after_trigger'
LANGUAGE C;

CREATE FUNCTION masbup.audit_log_trigger()
RETURNS trigger
AS 'MODULE_PATHNAME', 'masbup_audit_log_trigger'
LANGUAGE C;

CREATE FUNCTION masbup.config_changed_trigger()
RETURNS trigger
AS 'MODULE_PATHNAME', 'masbup_config_changed_trigger'
LANGUAGE C;

COMMENT ON FUNCTION masbup.complaint_before_trigger() IS 'checks each new complaint and state change against the transition table and stamps deadlines and times';
COMMENT ON FUNCTION masbup.complaint_after_trigger() IS 'appends the event of each new complaint and state change to the audit log and the outbox, and sends a notification';
COMMENT ON FUNCTION masbup.audit_log_trigger() IS 'rejects UPDATE, DELETE and TRUNCATE on the audit log';
COMMENT ON FUNCTION masbup.config_changed_trigger() IS 'tells every backend to reload its cached calendars and transition table after the change commits';

CREATE TRIGGER complaint_before
	BEFORE INSERT OR UPDATE ON masbup.complaint
	FOR EACH ROW EXECUTE FUNCTION masbup.complaint_before_trigger();
CREATE TRIGGER complaint_after
	AFTER INSERT OR UPDATE ON masbup.complaint
	FOR EACH ROW EXECUTE FUNCTION masbup.complaint_after_trigger();

CREATE TRIGGER complaint_event_append_only
	BEFORE UPDATE OR DELETE ON masbup.complaint_event
	FOR EACH ROW EXECUTE FUNCTION masbup.audit_log_trigger();
CREATE TRIGGER complaint_event_no_truncate
	BEFORE TRUNCATE ON masbup.complaint_event
	FOR EACH STATEMENT EXECUTE FUNCTION masbup.audit_log_trigger();
ALTER TABLE masbup.complaint_event ENABLE ALWAYS TRIGGER complaint_event_append_only;
ALTER TABLE masbup.complaint_event ENABLE ALWAYS TRIGGER complaint_event_no_truncate;

DO $$
DECLARE
	config_table text;
BEGIN
	FOREACH config_table IN ARRAY ARRAY['setting', 'calendar', 'calendar_hours',
		'calendar_holiday', 'calendar_override', 'calendar_override_hours',
		'workflow_role', 'state', 'action', 'transition']
	LOOP
		EXECUTE pg_catalog.format(
			'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON masbup.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION masbup.config_changed_trigger()',
			config_table || '_changed', config_table);
	END LOOP;
END
$$;

/* ------------------------------------------------------------------------
 * Submission
 * ------------------------------------------------------------------------ */

/*
 * Check the reporter's identity and the complaint text; raise MB010 or MB011
 * naming the field, the value and the fix. Returns the phone number
 * normalised to its national form (0812...).
 */
CREATE FUNCTION masbup.check_submission(reporter_name text, reporter_nik text,
	reporter_phone text, reporter_address text, reporter_email text,
	kecamatan text, category text, title text, chronology text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	phone text;
BEGIN
	IF reporter_name IS NULL OR char_length(btrim(reporter_name)) < 3
		OR char_length(reporter_name) > 100
		OR btrim(reporter_name) !~ '^[[:alpha:]][[:alpha:] .,''-]*$' THEN
		RAISE EXCEPTION 'invalid reporter name: "%"', reporter_name
			USING ERRCODE = 'MB010',
				HINT = 'Give the full name as on the KTP: 3 to 100 letters, spaces and the marks . , '' -';
	END IF;

	IF reporter_nik IS NULL OR reporter_nik !~ '^[0-9]{16}$' THEN
		RAISE EXCEPTION 'invalid NIK: "%"', reporter_nik
			USING ERRCODE = 'MB010',
				HINT = 'The NIK (Nomor Induk Kependudukan) is the 16-digit number on the KTP, without spaces.';
	END IF;
	-- Digits 1-2 are the province code (11-94); digits 7-12 are the birth
	-- date as DDMMYY, with 40 added to the day for women.
	IF substr(reporter_nik, 1, 2)::integer NOT BETWEEN 11 AND 94
		OR substr(reporter_nik, 9, 2)::integer NOT BETWEEN 1 AND 12
		OR (substr(reporter_nik, 7, 2)::integer % 40) NOT BETWEEN 1 AND 31
		OR substr(reporter_nik, 7, 2)::integer > 71 THEN
		RAISE EXCEPTION 'invalid NIK: "%"', reporter_nik
			USING ERRCODE = 'MB010',
				DETAIL = 'Its province code (digits 1-2) or birth date (digits 7-12) is impossible.',
				HINT = 'Copy the 16-digit NIK from the KTP again.';
	END IF;

	phone := regexp_replace(coalesce(reporter_phone, ''), '[ ().-]', '', 'g');
	phone := regexp_replace(phone, '^(\+62|62)', '0');
	IF phone !~ '^0[1-9][0-9]{7,12}$' THEN
		RAISE EXCEPTION 'invalid phone number: "%"', reporter_phone
			USING ERRCODE = 'MB010',
				HINT = 'Give an Indonesian number such as 081234567890 or +6281234567890.';
	END IF;

	IF reporter_address IS NULL OR char_length(btrim(reporter_address)) < 10
		OR char_length(reporter_address) > 300 THEN
		RAISE EXCEPTION 'invalid reporter address: "%"', reporter_address
			USING ERRCODE = 'MB010',
				HINT = 'Give the full address: street or hamlet, RT/RW and village, 10 to 300 characters.';
	END IF;

	IF reporter_email IS NOT NULL AND reporter_email <> ''
		AND reporter_email !~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$' THEN
		RAISE EXCEPTION 'invalid e-mail address: "%"', reporter_email
			USING ERRCODE = 'MB010',
				HINT = 'Give an address such as nama@example.org, or leave it empty.';
	END IF;

	IF kecamatan IS NULL OR btrim(kecamatan) = '' OR category IS NULL OR btrim(category) = '' THEN
		RAISE EXCEPTION 'missing kecamatan or category'
			USING ERRCODE = 'MB011',
				HINT = 'Name the kecamatan where it happened and the category of the complaint.';
	END IF;

	IF title IS NULL OR char_length(btrim(title)) NOT BETWEEN 10 AND 200 THEN
		RAISE EXCEPTION 'invalid complaint title: "%"', title
			USING ERRCODE = 'MB011',
				HINT = 'Summarise the complaint in 10 to 200 characters.';
	END IF;

	IF chronology IS NULL OR char_length(btrim(chronology)) < 50
		OR array_length(regexp_split_to_array(btrim(chronology), '\s+'), 1) < 10 THEN
		RAISE EXCEPTION 'chronology too short: % characters and % words',
			char_length(btrim(coalesce(chronology, ''))),
			coalesce(array_length(regexp_split_to_array(btrim(chronology), '\s+'), 1), 0)
			USING ERRCODE = 'MB011',
				HINT = 'Describe what happened, where and when, in at least 50 characters and 10 words.';
	END IF;
	IF char_length(chronology) > 10000 THEN
		RAISE EXCEPTION 'chronology too long: % characters', char_length(chronology)
			USING ERRCODE = 'MB011',
				HINT = 'Shorten the chronology to at most 10000 characters.';
	END IF;

	RETURN phone;
END
$$;

/*
 * Create a complaint and return its tracking number and access code. The
 * access code is shown once; only its bcrypt hash is stored. A repeated call
 * with the same submission token or external reference returns the existing
 * complaint with a NULL access code. Only masbup_import may pass
 * submitted_at.
 */
CREATE FUNCTION masbup.submit_complaint(
	reporter_name text, reporter_nik text, reporter_phone text,
	reporter_address text, kecamatan text, category text, title text,
	chronology text, reporter_email text DEFAULT NULL,
	confidential boolean DEFAULT false, submission_token uuid DEFAULT NULL,
	external_ref text DEFAULT NULL, submitted_at timestamptz DEFAULT NULL,
	OUT complaint_id bigint, OUT tracking_no text, OUT access_code text)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, masbup, public, pg_temp
AS $$
DECLARE
	phone text;
	new_id bigint;
	received timestamptz := coalesce(submit_complaint.submitted_at, now());
BEGIN
	IF submit_complaint.submission_token IS NOT NULL OR submit_complaint.external_ref IS NOT NULL THEN
		SELECT c.complaint_id, c.tracking_no INTO complaint_id, tracking_no
		FROM masbup.complaint c
		WHERE c.submission_token = submit_complaint.submission_token
			OR c.external_ref = submit_complaint.external_ref;
		IF FOUND THEN
			access_code := NULL;
			RETURN;
		END IF;
	END IF;

	IF submit_complaint.submitted_at IS NOT NULL
		AND NOT pg_has_role(masbup.acting_user(), 'masbup_import', 'MEMBER') THEN
		RAISE EXCEPTION 'only masbup_import may set the submission time'
			USING ERRCODE = 'MB009',
				HINT = 'Leave submitted_at empty; the complaint is received now.';
	END IF;

	phone := masbup.check_submission(reporter_name, reporter_nik, reporter_phone,
		reporter_address, reporter_email, kecamatan, category, title, chronology);

	new_id := nextval(pg_get_serial_sequence('masbup.complaint', 'complaint_id'));
	tracking_no := 'MB-' || to_char(received AT TIME ZONE 'Asia/Jakarta', 'YYYY')
		|| '-' || lpad(new_id::text, 6, '0');
	-- 8 characters from 32 unambiguous letters and digits: 40 random bits.
	SELECT string_agg(substr('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', get_byte(b, i) % 32 + 1, 1), '')
	INTO access_code
	FROM gen_random_bytes(8) AS b, generate_series(0, 7) AS i;

	INSERT INTO masbup.complaint (complaint_id, tracking_no, access_code_hash,
		external_ref, submission_token, reporter_name, reporter_nik,
		reporter_phone, reporter_email, reporter_address, confidential,
		kecamatan, category, title, chronology, submitted_at)
	VALUES (new_id, tracking_no, crypt(access_code, gen_salt('bf', 8)),
		submit_complaint.external_ref, submit_complaint.submission_token,
		btrim(reporter_name), reporter_nik, phone, nullif(btrim(reporter_email), ''),
		btrim(reporter_address), coalesce(confidential, false),
		btrim(kecamatan), btrim(category), btrim(title), btrim(chronology), received);

	complaint_id := new_id;
END
$$;

COMMENT ON FUNCTION masbup.submit_complaint(text, text, text, text, text, text, text, text, text, boolean, uuid, text, timestamptz)
	IS 'creates a complaint and returns its tracking number and one-time access code';

/* ------------------------------------------------------------------------
 * Actions on a complaint
 * ------------------------------------------------------------------------ */

/*
 * Apply one action for an actor that the caller has resolved: lock the
 * complaint, check the transition, the role, the agency and the required
 * fields, then update the row (the triggers write the audit log).
 */
CREATE FUNCTION masbup.apply_action(p_complaint_id bigint, p_action text,
	p_role text, p_staff_id bigint, p_note text, p_target_opd text,
	p_at timestamptz)
RETURNS masbup.complaint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	c masbup.complaint;
	t record;
	staff_opd integer;
	target_opd_id integer;
BEGIN
	SELECT * INTO c FROM masbup.complaint WHERE complaint_id = p_complaint_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'complaint % does not exist', p_complaint_id
			USING ERRCODE = 'MB006',
				HINT = 'Look the complaint up by tracking number in masbup.complaint_status.';
	END IF;

	t := masbup.check_transition(c.tracking_no, c.state, p_action, p_role);

	IF p_role = 'admin_opd' THEN
		SELECT opd_id INTO staff_opd FROM masbup.staff WHERE staff_id = p_staff_id;
		IF c.opd_id IS DISTINCT FROM staff_opd THEN
			RAISE EXCEPTION 'complaint % is assigned to agency %, not to agency %',
				c.tracking_no,
				coalesce((SELECT code FROM masbup.opd WHERE opd_id = c.opd_id), '(none)'),
				coalesce((SELECT code FROM masbup.opd WHERE opd_id = staff_opd), '(none)')
				USING ERRCODE = 'MB003',
					HINT = 'Only an admin of the agency that holds the complaint may act on it.';
		END IF;
	END IF;

	IF t.requires_note AND coalesce(btrim(p_note), '') = '' THEN
		RAISE EXCEPTION 'action % on complaint % requires a reason', p_action, c.tracking_no
			USING ERRCODE = 'MB004',
				HINT = 'Write the reason or the result of the follow-up in the note.';
	END IF;

	IF t.requires_opd THEN
		IF p_target_opd IS NULL THEN
			RAISE EXCEPTION 'action % on complaint % requires a target agency', p_action, c.tracking_no
				USING ERRCODE = 'MB005',
					HINT = 'Pass the code of the agency, as listed in masbup.opd.';
		END IF;
		SELECT opd_id INTO target_opd_id FROM masbup.opd WHERE code = upper(btrim(p_target_opd)) AND is_active;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'agency "%" does not exist', p_target_opd
				USING ERRCODE = 'MB005',
					HINT = 'Use an active agency code from masbup.opd, such as DPUPR.';
		END IF;
	ELSIF p_target_opd IS NOT NULL THEN
		RAISE EXCEPTION 'action % takes no target agency', p_action
			USING ERRCODE = 'MB005',
				HINT = 'Only forward_to_opd names an agency; leave the target empty.';
	END IF;

	UPDATE masbup.complaint
	SET state = t.to_state,
		opd_id = coalesce(target_opd_id, opd_id),
		event_count = event_count + 1,
		last_event_at = coalesce(p_at, now()),
		last_action = p_action,
		last_actor_role = p_role,
		last_staff_id = p_staff_id,
		last_note = nullif(btrim(p_note), '')
	WHERE complaint_id = p_complaint_id
	RETURNING * INTO c;

	RETURN c;
END
$$;

REVOKE ALL ON FUNCTION masbup.apply_action(bigint, text, text, bigint, text, text, timestamptz) FROM PUBLIC;

/*
 * The one door for staff: perform an action on a complaint as the staff
 * member mapped to the calling database user. The import role may act as
 * any staff member (as_staff), as the reporter, and at an explicit time.
 */
CREATE FUNCTION masbup.perform(complaint_id bigint, action text,
	note text DEFAULT NULL, target_opd text DEFAULT NULL,
	at timestamptz DEFAULT NULL, as_staff text DEFAULT NULL)
RETURNS TABLE (tracking_no text, state text, event_seq integer)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	caller name := masbup.acting_user();
	is_import boolean := pg_has_role(masbup.acting_user(), 'masbup_import', 'MEMBER');
	actor masbup.staff;
	actor_role text;
	c masbup.complaint;
BEGIN
	IF (perform.at IS NOT NULL OR perform.as_staff IS NOT NULL) AND NOT is_import THEN
		RAISE EXCEPTION 'only masbup_import may set the event time or act as another staff member'
			USING ERRCODE = 'MB009',
				HINT = 'Leave "at" and "as_staff" empty; the action happens now, by you.';
	END IF;

	IF perform.as_staff IS NOT NULL THEN
		SELECT * INTO actor FROM masbup.staff s WHERE s.username = perform.as_staff;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'staff member "%" does not exist', perform.as_staff
				USING ERRCODE = 'MB008';
		END IF;
		actor_role := actor.role;
	ELSIF is_import AND (SELECT t.actor_role FROM masbup.transition t WHERE t.action = perform.action) = 'reporter' THEN
		actor_role := 'reporter';
	ELSE
		SELECT * INTO actor FROM masbup.staff s WHERE s.db_user = caller;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'no staff member is mapped to database user "%"', caller
				USING ERRCODE = 'MB008',
					HINT = 'The regency admin sets masbup.staff.db_user for each staff member who works from psql.';
		END IF;
		actor_role := actor.role;
	END IF;

	IF actor.staff_id IS NOT NULL AND NOT actor.is_active THEN
		RAISE EXCEPTION 'staff member "%" is deactivated', actor.username
			USING ERRCODE = 'MB008';
	END IF;

	c := masbup.apply_action(perform.complaint_id, perform.action, actor_role,
		actor.staff_id, perform.note, perform.target_opd, perform.at);

	tracking_no := c.tracking_no;
	state := c.state;
	event_seq := c.event_count;
	RETURN NEXT;
END
$$;

COMMENT ON FUNCTION masbup.perform(bigint, text, text, text, timestamptz, text)
	IS 'performs an action on a complaint as the staff member mapped to the calling user';

/* Look a complaint up by tracking number and access code; NULL when they do not match. */
CREATE FUNCTION masbup.find_reporter_complaint(p_tracking_no text, p_access_code text)
RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, masbup, public, pg_temp
AS $$
	SELECT c.complaint_id
	FROM masbup.complaint c
	WHERE c.tracking_no = upper(btrim(p_tracking_no))
		AND c.access_code_hash = crypt(upper(btrim(p_access_code)), c.access_code_hash)
$$;

REVOKE ALL ON FUNCTION masbup.find_reporter_complaint(text, text) FROM PUBLIC;

/* The reporter acknowledges the answer, which closes the complaint. */
CREATE FUNCTION masbup.acknowledge(tracking_no text, access_code text, note text DEFAULT NULL)
RETURNS TABLE (state text, event_seq integer)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	found_id bigint := masbup.find_reporter_complaint(acknowledge.tracking_no, acknowledge.access_code);
	c masbup.complaint;
BEGIN
	IF found_id IS NULL THEN
		RAISE EXCEPTION 'tracking number or access code is wrong'
			USING ERRCODE = 'MB012',
				HINT = 'Both are on the receipt shown when the complaint was submitted.';
	END IF;

	c := masbup.apply_action(found_id, 'acknowledge', 'reporter', NULL, acknowledge.note, NULL, NULL);
	state := c.state;
	event_seq := c.event_count;
	RETURN NEXT;
END
$$;

COMMENT ON FUNCTION masbup.acknowledge(text, text, text) IS 'the reporter confirms that the answer arrived, which closes the complaint';

/* What the reporter sees: the status and the timeline of audited events. */
CREATE FUNCTION masbup.track(tracking_no text, access_code text)
RETURNS TABLE (seq integer, at timestamptz, action text, action_label text,
	state text, state_label text, opd_name text, note text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	found_id bigint := masbup.find_reporter_complaint(track.tracking_no, track.access_code);
BEGIN
	IF found_id IS NULL THEN
		RAISE EXCEPTION 'tracking number or access code is wrong'
			USING ERRCODE = 'MB012',
				HINT = 'Both are on the receipt shown when the complaint was submitted.';
	END IF;

	-- Internal notes between desks stay internal; the reporter sees the
	-- notes that were written for them: the answer and a rejection reason.
	RETURN QUERY
	SELECT e.seq, e.at, e.action, a.label_id, e.to_state, s.label_id, o.name,
		CASE WHEN e.action IN ('report_follow_up', 'close_out_of_scope', 'acknowledge')
			THEN e.note END
	FROM masbup.complaint_event e
	JOIN masbup.action a ON a.action = e.action
	JOIN masbup.state s ON s.state = e.to_state
	LEFT JOIN masbup.opd o ON o.opd_id = e.opd_id
	WHERE e.complaint_id = found_id
	ORDER BY e.seq;
END
$$;

COMMENT ON FUNCTION masbup.track(text, text) IS 'the timeline of a complaint for its reporter, found by tracking number and access code';

/* The actions a role may perform on a complaint now, with what each requires. */
CREATE FUNCTION masbup.allowed_actions(complaint_id bigint, role text DEFAULT NULL)
RETURNS TABLE (action text, label_id text, actor_role text, to_state text,
	requires_note boolean, requires_opd boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT t.action, a.label_id, t.actor_role, t.to_state, t.requires_note, t.requires_opd
	FROM masbup.complaint c
	JOIN masbup.transition t ON c.state = ANY (t.from_states)
	JOIN masbup.action a ON a.action = t.action
	WHERE c.complaint_id = allowed_actions.complaint_id
		AND (allowed_actions.role IS NULL OR t.actor_role = allowed_actions.role)
	ORDER BY a.action
$$;

COMMENT ON FUNCTION masbup.allowed_actions(bigint, text) IS 'actions allowed on a complaint in its current state, for one role or for all';

/*
 * Return the username of a staff member for a role and agency, creating
 * one when none exists yet. For importing history from another system.
 */
CREATE FUNCTION masbup.import_staff(role text, opd_code text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	found_opd integer;
	found_username text;
BEGIN
	IF NOT pg_has_role(masbup.acting_user(), 'masbup_import', 'MEMBER') THEN
		RAISE EXCEPTION 'only masbup_import may create staff members for an import'
			USING ERRCODE = '42501';
	END IF;
	IF import_staff.role NOT IN ('admin_pemkab', 'admin_kominfo', 'admin_opd') THEN
		RAISE EXCEPTION 'invalid staff role "%"', import_staff.role
			USING ERRCODE = '22023',
				HINT = 'Use admin_pemkab, admin_kominfo or admin_opd.';
	END IF;
	IF (import_staff.role = 'admin_opd') <> (opd_code IS NOT NULL AND opd_code <> '') THEN
		RAISE EXCEPTION 'role % with agency "%": only admin_opd belongs to an agency', import_staff.role, opd_code
			USING ERRCODE = '22023';
	END IF;

	IF import_staff.role = 'admin_opd' THEN
		SELECT opd_id INTO found_opd FROM masbup.opd WHERE code = upper(btrim(opd_code));
		IF NOT FOUND THEN
			RAISE EXCEPTION 'agency "%" does not exist', opd_code
				USING ERRCODE = 'MB005',
					HINT = 'Use an agency code from masbup.opd, such as DPUPR.';
		END IF;
	END IF;

	SELECT s.username INTO found_username
	FROM masbup.staff s
	WHERE s.role = import_staff.role AND s.opd_id IS NOT DISTINCT FROM found_opd
	ORDER BY s.staff_id
	LIMIT 1;
	IF FOUND THEN
		RETURN found_username;
	END IF;

	found_username := 'import.' || replace(lower(coalesce(opd_code, import_staff.role)), '_', '-');
	INSERT INTO masbup.staff (username, full_name, role, opd_id)
	VALUES (found_username, 'Imported ' || import_staff.role
		|| coalesce(' ' || upper(opd_code), ''), import_staff.role, found_opd);
	RETURN found_username;
END
$$;

REVOKE ALL ON FUNCTION masbup.import_staff(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION masbup.import_staff(text, text) TO masbup_import;

COMMENT ON FUNCTION masbup.import_staff(text, text) IS 'a staff member of the role and agency for an import, created when none exists';

/* ------------------------------------------------------------------------
 * Reporting views
 * ------------------------------------------------------------------------ */

CREATE VIEW masbup.complaint_status AS
SELECT c.complaint_id, c.tracking_no, c.external_ref, c.state,
	s.label_id AS state_label, o.code AS opd_code, o.name AS opd_name,
	c.kecamatan, c.category, c.title,
	c.submitted_at, c.target_at, c.due_at, c.answered_at, c.closed_at,
	CASE
		WHEN c.state = 'rejected' THEN 'rejected'
		WHEN c.answered_at IS NOT NULL AND c.answered_at <= c.due_at THEN 'met'
		WHEN c.answered_at IS NOT NULL THEN 'late'
		WHEN now() > c.due_at THEN 'overdue'
		ELSE 'open'
	END AS standard,
	c.last_event_at
FROM masbup.complaint c
JOIN masbup.state s ON s.state = c.state
LEFT JOIN masbup.opd o ON o.opd_id = c.opd_id;

COMMENT ON VIEW masbup.complaint_status IS 'Each complaint with its state, agency, deadlines and whether the 5-working-day standard was met (met, late), is missed now (overdue), still open, or rejected';

/* The queue of each desk: complaints waiting for an action of that role, earliest due first. */
CREATE VIEW masbup.desk_queue AS
SELECT DISTINCT ON (t.actor_role, c.complaint_id)
	t.actor_role AS role, c.opd_id, o.code AS opd_code, c.complaint_id,
	c.tracking_no, c.state, s.label_id AS state_label, c.title,
	c.submitted_at, c.target_at, c.due_at, c.last_event_at,
	now() > c.due_at AS is_overdue
FROM masbup.complaint c
JOIN masbup.transition t ON c.state = ANY (t.from_states)
JOIN masbup.state s ON s.state = c.state
LEFT JOIN masbup.opd o ON o.opd_id = c.opd_id
WHERE t.actor_role <> 'reporter';

COMMENT ON VIEW masbup.desk_queue IS 'Complaints waiting at each staff desk; an agency admin''s rows are those with that agency''s opd_id';

/* ------------------------------------------------------------------------
 * Backups
 *
 * pg_dump keeps the rows of the extension's configuration tables that users
 * added or changed. Rows that the install script puts into those tables have
 * origin = 'extension' and are not dumped, because CREATE EXTENSION creates
 * them again on restore. Triggers keep that true as users edit:
 * - changing an installed row marks it 'extension_changed', so it is dumped,
 *   and on restore it replaces the reinstalled row instead of colliding with
 *   its primary key;
 * - deleting an installed row records its key in masbup.builtin_row_removed,
 *   which is dumped too, and restoring that record deletes the reinstalled
 *   row again.
 * ------------------------------------------------------------------------ */

-- pg_dump writes the data of extension tables in name order within a
-- schema (after foreign-key order), so this table's name sorts before the
-- calendar tables: on restore an installed row is deleted again before user
-- rows that would overlap it arrive.
CREATE TABLE masbup.builtin_row_removed (
	table_name	text NOT NULL,
	row_key		jsonb NOT NULL,
	removed_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (table_name, row_key)
);

COMMENT ON TABLE masbup.builtin_row_removed IS 'Keys of rows that the install script created and a user deleted, so that a restored database deletes them again';

/* The primary-key columns of a masbup table, in key order. */
CREATE FUNCTION masbup.primary_key_columns(table_name text)
RETURNS text[]
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT array_agg(a.attname::text ORDER BY k.n)
	FROM pg_index i
	CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k (attnum, n)
	JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
	WHERE i.indrelid = ('masbup.' || quote_ident(table_name))::regclass AND i.indisprimary
$$;

/* The primary key of a row as a JSON object. */
CREATE FUNCTION masbup.row_key(table_name text, row_value jsonb)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT jsonb_object_agg(c, row_value -> c)
	FROM unnest(masbup.primary_key_columns(table_name)) AS c
$$;

CREATE FUNCTION masbup.track_builtin_rows()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	key_columns text[] := masbup.primary_key_columns(TG_TABLE_NAME);
	old_key jsonb;
	new_key jsonb;
	all_columns text;
	key_match text;
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF OLD.origin <> 'user' THEN
			INSERT INTO masbup.builtin_row_removed (table_name, row_key)
			VALUES (TG_TABLE_NAME, masbup.row_key(TG_TABLE_NAME, to_jsonb(OLD)))
			ON CONFLICT DO NOTHING;
		END IF;
		RETURN OLD;
	END IF;

	new_key := masbup.row_key(TG_TABLE_NAME, to_jsonb(NEW));

	IF TG_OP = 'UPDATE' THEN
		IF OLD.origin = 'user' OR (to_jsonb(NEW) - 'origin') = (to_jsonb(OLD) - 'origin') THEN
			RETURN NEW;
		END IF;
		old_key := masbup.row_key(TG_TABLE_NAME, to_jsonb(OLD));
		IF old_key = new_key THEN
			NEW.origin := 'extension_changed';
		ELSE
			-- A changed key is a deletion of the installed row plus a new row.
			INSERT INTO masbup.builtin_row_removed (table_name, row_key)
			VALUES (TG_TABLE_NAME, old_key)
			ON CONFLICT DO NOTHING;
			NEW.origin := 'user';
		END IF;
		RETURN NEW;
	END IF;

	-- INSERT: re-adding a deleted installed row makes it a changed one again.
	DELETE FROM masbup.builtin_row_removed r
	WHERE r.table_name = TG_TABLE_NAME AND r.row_key = new_key;
	IF FOUND THEN
		NEW.origin := 'extension_changed';
	END IF;

	-- On restore, a changed installed row replaces the one CREATE EXTENSION made.
	IF NEW.origin = 'extension_changed' THEN
		SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
		INTO all_columns
		FROM pg_attribute a
		WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped;
		SELECT string_agg(format('t.%1$I = r.%1$I', c), ' AND ')
		INTO key_match
		FROM unnest(key_columns) AS c;

		EXECUTE format('UPDATE %I.%I AS t SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::%I.%I, $1) AS r) '
			'FROM jsonb_populate_record(NULL::%I.%I, $1) AS r WHERE %s AND t.origin = ''extension''',
			TG_TABLE_SCHEMA, TG_TABLE_NAME, all_columns, all_columns,
			TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_TABLE_SCHEMA, TG_TABLE_NAME, key_match)
		USING to_jsonb(NEW);
		IF FOUND THEN
			RETURN NULL;
		END IF;
	END IF;
	RETURN NEW;
END
$$;

/* Restoring the record of a deleted installed row deletes that row again. */
CREATE FUNCTION masbup.apply_builtin_row_removed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	key_match text;
BEGIN
	-- Deeper calls come from track_builtin_rows() while it deletes the row.
	IF pg_trigger_depth() > 1 THEN
		RETURN NULL;
	END IF;
	SELECT string_agg(format('t.%1$I = r.%1$I', c), ' AND ')
	INTO key_match
	FROM unnest(masbup.primary_key_columns(NEW.table_name)) AS c;
	EXECUTE format('DELETE FROM masbup.%I AS t USING jsonb_populate_record(NULL::masbup.%I, $1) AS r '
		'WHERE %s AND t.origin = ''extension''', NEW.table_name, NEW.table_name, key_match)
	USING NEW.row_key;
	RETURN NULL;
END
$$;

CREATE TRIGGER builtin_row_removed_apply
	AFTER INSERT ON masbup.builtin_row_removed
	FOR EACH ROW EXECUTE FUNCTION masbup.apply_builtin_row_removed();
ALTER TABLE masbup.builtin_row_removed ENABLE ALWAYS TRIGGER builtin_row_removed_apply;

DO $$
DECLARE
	config_table text;
BEGIN
	FOREACH config_table IN ARRAY ARRAY['setting', 'calendar', 'calendar_hours',
		'calendar_holiday', 'opd', 'workflow_role', 'state', 'action', 'transition']
	LOOP
		EXECUTE format('ALTER TABLE masbup.%I ADD COLUMN origin text NOT NULL DEFAULT ''user'' '
			'CHECK (origin IN (''extension'', ''extension_changed'', ''user''))', config_table);
		EXECUTE format('COMMENT ON COLUMN masbup.%I.origin IS %L', config_table,
			'extension: installed by CREATE EXTENSION and unchanged (not dumped); extension_changed: installed, then changed; user: added by a user');
		EXECUTE format('UPDATE masbup.%I SET origin = ''extension''', config_table);
		EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON masbup.%I '
			'FOR EACH ROW EXECUTE FUNCTION masbup.track_builtin_rows()',
			config_table || '_track_builtin', config_table);
		EXECUTE format('ALTER TABLE masbup.%I ENABLE ALWAYS TRIGGER %I',
			config_table, config_table || '_track_builtin');
		PERFORM pg_catalog.pg_extension_config_dump(('masbup.' || config_table)::regclass,
			'WHERE origin <> ''extension''');
	END LOOP;
END
$$;

SELECT pg_catalog.pg_extension_config_dump('masbup.calendar_override', '');
SELECT pg_catalog.pg_extension_config_dump('masbup.calendar_override_hours', '');
SELECT pg_catalog.pg_extension_config_dump('masbup.builtin_row_removed', '');
SELECT pg_catalog.pg_extension_config_dump('masbup.staff', '');
SELECT pg_catalog.pg_extension_config_dump('masbup.complaint', '');
SELECT pg_catalog.pg_extension_config_dump('masbup.complaint_event', '');
SELECT pg_catalog.pg_extension_config_dump('masbup.outbox', '');
SELECT pg_catalog.pg_extension_config_dump('masbup.opd_opd_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('masbup.staff_staff_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('masbup.complaint_complaint_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('masbup.outbox_outbox_id_seq', '');
