/*
 * pages_public.c
 *	  The citizen's pages: home, the complaint form and its receipt, tracking
 *	  a complaint and acknowledging its answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "forms.h"
#include "html.h"
#include "pages.h"
#include "track_cache.h"

/* Format of every time shown, in the connection's time zone (WIB). */
#define TIME_FORMAT "'YYYY-MM-DD HH24:MI'"

/* A form shown again after an error: the values sent and the field at fault. */
typedef struct form_state
{
	const req_form *values;
	const char *error_field;
	const char *error;
} form_state;

static const char *
sent_value(const form_state *state, const char *name)
{
	return state->values ? req_raw(state->values, name) : NULL;
}

static const char *
error_for(const form_state *state, const char *name)
{
	if (state->error_field != NULL && strcmp(state->error_field, name) == 0)
		return state->error;
	return NULL;
}

/* ------------------------------------------------------------------------
 * Home
 * ------------------------------------------------------------------------ */

static void
home_card(const web_request *req, web_response *res, const char *href,
		  msg_id link, msg_id text)
{
	buf_add(&res->body, "<li><a href=\"");
	buf_add(&res->body, href);
	buf_add(&res->body, "\">");
	html_esc(&res->body, tr(req, link));
	buf_add(&res->body, "</a><p>");
	html_esc(&res->body, tr(req, text));
	buf_add(&res->body, "</p></li>\n");
}

void
page_home(web_request *req, web_response *res)
{
	html_begin(req, res, tr(req, M_HOME_TITLE));
	buf_add(&res->body, "<p class=\"lead\">");
	html_esc(&res->body, tr(req, M_HOME_INTRO));
	buf_add(&res->body, "</p>\n<ul class=\"cards\">\n");
	home_card(req, res, "/aduan/baru", M_NAV_SUBMIT, M_HOME_SUBMIT_TEXT);
	home_card(req, res, "/lacak", M_NAV_TRACK, M_HOME_TRACK_TEXT);
	home_card(req, res, "/staf/masuk", M_NAV_LOGIN, M_HOME_STAFF_TEXT);
	buf_add(&res->body, "</ul>\n");
	html_end(req, res);
}

/* ------------------------------------------------------------------------
 * The complaint form
 * ------------------------------------------------------------------------ */

/*
 * The kecamatan of the regency are the active agencies of kind 'kecamatan',
 * and every role may read masbup.opd. The form offers their names without
 * the word "Kecamatan", as complaints store them.
 */
static PGresult *
load_kecamatan(web_request *req)
{
	return db_exec(req,
				   "SELECT pg_catalog.regexp_replace(o.name, '^Kecamatan ', '') AS kecamatan "
				   "FROM masbup.opd o WHERE o.kind = 'kecamatan' AND o.is_active ORDER BY 1",
				   0, NULL);
}

static void
identity_fields(const web_request *req, web_response *res, const form_state *state)
{
	buf_add(&res->body, "<fieldset>\n<legend>");
	html_esc(&res->body, tr(req, M_SUBMIT_IDENTITY));
	buf_add(&res->body, "</legend>\n");

	html_input(req, res, &(html_control) {
		.name = "nama", .label = tr(req, M_NAME), .value = sent_value(state, "nama"),
			.attrs = "maxlength=\"100\" autocomplete=\"name\"",
			.hint = tr(req, M_HINT_NAME), .error = error_for(state, "nama"), .required = true
	});
	html_input(req, res, &(html_control) {
		.name = "nik", .label = tr(req, M_NIK), .value = sent_value(state, "nik"),
			.attrs = "maxlength=\"16\" inputmode=\"numeric\" pattern=\"[0-9]{16}\" autocomplete=\"off\"",
			.hint = tr(req, M_HINT_NIK), .error = error_for(state, "nik"), .required = true
	});
	html_input(req, res, &(html_control) {
		.name = "telepon", .label = tr(req, M_PHONE), .type = "tel",
			.value = sent_value(state, "telepon"),
			.attrs = "maxlength=\"20\" autocomplete=\"tel\"",
			.hint = tr(req, M_HINT_PHONE), .error = error_for(state, "telepon"), .required = true
	});
	html_input(req, res, &(html_control) {
		.name = "email", .label = tr(req, M_EMAIL), .type = "email",
			.value = sent_value(state, "email"),
			.attrs = "maxlength=\"254\" autocomplete=\"email\"",
			.hint = tr(req, M_HINT_EMAIL), .error = error_for(state, "email"),
			.mark_optional = true
	});
	html_input(req, res, &(html_control) {
		.name = "alamat", .label = tr(req, M_ADDRESS), .value = sent_value(state, "alamat"),
			.attrs = "maxlength=\"300\" autocomplete=\"street-address\"",
			.hint = tr(req, M_HINT_ADDRESS), .error = error_for(state, "alamat"), .required = true
	});
	buf_add(&res->body, "</fieldset>\n");
}

