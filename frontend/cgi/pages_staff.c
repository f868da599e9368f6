/*
 * pages_staff.c
 *	  The staff pages: login and logout, the desk queue, one complaint with
 *	  its action forms, the regency admin's list of all complaints, and the
 *	  reports with bar charts. The database resolves the staff member from
 *	  the session token on every call, so this file never decides who may act.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "forms.h"
#include "html.h"
#include "pages.h"

/* Times in the connection's time zone, which db.c sets to WIB. */
#define TIME_FORMAT "'YYYY-MM-DD HH24:MI \"WIB\"'"
#define LOCK_TIME_FORMAT "'YYYY-MM-DD HH24:MI'"

/* Maximum number of rows on the list of all complaints. */
#define LIST_LIMIT 500

/* ------------------------------------------------------------------------
 * Login and sessions
 * ------------------------------------------------------------------------ */

/* The login form, with an error above it when status is not 200. */
static void
render_login_form(web_request *req, web_response *res, int status, const char *error,
				  const char *error_field)
{
	const char *username = strcmp(req->path, "/staf/masuk") == 0 && req->body.table.fields
		? req_raw(&req->body, "username") : NULL;

	res->status = status;
	html_begin(req, res, tr(req, M_LOGIN_TITLE));
	if (error != NULL && error_field == NULL)
		html_notice(res, "error", error);
	buf_add(&res->body, "<form method=\"post\" action=\"/staf/masuk\" class=\"login\">\n");
	html_csrf_field(req, res);
	buf_add(&res->body, "\n");
	html_input(req, res, &(html_control) {
		.name = "username", .label = field_label(req, "username"), .value = username,
			.attrs = "maxlength=\"63\" autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\"",
			.error = (error_field && strcmp(error_field, "username") == 0) ? error : NULL,
			.required = true
	});
	html_input(req, res, &(html_control) {
		.name = "password", .label = field_label(req, "password"), .type = "password",
			.attrs = "maxlength=\"1000\" autocomplete=\"current-password\"",
			.error = (error_field && strcmp(error_field, "password") == 0) ? error : NULL,
			.required = true
	});
	buf_add(&res->body, "<p><button type=\"submit\">");
	html_esc(&res->body, tr(req, M_LOGIN_BUTTON));
	buf_add(&res->body, "</button></p>\n</form>\n");
	html_end(req, res);
}

void
page_login_form(web_request *req, web_response *res)
{
	render_login_form(req, res, 200, NULL, NULL);
}

/* POST /staf/masuk: open a session and go to the desk. */
void
page_login(web_request *req, web_response *res)
{
	const char *params[2];
	PGresult   *result;
	const char *status;

	if (req->body.status != REQ_OK)
	{
		strbuf		sentence;

		buf_init(&sentence);
		html_input_error_sentence(req, &req->body, &sentence);
		render_login_form(req, res, 400, buf_str(&sentence), req_error_field_name(&req->body));
		buf_free(&sentence);
		return;
	}

	params[0] = req_get(&req->body, "username");
	params[1] = req_get(&req->body, "password");
	result = db_exec(req,
					 "SELECT l.session_token, l.status, pg_catalog.to_char(l.locked_until, " LOCK_TIME_FORMAT ") "
					 "FROM masbup.staff_login($1, $2) AS l",
					 2, params);
	if (result == NULL)
	{
		db_error_page(req, res);
		return;
	}

	status = PQgetvalue(result, 0, 1);
	if (strcmp(status, "ok") == 0)
	{
		web_set_cookie(req, res, "masbup_session", PQgetvalue(result, 0, 0), -1);
		web_redirect(res, "/staf/meja");
	}
	else if (strcmp(status, "locked") == 0)
	{
		strbuf		sentence;
		const char *until = db_value(result, 0, 2);

		buf_init(&sentence);
		buf_addf(&sentence, tr(req, M_LOGIN_LOCKED), until ? until : "?");
		render_login_form(req, res, 429, buf_str(&sentence), NULL);
		buf_free(&sentence);
	}
	else
		render_login_form(req, res, 403, tr(req, M_LOGIN_INVALID), NULL);
	PQclear(result);
}

static void
forget_session(web_request *req, web_response *res)
{
	web_set_cookie(req, res, "masbup_session", "", 0);
	req->session = NULL;
}

/* POST /staf/keluar: end the session and go home. */
void
page_logout(web_request *req, web_response *res)
{
	if (req->session != NULL)
	{
		const char *params[1] = {req->session};
		PGresult   *result = db_exec(req, "SELECT masbup.staff_logout($1)", 1, params);

		if (result == NULL)
		{
			forget_session(req, res);
			db_error_page(req, res);
			return;
		}
		PQclear(result);
	}
	forget_session(req, res);
	web_redirect(res, "/");
}

static void staff_error_page(web_request *req, web_response *res);

/*
 * Staff pages without a session cookie show the login form. With one, learn
 * whose session it is, for the header and the menu.
 */
