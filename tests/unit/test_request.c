/*
 * test_request.c
 *	  cmocka tests of the web front-end's request parser: form decoding
 *	  against the real field tables, each validator's edges, and cookies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "forms.h"
#include "request.h"

#define TOKEN64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* ------------------------------------------------------------------------
 * Forms
 * ------------------------------------------------------------------------ */

typedef struct form_case
{
	const char *name;
	const req_table *table;
	const char *input;
	req_status expected;
	const char *error_field;	/* expected field at fault, or NULL */
} form_case;

static const form_case form_cases[] = {
	/* valid input */
	{"track form", &form_track, "no=MB-2026-000001&kode=ABCD2345&csrf=" TOKEN64, REQ_OK, NULL},
	{"fields in any order", &form_track, "csrf=" TOKEN64 "&kode=ABCD2345&no=MB-2026-000001", REQ_OK, NULL},
	{"empty query", &form_query_lang, "", REQ_OK, NULL},
	{"lang en", &form_query_lang, "lang=en", REQ_OK, NULL},
	{"empty segments skipped", &form_query_lang, "&&lang=id&", REQ_OK, NULL},
	{"only ampersands", &form_query_lang, "&&&", REQ_OK, NULL},
	{"optional empty value", &form_query_list, "status=&opd=&dari=&sampai=", REQ_OK, NULL},
	{"name without equals", &form_query_list, "status", REQ_OK, NULL},
	{"encoded name", &form_track, "%6Eo=A&kode=B&c%73rf=" TOKEN64, REQ_OK, NULL},
	{"plus in code", &form_track, "no=MB+2026&kode=AB+CD&csrf=" TOKEN64, REQ_OK, NULL},
	{"action form", &form_action, "id=12&aksi=forward_to_opd&versi=2&opd=DPUPR&catatan=Mohon%0D%0Acek&csrf=" TOKEN64, REQ_OK, NULL},
	{"list filters", &form_query_list, "status=at_opd&opd=dpupr&dari=2026-01-01&sampai=2026-12-31&lang=en", REQ_OK, NULL},
	{"utf-8 in note", &form_acknowledge, "catatan=Terima+kasih+%E2%80%93+%F0%9F%99%8F&csrf=" TOKEN64, REQ_OK, NULL},

	/* malformed percent-encoding and NUL */
	{"lone percent", &form_track, "no=%&kode=B&csrf=" TOKEN64, REQ_ERR_BAD_ESCAPE, "no"},
	{"truncated escape at end", &form_track, "kode=B&csrf=" TOKEN64 "&no=%4", REQ_ERR_BAD_ESCAPE, "no"},
	{"non-hex escape", &form_track, "no=%zz&kode=B&csrf=" TOKEN64, REQ_ERR_BAD_ESCAPE, "no"},
	{"second digit not hex", &form_track, "no=%4g&kode=B&csrf=" TOKEN64, REQ_ERR_BAD_ESCAPE, "no"},
	{"first digit not hex", &form_track, "no=%g4&kode=B&csrf=" TOKEN64, REQ_ERR_BAD_ESCAPE, "no"},
	{"double percent", &form_track, "no=%%41&kode=B&csrf=" TOKEN64, REQ_ERR_BAD_ESCAPE, "no"},
	{"bad escape in name", &form_track, "n%o=A", REQ_ERR_BAD_ESCAPE, NULL},
	{"encoded NUL", &form_track, "no=MB%00&kode=B&csrf=" TOKEN64, REQ_ERR_NUL, "no"},
	{"encoded NUL in name", &form_track, "no%00=A", REQ_ERR_NUL, NULL},
	{"escape error wins over later fields", &form_track, "no=%zz&debug=1", REQ_ERR_BAD_ESCAPE, "no"},

	/* names */
	{"unknown field", &form_track, "no=A&kode=B&debug=1&csrf=" TOKEN64, REQ_ERR_UNKNOWN_FIELD, NULL},
	{"empty name", &form_track, "=A", REQ_ERR_UNKNOWN_FIELD, NULL},
	{"name case matters", &form_track, "NO=A&kode=B&csrf=" TOKEN64, REQ_ERR_UNKNOWN_FIELD, NULL},
	{"utm parameter on a page", &form_query_lang, "utm_source=x", REQ_ERR_UNKNOWN_FIELD, NULL},
	{"duplicate field", &form_track, "no=A&no=B&kode=C&csrf=" TOKEN64, REQ_ERR_DUPLICATE, "no"},
	{"duplicate empty field", &form_query_list, "status=&status=", REQ_ERR_DUPLICATE, "status"},
	{"duplicate through encoding", &form_track, "no=A&%6eo=B", REQ_ERR_DUPLICATE, "no"},

	/* required, length and validators */
	{"missing required", &form_track, "no=A&csrf=" TOKEN64, REQ_ERR_MISSING, "kode"},
	{"empty required", &form_track, "no=A&kode=&csrf=" TOKEN64, REQ_ERR_MISSING, "kode"},
	{"missing csrf", &form_logout, "", REQ_ERR_MISSING, "csrf"},
	{"first failing field by table order", &form_track, "kode=&no=", REQ_ERR_MISSING, "no"},
	{"field over its max", &form_query_list, "opd=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", REQ_ERR_TOO_LONG, "opd"},
	{"length counted after decoding", &form_query_list, "dari=%32%30%32%36-%30%31-%30%31", REQ_OK, NULL},
	{"invalid enum", &form_query_lang, "lang=fr", REQ_ERR_INVALID, "lang"},
	{"enum is case-sensitive", &form_query_lang, "lang=EN", REQ_ERR_INVALID, "lang"},
	{"invalid date", &form_query_list, "dari=2026-02-30", REQ_ERR_INVALID, "dari"},
	{"invalid id", &form_action, "id=0&aksi=accept&versi=1&csrf=" TOKEN64, REQ_ERR_INVALID, "id"},
	{"upper-case csrf", &form_logout, "csrf=0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", REQ_ERR_INVALID, "csrf"},
	{"control character in line", &form_login, "username=a%09b&password=x&csrf=" TOKEN64, REQ_ERR_INVALID, "username"},
	{"newline in line", &form_login, "username=a%0Ab&password=x&csrf=" TOKEN64, REQ_ERR_INVALID, "username"},
	{"acknowledge form: no tracking number any more", &form_acknowledge, "no=A&catatan=x&csrf=" TOKEN64, REQ_ERR_UNKNOWN_FIELD, NULL},
	{"track status: version and thanks", &form_query_track_status, "v=8&konfirmasi=1&lang=en", REQ_OK, NULL},
	{"track status: version not a number", &form_query_track_status, "v=8a", REQ_ERR_INVALID, "v"},
	{"track status: version of 10 digits", &form_query_track_status, "v=1234567890", REQ_ERR_TOO_LONG, "v"},
	{"track status: konfirmasi other than 1", &form_query_track_status, "konfirmasi=0", REQ_ERR_INVALID, "konfirmasi"},
	{"invalid utf-8 in text", &form_acknowledge, "catatan=%C3%28&csrf=" TOKEN64, REQ_ERR_INVALID, "catatan"},
	{"code with underscore", &form_track, "no=MB_1&kode=B&csrf=" TOKEN64, REQ_ERR_INVALID, "no"},
	{"complaint form without token", &form_submit,
		"nama=Sri&nik=3506155708870002&telepon=081234500101&alamat=Dusun+Krajan&kecamatan=Pare"
		"&kategori=Lainnya&judul=Jalan+rusak+parah&kronologi=Panjang&csrf=" TOKEN64,
	REQ_ERR_MISSING, "token"},
	{"complaint form with unknown category", &form_submit,
		"nama=Sri&nik=3506155708870002&telepon=081234500101&alamat=Dusun+Krajan&kecamatan=Pare"
		"&kategori=Hiburan&judul=Jalan+rusak+parah&kronologi=Panjang"
		"&token=123e4567-e89b-42d3-a456-426614174000&csrf=" TOKEN64,
	REQ_ERR_INVALID, "kategori"},
	{"complaint form valid", &form_submit,
		"nama=Sri+Wahyuningsih&nik=3506155708870002&telepon=%2B62+812-3450-0101&email=sri%40contoh.id"
		"&alamat=Dusun+Krajan&kecamatan=Kayen+Kidul&kategori=Air+bersih&judul=Air+PDAM+mati"
		"&kronologi=Sejak+Senin%0D%0Aair+mati&rahasia=1&token=123e4567-e89b-42d3-a456-426614174000&csrf=" TOKEN64,
	REQ_OK, NULL},
};