static void
complaint_fields(const web_request *req, web_response *res, const form_state *state,
				 const PGresult *kecamatan)
{
	const char *chosen;

	buf_add(&res->body, "<fieldset>\n<legend>");
	html_esc(&res->body, tr(req, M_SUBMIT_COMPLAINT));
	buf_add(&res->body, "</legend>\n");

	chosen = sent_value(state, "kecamatan");
	html_select_open(req, res, &(html_control) {
		.name = "kecamatan", .label = tr(req, M_KECAMATAN),
			.error = error_for(state, "kecamatan"), .required = true
	});
	html_option(res, "", tr(req, M_CHOOSE_KECAMATAN), chosen ? NULL : "");
	for (int i = 0; i < PQntuples(kecamatan); i++)
		html_option(res, PQgetvalue(kecamatan, i, 0), PQgetvalue(kecamatan, i, 0), chosen);
	html_select_close(res);

	chosen = sent_value(state, "kategori");
	html_select_open(req, res, &(html_control) {
		.name = "kategori", .label = tr(req, M_CATEGORY),
			.error = error_for(state, "kategori"), .required = true
	});
	html_option(res, "", tr(req, M_CHOOSE_CATEGORY), chosen ? NULL : "");
	for (int i = 0; form_categories[i] != NULL; i++)
		html_option(res, form_categories[i], form_categories[i], chosen);
	html_select_close(res);

	html_input(req, res, &(html_control) {
		.name = "judul", .label = field_label(req, "judul"), .value = sent_value(state, "judul"),
			.attrs = "minlength=\"10\" maxlength=\"200\"",
			.hint = tr(req, M_HINT_TITLE), .error = error_for(state, "judul"), .required = true
	});
	html_textarea(req, res, &(html_control) {
		.name = "kronologi", .label = tr(req, M_CHRONOLOGY),
			.value = sent_value(state, "kronologi"),
			.attrs = "rows=\"10\" minlength=\"50\" maxlength=\"10000\"",
			.hint = tr(req, M_HINT_CHRONOLOGY), .error = error_for(state, "kronologi"),
			.required = true
	});

	buf_add(&res->body, "<div class=\"field checkbox\">\n"
			"<input type=\"checkbox\" id=\"f-rahasia\" name=\"rahasia\" value=\"1\""
			" aria-describedby=\"h-rahasia\"");
	if (sent_value(state, "rahasia") != NULL)
		buf_add(&res->body, " checked");
	buf_add(&res->body, ">\n<label for=\"f-rahasia\">");
	html_esc(&res->body, tr(req, M_CONFIDENTIAL_LABEL));
	buf_add(&res->body, "</label>\n");
	html_hint_and_error(res, "rahasia", tr(req, M_HINT_CONFIDENTIAL), NULL);
	buf_add(&res->body, "</div>\n</fieldset>\n");
}

/*
 * Show the complaint form, empty or with the values sent and the error. Its
 * token (a new random UUID, or the one sent) makes a double-clicked submit
 * create one complaint.
 */