static bool
require_session(web_request *req, web_response *res)
{
	const char *params[1];
	PGresult   *result;

	if (req->session == NULL)
	{
		render_login_form(req, res, 403, tr(req, M_LOGIN_NEEDED), NULL);
		return false;
	}

	params[0] = req->session;
	result = db_exec(req, "SELECT full_name, role, role_label FROM masbup.session_info($1)", 1, params);
	if (result == NULL)
	{
		staff_error_page(req, res);
		return false;
	}
	if (PQntuples(result) == 1)
	{
		snprintf(req->staff_name, sizeof(req->staff_name), "%s", db_value(result, 0, 0));
		snprintf(req->staff_role, sizeof(req->staff_role), "%s", db_value(result, 0, 1));
		snprintf(req->staff_role_label, sizeof(req->staff_role_label), "%s", db_value(result, 0, 2));
	}
	PQclear(result);
	return true;
}

/* The page for a failed call. An ended session (MB015) leads back to the login form. */
static void
staff_error_page(web_request *req, web_response *res)
{
	int			status;
	const char *sentence;

	if (db_failed_with(req, "MB015"))
	{
		sentence = db_error_sentence(req, &status);
		forget_session(req, res);
		render_login_form(req, res, status, sentence, NULL);
		return;
	}
	db_error_page(req, res);
}

/* ------------------------------------------------------------------------
 * Shared pieces
 * ------------------------------------------------------------------------ */

static void
table_head(const web_request *req, web_response *res, const msg_id *columns, int ncolumns)
{
	buf_add(&res->body, "<table class=\"list\">\n<thead><tr>");
	for (int i = 0; i < ncolumns; i++)
	{
		buf_add(&res->body, "<th scope=\"col\">");
		html_esc(&res->body, tr(req, columns[i]));
		buf_add(&res->body, "</th>");
	}
	buf_add(&res->body, "</tr></thead>\n<tbody>\n");
}

/* A table cell, with a dash for NULL. */
static void
cell(const web_request *req, web_response *res, const char *value)
{
	buf_add(&res->body, "<td>");
	html_esc(&res->body, value ? value : tr(req, M_NONE));
	buf_add(&res->body, "</td>");
}

/* A table cell for a time, kept on one line. */
static void
time_cell(const web_request *req, web_response *res, const char *value)
{
	buf_add(&res->body, "<td class=\"nowrap\">");
	html_esc(&res->body, value ? value : tr(req, M_NONE));
	buf_add(&res->body, "</td>");
}

static void
complaint_link_cell(web_response *res, const char *complaint_id, const char *tracking_no)
{
	buf_add(&res->body, "<td class=\"nowrap\"><a href=\"/staf/aduan?id=");
	html_esc(&res->body, complaint_id);
	buf_add(&res->body, "\">");
	html_esc(&res->body, tracking_no);
	buf_add(&res->body, "</a></td>");
}

static void
heading(const web_request *req, web_response *res, msg_id text)
{
	buf_add(&res->body, "<h2>");
	html_esc(&res->body, tr(req, text));
	buf_add(&res->body, "</h2>\n");
}

/* ------------------------------------------------------------------------
 * The desk
 * ------------------------------------------------------------------------ */

enum
{
	DESK_ID,
	DESK_TRACKING_NO,
	DESK_STATE_LABEL,
	DESK_OPD,
	DESK_TITLE,
	DESK_SUBMITTED,
	DESK_TARGET,
	DESK_DUE,
	DESK_OVERDUE,
	DESK_PAST_TARGET
};

/* GET /staf/meja: the complaints waiting for this staff member, earliest deadline first. */
void
page_desk(web_request *req, web_response *res)
{
	static const msg_id columns[] = {M_COL_NUMBER, M_COL_TITLE, M_COL_STATE, M_AGENCY,
	M_COL_SUBMITTED, M_COL_TARGET, M_COL_DUE, M_COL_REMARK};
	const char *params[2];
	PGresult   *desk;

	if (!require_session(req, res))
		return;
	params[0] = req->session;
	params[1] = html_lang_code(req);
	desk = db_exec(req,
				   "SELECT d.complaint_id, d.tracking_no, "
				   "coalesce(CASE WHEN $2 = 'en' THEN s.label_en END, d.state_label), "
				   "d.opd_code, d.title, "
				   "pg_catalog.to_char(d.submitted_at, " TIME_FORMAT "), "
				   "pg_catalog.to_char(d.target_at, " TIME_FORMAT "), "
				   "pg_catalog.to_char(d.due_at, " TIME_FORMAT "), "
				   "d.is_overdue, d.is_past_target "
				   "FROM masbup.desk_as($1) AS d LEFT JOIN masbup.state s ON s.state = d.state "
				   "ORDER BY d.due_at, d.complaint_id",
				   2, params);
	if (desk == NULL)
	{
		staff_error_page(req, res);
		return;
	}

	html_begin(req, res, tr(req, M_DESK_TITLE));
	buf_add(&res->body, "<p>");
	html_esc(&res->body, tr(req, M_DESK_INTRO));
	buf_add(&res->body, "</p>\n");
	if (PQntuples(desk) == 0)
		html_notice(res, "info", tr(req, M_DESK_EMPTY));
	else
	{
		table_head(req, res, columns, sizeof(columns) / sizeof(columns[0]));
		for (int i = 0; i < PQntuples(desk); i++)
		{
			bool		overdue = db_bool(desk, i, DESK_OVERDUE);
			bool		past_target = db_bool(desk, i, DESK_PAST_TARGET);

			buf_add(&res->body, overdue ? "<tr class=\"overdue\">" :
					past_target ? "<tr class=\"near-deadline\">" : "<tr>");
			complaint_link_cell(res, PQgetvalue(desk, i, DESK_ID),
								PQgetvalue(desk, i, DESK_TRACKING_NO));
			cell(req, res, db_value(desk, i, DESK_TITLE));
			cell(req, res, db_value(desk, i, DESK_STATE_LABEL));
			cell(req, res, db_value(desk, i, DESK_OPD));
			time_cell(req, res, db_value(desk, i, DESK_SUBMITTED));
			time_cell(req, res, db_value(desk, i, DESK_TARGET));
			time_cell(req, res, db_value(desk, i, DESK_DUE));
			buf_add(&res->body, "<td>");
			if (overdue || past_target)
			{
				buf_add(&res->body, "<strong class=\"mark\">");
				html_esc(&res->body, tr(req, overdue ? M_OVERDUE : M_PAST_TARGET));
				buf_add(&res->body, "</strong>");
			}
			buf_add(&res->body, "</td></tr>\n");
		}
		buf_add(&res->body, "</tbody>\n</table>\n<p class=\"legend\">");
		html_esc(&res->body, tr(req, M_DESK_LEGEND));
		buf_add(&res->body, "</p>\n");
	}
	html_end(req, res);
	PQclear(desk);
}