static void
test_req_parse_cases(void **state)
{
	(void) state;
	for (size_t i = 0; i < sizeof(form_cases) / sizeof(form_cases[0]); i++)
	{
		const form_case *c = &form_cases[i];
		req_form	form;
		const char *field;

		req_parse(&form, *c->table, c->input, strlen(c->input));
		field = req_error_field_name(&form);
		if (form.status != c->expected)
			fail_msg("case \"%s\": status %s, expected %s", c->name,
					 req_status_name(form.status), req_status_name(c->expected));
		if ((field == NULL) != (c->error_field == NULL) ||
			(field != NULL && strcmp(field, c->error_field) != 0))
			fail_msg("case \"%s\": field at fault %s, expected %s", c->name,
					 field ? field : "(none)", c->error_field ? c->error_field : "(none)");
		req_form_free(&form);
	}
}

static void
test_req_parse_decodes_values(void **state)
{
	req_form	form;
	const char *input = "id=7&aksi=report_follow_up&versi=4&catatan=Jalan+sudah+%2B+%C3%A9%0D%0Aselesai&opd=&csrf=" TOKEN64;

	(void) state;
	assert_int_equal(req_parse(&form, form_action, input, strlen(input)), REQ_OK);
	assert_string_equal(req_get(&form, "id"), "7");
	assert_string_equal(req_get(&form, "aksi"), "report_follow_up");
	assert_string_equal(req_get(&form, "catatan"), "Jalan sudah + \xc3\xa9\r\nselesai");
	assert_null(req_get(&form, "opd"));
	assert_string_equal(req_get(&form, "csrf"), TOKEN64);
	req_form_free(&form);
}