static void
render_submit_form(web_request *req, web_response *res, int status,
				   const form_state *state)
{
	PGresult   *kecamatan = load_kecamatan(req);
	const char *sent_token = state->values ? req_get(state->values, "token") : NULL;
	char		token[37];

	if (kecamatan == NULL)
	{
		db_error_page(req, res);
		return;
	}
	if (sent_token != NULL)
		memcpy(token, sent_token, sizeof(token));
	else if (!web_random_uuid(token))
	{
		PQclear(kecamatan);
		web_log(req, "could not get random bytes for a form token");
		html_internal_error_page(req, res, 500, tr(req, M_ERROR_GENERIC));
		return;
	}

	res->status = status;
	html_begin(req, res, tr(req, M_SUBMIT_TITLE));
	if (state->error != NULL)
		html_notice(res, "error", tr(req, M_FORM_HAS_ERROR));
	buf_add(&res->body, "<p>");
	html_esc(&res->body, tr(req, M_SUBMIT_INTRO));
	buf_add(&res->body, "</p>\n<form method=\"post\" action=\"/aduan/baru\" class=\"complaint\">\n");
	html_csrf_field(req, res);
	html_hidden(res, "token", token);
	buf_add(&res->body, "\n");

	identity_fields(req, res, state);
	complaint_fields(req, res, state, kecamatan);

	buf_add(&res->body, "<p><button type=\"submit\">");
	html_esc(&res->body, tr(req, M_SUBMIT_BUTTON));
	buf_add(&res->body, "</button></p>\n</form>\n");
	html_end(req, res);
	PQclear(kecamatan);
}

void
page_submit_form(web_request *req, web_response *res)
{
	form_state	empty = {NULL, NULL, NULL};

	render_submit_form(req, res, 200, &empty);
}

static void
render_receipt(const web_request *req, web_response *res, const char *tracking_no,
			   const char *access_code)
{
	bool		first = access_code != NULL;

	html_begin(req, res, tr(req, first ? M_RECEIPT_TITLE : M_RECEIPT_REPEAT_TITLE));
	html_notice(res, "ok", tr(req, first ? M_RECEIPT_TEXT : M_RECEIPT_REPEAT_TEXT));
	buf_add(&res->body, "<dl class=\"receipt\">\n<dt>");
	html_esc(&res->body, tr(req, M_TRACKING_NO));
	buf_add(&res->body, "</dt>\n<dd class=\"code\">");
	html_esc(&res->body, tracking_no);
	buf_add(&res->body, "</dd>\n");
	if (first)
	{
		buf_add(&res->body, "<dt>");
		html_esc(&res->body, tr(req, M_ACCESS_CODE));
		buf_add(&res->body, "</dt>\n<dd class=\"code\">");
		html_esc(&res->body, access_code);
		buf_add(&res->body, "</dd>\n");
	}
	buf_add(&res->body, "</dl>\n");
	html_notice(res, "info", tr(req, first ? M_RECEIPT_KEEP : M_RECEIPT_REPEAT_CODE));
	buf_add(&res->body, "<p><a href=\"/lacak\">");
	html_esc(&res->body, tr(req, M_TRACK_THIS));
	buf_add(&res->body, "</a></p>\n");
	html_end(req, res);
}

static bool
is_offered_kecamatan(web_request *req, const char *kecamatan, bool *offered)
{
	const char *params[1] = {kecamatan};
	PGresult   *result = db_exec(req,
								 "SELECT EXISTS (SELECT 1 FROM masbup.opd o "
								 "WHERE o.kind = 'kecamatan' AND o.is_active "
								 "AND pg_catalog.regexp_replace(o.name, '^Kecamatan ', '') = $1)",
								 1, params);

	if (result == NULL)
		return false;
	*offered = db_bool(result, 0, 0);
	PQclear(result);
	return true;
}