/* ------------------------------------------------------------------------
 * One complaint
 * ------------------------------------------------------------------------ */

enum
{
	C_TRACKING_NO,
	C_STATE_LABEL,
	C_OPD_CODE,
	C_OPD_NAME,
	C_KECAMATAN,
	C_CATEGORY,
	C_TITLE,
	C_CHRONOLOGY,
	C_CONFIDENTIAL,
	C_IDENTITY_HIDDEN,
	C_REPORTER_NAME,
	C_REPORTER_NIK,
	C_REPORTER_PHONE,
	C_REPORTER_EMAIL,
	C_REPORTER_ADDRESS,
	C_SUBMITTED,
	C_TARGET,
	C_DUE,
	C_ANSWERED,
	C_CLOSED,
	C_EVENT_COUNT,
	C_OVERDUE
};

enum
{
	E_TIME,
	E_ACTION_LABEL,
	E_STATE_LABEL,
	E_BY,
	E_OPD,
	E_NOTE
};

enum
{
	A_ACTION,
	A_LABEL,
	A_REQUIRES_NOTE,
	A_REQUIRES_OPD
};

static void
definition(const web_request *req, web_response *res, msg_id term, const char *value)
{
	buf_add(&res->body, "<dt>");
	html_esc(&res->body, tr(req, term));
	buf_add(&res->body, "</dt><dd>");
	html_esc(&res->body, value ? value : tr(req, M_NONE));
	buf_add(&res->body, "</dd>\n");
}

static void
render_complaint_data(const web_request *req, web_response *res, const PGresult *c)
{
	const char *opd_code = db_value(c, 0, C_OPD_CODE);
	strbuf		agency;

	buf_init(&agency);
	if (opd_code)
		buf_addf(&agency, "%s (%s)", db_value(c, 0, C_OPD_NAME), opd_code);

	heading(req, res, M_COMPLAINT_DATA);
	if (db_bool(c, 0, C_OVERDUE))
		html_notice(res, "error overdue", tr(req, M_OVERDUE));
	buf_add(&res->body, "<dl class=\"summary\">\n");
	definition(req, res, M_CURRENT_STATE, db_value(c, 0, C_STATE_LABEL));
	definition(req, res, M_AGENCY, opd_code ? buf_str(&agency) : NULL);
	definition(req, res, M_KECAMATAN, db_value(c, 0, C_KECAMATAN));
	definition(req, res, M_CATEGORY, db_value(c, 0, C_CATEGORY));
	definition(req, res, M_COL_TITLE, db_value(c, 0, C_TITLE));
	definition(req, res, M_COL_SUBMITTED, db_value(c, 0, C_SUBMITTED));
	definition(req, res, M_COL_TARGET, db_value(c, 0, C_TARGET));
	definition(req, res, M_COL_DUE, db_value(c, 0, C_DUE));
	definition(req, res, M_COL_ANSWERED, db_value(c, 0, C_ANSWERED));
	definition(req, res, M_COL_CLOSED, db_value(c, 0, C_CLOSED));
	buf_add(&res->body, "</dl>\n<h3>");
	html_esc(&res->body, tr(req, M_CHRONOLOGY));
	buf_add(&res->body, "</h3>\n<p class=\"note\">");
	html_esc(&res->body, db_value(c, 0, C_CHRONOLOGY));
	buf_add(&res->body, "</p>\n");
	buf_free(&agency);
}

static void
render_reporter(const web_request *req, web_response *res, const PGresult *c)
{
	heading(req, res, M_REPORTER);
	if (db_bool(c, 0, C_IDENTITY_HIDDEN))
	{
		html_notice(res, "info", tr(req, M_REPORTER_HIDDEN));
		return;
	}
	if (db_bool(c, 0, C_CONFIDENTIAL))
		html_notice(res, "info", tr(req, M_REPORTER_CONFIDENTIAL));
	buf_add(&res->body, "<dl class=\"summary\">\n");
	definition(req, res, M_NAME, db_value(c, 0, C_REPORTER_NAME));
	definition(req, res, M_NIK, db_value(c, 0, C_REPORTER_NIK));
	definition(req, res, M_PHONE, db_value(c, 0, C_REPORTER_PHONE));
	definition(req, res, M_EMAIL, db_value(c, 0, C_REPORTER_EMAIL));
	definition(req, res, M_ADDRESS, db_value(c, 0, C_REPORTER_ADDRESS));
	buf_add(&res->body, "</dl>\n");
}

