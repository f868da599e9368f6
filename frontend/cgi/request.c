/*
 * request.c
 *	  Parse form-encoded input against a declared field table, validate each
 *	  field, and split the Cookie header.
 *
 * A value reaches a page only through req_get(), and only when it was
 * declared, decoded cleanly and passed its validator. Input the parser
 * cannot trust as a whole (malformed escapes, NUL bytes, unknown or repeated
 * names, oversize input) is rejected before any value is kept.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_lower_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

/*
 * Decode one percent-encoded component ('+' is a space) into a new
 * NUL-terminated string.
 */
static req_status
decode_component(const char *s, size_t n, char **out, size_t *out_len)
{
	char	   *decoded = malloc(n + 1);
	size_t		j = 0;

	if (decoded == NULL)
		return REQ_ERR_NO_MEMORY;

	for (size_t i = 0; i < n; i++)
	{
		char		c = s[i];

		if (c == '\0')
		{
			free(decoded);
			return REQ_ERR_NUL;
		}
		if (c == '+')
			decoded[j++] = ' ';
		else if (c == '%')
		{
			int			high;
			int			low;

			if (n - i < 3 || (high = hex_value(s[i + 1])) < 0 ||
				(low = hex_value(s[i + 2])) < 0)
			{
				free(decoded);
				return REQ_ERR_BAD_ESCAPE;
			}
			if (high == 0 && low == 0)
			{
				free(decoded);
				return REQ_ERR_NUL;
			}
			decoded[j++] = (char) (high * 16 + low);
			i += 2;
		}
		else
			decoded[j++] = c;
	}

	decoded[j] = '\0';
	*out = decoded;
	*out_len = j;
	return REQ_OK;
}

static int
find_field(req_table table, const char *name)
{
	for (size_t i = 0; i < table.nfields; i++)
	{
		if (strcmp(table.fields[i].name, name) == 0)
			return (int) i;
	}
	return -1;
}

/* Index of a field the page requests by name. An undeclared name is a programming error. */
static int
known_field(const req_form *form, const char *name)
{
	int			i = find_field(form->table, name);

	if (i < 0)
	{
		fprintf(stderr, "masbup-web: field \"%s\" is not declared in this form\n", name);
		abort();
	}
	return i;
}

void
req_form_init(req_form *form, req_table table)
{
	if (table.nfields > REQ_MAX_FIELDS)
	{
		fprintf(stderr, "masbup-web: a form declares %zu fields, more than %d\n",
				table.nfields, REQ_MAX_FIELDS);
		abort();
	}
	memset(form, 0, sizeof(*form));
	form->table = table;
	form->status = REQ_OK;
	form->error_field = -1;
}

void
req_form_free(req_form *form)
{
	for (size_t i = 0; i < REQ_MAX_FIELDS; i++)
	{
		free(form->values[i]);
		form->values[i] = NULL;
		form->lengths[i] = 0;
		form->valid[i] = false;
	}
}

/* Reject the whole input: drop every value kept so far. */
static req_status
reject_input(req_form *form, req_status status, int field)
{
	req_form_free(form);
	form->status = status;
	form->error_field = field;
	return status;
}

/* Record a field's error unless an earlier field already failed. */
static void
note_field_error(req_form *form, req_status status, int field)
{
	if (form->status == REQ_OK)
	{
		form->status = status;
		form->error_field = field;
	}
}

/* Decode one name=value pair (a pair without '=' has an empty value). */
static req_status
parse_pair(req_form *form, const char *pair, size_t n)
{
	const char *equals = memchr(pair, '=', n);
	size_t		name_len = equals ? (size_t) (equals - pair) : n;
	const char *value = equals ? equals + 1 : pair + n;
	size_t		value_len = equals ? n - name_len - 1 : 0;
	char	   *name;
	size_t		decoded_name_len;
	req_status	status;
	int			field;

	status = decode_component(pair, name_len, &name, &decoded_name_len);
	if (status != REQ_OK)
		return reject_input(form, status, -1);
	field = find_field(form->table, name);
	free(name);
	if (field < 0)
		return reject_input(form, REQ_ERR_UNKNOWN_FIELD, -1);
	if (form->values[field] != NULL)
		return reject_input(form, REQ_ERR_DUPLICATE, field);

	status = decode_component(value, value_len, &form->values[field], &form->lengths[field]);
	if (status != REQ_OK)
		return reject_input(form, status, field);
	return REQ_OK;
}