/* POST /aduan/baru: create the complaint, or show the form again with the error. */
void
page_submit(web_request *req, web_response *res)
{
	form_state	state = {&req->body, NULL, NULL};
	strbuf		sentence;
	const char *params[11];
	PGresult   *result;
	bool		offered;

	buf_init(&sentence);
	if (req->body.status != REQ_OK)
	{
		const char *field = req_error_field_name(&req->body);

		/* The hidden token and the checkbox cannot be wrong from this form. */
		if (field == NULL || strcmp(field, "token") == 0 || strcmp(field, "rahasia") == 0)
		{
			html_input_error_page(req, res, &req->body);
			return;
		}
		html_input_error_sentence(req, &req->body, &sentence);
		state.error_field = field;
		state.error = buf_str(&sentence);
		render_submit_form(req, res, 400, &state);
		buf_free(&sentence);
		return;
	}

	if (!is_offered_kecamatan(req, req_get(&req->body, "kecamatan"), &offered))
	{
		db_error_page(req, res);
		return;
	}
	if (!offered)
	{
		buf_addf(&sentence, tr(req, M_ERROR_INVALID), field_label(req, "kecamatan"));
		state.error_field = "kecamatan";
		state.error = buf_str(&sentence);
		render_submit_form(req, res, 400, &state);
		buf_free(&sentence);
		return;
	}

	params[0] = req_get(&req->body, "nama");
	params[1] = req_get(&req->body, "nik");
	params[2] = req_get(&req->body, "telepon");
	params[3] = req_get(&req->body, "alamat");
	params[4] = req_get(&req->body, "kecamatan");
	params[5] = req_get(&req->body, "kategori");
	params[6] = req_get(&req->body, "judul");
	params[7] = req_get(&req->body, "kronologi");
	params[8] = req_get(&req->body, "email");
	params[9] = req_get(&req->body, "rahasia") ? "true" : "false";
	params[10] = req_get(&req->body, "token");
	result = db_exec(req,
					 "SELECT s.tracking_no, s.access_code FROM masbup.submit_complaint("
					 "reporter_name => $1, reporter_nik => $2, reporter_phone => $3, "
					 "reporter_address => $4, kecamatan => $5, category => $6, title => $7, "
					 "chronology => $8, reporter_email => $9, confidential => $10::boolean, "
					 "submission_token => $11::uuid) AS s",
					 11, params);
	if (result == NULL)
	{
		const char *field;
		const char *fault;

		if (db_submission_fault(req, &field, &fault))
		{
			state.error_field = field;
			state.error = fault;
			render_submit_form(req, res, 400, &state);
		}
		else
			db_error_page(req, res);
		return;
	}

	render_receipt(req, res, db_value(result, 0, 0), db_value(result, 0, 1));
	PQclear(result);
}

/* ------------------------------------------------------------------------
 * Tracking
 * ------------------------------------------------------------------------ */

/* The tracking form, with an error above it when status is not 200. */
static void
render_track_form(web_request *req, web_response *res, int status, const char *error,
				  const char *error_field)
{
	const char *no = req->body.table.fields ? req_raw(&req->body, "no") : NULL;

	res->status = status;
	html_begin(req, res, tr(req, M_TRACK_TITLE));
	if (error != NULL && error_field == NULL)
		html_notice(res, "error", error);
	buf_add(&res->body, "<p>");
	html_esc(&res->body, tr(req, M_TRACK_INTRO));
	buf_add(&res->body, "</p>\n<form method=\"post\" action=\"/lacak\">\n");
	html_csrf_field(req, res);
	buf_add(&res->body, "\n");
	html_input(req, res, &(html_control) {
		.name = "no", .label = tr(req, M_TRACKING_NO), .value = no,
			.attrs = "maxlength=\"40\" autocomplete=\"off\" spellcheck=\"false\"",
			.hint = tr(req, M_HINT_TRACKING_NO),
			.error = (error_field && strcmp(error_field, "no") == 0) ? error : NULL,
			.required = true
	});
	html_input(req, res, &(html_control) {
		.name = "kode", .label = tr(req, M_ACCESS_CODE),
			.attrs = "maxlength=\"40\" autocomplete=\"off\" spellcheck=\"false\"",
			.hint = tr(req, M_HINT_ACCESS_CODE),
			.error = (error_field && strcmp(error_field, "kode") == 0) ? error : NULL,
			.required = true
	});
	buf_add(&res->body, "<p><button type=\"submit\">");
	html_esc(&res->body, tr(req, M_TRACK_BUTTON));
	buf_add(&res->body, "</button></p>\n</form>\n");
	html_end(req, res);
}

void
page_track_form(web_request *req, web_response *res)
{
	render_track_form(req, res, 200, NULL, NULL);
}

/* The page for a wrong code (403) or a locked complaint (429). */
static void
render_access_refused(web_request *req, web_response *res, const char *status,
					  const char *locked_until)
{
	if (strcmp(status, "locked") == 0)
	{
		strbuf		sentence;

		buf_init(&sentence);
		buf_addf(&sentence, tr(req, M_TRACK_LOCKED), locked_until ? locked_until : "?");
		render_track_form(req, res, 429, buf_str(&sentence), NULL);
		buf_free(&sentence);
	}
	else
		render_track_form(req, res, 403, tr(req, M_TRACK_INVALID), NULL);
}