static void
render_events(const web_request *req, web_response *res, const PGresult *events)
{
	static const msg_id columns[] = {M_TIME, M_EVENT, M_COL_NEW_STATE, M_COL_BY, M_AGENCY, M_NOTE};

	heading(req, res, M_TIMELINE);
	table_head(req, res, columns, sizeof(columns) / sizeof(columns[0]));
	for (int i = 0; i < PQntuples(events); i++)
	{
		buf_add(&res->body, "<tr>");
		time_cell(req, res, db_value(events, i, E_TIME));
		cell(req, res, db_value(events, i, E_ACTION_LABEL));
		cell(req, res, db_value(events, i, E_STATE_LABEL));
		cell(req, res, db_value(events, i, E_BY));
		cell(req, res, db_value(events, i, E_OPD));
		buf_add(&res->body, "<td class=\"note\">");
		html_esc(&res->body, db_value(events, i, E_NOTE));
		buf_add(&res->body, "</td></tr>\n");
	}
	buf_add(&res->body, "</tbody>\n</table>\n");
}

/*
 * One form per allowed action. Each carries the event count the page showed
 * as versi, so that an action decided on an outdated page fails with MB007.
 */
static void
render_action_forms(const web_request *req, web_response *res, const char *complaint_id,
					const char *event_count, const PGresult *actions,
					const PGresult *agencies)
{
	heading(req, res, M_ACTIONS);
	if (PQntuples(actions) == 0)
	{
		html_notice(res, "info", tr(req, M_NO_ACTIONS));
		return;
	}

	for (int i = 0; i < PQntuples(actions); i++)
	{
		const char *action = PQgetvalue(actions, i, A_ACTION);
		bool		note_required = db_bool(actions, i, A_REQUIRES_NOTE);
		strbuf		id;

		buf_init(&id);
		buf_add(&res->body, "<form method=\"post\" action=\"/staf/aksi\" class=\"action\">\n<fieldset>\n<legend>");
		html_esc(&res->body, PQgetvalue(actions, i, A_LABEL));
		buf_add(&res->body, "</legend>\n");
		html_csrf_field(req, res);
		html_hidden(res, "id", complaint_id);
		html_hidden(res, "aksi", action);
		html_hidden(res, "versi", event_count);
		buf_add(&res->body, "\n");

		if (db_bool(actions, i, A_REQUIRES_OPD) && agencies != NULL)
		{
			buf_addf(&id, "opd-%s", action);
			html_select_open(req, res, &(html_control) {
				.name = "opd", .id = buf_str(&id), .label = tr(req, M_TARGET_AGENCY),
					.required = true
			});
			html_option(res, "", tr(req, M_CHOOSE_AGENCY), "");
			for (int j = 0; j < PQntuples(agencies); j++)
				html_option(res, PQgetvalue(agencies, j, 0), PQgetvalue(agencies, j, 1), NULL);
			html_select_close(res);
		}

		buf_reset(&id);
		buf_addf(&id, "catatan-%s", action);
		html_textarea(req, res, &(html_control) {
			.name = "catatan", .id = buf_str(&id),
				.label = tr(req, strcmp(action, "report_follow_up") == 0 ? M_RESULT_REQUIRED
							: note_required ? M_NOTE_REQUIRED : M_NOTE_OPTIONAL),
				.attrs = "rows=\"3\" maxlength=\"10000\"", .required = note_required
		});
		buf_add(&res->body, "<p><button type=\"submit\">");
		html_esc(&res->body, PQgetvalue(actions, i, A_LABEL));
		buf_add(&res->body, "</button></p>\n</fieldset>\n</form>\n");
		buf_free(&id);
	}
}

static bool
any_requires_opd(const PGresult *actions)
{
	for (int i = 0; i < PQntuples(actions); i++)
	{
		if (db_bool(actions, i, A_REQUIRES_OPD))
			return true;
	}
	return false;
}

