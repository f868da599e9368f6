/*
 * web.h
 *	  One request and its response as the pages see them, and the services
 *	  that main.c gives the pages: random tokens, cookies, redirects, logging.
 */
#ifndef MASBUP_WEB_H
#define MASBUP_WEB_H

#include <stdbool.h>

#include "buf.h"
#include "request.h"

#define WEB_MAX_SET_COOKIES 4
/* Request ids are 8 random bytes in hex. */
#define WEB_REQUEST_ID_LEN	16

typedef enum web_lang
{
	LANG_ID = 0,				/* Indonesian, the default */
	LANG_EN = 1
} web_lang;

/* Details of a failed database call, filled in by db_exec(). */
typedef struct db_error
{
	bool		failed;
	bool		connection;		/* no connection, or it broke */
	char		sqlstate[6];
	char	   *message;		/* primary message, for the log only */
	char	   *column;			/* PG_DIAG_COLUMN_NAME, when the server sent it */
} db_error;

typedef struct web_request
{
	const char *method;
	const char *path;
	const char *switch_path;	/* where the language switch links: a GET page */
	req_form	query;
	req_form	body;
	req_cookies cookies;
	web_lang	lang;
	char		csrf[REQ_TOKEN_HEX_LEN + 1];	/* the browser's token */
	bool		csrf_from_cookie;	/* false: csrf is new and being set */
	const char *session;		/* well-formed masbup_session cookie, or NULL */
	const char *tracking_session;	/* well-formed TRACKING_COOKIE, or NULL */
	char		staff_name[128];	/* the session's staff member, once checked */
	char		staff_role[32];		/* their role, such as admin_pemkab; empty before */
	char		staff_role_label[64];
	char		request_id[WEB_REQUEST_ID_LEN + 1];
	bool		https;
	db_error	db;
} web_request;

typedef struct web_response
{
	int			status;
	char	   *location;		/* redirect target, or NULL */
	const char *allow;			/* Allow header of a 405, or NULL */
	const char *server_timing;	/* Server-Timing header, or NULL */
	char	   *set_cookies[WEB_MAX_SET_COOKIES];
	int			nset_cookies;
	strbuf		body;
} web_response;

/* main.c */
extern void web_log(const web_request *req, const char *fmt,...)
			__attribute__((format(__printf__, 2, 3)));
extern bool web_random_hex(char *out, size_t nbytes);
extern bool web_random_uuid(char out[37]);
extern void web_set_cookie(const web_request *req, web_response *res,
						   const char *name, const char *value, long max_age);
extern void web_redirect(web_response *res, const char *location);

#endif							/* MASBUP_WEB_H */