/*
 * Columns of TIMELINE_QUERY. Both label languages are read, so one cached
 * result serves every language.
 */
enum
{
	TL_COMPLAINT_ID,
	TL_TRACKING_NO,
	TL_EVENT_COUNT,
	TL_EXPIRES_IN,
	TL_TIME,
	TL_DATETIME,
	TL_ACTION,
	TL_ACTION_LABEL,
	TL_ACTION_LABEL_EN,
	TL_STATE,
	TL_STATE_LABEL,
	TL_STATE_LABEL_EN,
	TL_OPD_NAME,
	TL_NOTE
};

#define TIMELINE_QUERY \
	"SELECT t.complaint_id, t.tracking_no, t.event_count, " \
	"pg_catalog.date_part('epoch', t.expires_at - pg_catalog.now()), " \
	"pg_catalog.to_char(t.at, " TIME_FORMAT "), " \
	"pg_catalog.to_char(t.at, 'YYYY-MM-DD\"T\"HH24:MI:SSTZH:TZM'), " \
	"t.action, t.action_label, t.action_label_en, " \
	"t.state, t.state_label, t.state_label_en, t.opd_name, t.note " \
	"FROM masbup.reporter_session_timeline($1) AS t ORDER BY t.seq"

/*
 * Timelines of tracking sessions that this process has read, so that a
 * reload of the track page needs no database call (see track_cache.h).
 * Under plain CGI the process ends after one request, so the cache is off.
 */
static track_cache timelines;

#define TRACK_CACHE_DEFAULT_SLOTS 256
#define TRACK_CACHE_MAX_SLOTS 65536

/*
 * Maximum seconds a cached timeline is used, even without a notification.
 * It bounds how long a change could go unseen if a notification were lost
 * without a sign, as over a TCP connection that died silently.
 */
#define TRACK_CACHE_MAX_AGE 60.0

static void
free_result(void *data)
{
	PQclear(data);
}

/*
 * Set up the cache of timelines: MASBUP_WEB_TRACK_CACHE slots (default
 * 256, 0 turns it off) under FastCGI, none under CGI. Returns false, after
 * printing the reason on standard error, when the setting is invalid.
 */
bool
pages_public_init(bool fastcgi)
{
	const char *setting = getenv("MASBUP_WEB_TRACK_CACHE");
	long		slots = TRACK_CACHE_DEFAULT_SLOTS;

	if (setting != NULL && setting[0] != '\0')
	{
		char	   *end;

		slots = strtol(setting, &end, 10);
		if (*end != '\0' || slots < 0 || slots > TRACK_CACHE_MAX_SLOTS ||
			setting[0] < '0' || setting[0] > '9')
		{
			fprintf(stderr, "masbup-web: MASBUP_WEB_TRACK_CACHE must be a number of entries from 0 (no cache) to %d, not \"%s\"\n",
					TRACK_CACHE_MAX_SLOTS, setting);
			return false;
		}
	}
	if (!fastcgi)
		slots = 0;
	if (!track_cache_init(&timelines, (size_t) slots, free_result))
	{
		fprintf(stderr, "masbup-web: out of memory for %ld cache entries\n", slots);
		return false;
	}
	db_listen_for_reporter_views(slots > 0);
	return true;
}

void
pages_public_cleanup(void)
{
	track_cache_free(&timelines);
}

static double
monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double) now.tv_sec + (double) now.tv_nsec / 1e9;
}

static void
apply_notification(const char *payload, void *arg)
{
	track_cache_notify(arg, payload);
}

/*
 * The answer the reporter should read: the follow-up result that the
 * regency admin forwarded (the last report_follow_up before the last
 * forward_to_reporter), or the reason of a rejection. NULL when none.
 */