/* GET /staf/aduan?id=N: data, reporter, timeline and action forms of one complaint. */
void
page_complaint(web_request *req, web_response *res)
{
	const char *params[3];
	PGresult   *complaint = NULL;
	PGresult   *events = NULL;
	PGresult   *actions = NULL;
	PGresult   *agencies = NULL;
	strbuf		title;

	if (!require_session(req, res))
		return;
	params[0] = req->session;
	params[1] = req_get(&req->query, "id");
	params[2] = html_lang_code(req);

	complaint = db_exec(req,
						"SELECT c.tracking_no, coalesce(CASE WHEN $3 = 'en' THEN s.label_en END, c.state_label), "
						"c.opd_code, c.opd_name, c.kecamatan, c.category, c.title, c.chronology, "
						"c.confidential, c.identity_hidden, c.reporter_name, c.reporter_nik, "
						"c.reporter_phone, c.reporter_email, c.reporter_address, "
						"pg_catalog.to_char(c.submitted_at, " TIME_FORMAT "), "
						"pg_catalog.to_char(c.target_at, " TIME_FORMAT "), "
						"pg_catalog.to_char(c.due_at, " TIME_FORMAT "), "
						"pg_catalog.to_char(c.answered_at, " TIME_FORMAT "), "
						"pg_catalog.to_char(c.closed_at, " TIME_FORMAT "), "
						"c.event_count, "
						"c.answered_at IS NULL AND c.closed_at IS NULL AND pg_catalog.now() > c.due_at "
						"FROM masbup.complaint_as($1, $2::bigint) AS c "
						"LEFT JOIN masbup.state s ON s.state = c.state",
						3, params);
	if (complaint == NULL)
		goto failed;
	if (PQntuples(complaint) == 0)
	{
		int			status = 404;

		html_error_page(req, res, status, db_sentence(req, "MB006", &status));
		PQclear(complaint);
		return;
	}

	events = db_exec(req,
					 "SELECT pg_catalog.to_char(e.at, " TIME_FORMAT "), "
					 "coalesce(CASE WHEN $3 = 'en' THEN a.label_en END, e.action_label), "
					 "coalesce(CASE WHEN $3 = 'en' THEN s.label_en END, e.state_label), "
					 "coalesce(e.staff_name, CASE WHEN $3 = 'en' THEN r.label_en ELSE r.label_id END, e.actor_role), "
					 "e.opd_code, e.note "
					 "FROM masbup.complaint_events_as($1, $2::bigint) AS e "
					 "LEFT JOIN masbup.action a ON a.action = e.action "
					 "LEFT JOIN masbup.state s ON s.state = e.to_state "
					 "LEFT JOIN masbup.workflow_role r ON r.role = e.actor_role "
					 "ORDER BY e.seq",
					 3, params);
	if (events == NULL)
		goto failed;

	actions = db_exec(req,
					  "SELECT x.action, coalesce(CASE WHEN $3 = 'en' THEN a.label_en END, x.label_id), "
					  "x.requires_note, x.requires_opd "
					  "FROM masbup.allowed_actions_as($1, $2::bigint) WITH ORDINALITY "
					  "AS x (action, label_id, to_state, requires_note, requires_opd, position) "
					  "LEFT JOIN masbup.action a ON a.action = x.action "
					  "ORDER BY x.position",
					  3, params);
	if (actions == NULL)
		goto failed;

	if (any_requires_opd(actions))
	{
		agencies = db_exec(req,
						   "SELECT o.code, o.name || ' (' || o.code || ')' FROM masbup.opd o "
						   "WHERE o.is_active ORDER BY o.name",
						   0, NULL);
		if (agencies == NULL)
			goto failed;
	}

	buf_init(&title);
	buf_addf(&title, tr(req, M_COMPLAINT_TITLE), PQgetvalue(complaint, 0, C_TRACKING_NO));
	html_begin(req, res, buf_str(&title));
	buf_free(&title);
	render_complaint_data(req, res, complaint);
	render_reporter(req, res, complaint);
	render_action_forms(req, res, params[1], PQgetvalue(complaint, 0, C_EVENT_COUNT),
						actions, agencies);
	render_events(req, res, events);
	html_end(req, res);

	PQclear(complaint);
	PQclear(events);
	PQclear(actions);
	PQclear(agencies);
	return;

failed:
	staff_error_page(req, res);
	PQclear(complaint);
	PQclear(events);
	PQclear(actions);
	PQclear(agencies);
}

/* POST /staf/aksi: perform the action, then show the complaint again. */
void
page_action(web_request *req, web_response *res)
{
	const char *params[6];
	PGresult   *result;
	strbuf		back;

	if (!require_session(req, res))
		return;
	params[0] = req->session;
	params[1] = req_get(&req->body, "id");
	params[2] = req_get(&req->body, "aksi");
	params[3] = req_get(&req->body, "catatan");
	params[4] = req_get(&req->body, "opd");
	params[5] = req_get(&req->body, "versi");

	buf_init(&back);
	buf_addf(&back, "/staf/aduan?id=%s", params[1]);
	result = db_exec(req,
					 "SELECT p.tracking_no FROM masbup.perform_as($1, $2::bigint, $3, $4, $5, $6::integer) AS p",
					 6, params);
	if (result != NULL)
	{
		web_redirect(res, buf_str(&back));
		PQclear(result);
	}
	else
	{
		int			status;
		const char *sentence = db_error_sentence(req, &status);

		if (sentence != NULL && !db_failed_with(req, "MB015"))
			html_error_page_back(req, res, status, sentence, buf_str(&back),
								 tr(req, M_BACK_TO_COMPLAINT));
		else
			staff_error_page(req, res);
	}
	buf_free(&back);
}

/* ------------------------------------------------------------------------
 * All complaints (regency admin)
 * ------------------------------------------------------------------------ */

enum
{
	L_ID,
	L_TRACKING_NO,
	L_STATE_LABEL,
	L_OPD,
	L_TITLE,
	L_SUBMITTED,
	L_DUE,
	L_ANSWERED,
	L_STANDARD
};

static msg_id
standard_label(const char *standard)
{
	if (strcmp(standard, "met") == 0)
		return M_STANDARD_MET;
	if (strcmp(standard, "late") == 0)
		return M_STANDARD_LATE;
	if (strcmp(standard, "overdue") == 0)
		return M_STANDARD_OVERDUE;
	if (strcmp(standard, "rejected") == 0)
		return M_STANDARD_REJECTED;
	return M_STANDARD_OPEN;
}