/* Check each declared field in table order, keeping the first failure. */
static void
validate_fields(req_form *form)
{
	for (size_t i = 0; i < form->table.nfields; i++)
	{
		const req_field *field = &form->table.fields[i];

		if (form->values[i] == NULL || form->lengths[i] == 0)
		{
			if (field->required)
				note_field_error(form, REQ_ERR_MISSING, (int) i);
			continue;
		}
		if (form->lengths[i] > field->max_len)
		{
			note_field_error(form, REQ_ERR_TOO_LONG, (int) i);
			continue;
		}
		if (!req_validate(field, form->values[i], form->lengths[i]))
		{
			note_field_error(form, REQ_ERR_INVALID, (int) i);
			continue;
		}
		form->valid[i] = true;
	}
}

/*
 * Parse input of len bytes (a query string or an urlencoded body) into form.
 * Empty segments ("a=1&&b=2") are skipped. Returns form->status. Free the
 * form with req_form_free() whatever the result.
 */
req_status
req_parse(req_form *form, req_table table, const char *input, size_t len)
{
	size_t		pos = 0;

	req_form_init(form, table);
	if (input == NULL)
		len = 0;
	if (len > REQ_MAX_INPUT)
		return reject_input(form, REQ_ERR_TOO_LARGE, -1);

	while (pos < len)
	{
		const char *amp = memchr(input + pos, '&', len - pos);
		size_t		end = amp ? (size_t) (amp - input) : len;

		if (end > pos && parse_pair(form, input + pos, end - pos) != REQ_OK)
			return form->status;
		pos = end + 1;
	}

	validate_fields(form);
	return form->status;
}

/* Does this status reject the input as a whole, rather than one field? */
bool
req_status_rejects_input(req_status status)
{
	switch (status)
	{
		case REQ_ERR_TOO_LARGE:
		case REQ_ERR_BAD_ESCAPE:
		case REQ_ERR_NUL:
		case REQ_ERR_UNKNOWN_FIELD:
		case REQ_ERR_DUPLICATE:
		case REQ_ERR_NO_MEMORY:
			return true;
		case REQ_OK:
		case REQ_ERR_TOO_LONG:
		case REQ_ERR_MISSING:
		case REQ_ERR_INVALID:
			break;
	}
	return false;
}

const char *
req_status_name(req_status status)
{
	switch (status)
	{
		case REQ_OK:
			return "ok";
		case REQ_ERR_TOO_LARGE:
			return "too_large";
		case REQ_ERR_BAD_ESCAPE:
			return "bad_escape";
		case REQ_ERR_NUL:
			return "nul_byte";
		case REQ_ERR_UNKNOWN_FIELD:
			return "unknown_field";
		case REQ_ERR_DUPLICATE:
			return "duplicate_field";
		case REQ_ERR_NO_MEMORY:
			return "no_memory";
		case REQ_ERR_TOO_LONG:
			return "too_long";
		case REQ_ERR_MISSING:
			return "missing";
		case REQ_ERR_INVALID:
			return "invalid";
	}
	return "unknown_status";
}

/* The validated value of a declared field, or NULL when absent or invalid. */
const char *
req_get(const req_form *form, const char *name)
{
	int			i = known_field(form, name);

	return form->valid[i] ? form->values[i] : NULL;
}

/*
 * The decoded value of a declared field even when it failed validation, for
 * showing a rejected form again (escaped). NULL when absent.
 */
const char *
req_raw(const req_form *form, const char *name)
{
	return form->values[known_field(form, name)];
}

const char *
req_error_field_name(const req_form *form)
{
	if (form->error_field < 0 || (size_t) form->error_field >= form->table.nfields)
		return NULL;
	return form->table.fields[form->error_field].name;
}

/* ------------------------------------------------------------------------
 * Validators
 * ------------------------------------------------------------------------ */

/*
 * Is value well-formed UTF-8 (no overlong forms, surrogates or code points
 * above U+10FFFF) without control characters? C0 controls, DEL and the C1
 * range U+0080..U+009F are rejected. Multiline text may contain tab, CR and LF.
 */