static const char *
find_answer(const PGresult *events)
{
	int			forwarded = -1;

	for (int i = PQntuples(events) - 1; i >= 0; i--)
	{
		const char *action = PQgetvalue(events, i, TL_ACTION);

		if (strcmp(action, "close_out_of_scope") == 0)
			return db_value(events, i, TL_NOTE);
		if (forwarded < 0 && strcmp(action, "forward_to_reporter") == 0)
			forwarded = i;
		if (forwarded >= 0 && strcmp(action, "report_follow_up") == 0)
			return db_value(events, i, TL_NOTE);
	}
	return NULL;
}

/* Return the label in column column_id, or in column_en on English pages when that is set. */
static const char *
label(const web_request *req, const PGresult *events, int row, int column_id, int column_en)
{
	const char *english = db_value(events, row, column_en);

	if (req->lang == LANG_EN && english != NULL && english[0] != '\0')
		return english;
	return PQgetvalue(events, row, column_id);
}

static void
render_timeline(const web_request *req, web_response *res, const PGresult *events)
{
	buf_add(&res->body, "<h2>");
	html_esc(&res->body, tr(req, M_TIMELINE));
	buf_add(&res->body, "</h2>\n<ol class=\"timeline\">\n");
	for (int i = 0; i < PQntuples(events); i++)
	{
		const char *opd = db_value(events, i, TL_OPD_NAME);
		const char *note = db_value(events, i, TL_NOTE);

		/* The follow-up result is shown as the answer once it was forwarded, never before. */
		if (strcmp(PQgetvalue(events, i, TL_ACTION), "report_follow_up") == 0)
			note = NULL;

		buf_add(&res->body, "<li><time datetime=\"");
		html_esc(&res->body, PQgetvalue(events, i, TL_DATETIME));
		buf_add(&res->body, "\">");
		html_esc(&res->body, PQgetvalue(events, i, TL_TIME));
		buf_add(&res->body, " WIB</time> <span class=\"event\">");
		html_esc(&res->body, label(req, events, i, TL_ACTION_LABEL, TL_ACTION_LABEL_EN));
		buf_add(&res->body, "</span> → <span class=\"state\">");
		html_esc(&res->body, label(req, events, i, TL_STATE_LABEL, TL_STATE_LABEL_EN));
		buf_add(&res->body, "</span>");
		if (opd)
		{
			buf_add(&res->body, " <span class=\"agency\">(");
			html_esc(&res->body, opd);
			buf_add(&res->body, ")</span>");
		}
		if (note)
		{
			buf_add(&res->body, "<p class=\"note\">");
			html_esc(&res->body, note);
			buf_add(&res->body, "</p>");
		}
		buf_add(&res->body, "</li>\n");
	}
	buf_add(&res->body, "</ol>\n");
}

static void
render_acknowledge_form(const web_request *req, web_response *res)
{
	buf_add(&res->body, "<section class=\"acknowledge\">\n<h2>");
	html_esc(&res->body, tr(req, M_ACK_TITLE));
	buf_add(&res->body, "</h2>\n<p>");
	html_esc(&res->body, tr(req, M_ACK_TEXT));
	buf_add(&res->body, "</p>\n<form method=\"post\" action=\"/lacak/konfirmasi\">\n");
	html_csrf_field(req, res);
	buf_add(&res->body, "\n");
	html_textarea(req, res, &(html_control) {
		.name = "catatan", .label = tr(req, M_NOTE), .attrs = "rows=\"3\" maxlength=\"1000\"",
			.mark_optional = true
	});
	buf_add(&res->body, "<p><button type=\"submit\">");
	html_esc(&res->body, tr(req, M_ACK_BUTTON));
	buf_add(&res->body, "</button></p>\n</form>\n</section>\n");
}

/*
 * Render the complaint's status, the reply to the reporter and the
 * timeline from a result of TIMELINE_QUERY, with the thanks for an
 * acknowledgement when thank_for_acknowledgement is set.
 */