static void
render_filter_form(const web_request *req, web_response *res, const PGresult *states,
				   const PGresult *agencies)
{
	const char *state = req_get(&req->query, "status");
	const char *opd = req_get(&req->query, "opd");

	buf_add(&res->body, "<form method=\"get\" action=\"/staf/semua\" class=\"filter\">\n<fieldset>\n<legend>");
	html_esc(&res->body, tr(req, M_FILTER));
	buf_add(&res->body, "</legend>\n");

	html_select_open(req, res, &(html_control) {
		.name = "status", .label = tr(req, M_CURRENT_STATE)
	});
	html_option(res, "", tr(req, M_FILTER_ALL), state ? state : "");
	for (int i = 0; i < PQntuples(states); i++)
		html_option(res, PQgetvalue(states, i, 0), PQgetvalue(states, i, 1), state);
	html_select_close(res);

	html_select_open(req, res, &(html_control) {
		.name = "opd", .label = tr(req, M_AGENCY)
	});
	html_option(res, "", tr(req, M_FILTER_ALL), opd ? opd : "");
	for (int i = 0; i < PQntuples(agencies); i++)
		html_option(res, PQgetvalue(agencies, i, 0), PQgetvalue(agencies, i, 1), opd);
	html_select_close(res);

	html_input(req, res, &(html_control) {
		.name = "dari", .label = tr(req, M_FROM_DATE), .type = "date",
			.value = req_get(&req->query, "dari")
	});
	html_input(req, res, &(html_control) {
		.name = "sampai", .label = tr(req, M_TO_DATE), .type = "date",
			.value = req_get(&req->query, "sampai")
	});
	buf_add(&res->body, "<p><button type=\"submit\">");
	html_esc(&res->body, tr(req, M_SHOW));
	buf_add(&res->body, "</button></p>\n</fieldset>\n</form>\n");
}

/* GET /staf/semua: every complaint, filtered by state, agency and submission date. */
void
page_all(web_request *req, web_response *res)
{
	static const msg_id columns[] = {M_COL_NUMBER, M_COL_TITLE, M_COL_STATE, M_AGENCY,
	M_COL_SUBMITTED, M_COL_DUE, M_COL_ANSWERED, M_COL_STANDARD};
	const char *params[7];
	char		limit[16];
	PGresult   *list = NULL;
	PGresult   *states = NULL;
	PGresult   *agencies = NULL;
	int			shown;
	char		count[16];
	strbuf		sentence;

	if (!require_session(req, res))
		return;
	snprintf(limit, sizeof(limit), "%d", LIST_LIMIT + 1);
	params[0] = req->session;
	params[1] = req_get(&req->query, "status");
	params[2] = req_get(&req->query, "opd");
	params[3] = req_get(&req->query, "dari");
	params[4] = req_get(&req->query, "sampai");
	params[5] = html_lang_code(req);
	params[6] = limit;

	list = db_exec(req,
				   "SELECT l.complaint_id, l.tracking_no, "
				   "coalesce(CASE WHEN $6 = 'en' THEN s.label_en END, l.state_label), "
				   "l.opd_code, l.title, "
				   "pg_catalog.to_char(l.submitted_at, " TIME_FORMAT "), "
				   "pg_catalog.to_char(l.due_at, " TIME_FORMAT "), "
				   "pg_catalog.to_char(l.answered_at, " TIME_FORMAT "), l.standard "
				   "FROM masbup.complaint_list_as($1, $2, $3, $4::date, $5::date) AS l "
				   "LEFT JOIN masbup.state s ON s.state = l.state "
				   "ORDER BY l.submitted_at DESC, l.complaint_id DESC LIMIT $7::integer",
				   7, params);
	if (list == NULL)
		goto failed;
	states = db_exec(req,
					 "SELECT s.state, CASE WHEN $1 = 'en' THEN s.label_en ELSE s.label_id END "
					 "FROM masbup.state s ORDER BY s.sort_order",
					 1, &params[5]);
	if (states == NULL)
		goto failed;
	agencies = db_exec(req,
					   "SELECT o.code, o.code || ' · ' || o.name FROM masbup.opd o ORDER BY o.code",
					   0, NULL);
	if (agencies == NULL)
		goto failed;

	html_begin(req, res, tr(req, M_ALL_TITLE));
	render_filter_form(req, res, states, agencies);

	/* The query fetched one row more than it shows, to tell whether there are more. */
	shown = PQntuples(list) > LIST_LIMIT ? LIST_LIMIT : PQntuples(list);
	snprintf(count, sizeof(count), "%d", shown);
	buf_init(&sentence);
	if (PQntuples(list) > LIST_LIMIT)
	{
		buf_addf(&sentence, tr(req, M_LIST_TRUNCATED), count);
		html_notice(res, "info", buf_str(&sentence));
	}
	else if (shown == 0)
		html_notice(res, "info", tr(req, M_LIST_EMPTY));
	else
	{
		buf_addf(&sentence, tr(req, M_LIST_COUNT), count);
		buf_add(&res->body, "<p>");
		html_esc(&res->body, buf_str(&sentence));
		buf_add(&res->body, "</p>\n");
	}
	buf_free(&sentence);

	if (shown > 0)
	{
		table_head(req, res, columns, sizeof(columns) / sizeof(columns[0]));
		for (int i = 0; i < shown; i++)
		{
			const char *standard = PQgetvalue(list, i, L_STANDARD);

			buf_add(&res->body, "<tr class=\"standard-");
			html_esc(&res->body, standard);
			buf_add(&res->body, "\">");
			complaint_link_cell(res, PQgetvalue(list, i, L_ID), PQgetvalue(list, i, L_TRACKING_NO));
			cell(req, res, db_value(list, i, L_TITLE));
			cell(req, res, db_value(list, i, L_STATE_LABEL));
			cell(req, res, db_value(list, i, L_OPD));
			time_cell(req, res, db_value(list, i, L_SUBMITTED));
			time_cell(req, res, db_value(list, i, L_DUE));
			time_cell(req, res, db_value(list, i, L_ANSWERED));
			cell(req, res, tr(req, standard_label(standard)));
			buf_add(&res->body, "</tr>\n");
		}
		buf_add(&res->body, "</tbody>\n</table>\n");
	}
	html_end(req, res);
	PQclear(list);
	PQclear(states);
	PQclear(agencies);
	return;

failed:
	staff_error_page(req, res);
	PQclear(list);
	PQclear(states);
	PQclear(agencies);
}

