/*
 * forms.c
 *	  Field tables of the pages (name, validator, maximum length in bytes,
 *	  required) and the complaint categories.
 *
 * Lengths are in bytes after decoding. Text limits are four times the
 * character limits that masbup.check_submission() applies, so that any
 * UTF-8 text the database accepts fits; the database checks the characters.
 */
#include <stddef.h>

#include "forms.h"

#define TABLE(fields) { fields, sizeof(fields) / sizeof((fields)[0]) }

static const char *const languages[] = {"id", "en", NULL};
static const char *const confidential_choices[] = {"1", NULL};
static const char *const confirmed_choices[] = {"1", NULL};

/*
 * The categories used by the complaints in data/sample/sample_complaints.csv,
 * alphabetical, with "Lainnya" (other) last.
 */
const char *const form_categories[] = {
	"Administrasi kependudukan",
	"Air bersih",
	"Bantuan sosial",
	"Drainase dan banjir",
	"Informasi dan komunikasi",
	"Infrastruktur jalan",
	"Kebersihan dan sampah",
	"Lingkungan hidup",
	"Pelayanan kecamatan",
	"Pelayanan kesehatan",
	"Pendidikan",
	"Penerangan jalan umum",
	"Pengaduan aparatur",
	"Perhubungan",
	"Perizinan",
	"Pungutan liar",
	"Lainnya",
	NULL
};

/* Fields that several tables share. */
#define LANG_FIELD {"lang", REQ_ENUM, 2, false, languages}
#define CSRF_FIELD {"csrf", REQ_TOKEN, REQ_TOKEN_HEX_LEN, true, NULL}

static const req_field query_lang_fields[] = {
	LANG_FIELD,
};

/* complaint_id is a bigint: 18 digits always fit. */
static const req_field query_complaint_fields[] = {
	{"id", REQ_ID, 18, true, NULL},
	LANG_FIELD,
};

/* v is the complaint's event count the page must show at least: 9 digits stay below 2^31. */
static const req_field query_track_status_fields[] = {
	{"v", REQ_DIGITS, 9, false, NULL},
	{"konfirmasi", REQ_ENUM, 1, false, confirmed_choices},
	LANG_FIELD,
};

static const req_field query_list_fields[] = {
	{"status", REQ_IDENT, 63, false, NULL},
	{"opd", REQ_CODE, 40, false, NULL},
	{"dari", REQ_DATE, 10, false, NULL},
	{"sampai", REQ_DATE, 10, false, NULL},
	LANG_FIELD,
};

static const req_field submit_fields[] = {
	{"nama", REQ_LINE, 400, true, NULL},
	{"nik", REQ_NIK, 16, true, NULL},
	{"telepon", REQ_PHONE, 20, true, NULL},
	{"email", REQ_EMAIL, 254, false, NULL},
	{"alamat", REQ_LINE, 1200, true, NULL},
	{"kecamatan", REQ_LINE, 100, true, NULL},
	{"kategori", REQ_ENUM, 100, true, form_categories},
	{"judul", REQ_LINE, 800, true, NULL},
	{"kronologi", REQ_TEXT, 40000, true, NULL},
	{"rahasia", REQ_ENUM, 1, false, confidential_choices},
	{"token", REQ_UUID, 36, true, NULL},
	CSRF_FIELD,
};

static const req_field track_fields[] = {
	{"no", REQ_CODE, 40, true, NULL},
	{"kode", REQ_CODE, 40, true, NULL},
	CSRF_FIELD,
};

static const req_field acknowledge_fields[] = {
	{"catatan", REQ_TEXT, 4000, false, NULL},
	CSRF_FIELD,
};

static const req_field login_fields[] = {
	{"username", REQ_LINE, 200, true, NULL},
	{"password", REQ_LINE, 1000, true, NULL},
	CSRF_FIELD,
};

static const req_field logout_fields[] = {
	CSRF_FIELD,
};

/* versi is an integer event count: 9 digits stay below 2^31. */
static const req_field action_fields[] = {
	{"id", REQ_ID, 18, true, NULL},
	{"aksi", REQ_IDENT, 63, true, NULL},
	{"versi", REQ_DIGITS, 9, true, NULL},
	{"catatan", REQ_TEXT, 40000, false, NULL},
	{"opd", REQ_CODE, 40, false, NULL},
	CSRF_FIELD,
};

const req_table form_query_lang = TABLE(query_lang_fields);
const req_table form_query_complaint = TABLE(query_complaint_fields);
const req_table form_query_list = TABLE(query_list_fields);
const req_table form_query_track_status = TABLE(query_track_status_fields);
const req_table form_submit = TABLE(submit_fields);
const req_table form_track = TABLE(track_fields);
const req_table form_acknowledge = TABLE(acknowledge_fields);
const req_table form_login = TABLE(login_fields);
const req_table form_logout = TABLE(logout_fields);
const req_table form_action = TABLE(action_fields);