static void
render_tracking(const web_request *req, web_response *res, const PGresult *events,
				bool thank_for_acknowledgement)
{
	int			last = PQntuples(events) - 1;
	const char *state = PQgetvalue(events, last, TL_STATE);
	const char *answer;

	html_begin(req, res, tr(req, M_STATUS_TITLE));
	/* Thank the reporter only when the acknowledgement is the last event, whatever the URL. */
	if (thank_for_acknowledgement && strcmp(PQgetvalue(events, last, TL_ACTION), "acknowledge") == 0)
		html_notice(res, "ok", tr(req, M_ACK_DONE));

	buf_add(&res->body, "<dl class=\"summary\">\n<dt>");
	html_esc(&res->body, tr(req, M_TRACKING_NO));
	buf_add(&res->body, "</dt>\n<dd class=\"code\">");
	html_esc(&res->body, PQgetvalue(events, 0, TL_TRACKING_NO));
	buf_add(&res->body, "</dd>\n<dt>");
	html_esc(&res->body, tr(req, M_CURRENT_STATE));
	buf_add(&res->body, "</dt>\n<dd><strong>");
	html_esc(&res->body, label(req, events, last, TL_STATE_LABEL, TL_STATE_LABEL_EN));
	buf_add(&res->body, "</strong></dd>\n</dl>\n");

	answer = find_answer(events);
	if (answer != NULL && (strcmp(state, "answered") == 0 || strcmp(state, "closed") == 0 ||
						   strcmp(state, "rejected") == 0))
	{
		buf_add(&res->body, "<section class=\"answer\">\n<h2>");
		html_esc(&res->body, tr(req, M_ANSWER));
		buf_add(&res->body, "</h2>\n<p class=\"note\">");
		html_esc(&res->body, answer);
		buf_add(&res->body, "</p>\n</section>\n");
	}

	if (strcmp(state, "answered") == 0)
		render_acknowledge_form(req, res);
	render_timeline(req, res, events);

	buf_add(&res->body, "<form method=\"post\" action=\"/lacak/keluar\">\n");
	html_csrf_field(req, res);
	buf_add(&res->body, "<p><button type=\"submit\">");
	html_esc(&res->body, tr(req, M_TRACK_ANOTHER));
	buf_add(&res->body, "</button></p>\n</form>\n");
	html_end(req, res);
}

/* Delete the tracking cookie and render the tracking form saying that the session has ended. */
static void
render_session_ended(web_request *req, web_response *res)
{
	web_set_cookie(req, res, TRACKING_COOKIE, "", 0);
	render_track_form(req, res, 403, tr(req, M_TRACK_SESSION_ENDED), NULL);
}

/*
 * Render the page for a failed call through a tracking session: the
 * tracking form when the session has ended (MB015), else the error page.
 */
static void
render_tracking_failure(web_request *req, web_response *res)
{
	if (db_failed_with(req, "MB015"))
		render_session_ended(req, res);
	else
		db_error_page(req, res);
}

/*
 * POST /lacak: check the number and code once with masbup.reporter_login(),
 * keep the tracking session in a cookie and send the browser to the status
 * page.
 */
void
page_track(web_request *req, web_response *res)
{
	const char *params[2];
	PGresult   *result;
	const char *status;

	if (req->body.status != REQ_OK)
	{
		strbuf		sentence;

		buf_init(&sentence);
		html_input_error_sentence(req, &req->body, &sentence);
		render_track_form(req, res, 400, buf_str(&sentence), req_error_field_name(&req->body));
		buf_free(&sentence);
		return;
	}

	params[0] = req_get(&req->body, "no");
	params[1] = req_get(&req->body, "kode");
	result = db_exec(req,
					 "SELECT l.status, l.session_token, "
					 "pg_catalog.floor(pg_catalog.date_part('epoch', l.expires_at - pg_catalog.now())), "
					 "pg_catalog.to_char(l.locked_until, " TIME_FORMAT ") "
					 "FROM masbup.reporter_login($1, $2) AS l",
					 2, params);
	if (result == NULL)
	{
		db_error_page(req, res);
		return;
	}
	status = PQgetvalue(result, 0, 0);
	if (strcmp(status, "ok") == 0)
	{
		web_set_cookie(req, res, TRACKING_COOKIE, PQgetvalue(result, 0, 1),
					   strtol(PQgetvalue(result, 0, 2), NULL, 10));
		web_redirect(res, "/lacak/status");
	}
	else
		render_access_refused(req, res, status, db_value(result, 0, 3));
	PQclear(result);
}