/* ------------------------------------------------------------------------
 * Reports
 * ------------------------------------------------------------------------ */

/* Geometry of the horizontal bar charts, in SVG user units. */
#define CHART_WIDTH		720
#define CHART_LABEL		260
#define CHART_BAR_AREA	380
#define CHART_ROW		26
#define CHART_BAR		18
#define CHART_TOP		30

/* The five outcomes of the service standard, in chart order. */
static const struct
{
	const char *standard;
	msg_id		label;
}			outcomes[] = {
	{"met", M_STANDARD_MET},
	{"late", M_STANDARD_LATE},
	{"overdue", M_STANDARD_OVERDUE},
	{"open", M_STANDARD_OPEN},
	{"rejected", M_STANDARD_REJECTED},
};

#define NOUTCOMES (int) (sizeof(outcomes) / sizeof(outcomes[0]))

static long
count_at(const PGresult *result, int row, int column)
{
	return strtol(PQgetvalue(result, row, column), NULL, 10);
}

static void
svg_open(const web_request *req, web_response *res, const char *id, msg_id title, int rows)
{
	int			height = CHART_TOP + rows * CHART_ROW + 10;

	buf_addf(&res->body, "<svg class=\"chart\" role=\"img\" aria-labelledby=\"%s-title\" "
			 "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">\n",
			 id, CHART_WIDTH, height, CHART_WIDTH, height);
	buf_addf(&res->body, "<title id=\"%s-title\">", id);
	html_esc(&res->body, tr(req, title));
	buf_add(&res->body, "</title>\n");
}

static void
svg_row_label(web_response *res, int row, const char *label)
{
	buf_addf(&res->body, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">",
			 CHART_LABEL - 8, CHART_TOP + row * CHART_ROW + CHART_BAR - 4);
	html_esc(&res->body, label);
	buf_add(&res->body, "</text>\n");
}

/* Width of a bar of value when the longest bar is of max. */
static long
bar_width(long value, long max)
{
	return max > 0 ? value * CHART_BAR_AREA / max : 0;
}

static void
render_state_chart(const web_request *req, web_response *res, const PGresult *by_state)
{
	long		max = 0;
	int			rows = PQntuples(by_state);

	for (int i = 0; i < rows; i++)
		max = count_at(by_state, i, 2) > max ? count_at(by_state, i, 2) : max;

	svg_open(req, res, "chart-state", M_REPORT_BY_STATE, rows);
	for (int i = 0; i < rows; i++)
	{
		long		count = count_at(by_state, i, 2);
		long		width = bar_width(count, max);
		int			y = CHART_TOP + i * CHART_ROW;

		svg_row_label(res, i, PQgetvalue(by_state, i, 1));
		buf_addf(&res->body, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%ld\" height=\"%d\"></rect>\n",
				 CHART_LABEL, y, width, CHART_BAR);
		buf_addf(&res->body, "<text class=\"value\" x=\"%ld\" y=\"%d\">%ld</text>\n",
				 CHART_LABEL + width + 6, y + CHART_BAR - 4, count);
	}
	buf_add(&res->body, "</svg>\n");
}

static void
render_state_table(const web_request *req, web_response *res, const PGresult *by_state)
{
	static const msg_id columns[] = {M_COL_STATE, M_COUNT};

	table_head(req, res, columns, 2);
	for (int i = 0; i < PQntuples(by_state); i++)
	{
		buf_add(&res->body, "<tr>");
		cell(req, res, PQgetvalue(by_state, i, 1));
		buf_add(&res->body, "<td class=\"number\">");
		html_esc(&res->body, PQgetvalue(by_state, i, 2));
		buf_add(&res->body, "</td></tr>\n");
	}
	buf_add(&res->body, "</tbody>\n</table>\n");
}