static void
test_req_parse_plus_is_space(void **state)
{
	req_form	form;
	const char *input = "no=MB+2026&kode=A+B&csrf=" TOKEN64;

	(void) state;
	assert_int_equal(req_parse(&form, form_track, input, strlen(input)), REQ_OK);
	assert_string_equal(req_get(&form, "no"), "MB 2026");
	assert_string_equal(req_get(&form, "kode"), "A B");
	req_form_free(&form);
}

static void
test_req_get_hides_invalid_value(void **state)
{
	req_form	form;
	const char *input = "dari=2026-13-01&sampai=2026-12-31";

	(void) state;
	assert_int_equal(req_parse(&form, form_query_list, input, strlen(input)), REQ_ERR_INVALID);
	assert_null(req_get(&form, "dari"));
	assert_string_equal(req_raw(&form, "dari"), "2026-13-01");
	assert_string_equal(req_get(&form, "sampai"), "2026-12-31");
	req_form_free(&form);
}

static void
test_req_reject_drops_all_values(void **state)
{
	req_form	form;
	const char *input = "no=A&kode=B&kode=C";

	(void) state;
	assert_int_equal(req_parse(&form, form_track, input, strlen(input)), REQ_ERR_DUPLICATE);
	assert_true(req_status_rejects_input(form.status));
	assert_null(req_raw(&form, "no"));
	assert_null(req_raw(&form, "kode"));
	req_form_free(&form);
}

static void
test_req_raw_nul_byte(void **state)
{
	req_form	form;
	static const char input[] = "no=A\0B&kode=B&csrf=" TOKEN64;

	(void) state;
	assert_int_equal(req_parse(&form, form_track, input, sizeof(input) - 1), REQ_ERR_NUL);
	assert_string_equal(req_error_field_name(&form), "no");
	req_form_free(&form);
}