/*
 * GET /lacak/status: the complaint of the tracking session. The timeline
 * comes from this process's cache when the database has announced no change
 * since it was read, else from masbup.reporter_session_timeline(). The
 * Server-Timing header names the source. The query
 * field v is the minimum event count the page must show, as after the
 * reporter's own acknowledgement, and konfirmasi=1 adds the thanks for it.
 */
void
page_track_status(web_request *req, web_response *res)
{
	const char *token = req->tracking_session;
	const char *v = req_get(&req->query, "v");
	bool		acknowledged = req_get(&req->query, "konfirmasi") != NULL;
	long		min_version = v ? strtol(v, NULL, 10) : 0;
	double		expires_in;
	PGresult   *events;
	const char *params[1];

	if (token == NULL)
	{
		web_redirect(res, "/lacak");
		return;
	}

	if (db_poll_notifications(apply_notification, &timelines))
	{
		events = track_cache_get(&timelines, token, min_version, db_generation(),
								 monotonic_seconds());
		if (events != NULL)
		{
			res->server_timing = "timeline;desc=\"cache\"";
			render_tracking(req, res, events, acknowledged);
			return;
		}
	}

	params[0] = token;
	events = db_exec(req, TIMELINE_QUERY, 1, params);
	if (events == NULL)
	{
		render_tracking_failure(req, res);
		return;
	}
	if (PQntuples(events) == 0)
	{
		/* Every complaint has its submission event, so an empty result is a fault. */
		PQclear(events);
		web_log(req, "reporter_session_timeline returned no events");
		html_internal_error_page(req, res, 500, tr(req, M_ERROR_GENERIC));
		return;
	}
	res->server_timing = "timeline;desc=\"database\"";
	render_tracking(req, res, events, acknowledged);
	expires_in = strtod(PQgetvalue(events, 0, TL_EXPIRES_IN), NULL);
	if (expires_in > TRACK_CACHE_MAX_AGE)
		expires_in = TRACK_CACHE_MAX_AGE;
	track_cache_put(&timelines, token, strtoll(PQgetvalue(events, 0, TL_COMPLAINT_ID), NULL, 10),
					strtol(PQgetvalue(events, 0, TL_EVENT_COUNT), NULL, 10),
					monotonic_seconds() + expires_in, db_generation(), events);
}

/* POST /lacak/konfirmasi: the reporter acknowledges the answer. */
void
page_acknowledge(web_request *req, web_response *res)
{
	const char *params[2];
	PGresult   *result;
	char		location[64];

	if (req->tracking_session == NULL)
	{
		render_session_ended(req, res);
		return;
	}
	params[0] = req->tracking_session;
	params[1] = req_get(&req->body, "catatan");
	result = db_exec(req,
					 "SELECT a.event_seq FROM masbup.reporter_acknowledge($1, $2) AS a",
					 2, params);
	if (result == NULL)
	{
		/*
		 * The complaint is no longer waiting for an acknowledgement, most
		 * often because a double click sent the form twice: show it as it
		 * is now instead of an error.
		 */
		if (db_failed_with(req, "MB001"))
		{
			track_cache_forget_token(&timelines, req->tracking_session);
			web_redirect(res, "/lacak/status");
			return;
		}
		render_tracking_failure(req, res);
		return;
	}
	track_cache_forget_token(&timelines, req->tracking_session);
	snprintf(location, sizeof(location), "/lacak/status?v=%ld&konfirmasi=1",
			 strtol(PQgetvalue(result, 0, 0), NULL, 10));
	web_redirect(res, location);
	PQclear(result);
}

/* POST /lacak/keluar: end the tracking session and show the empty tracking form. */
void
page_track_logout(web_request *req, web_response *res)
{
	if (req->tracking_session != NULL)
	{
		const char *params[1] = {req->tracking_session};
		PGresult   *result = db_exec(req, "SELECT masbup.reporter_logout($1)", 1, params);

		/* The cookie is deleted either way, because a session left open expires by itself. */
		if (result == NULL)
			web_log(req, "could not end a tracking session (SQLSTATE %s)",
					req->db.sqlstate[0] ? req->db.sqlstate : "none");
		PQclear(result);
		track_cache_forget_token(&timelines, req->tracking_session);
		web_set_cookie(req, res, TRACKING_COOKIE, "", 0);
	}
	web_redirect(res, "/lacak");
}