bool
req_valid_utf8(const char *value, size_t len, bool multiline)
{
	const unsigned char *s = (const unsigned char *) value;
	size_t		i = 0;

	while (i < len)
	{
		unsigned int c = s[i];
		uint32_t	code_point;
		size_t		continuation;

		if (c < 0x80)
		{
			if (c < 0x20 || c == 0x7f)
			{
				if (!multiline || (c != '\t' && c != '\n' && c != '\r'))
					return false;
			}
			i++;
			continue;
		}

		if (c >= 0xc2 && c <= 0xdf)
		{
			continuation = 1;
			code_point = c & 0x1f;
		}
		else if (c >= 0xe0 && c <= 0xef)
		{
			continuation = 2;
			code_point = c & 0x0f;
		}
		else if (c >= 0xf0 && c <= 0xf4)
		{
			continuation = 3;
			code_point = c & 0x07;
		}
		else
			return false;

		if (len - i - 1 < continuation)
			return false;
		for (size_t k = 1; k <= continuation; k++)
		{
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			code_point = (code_point << 6) | (s[i + k] & 0x3f);
		}

		if ((continuation == 2 && code_point < 0x800) ||
			(continuation == 3 && (code_point < 0x10000 || code_point > 0x10ffff)))
			return false;
		if (code_point >= 0xd800 && code_point <= 0xdfff)
			return false;
		if (code_point >= 0x80 && code_point <= 0x9f)
			return false;
		i += continuation + 1;
	}
	return true;
}

static bool
all_digits(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
	{
		if (!is_digit(s[i]))
			return false;
	}
	return true;
}

/* The database normalises the number; this only checks its characters and size. */
static bool
valid_phone(const char *s, size_t len)
{
	size_t		digits = 0;
	size_t		i = (len > 0 && s[0] == '+') ? 1 : 0;

	for (; i < len; i++)
	{
		if (is_digit(s[i]))
			digits++;
		else if (strchr(" ().-", s[i]) == NULL)
			return false;
	}
	return digits >= 9 && digits <= 15;
}

static bool
valid_email(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	size_t		local_len;
	const char *domain;
	size_t		domain_len;

	if (!req_valid_utf8(s, len, false))
		return false;
	for (size_t i = 0; i < len; i++)
	{
		if (s[i] == ' ')
			return false;
	}
	if (at == NULL)
		return false;
	local_len = (size_t) (at - s);
	domain = at + 1;
	domain_len = len - local_len - 1;
	if (local_len == 0 || memchr(domain, '@', domain_len) != NULL)
		return false;

	/* A dot with something before and after it, as in example.org. */
	for (size_t i = 1; i + 1 < domain_len; i++)
	{
		if (domain[i] == '.')
			return true;
	}
	return false;
}

static bool
valid_uuid(const char *s, size_t len)
{
	if (len != 36)
		return false;
	for (size_t i = 0; i < len; i++)
	{
		bool		dash_position = (i == 8 || i == 13 || i == 18 || i == 23);

		if (dash_position ? s[i] != '-' : hex_value(s[i]) < 0)
			return false;
	}
	return true;
}

