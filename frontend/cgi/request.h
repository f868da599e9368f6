/*
 * request.h
 *	  Parse CGI input: an application/x-www-form-urlencoded string (query
 *	  string or body) against a declared table of fields, and the Cookie
 *	  header. Pure C11 without libpq or FastCGI, so that the unit tests and
 *	  the fuzzer link it alone.
 */
#ifndef MASBUP_REQUEST_H
#define MASBUP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

/* Maximum size of a query string or body, in bytes. */
#define REQ_MAX_INPUT		(64 * 1024)
/* Maximum number of fields one table may declare. */
#define REQ_MAX_FIELDS		16
/* Maximum size of the Cookie header read, and maximum number of cookies kept. */
#define REQ_MAX_COOKIE_HEADER	8192
#define REQ_MAX_COOKIES		32
/* A CSRF or session token: 32 random bytes as lower-case hex. */
#define REQ_TOKEN_HEX_LEN	64

typedef enum req_validator
{
	REQ_DIGITS,					/* one or more ASCII digits */
	REQ_NIK,					/* exactly 16 digits */
	REQ_PHONE,					/* optional leading +, then 9 to 15 digits with
								 * spaces and ( ) . - between them */
	REQ_EMAIL,					/* local@domain.tld, no spaces or controls */
	REQ_UUID,					/* 8-4-4-4-12 hex digits */
	REQ_DATE,					/* YYYY-MM-DD, a real date in 1900..2999 */
	REQ_LINE,					/* UTF-8 without control characters */
	REQ_TEXT,					/* UTF-8 whose only controls are tab, CR and LF */
	REQ_ENUM,					/* one of the field's choices, exactly */
	REQ_ID,						/* positive integer without leading zeros */
	REQ_TOKEN,					/* REQ_TOKEN_HEX_LEN lower-case hex digits */
	REQ_IDENT,					/* [a-z][a-z_]*, such as a state or action name */
	REQ_CODE					/* ASCII letters, digits, hyphens and spaces */
} req_validator;

typedef struct req_field
{
	const char *name;
	req_validator validator;
	size_t		max_len;		/* bytes after decoding */
	bool		required;		/* an empty value counts as missing */
	const char *const *choices; /* REQ_ENUM: NULL-terminated list */
} req_field;

typedef struct req_table
{
	const req_field *fields;
	size_t		nfields;
} req_table;

/*
 * Outcome of parsing. The first group rejects the input as a whole. The
 * second concerns one declared field and leaves the other values usable.
 */
typedef enum req_status
{
	REQ_OK = 0,
	REQ_ERR_TOO_LARGE,			/* input over REQ_MAX_INPUT bytes */
	REQ_ERR_BAD_ESCAPE,			/* % not followed by two hex digits */
	REQ_ERR_NUL,				/* %00 or a raw NUL byte */
	REQ_ERR_UNKNOWN_FIELD,		/* a name the table does not declare */
	REQ_ERR_DUPLICATE,			/* a declared name given twice */
	REQ_ERR_NO_MEMORY,
	REQ_ERR_TOO_LONG,			/* value longer than the field's max_len */
	REQ_ERR_MISSING,			/* required field absent or empty */
	REQ_ERR_INVALID				/* value fails the field's validator */
} req_status;

typedef struct req_form
{
	req_table	table;
	char	   *values[REQ_MAX_FIELDS]; /* decoded, NUL-terminated; NULL if
										 * absent */
	size_t		lengths[REQ_MAX_FIELDS];
	bool		valid[REQ_MAX_FIELDS];	/* present, non-empty and validated */
	req_status	status;			/* first error, or REQ_OK */
	int			error_field;	/* index of the field at fault, or -1 */
} req_form;

typedef struct req_cookie
{
	const char *name;
	const char *value;
} req_cookie;

typedef struct req_cookies
{
	char	   *copy;			/* the header, cut into names and values */
	size_t		count;
	req_cookie	items[REQ_MAX_COOKIES];
} req_cookies;

extern req_status req_parse(req_form *form, req_table table,
							const char *input, size_t len);
extern void req_form_init(req_form *form, req_table table);
extern void req_form_free(req_form *form);
extern bool req_status_rejects_input(req_status status);
extern const char *req_status_name(req_status status);

extern const char *req_get(const req_form *form, const char *name);
extern const char *req_raw(const req_form *form, const char *name);
extern const char *req_error_field_name(const req_form *form);

extern bool req_validate(const req_field *field, const char *value, size_t len);
extern bool req_valid_utf8(const char *value, size_t len, bool multiline);

extern req_status req_parse_cookies(req_cookies *jar, const char *header);
extern const char *req_cookie_get(const req_cookies *jar, const char *name);
extern void req_cookies_free(req_cookies *jar);

#endif							/* MASBUP_REQUEST_H */