static void
test_req_input_size_limit(void **state)
{
	req_form	form;
	char	   *input = malloc(REQ_MAX_INPUT + 2);

	(void) state;
	assert_non_null(input);
	memset(input, '&', REQ_MAX_INPUT + 1);
	input[REQ_MAX_INPUT + 1] = '\0';

	assert_int_equal(req_parse(&form, form_query_lang, input, REQ_MAX_INPUT), REQ_OK);
	req_form_free(&form);
	assert_int_equal(req_parse(&form, form_query_lang, input, REQ_MAX_INPUT + 1), REQ_ERR_TOO_LARGE);
	assert_true(req_status_rejects_input(form.status));
	req_form_free(&form);
	free(input);
}

static void
test_req_field_max_length_edge(void **state)
{
	req_form	form;
	char		input[64];

	(void) state;
	/* opd allows 40 bytes. */
	snprintf(input, sizeof(input), "opd=%.40s", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	assert_int_equal(req_parse(&form, form_query_list, input, strlen(input)), REQ_OK);
	req_form_free(&form);
	snprintf(input, sizeof(input), "opd=%.41s", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	assert_int_equal(req_parse(&form, form_query_list, input, strlen(input)), REQ_ERR_TOO_LONG);
	req_form_free(&form);
}

static void
test_req_null_input(void **state)
{
	req_form	form;

	(void) state;
	assert_int_equal(req_parse(&form, form_query_lang, NULL, 5), REQ_OK);
	assert_null(req_get(&form, "lang"));
	req_form_free(&form);
}

/* ------------------------------------------------------------------------
 * Validators
 * ------------------------------------------------------------------------ */

typedef struct validator_case
{
	req_validator validator;
	const char *value;
	bool		valid;
} validator_case;

static const char *const test_choices[] = {"id", "en", NULL};

static const validator_case validator_cases[] = {
	{REQ_DIGITS, "0", true},
	{REQ_DIGITS, "0042", true},
	{REQ_DIGITS, "-1", false},
	{REQ_DIGITS, "1 ", false},
	{REQ_DIGITS, "\xd9\xa1", false},	/* U+0661, Arabic-Indic digit one */

	{REQ_NIK, "3506155708870002", true},
	{REQ_NIK, "350615570887000", false},
	{REQ_NIK, "35061557088700021", false},
	{REQ_NIK, "3506 15570887000", false},
	{REQ_NIK, "350615570887000a", false},

	{REQ_PHONE, "081234567890", true},
	{REQ_PHONE, "+6281234567890", true},
	{REQ_PHONE, "(0354) 689-901", true},
	{REQ_PHONE, "0812.3456.789", true},
	{REQ_PHONE, "08123456", false},	/* 8 digits */
	{REQ_PHONE, "081234567", true}, /* 9 digits */
	{REQ_PHONE, "123456789012345", true},	/* 15 digits */
	{REQ_PHONE, "1234567890123456", false}, /* 16 digits */
	{REQ_PHONE, "0812+34567890", false},
	{REQ_PHONE, "++6281234567890", false},
	{REQ_PHONE, "0812/3456/7890", false},

	{REQ_EMAIL, "nama@contoh.id", true},
	{REQ_EMAIL, "a.b+c@sub.example.org", true},
	{REQ_EMAIL, "nama@contoh", false},
	{REQ_EMAIL, "nama@.id", false},
	{REQ_EMAIL, "nama@contoh.", false},
	{REQ_EMAIL, "@contoh.id", false},
	{REQ_EMAIL, "nama@@contoh.id", false},
	{REQ_EMAIL, "na ma@contoh.id", false},
	{REQ_EMAIL, "namacontoh.id", false},
	{REQ_EMAIL, "nama@contoh.id\t", false},

	{REQ_UUID, "123e4567-e89b-42d3-a456-426614174000", true},
	{REQ_UUID, "123E4567-E89B-42D3-A456-426614174000", true},
	{REQ_UUID, "123e4567e89b42d3a456426614174000", false},
	{REQ_UUID, "123e4567-e89b-42d3-a456-42661417400", false},
	{REQ_UUID, "123e4567-e89b-42d3-a456-4266141740000", false},
	{REQ_UUID, "123e4567-e89b-42d3-a456_426614174000", false},
	{REQ_UUID, "g23e4567-e89b-42d3-a456-426614174000", false},

	{REQ_DATE, "2026-01-05", true},
	{REQ_DATE, "2024-02-29", true},
	{REQ_DATE, "2000-02-29", true},
	{REQ_DATE, "1900-02-29", false},
	{REQ_DATE, "2026-02-29", false},
	{REQ_DATE, "2026-04-31", false},
	{REQ_DATE, "2026-12-31", true},
	{REQ_DATE, "2026-00-10", false},
	{REQ_DATE, "2026-13-10", false},
	{REQ_DATE, "2026-01-00", false},
	{REQ_DATE, "1899-12-31", false},
	{REQ_DATE, "1900-01-01", true},
	{REQ_DATE, "2999-12-31", true},
	{REQ_DATE, "3000-01-01", false},
	{REQ_DATE, "2026-1-05", false},
	{REQ_DATE, "2026/01/05", false},
	{REQ_DATE, "05-01-2026", false},
	{REQ_DATE, "2026-01-05T00:00", false},

	{REQ_LINE, "Sri Wahyuningsih", true},
	{REQ_LINE, "Ngadiluwih \xe2\x80\x93 Kediri", true},	/* en dash */
	{REQ_LINE, "\xf0\x9f\x99\x8f", true},	/* U+1F64F */
	{REQ_LINE, "a\tb", false},
	{REQ_LINE, "a\nb", false},
	{REQ_LINE, "a\x7f", false},
	{REQ_LINE, "a\xc2\x85", false}, /* U+0085, a C1 control */
	{REQ_LINE, "\xc2\xa0", true},	/* U+00A0 */
	{REQ_LINE, "\xc0\xaf", false},	/* overlong '/' */
	{REQ_LINE, "\xe0\x80\xaf", false},	/* overlong '/' in three bytes */
	{REQ_LINE, "\xf0\x80\x80\xaf", false},	/* overlong '/' in four bytes */
	{REQ_LINE, "\xed\xa0\x80", false},	/* U+D800, a surrogate */
	{REQ_LINE, "\xf4\x90\x80\x80", false},	/* above U+10FFFF */
	{REQ_LINE, "\xf5\x80\x80\x80", false},
	{REQ_LINE, "\xc3", false},		/* truncated */
	{REQ_LINE, "\xe2\x80", false},	/* truncated */
	{REQ_LINE, "\x80", false},		/* lone continuation byte */
	{REQ_LINE, "\xc3\x28", false},	/* bad continuation */
	{REQ_LINE, "\xff", false},

	{REQ_TEXT, "baris satu\r\nbaris dua\tdan tab", true},
	{REQ_TEXT, "a\x01", false},
	{REQ_TEXT, "a\x1b[31m", false},
	{REQ_TEXT, "a\xed\xbf\xbf", false},

	{REQ_ENUM, "id", true},
	{REQ_ENUM, "en", true},
	{REQ_ENUM, "EN", false},
	{REQ_ENUM, "e", false},
	{REQ_ENUM, "eng", false},

	{REQ_ID, "1", true},
	{REQ_ID, "9223372036854775807", true},
	{REQ_ID, "0", false},
	{REQ_ID, "012", false},
	{REQ_ID, "-5", false},
	{REQ_ID, "1e3", false},

	{REQ_TOKEN, TOKEN64, true},
	{REQ_TOKEN, TOKEN64 "0", false},
	{REQ_TOKEN, "0123456789abcdef", false},
	{REQ_TOKEN, "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false},

	{REQ_IDENT, "forward_to_opd", true},
	{REQ_IDENT, "at_opd", true},
	{REQ_IDENT, "_accept", false},
	{REQ_IDENT, "Accept", false},
	{REQ_IDENT, "accept2", false},
	{REQ_IDENT, "accept;drop", false},

	{REQ_CODE, "MB-2026-000001", true},
	{REQ_CODE, "ABCD2345", true},
	{REQ_CODE, " ABCD2345 ", true},
	{REQ_CODE, "dpupr", true},
	{REQ_CODE, "---", false},
	{REQ_CODE, "   ", false},
	{REQ_CODE, "AB'CD", false},
	{REQ_CODE, "AB\xc3\x87" "D", false},	/* C with cedilla */
};

static void
test_req_validate_cases(void **state)
{
	(void) state;
	for (size_t i = 0; i < sizeof(validator_cases) / sizeof(validator_cases[0]); i++)
	{
		const validator_case *c = &validator_cases[i];
		req_field	field = {"f", c->validator, 100, true, test_choices};

		if (req_validate(&field, c->value, strlen(c->value)) != c->valid)
			fail_msg("validator %d on \"%s\": expected %s", (int) c->validator, c->value,
					 c->valid ? "valid" : "invalid");
	}
}

static void
test_req_validate_enum_without_choices(void **state)
{
	req_field	field = {"f", REQ_ENUM, 10, true, NULL};

	(void) state;
	assert_false(req_validate(&field, "id", 2));
}

static void
test_req_valid_utf8_multiline_flag(void **state)
{
	(void) state;
	assert_true(req_valid_utf8("a\nb", 3, true));
	assert_false(req_valid_utf8("a\nb", 3, false));
	assert_true(req_valid_utf8("", 0, false));
}

/* ------------------------------------------------------------------------
 * Cookies
 * ------------------------------------------------------------------------ */

static void
test_req_cookies_basic(void **state)
{
	req_cookies jar;

	(void) state;
	assert_int_equal(req_parse_cookies(&jar, "lang=en; masbup_csrf=" TOKEN64 ";masbup_session=abc"), REQ_OK);
	assert_int_equal(jar.count, 3);
	assert_string_equal(req_cookie_get(&jar, "lang"), "en");
	assert_string_equal(req_cookie_get(&jar, "masbup_csrf"), TOKEN64);
	assert_string_equal(req_cookie_get(&jar, "masbup_session"), "abc");
	assert_null(req_cookie_get(&jar, "other"));
	req_cookies_free(&jar);
}

static void
test_req_cookies_spacing_and_quotes(void **state)
{
	req_cookies jar;

	(void) state;
	assert_int_equal(req_parse_cookies(&jar, "  a = 1 ;\tb=\"two\" ; c=\"\" ; d=\""), REQ_OK);
	assert_string_equal(req_cookie_get(&jar, "a"), "1");
	assert_string_equal(req_cookie_get(&jar, "b"), "two");
	assert_string_equal(req_cookie_get(&jar, "c"), "");
	assert_string_equal(req_cookie_get(&jar, "d"), "\"");
	req_cookies_free(&jar);
}

static void
test_req_cookies_skips_malformed_pairs(void **state)
{
	req_cookies jar;

	(void) state;
	assert_int_equal(req_parse_cookies(&jar, "novalue; =empty; a b=1; x(y)=2; ok=3; ctl=a\x01" "b; ;;"), REQ_OK);
	assert_int_equal(jar.count, 1);
	assert_string_equal(req_cookie_get(&jar, "ok"), "3");
	req_cookies_free(&jar);
}

static void
test_req_cookies_first_duplicate_wins(void **state)
{
	req_cookies jar;

	(void) state;
	assert_int_equal(req_parse_cookies(&jar, "lang=en; lang=id"), REQ_OK);
	assert_string_equal(req_cookie_get(&jar, "lang"), "en");
	req_cookies_free(&jar);
}

static void
test_req_cookies_value_with_equals(void **state)
{
	req_cookies jar;

	(void) state;
	assert_int_equal(req_parse_cookies(&jar, "a=b=c"), REQ_OK);
	assert_string_equal(req_cookie_get(&jar, "a"), "b=c");
	req_cookies_free(&jar);
}

static void
test_req_cookies_limits(void **state)
{
	req_cookies jar;
	char	   *header = malloc(REQ_MAX_COOKIE_HEADER + 2);
	char		many[REQ_MAX_COOKIES * 8 + 16] = "";

	(void) state;
	assert_non_null(header);
	memset(header, 'a', REQ_MAX_COOKIE_HEADER + 1);
	header[0] = 'x';
	header[1] = '=';
	header[REQ_MAX_COOKIE_HEADER + 1] = '\0';
	assert_int_equal(req_parse_cookies(&jar, header), REQ_ERR_TOO_LARGE);
	assert_int_equal(jar.count, 0);
	req_cookies_free(&jar);
	free(header);

	for (int i = 0; i < REQ_MAX_COOKIES + 3; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), "c%d=1;", i);
	assert_int_equal(req_parse_cookies(&jar, many), REQ_OK);
	assert_int_equal(jar.count, REQ_MAX_COOKIES);
	assert_null(req_cookie_get(&jar, "c32"));
	req_cookies_free(&jar);
}

static void
test_req_cookies_absent_header(void **state)
{
	req_cookies jar;

	(void) state;
	assert_int_equal(req_parse_cookies(&jar, NULL), REQ_OK);
	assert_int_equal(jar.count, 0);
	assert_null(req_cookie_get(&jar, "lang"));
	req_cookies_free(&jar);
	assert_int_equal(req_parse_cookies(&jar, ""), REQ_OK);
	assert_int_equal(jar.count, 0);
	req_cookies_free(&jar);
}

/* ------------------------------------------------------------------------
 * The field tables themselves
 * ------------------------------------------------------------------------ */

static void
test_forms_post_tables_declare_csrf(void **state)
{
	const req_table *tables[] = {&form_submit, &form_track, &form_acknowledge,
	&form_login, &form_logout, &form_action};

	(void) state;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
	{
		bool		found = false;

		assert_true(tables[i]->nfields <= REQ_MAX_FIELDS);
		for (size_t j = 0; j < tables[i]->nfields; j++)
		{
			const req_field *field = &tables[i]->fields[j];

			if (strcmp(field->name, "csrf") == 0)
				found = field->required && field->validator == REQ_TOKEN;
		}
		if (!found)
			fail_msg("POST table %zu lacks a required csrf token field", i);
	}
}

static void
test_forms_categories_pass_their_field(void **state)
{
	req_form	form;
	char		input[256];

	(void) state;
	for (size_t i = 0; form_categories[i] != NULL; i++)
	{
		size_t		j = 0;

		/* Encode spaces as '+'. The category names are otherwise plain ASCII. */
		j += (size_t) snprintf(input, sizeof(input), "nama=Sri&nik=3506155708870002&telepon=081234500101"
							   "&alamat=Dusun&kecamatan=Pare&judul=Judul&kronologi=Isi"
							   "&token=123e4567-e89b-42d3-a456-426614174000&csrf=" TOKEN64 "&kategori=");
		for (const char *c = form_categories[i]; *c && j + 1 < sizeof(input); c++)
			input[j++] = *c == ' ' ? '+' : *c;
		input[j] = '\0';
		if (req_parse(&form, form_submit, input, j) != REQ_OK)
			fail_msg("category \"%s\": %s", form_categories[i], req_status_name(form.status));
		req_form_free(&form);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_req_parse_cases),
		cmocka_unit_test(test_req_parse_decodes_values),
		cmocka_unit_test(test_req_parse_plus_is_space),
		cmocka_unit_test(test_req_get_hides_invalid_value),
		cmocka_unit_test(test_req_reject_drops_all_values),
		cmocka_unit_test(test_req_raw_nul_byte),
		cmocka_unit_test(test_req_input_size_limit),
		cmocka_unit_test(test_req_field_max_length_edge),
		cmocka_unit_test(test_req_null_input),
		cmocka_unit_test(test_req_validate_cases),
		cmocka_unit_test(test_req_validate_enum_without_choices),
		cmocka_unit_test(test_req_valid_utf8_multiline_flag),
		cmocka_unit_test(test_req_cookies_basic),
		cmocka_unit_test(test_req_cookies_spacing_and_quotes),
		cmocka_unit_test(test_req_cookies_skips_malformed_pairs),
		cmocka_unit_test(test_req_cookies_first_duplicate_wins),
		cmocka_unit_test(test_req_cookies_value_with_equals),
		cmocka_unit_test(test_req_cookies_limits),
		cmocka_unit_test(test_req_cookies_absent_header),
		cmocka_unit_test(test_forms_post_tables_declare_csrf),
		cmocka_unit_test(test_forms_categories_pass_their_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
