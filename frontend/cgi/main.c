/*
 * main.c
 *	  masbup-web: the web front-end of Hallo MasBup, one program that runs as
 *	  CGI or as a FastCGI responder. Routes each request by path and method,
 *	  parses its input against the page's field table, checks the CSRF token,
 *	  runs the page and writes the response.
 *
 * The request's variables and streams come from libfcgi's FCGX_Request
 * under FastCGI and from the environment and standard streams under CGI;
 * the request_* functions below hide the difference from the rest.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>

#include "fcgiapp.h"

#include "db.h"
#include "forms.h"
#include "html.h"
#include "pages.h"

/* Lifetime of the lang cookie: one year, in seconds. */
#define LANG_COOKIE_MAX_AGE (365L * 24 * 60 * 60)

#define CONTENT_SECURITY_POLICY \
	"default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; " \
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

typedef struct route
{
	const char *method;
	const char *path;
	page_handler handler;
	const req_table *query;
	const req_table *body;		/* POST only */
	bool		shows_field_errors; /* the page shows a rejected field on its
									 * own form */
} route;

static const route routes[] = {
	{"GET", "/", page_home, &form_query_lang, NULL, false},
	{"GET", "/aduan/baru", page_submit_form, &form_query_lang, NULL, false},
	{"POST", "/aduan/baru", page_submit, &form_query_lang, &form_submit, true},
	{"GET", "/lacak", page_track_form, &form_query_lang, NULL, false},
	{"POST", "/lacak", page_track, &form_query_lang, &form_track, true},
	{"GET", "/lacak/status", page_track_status, &form_query_track_status, NULL, false},
	{"POST", "/lacak/konfirmasi", page_acknowledge, &form_query_lang, &form_acknowledge, false},
	{"POST", "/lacak/keluar", page_track_logout, &form_query_lang, &form_logout, false},
	{"GET", "/staf/masuk", page_login_form, &form_query_lang, NULL, false},
	{"POST", "/staf/masuk", page_login, &form_query_lang, &form_login, true},
	{"POST", "/staf/keluar", page_logout, &form_query_lang, &form_logout, false},
	{"GET", "/staf/meja", page_desk, &form_query_lang, NULL, false},
	{"GET", "/staf/aduan", page_complaint, &form_query_complaint, NULL, false},
	{"POST", "/staf/aksi", page_action, &form_query_lang, &form_action, false},
	{"GET", "/staf/semua", page_all, &form_query_list, NULL, false},
	{"GET", "/staf/laporan", page_reports, &form_query_lang, NULL, false},
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

/* ------------------------------------------------------------------------
 * The request's variables and streams
 * ------------------------------------------------------------------------ */

static FCGX_Request fastcgi;
static bool fastcgi_mode = false;

/* A CGI variable of the request (REQUEST_URI, HTTP_COOKIE, ...), or NULL. */
static const char *
request_param(const char *name)
{
	return fastcgi_mode ? FCGX_GetParam(name, fastcgi.envp) : getenv(name);
}

/* Read up to n bytes of the request body; 0 at its end or on an error. */
static size_t
request_read(char *out, size_t n)
{
	int			got;

	if (!fastcgi_mode)
		return fread(out, 1, n, stdin);
	got = FCGX_GetStr(out, n > INT_MAX ? INT_MAX : (int) n, fastcgi.in);
	return got > 0 ? (size_t) got : 0;
}

static void
request_write(const char *data, size_t n)
{
	if (!fastcgi_mode)
	{
		fwrite(data, 1, n, stdout);
		return;
	}
	while (n > 0)
	{
		int			chunk = n > INT_MAX ? INT_MAX : (int) n;

		if (FCGX_PutStr(data, chunk, fastcgi.out) < 0)
			return;
		data += chunk;
		n -= (size_t) chunk;
	}
}

/*
 * A line for the web server's error log: FastCGI's stderr stream during a
 * request, which lighttpd copies into server.errorlog; standard error
 * otherwise.
 */
static void
request_log(const char *line)
{
	if (fastcgi_mode && fastcgi.err != NULL)
	{
		FCGX_PutS(line, fastcgi.err);
		FCGX_FFlush(fastcgi.err);
		return;
	}
	fputs(line, stderr);
	fflush(stderr);
}

/* ------------------------------------------------------------------------
 * Services for the pages (declared in web.h)
 * ------------------------------------------------------------------------ */

/* Write one line to the web server's error log: the request id, then the message. */
void
web_log(const web_request *req, const char *fmt,...)
{
	strbuf		line;
	va_list		args;
	char	   *text;
	int			n;

	va_start(args, fmt);
	n = vsnprintf(NULL, 0, fmt, args);
	va_end(args);
	if (n < 0)
		return;
	text = malloc((size_t) n + 1);
	if (text == NULL)
		return;
	va_start(args, fmt);
	vsnprintf(text, (size_t) n + 1, fmt, args);
	va_end(args);

	buf_init(&line);
	buf_addf(&line, "masbup-web[%ld]: request %s: %s\n", (long) getpid(),
			 req && req->request_id[0] ? req->request_id : "-", text);
	request_log(buf_str(&line));
	buf_free(&line);
	free(text);
}

/* n random bytes from the kernel's generator, without opening a file per request. */
static bool
random_bytes(unsigned char *out, size_t n)
{
	size_t		got = 0;

	while (got < n)
	{
		ssize_t		r = getrandom(out + got, n - got, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		got += (size_t) r;
	}
	return true;
}

static void
hex_encode(char *out, const unsigned char *bytes, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++)
	{
		out[2 * i] = hex[bytes[i] >> 4];
		out[2 * i + 1] = hex[bytes[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Fill out with 2 * nbytes (at most 128) random lower-case hex digits, plus a NUL. */
bool
web_random_hex(char *out, size_t nbytes)
{
	unsigned char bytes[64];

	if (nbytes > sizeof(bytes) || !random_bytes(bytes, nbytes))
		return false;
	hex_encode(out, bytes, nbytes);
	return true;
}

/* A random UUID (RFC 4122 version 4) in its 36-character text form. */
bool
web_random_uuid(char out[37])
{
	unsigned char bytes[16];
	char		digits[33];
	int			j = 0;

	if (!random_bytes(bytes, sizeof(bytes)))
		return false;
	bytes[6] = (unsigned char) ((bytes[6] & 0x0f) | 0x40);	/* version 4 */
	bytes[8] = (unsigned char) ((bytes[8] & 0x3f) | 0x80);	/* variant 10 */
	hex_encode(digits, bytes, sizeof(bytes));
	for (int i = 0; i < 32; i++)
	{
		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[j++] = '-';
		out[j++] = digits[i];
	}
	out[j] = '\0';
	return true;
}

/*
 * Add a Set-Cookie header, replacing one of the same name. max_age < 0 makes
 * a session cookie, 0 deletes the cookie. name and value must be cookie-safe
 * (the program only sets hex tokens and language codes).
 */
void
web_set_cookie(const web_request *req, web_response *res, const char *name,
			   const char *value, long max_age)
{
	strbuf		cookie;
	size_t		name_len = strlen(name);
	int			slot = res->nset_cookies;

	buf_init(&cookie);
	buf_addf(&cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict", name, value);
	if (max_age >= 0)
		buf_addf(&cookie, "; Max-Age=%ld", max_age);
	if (req->https)
		buf_add(&cookie, "; Secure");

	for (int i = 0; i < res->nset_cookies; i++)
	{
		if (strncmp(res->set_cookies[i], name, name_len) == 0 &&
			res->set_cookies[i][name_len] == '=')
			slot = i;
	}
	if (slot == WEB_MAX_SET_COOKIES)
	{
		web_log(req, "too many cookies in one response; %s not set", name);
		buf_free(&cookie);
		return;
	}
	if (slot < res->nset_cookies)
		free(res->set_cookies[slot]);
	else
		res->nset_cookies++;
	res->set_cookies[slot] = strdup(buf_str(&cookie));
	buf_free(&cookie);
}

/* Respond with 303 See Other, so the browser fetches location with GET. */
void
web_redirect(web_response *res, const char *location)
{
	free(res->location);
	res->location = strdup(location);
	res->status = 303;
	buf_reset(&res->body);
}

/* ------------------------------------------------------------------------
 * Reading the request
 * ------------------------------------------------------------------------ */

static const char *
env_or(const char *name, const char *fallback)
{
	const char *value = request_param(name);

	return value ? value : fallback;
}

/*
 * The path to route on, as a new string: the path part of REQUEST_URI (the
 * request target as the client sent it, before any '?'), else SCRIPT_NAME
 * followed by PATH_INFO, else "/". REQUEST_URI comes first because lighttpd
 * splits the path at a FastCGI mount of "/" (SCRIPT_NAME "/aduan" and
 * PATH_INFO "/baru" for /aduan/baru) unless fix-root-scriptname is set.
 * The program must be mounted at "/" either way: its links are absolute.
 */
static char *
request_path(void)
{
	const char *uri = request_param("REQUEST_URI");
	const char *script_name = env_or("SCRIPT_NAME", "");
	const char *path_info = env_or("PATH_INFO", "");
	strbuf		path;
	char	   *copy;

	if (uri != NULL && uri[0] != '\0')
		return strndup(uri, strcspn(uri, "?"));

	buf_init(&path);
	buf_add(&path, script_name);
	buf_add(&path, path_info);
	copy = strdup(path.len > 0 ? buf_str(&path) : "/");
	buf_free(&path);
	return copy;
}

static bool
is_token(const char *value)
{
	static const req_field token_field = {"token", REQ_TOKEN, REQ_TOKEN_HEX_LEN, true, NULL};

	return value != NULL && req_validate(&token_field, value, strlen(value));
}

/* Read language, CSRF token and session from the Cookie header, ignoring malformed values. */
static void
read_cookies(web_request *req)
{
	const char *lang;
	const char *csrf;
	const char *session;

	if (req_parse_cookies(&req->cookies, request_param("HTTP_COOKIE")) != REQ_OK)
		web_log(req, "Cookie header ignored: longer than %d bytes", REQ_MAX_COOKIE_HEADER);

	lang = req_cookie_get(&req->cookies, "lang");
	req->lang = (lang && strcmp(lang, "en") == 0) ? LANG_EN : LANG_ID;

	csrf = req_cookie_get(&req->cookies, "masbup_csrf");
	if (is_token(csrf))
	{
		memcpy(req->csrf, csrf, REQ_TOKEN_HEX_LEN + 1);
		req->csrf_from_cookie = true;
	}

	session = req_cookie_get(&req->cookies, "masbup_session");
	req->session = is_token(session) ? session : NULL;

	session = req_cookie_get(&req->cookies, TRACKING_COOKIE);
	req->tracking_session = is_token(session) ? session : NULL;
}

static bool
is_form_content_type(const char *content_type)
{
	static const char form_type[] = "application/x-www-form-urlencoded";
	size_t		n = sizeof(form_type) - 1;

	if (content_type == NULL)
		return false;
	while (*content_type == ' ' || *content_type == '\t')
		content_type++;
	return strncasecmp(content_type, form_type, n) == 0 &&
		strchr("; \t", content_type[n]) != NULL;
}

/*
 * Read the body of CONTENT_LENGTH bytes into *body (NUL-terminated). Returns
 * REQ_ERR_TOO_LARGE without reading when it is over REQ_MAX_INPUT, and
 * REQ_ERR_INVALID when CONTENT_LENGTH is malformed or the body is shorter.
 */
static req_status
read_body(char **body, size_t *len)
{
	const char *length_text = env_or("CONTENT_LENGTH", "");
	size_t		length = 0;
	size_t		got = 0;

	*body = NULL;
	*len = 0;
	for (const char *c = length_text; *c; c++)
	{
		if (*c < '0' || *c > '9')
			return REQ_ERR_INVALID;
		length = length * 10 + (size_t) (*c - '0');
		if (length > REQ_MAX_INPUT)
			return REQ_ERR_TOO_LARGE;
	}

	*body = malloc(length + 1);
	if (*body == NULL)
		return REQ_ERR_NO_MEMORY;
	while (got < length)
	{
		size_t		n = request_read(*body + got, length - got);

		if (n == 0)
			break;
		got += n;
	}
	(*body)[got] = '\0';
	*len = got;
	return got == length ? REQ_OK : REQ_ERR_INVALID;
}

/* Is the POST's csrf field equal to the cookie? Compared in constant time. */
static bool
csrf_matches(const web_request *req)
{
	const char *sent = req_get(&req->body, "csrf");
	unsigned char difference = 0;

	if (!req->csrf_from_cookie || sent == NULL)
		return false;
	for (size_t i = 0; i < REQ_TOKEN_HEX_LEN; i++)
		difference |= (unsigned char) (req->csrf[i] ^ sent[i]);
	return difference == 0;
}

/* ------------------------------------------------------------------------
 * Running a route
 * ------------------------------------------------------------------------ */

static void
run_route(web_request *req, web_response *res, const route *route)
{
	const char *query = env_or("QUERY_STRING", "");
	const char *lang;

	if (req_parse(&req->query, *route->query, query, strlen(query)) != REQ_OK)
	{
		html_input_error_page(req, res, &req->query);
		return;
	}
	lang = req_get(&req->query, "lang");
	if (lang != NULL)
	{
		req->lang = strcmp(lang, "en") == 0 ? LANG_EN : LANG_ID;
		web_set_cookie(req, res, "lang", lang, LANG_COOKIE_MAX_AGE);
	}

	if (route->body != NULL)
	{
		char	   *body;
		size_t		body_len;
		req_status	status;

		if (!is_form_content_type(request_param("CONTENT_TYPE")))
		{
			html_error_page(req, res, 400, tr(req, M_ERROR_CONTENT_TYPE));
			return;
		}
		status = read_body(&body, &body_len);
		if (status == REQ_OK)
			status = req_parse(&req->body, *route->body, body, body_len);
		else if (status == REQ_ERR_INVALID)
		{
			free(body);
			html_error_page(req, res, 400, tr(req, M_ERROR_BAD_BODY));
			return;
		}
		else
			req->body.status = status;
		free(body);

		if (req_status_rejects_input(status))
		{
			html_input_error_page(req, res, &req->body);
			return;
		}
		if (!csrf_matches(req))
		{
			html_error_page(req, res, 403, tr(req, M_ERROR_CSRF));
			return;
		}
		if (status != REQ_OK && !route->shows_field_errors)
		{
			html_input_error_page(req, res, &req->body);
			return;
		}
	}

	route->handler(req, res);
}

/* The methods a path accepts, for the Allow header of a 405. */
static const char *
allowed_methods(const char *path)
{
	bool		get = false;
	bool		post = false;

	for (size_t i = 0; i < NROUTES; i++)
	{
		if (strcmp(routes[i].path, path) != 0)
			continue;
		get = get || strcmp(routes[i].method, "GET") == 0;
		post = post || strcmp(routes[i].method, "POST") == 0;
	}
	if (get && post)
		return "GET, POST";
	if (get)
		return "GET";
	return "POST";
}

static void
send_response(const web_request *req, web_response *res)
{
	strbuf		head;

	if (res->status == 303 && res->body.len == 0)
	{
		/* Browsers follow the Location header; this is for anything else. */
		buf_addf(&res->body, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>",
				 html_lang_code(req));
		html_esc(&res->body, tr(req, M_REDIRECT_TEXT));
		buf_add(&res->body, "</title></head><body><p><a href=\"");
		html_esc(&res->body, res->location);
		buf_add(&res->body, "\">");
		html_esc(&res->body, tr(req, M_REDIRECT_TEXT));
		buf_add(&res->body, "</a></p></body></html>\n");
	}

	buf_init(&head);
	buf_addf(&head, "Status: %d %s\r\n", res->status, http_status_text(res->status));
	if (res->location)
		buf_addf(&head, "Location: %s\r\n", res->location);
	if (res->allow)
		buf_addf(&head, "Allow: %s\r\n", res->allow);
	if (res->server_timing)
		buf_addf(&head, "Server-Timing: %s\r\n", res->server_timing);
	buf_add(&head, "Content-Type: text/html; charset=utf-8\r\n");
	buf_addf(&head, "Content-Length: %zu\r\n", res->body.len);
	/* Every page carries the CSRF token in its forms, so none may be stored. */
	buf_add(&head, "Cache-Control: no-store\r\n"
			"X-Content-Type-Options: nosniff\r\n"
			"X-Frame-Options: DENY\r\n"
			"Referrer-Policy: same-origin\r\n"
			"Content-Security-Policy: " CONTENT_SECURITY_POLICY "\r\n");
	for (int i = 0; i < res->nset_cookies; i++)
		buf_addf(&head, "Set-Cookie: %s\r\n", res->set_cookies[i]);
	buf_add(&head, "\r\n");

	request_write(head.data, head.len);
	if (res->body.len > 0)
		request_write(res->body.data, res->body.len);
	buf_free(&head);
}

static void
handle_request(void)
{
	web_request req;
	web_response res;
	char	   *path = request_path();
	const route *matched = NULL;
	bool		path_known = false;

	memset(&req, 0, sizeof(req));
	memset(&res, 0, sizeof(res));
	buf_init(&res.body);
	res.status = 200;
	req_form_init(&req.query, (req_table) {NULL, 0});
	req_form_init(&req.body, (req_table) {NULL, 0});

	req.method = env_or("REQUEST_METHOD", "GET");
	req.path = path ? path : "/";
	req.switch_path = "/";
	req.https = strcasecmp(env_or("HTTPS", ""), "on") == 0;
	if (!web_random_hex(req.request_id, WEB_REQUEST_ID_LEN / 2))
		strcpy(req.request_id, "0000000000000000");
	read_cookies(&req);

	/* A missing or malformed token gets a new one, set on this response. */
	if (!req.csrf_from_cookie)
	{
		if (!web_random_hex(req.csrf, REQ_TOKEN_HEX_LEN / 2))
		{
			web_log(&req, "could not get random bytes for a CSRF token");
			html_internal_error_page(&req, &res, 500, tr(&req, M_ERROR_GENERIC));
			goto send;
		}
		web_set_cookie(&req, &res, "masbup_csrf", req.csrf, -1);
	}

	for (size_t i = 0; i < NROUTES; i++)
	{
		if (strcmp(routes[i].path, req.path) != 0)
			continue;
		path_known = true;
		if (strcmp(routes[i].method, "GET") == 0)
			req.switch_path = routes[i].path;
		if (strcmp(routes[i].method, req.method) == 0)
			matched = &routes[i];
	}

	if (!path_known)
		html_error_page(&req, &res, 404, tr(&req, M_ERROR_NOT_FOUND));
	else if (matched == NULL)
	{
		html_error_page(&req, &res, 405, tr(&req, M_ERROR_METHOD));
		res.allow = allowed_methods(req.path);
	}
	else
		run_route(&req, &res, matched);

send:
	send_response(&req, &res);

	for (int i = 0; i < res.nset_cookies; i++)
		free(res.set_cookies[i]);
	free(res.location);
	buf_free(&res.body);
	req_form_free(&req.query);
	req_form_free(&req.body);
	req_cookies_free(&req.cookies);
	db_error_clear(&req);
	free(path);
}

int
main(void)
{
	if (!html_messages_complete())
		return 1;
	db_configure();

	if (!pages_public_init(!FCGX_IsCGI()))
		return 1;
	if (FCGX_IsCGI())
	{
		handle_request();
		fflush(stdout);
	}
	else
	{
		if (FCGX_Init() != 0 || FCGX_InitRequest(&fastcgi, 0, 0) != 0)
		{
			fputs("masbup-web: could not set up FastCGI\n", stderr);
			return 1;
		}
		fastcgi_mode = true;
		while (FCGX_Accept_r(&fastcgi) >= 0)
		{
			handle_request();

			/*
			 * Close the connection at once when the next accept finishes
			 * this request. Without this, libfcgi shuts down its side and
			 * waits for the web server to close first, which costs every
			 * request a context switch. The response has been written in
			 * full by then, and lighttpd reads it before it closes.
			 */
			FCGX_Detach(&fastcgi);
		}
		FCGX_Finish_r(&fastcgi);
	}

	pages_public_cleanup();
	db_close();
	return 0;
}