static bool
valid_date(const char *s, size_t len)
{
	static const int days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			year;
	int			month;
	int			day;
	int			month_days;

	if (len != 10 || s[4] != '-' || s[7] != '-' ||
		!all_digits(s, 4) || !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
		return false;

	year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	if (year < 1900 || year > 2999 || month < 1 || month > 12)
		return false;

	month_days = days_in_month[month - 1];
	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		month_days = 29;
	return day >= 1 && day <= month_days;
}

static bool
valid_enum(const char *const *choices, const char *s)
{
	if (choices == NULL)
		return false;
	for (size_t i = 0; choices[i] != NULL; i++)
	{
		if (strcmp(choices[i], s) == 0)
			return true;
	}
	return false;
}

static bool
valid_ident(const char *s, size_t len)
{
	if (len == 0 || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 1; i < len; i++)
	{
		if ((s[i] < 'a' || s[i] > 'z') && s[i] != '_')
			return false;
	}
	return true;
}

static bool
valid_code(const char *s, size_t len)
{
	bool		has_alnum = false;

	for (size_t i = 0; i < len; i++)
	{
		char		c = s[i];
		bool		alnum = is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

		if (!alnum && c != '-' && c != ' ')
			return false;
		has_alnum = has_alnum || alnum;
	}
	return has_alnum;
}

/* Does a decoded, non-empty value of len bytes pass the field's validator? */
bool
req_validate(const req_field *field, const char *value, size_t len)
{
	switch (field->validator)
	{
		case REQ_DIGITS:
			return all_digits(value, len);
		case REQ_NIK:
			return len == 16 && all_digits(value, len);
		case REQ_PHONE:
			return valid_phone(value, len);
		case REQ_EMAIL:
			return valid_email(value, len);
		case REQ_UUID:
			return valid_uuid(value, len);
		case REQ_DATE:
			return valid_date(value, len);
		case REQ_LINE:
			return req_valid_utf8(value, len, false);
		case REQ_TEXT:
			return req_valid_utf8(value, len, true);
		case REQ_ENUM:
			return valid_enum(field->choices, value);
		case REQ_ID:
			return all_digits(value, len) && value[0] != '0';
		case REQ_TOKEN:
			if (len != REQ_TOKEN_HEX_LEN)
				return false;
			for (size_t i = 0; i < len; i++)
			{
				if (!is_lower_hex(value[i]))
					return false;
			}
			return true;
		case REQ_IDENT:
			return valid_ident(value, len);
		case REQ_CODE:
			return valid_code(value, len);
	}
	return false;
}

/* ------------------------------------------------------------------------
 * Cookies
 * ------------------------------------------------------------------------ */

static bool
is_cookie_space(char c)
{
	return c == ' ' || c == '\t';
}

/* A cookie name is an RFC 7230 token: visible ASCII without separators. */
static bool
valid_cookie_name(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
	{
		unsigned char c = (unsigned char) *s;

		if (c <= 0x20 || c >= 0x7f || strchr("()<>@,;:\\\"/[]?={}", c) != NULL)
			return false;
	}
	return true;
}

static bool
valid_cookie_value(const char *s)
{
	for (; *s; s++)
	{
		unsigned char c = (unsigned char) *s;

		if (c < 0x20 || c == 0x7f)
			return false;
	}
	return true;
}

/* Cut [start, end) of the copy out as a string without surrounding blanks. */
static char *
trim_span(char *start, char *end)
{
	while (start < end && is_cookie_space(*start))
		start++;
	while (end > start && is_cookie_space(end[-1]))
		end--;
	*end = '\0';
	return start;
}

/*
 * Split a Cookie header ("a=1; b=2") into name and value pairs. Pairs
 * without '=', with an invalid name or with a control character are skipped.
 * A value in double quotes loses the quotes. Cookies past REQ_MAX_COOKIES are
 * ignored. A header over REQ_MAX_COOKIE_HEADER bytes gives REQ_ERR_TOO_LARGE
 * and no cookies. Free the jar with req_cookies_free() whatever the result.
 */
req_status
req_parse_cookies(req_cookies *jar, const char *header)
{
	size_t		len;
	char	   *pos;
	char	   *end;

	jar->copy = NULL;
	jar->count = 0;
	if (header == NULL)
		return REQ_OK;
	len = strlen(header);
	if (len > REQ_MAX_COOKIE_HEADER)
		return REQ_ERR_TOO_LARGE;

	jar->copy = malloc(len + 1);
	if (jar->copy == NULL)
		return REQ_ERR_NO_MEMORY;
	memcpy(jar->copy, header, len + 1);

	pos = jar->copy;
	end = jar->copy + len;
	while (pos < end)
	{
		char	   *semicolon = memchr(pos, ';', (size_t) (end - pos));
		char	   *pair_end = semicolon ? semicolon : end;
		char	   *equals = memchr(pos, '=', (size_t) (pair_end - pos));
		char	   *next = pair_end + 1;

		if (equals != NULL && jar->count < REQ_MAX_COOKIES)
		{
			char	   *name = trim_span(pos, equals);
			char	   *value = trim_span(equals + 1, pair_end);
			size_t		value_len = strlen(value);

			if (value_len >= 2 && value[0] == '"' && value[value_len - 1] == '"')
			{
				value[value_len - 1] = '\0';
				value++;
			}
			if (valid_cookie_name(name) && valid_cookie_value(value))
			{
				jar->items[jar->count].name = name;
				jar->items[jar->count].value = value;
				jar->count++;
			}
		}
		pos = next;
	}
	return REQ_OK;
}

/*
 * The value of the first cookie with this name, or NULL. Browsers send the
 * cookie with the longest path first; all of ours use Path=/.
 */
const char *
req_cookie_get(const req_cookies *jar, const char *name)
{
	for (size_t i = 0; i < jar->count; i++)
	{
		if (strcmp(jar->items[i].name, name) == 0)
			return jar->items[i].value;
	}
	return NULL;
}

void
req_cookies_free(req_cookies *jar)
{
	free(jar->copy);
	jar->copy = NULL;
	jar->count = 0;
}