/* Agency rows: code, then one count per outcome, then the total. */
static void
render_agency_chart(const web_request *req, web_response *res, const PGresult *by_agency)
{
	long		max = 0;
	int			rows = PQntuples(by_agency);

	for (int i = 0; i < rows; i++)
		max = count_at(by_agency, i, 1 + NOUTCOMES) > max ? count_at(by_agency, i, 1 + NOUTCOMES) : max;

	svg_open(req, res, "chart-agency", M_REPORT_BY_AGENCY, rows);

	/* Legend across the top, from the left edge: the five entries need about 580 units. */
	for (int k = 0, x = 0; k < NOUTCOMES; k++)
	{
		const char *label = tr(req, outcomes[k].label);

		buf_addf(&res->body, "<rect class=\"seg-%s\" x=\"%d\" y=\"6\" width=\"12\" height=\"12\"></rect>"
				 "<text class=\"legend\" x=\"%d\" y=\"16\">", outcomes[k].standard, x, x + 16);
		html_esc(&res->body, label);
		buf_add(&res->body, "</text>\n");
		x += 16 + (int) strlen(label) * 7 + 14;
	}

	for (int i = 0; i < rows; i++)
	{
		const char *code = db_value(by_agency, i, 0);
		int			y = CHART_TOP + i * CHART_ROW;
		long		x = CHART_LABEL;

		svg_row_label(res, i, code ? code : tr(req, M_NO_AGENCY_YET));
		for (int k = 0; k < NOUTCOMES; k++)
		{
			long		count = count_at(by_agency, i, 1 + k);
			long		width = bar_width(count, max);

			if (count == 0)
				continue;
			buf_addf(&res->body, "<rect class=\"seg-%s\" x=\"%ld\" y=\"%d\" width=\"%ld\" height=\"%d\"><title>",
					 outcomes[k].standard, x, y, width, CHART_BAR);
			html_escf(&res->body, "%s: %s %ld", code ? code : tr(req, M_NO_AGENCY_YET),
					  tr(req, outcomes[k].label), count);
			buf_add(&res->body, "</title></rect>\n");
			x += width;
		}
		buf_addf(&res->body, "<text class=\"value\" x=\"%ld\" y=\"%d\">%ld</text>\n",
				 x + 6, y + CHART_BAR - 4, count_at(by_agency, i, 1 + NOUTCOMES));
	}
	buf_add(&res->body, "</svg>\n");
}

static void
render_agency_table(const web_request *req, web_response *res, const PGresult *by_agency)
{
	buf_add(&res->body, "<table class=\"list\">\n<thead><tr><th scope=\"col\">");
	html_esc(&res->body, tr(req, M_AGENCY));
	buf_add(&res->body, "</th>");
	for (int k = 0; k < NOUTCOMES; k++)
	{
		buf_add(&res->body, "<th scope=\"col\">");
		html_esc(&res->body, tr(req, outcomes[k].label));
		buf_add(&res->body, "</th>");
	}
	buf_add(&res->body, "<th scope=\"col\">");
	html_esc(&res->body, tr(req, M_TOTAL));
	buf_add(&res->body, "</th></tr></thead>\n<tbody>\n");

	for (int i = 0; i < PQntuples(by_agency); i++)
	{
		const char *code = db_value(by_agency, i, 0);

		buf_add(&res->body, "<tr><th scope=\"row\">");
		html_esc(&res->body, code ? code : tr(req, M_NO_AGENCY_YET));
		buf_add(&res->body, "</th>");
		for (int k = 0; k <= NOUTCOMES; k++)
		{
			buf_add(&res->body, "<td class=\"number\">");
			html_esc(&res->body, PQgetvalue(by_agency, i, 1 + k));
			buf_add(&res->body, "</td>");
		}
		buf_add(&res->body, "</tr>\n");
	}
	buf_add(&res->body, "</tbody>\n</table>\n");
}

/* GET /staf/laporan: complaints by state and the service standard by agency. */
void
page_reports(web_request *req, web_response *res)
{
	const char *params[2];
	PGresult   *by_state = NULL;
	PGresult   *by_agency = NULL;

	if (!require_session(req, res))
		return;
	params[0] = req->session;
	params[1] = html_lang_code(req);

	by_state = db_exec(req,
					   "SELECT s.state, CASE WHEN $2 = 'en' THEN s.label_en ELSE s.label_id END, "
					   "count(l.complaint_id) "
					   "FROM masbup.state s LEFT JOIN masbup.complaint_list_as($1) AS l ON l.state = s.state "
					   "GROUP BY s.state, s.label_id, s.label_en, s.sort_order ORDER BY s.sort_order",
					   2, params);
	if (by_state == NULL)
		goto failed;
	by_agency = db_exec(req,
						"SELECT l.opd_code, "
						"count(*) FILTER (WHERE l.standard = 'met'), "
						"count(*) FILTER (WHERE l.standard = 'late'), "
						"count(*) FILTER (WHERE l.standard = 'overdue'), "
						"count(*) FILTER (WHERE l.standard = 'open'), "
						"count(*) FILTER (WHERE l.standard = 'rejected'), "
						"count(*) "
						"FROM masbup.complaint_list_as($1) AS l "
						"GROUP BY l.opd_code ORDER BY l.opd_code NULLS FIRST",
						1, params);
	if (by_agency == NULL)
		goto failed;

	html_begin(req, res, tr(req, M_REPORTS_TITLE));
	heading(req, res, M_REPORT_BY_STATE);
	render_state_chart(req, res, by_state);
	render_state_table(req, res, by_state);
	heading(req, res, M_REPORT_BY_AGENCY);
	buf_add(&res->body, "<p>");
	html_esc(&res->body, tr(req, M_REPORT_BY_AGENCY_NOTE));
	buf_add(&res->body, "</p>\n");
	render_agency_chart(req, res, by_agency);
	render_agency_table(req, res, by_agency);
	html_end(req, res);
	PQclear(by_state);
	PQclear(by_agency);
	return;

failed:
	staff_error_page(req, res);
	PQclear(by_state);
	PQclear(by_agency);
}
