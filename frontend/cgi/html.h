/*
 * html.h
 *	  HTML output: escaping, the page layout (header, navigation, language
 *	  switch, footer), form pieces, error pages, and the Indonesian and
 *	  English screen texts.
 */
#ifndef MASBUP_HTML_H
#define MASBUP_HTML_H

#include "buf.h"
#include "request.h"
#include "web.h"

/* Screen texts; tr() returns the one for the request's language. */
typedef enum msg_id
{
	M_SITE_NAME,
	M_SITE_TAGLINE,
	M_SKIP_TO_CONTENT,
	M_NAV_LABEL,
	M_NAV_SUBMIT,
	M_NAV_TRACK,
	M_NAV_LOGIN,
	M_NAV_DESK,
	M_NAV_ALL,
	M_NAV_REPORTS,
	M_NAV_LOGOUT,
	M_LANG_LABEL,
	M_FOOTER,
	M_OPTIONAL,
	M_REQUIRED,

	/* home */
	M_HOME_TITLE,
	M_HOME_INTRO,
	M_HOME_SUBMIT_TEXT,
	M_HOME_TRACK_TEXT,
	M_HOME_STAFF_TEXT,

	/* complaint form and receipt */
	M_SUBMIT_TITLE,
	M_SUBMIT_INTRO,
	M_SUBMIT_IDENTITY,
	M_SUBMIT_COMPLAINT,
	M_HINT_NAME,
	M_HINT_NIK,
	M_HINT_PHONE,
	M_HINT_EMAIL,
	M_HINT_ADDRESS,
	M_HINT_TITLE,
	M_HINT_CHRONOLOGY,
	M_HINT_CONFIDENTIAL,
	M_CHOOSE_KECAMATAN,
	M_CHOOSE_CATEGORY,
	M_CONFIDENTIAL_LABEL,
	M_SUBMIT_BUTTON,
	M_FORM_HAS_ERROR,
	M_RECEIPT_TITLE,
	M_RECEIPT_TEXT,
	M_RECEIPT_KEEP,
	M_RECEIPT_REPEAT_TITLE,
	M_RECEIPT_REPEAT_TEXT,
	M_RECEIPT_REPEAT_CODE,
	M_TRACKING_NO,
	M_ACCESS_CODE,
	M_TRACK_THIS,

	/* tracking */
	M_TRACK_TITLE,
	M_TRACK_INTRO,
	M_HINT_TRACKING_NO,
	M_HINT_ACCESS_CODE,
	M_TRACK_BUTTON,
	M_TRACK_INVALID,
	M_TRACK_LOCKED,
	M_TRACK_SESSION_ENDED,
	M_STATUS_TITLE,
	M_CURRENT_STATE,
	M_ANSWER,
	M_TIMELINE,
	M_ACK_TITLE,
	M_ACK_TEXT,
	M_ACK_BUTTON,
	M_ACK_DONE,
	M_AGENCY,
	M_NOTE,
	M_TIME,
	M_EVENT,
	M_TRACK_ANOTHER,

	/* staff login */
	M_LOGIN_TITLE,
	M_LOGIN_BUTTON,
	M_LOGIN_INVALID,
	M_LOGIN_LOCKED,
	M_LOGIN_NEEDED,

	/* desk, complaint and lists */
	M_DESK_TITLE,
	M_DESK_INTRO,
	M_DESK_EMPTY,
	M_DESK_LEGEND,
	M_OVERDUE,
	M_PAST_TARGET,
	M_COL_NUMBER,
	M_COL_TITLE,
	M_COL_STATE,
	M_COL_SUBMITTED,
	M_COL_TARGET,
	M_COL_DUE,
	M_COL_ANSWERED,
	M_COL_CLOSED,
	M_COL_REMARK,
	M_COL_STANDARD,
	M_COL_BY,
	M_COL_NEW_STATE,
	M_COMPLAINT_TITLE,
	M_COMPLAINT_DATA,
	M_KECAMATAN,
	M_CATEGORY,
	M_CHRONOLOGY,
	M_REPORTER,
	M_REPORTER_HIDDEN,
	M_REPORTER_CONFIDENTIAL,
	M_NAME,
	M_NIK,
	M_PHONE,
	M_EMAIL,
	M_ADDRESS,
	M_ACTIONS,
	M_NO_ACTIONS,
	M_NOTE_REQUIRED,
	M_NOTE_OPTIONAL,
	M_RESULT_REQUIRED,
	M_TARGET_AGENCY,
	M_CHOOSE_AGENCY,
	M_BACK_TO_COMPLAINT,
	M_NONE,
	M_ALL_TITLE,
	M_FILTER,
	M_FILTER_ALL,
	M_FROM_DATE,
	M_TO_DATE,
	M_SHOW,
	M_LIST_COUNT,
	M_LIST_TRUNCATED,
	M_LIST_EMPTY,
	M_STANDARD_MET,
	M_STANDARD_LATE,
	M_STANDARD_OVERDUE,
	M_STANDARD_OPEN,
	M_STANDARD_REJECTED,
	M_NO_AGENCY_YET,

	/* reports */
	M_REPORTS_TITLE,
	M_REPORT_BY_STATE,
	M_REPORT_BY_AGENCY,
	M_REPORT_BY_AGENCY_NOTE,
	M_COUNT,
	M_TOTAL,

	/* errors */
	M_ERROR_TITLE_400,
	M_ERROR_TITLE_403,
	M_ERROR_TITLE_404,
	M_ERROR_TITLE_405,
	M_ERROR_TITLE_409,
	M_ERROR_TITLE_429,
	M_ERROR_TITLE_500,
	M_ERROR_TITLE_503,
	M_ERROR_NOT_FOUND,
	M_ERROR_METHOD,
	M_ERROR_CSRF,
	M_ERROR_GENERIC,
	M_ERROR_DATABASE_DOWN,
	M_REQUEST_ID,
	M_ERROR_TOO_LARGE,
	M_ERROR_BAD_ESCAPE,
	M_ERROR_NUL,
	M_ERROR_UNKNOWN_FIELD,
	M_ERROR_DUPLICATE,
	M_ERROR_TOO_LONG,
	M_ERROR_MISSING,
	M_ERROR_INVALID,
	M_ERROR_CONTENT_TYPE,
	M_ERROR_BAD_BODY,
	M_REDIRECT_TEXT,
	M_BACK_HOME,

	M_COUNT_OF_MESSAGES			/* must be last */
} msg_id;

extern const char *tr(const web_request *req, msg_id id);
extern bool html_messages_complete(void);
extern const char *html_lang_code(const web_request *req);
extern const char *field_label(const web_request *req, const char *name);
extern const char *http_status_text(int status);

/* Escaping. */
extern void html_esc(strbuf *buf, const char *s);
extern void html_escf(strbuf *buf, const char *fmt,...)
			__attribute__((format(__printf__, 2, 3)));
extern void url_encode(strbuf *buf, const char *s);

/* Layout. */
extern void html_begin(const web_request *req, web_response *res, const char *title);
extern void html_end(const web_request *req, web_response *res);
extern void html_notice(web_response *res, const char *css_class, const char *text);

/* One labelled form control. attrs contains trusted extra attributes. */
typedef struct html_control
{
	const char *name;			/* the form field */
	const char *id;				/* id suffix when several forms share a name */
	const char *label;
	const char *type;			/* input type; unused for textarea and select */
	const char *value;			/* shown again (escaped); NULL for none */
	const char *attrs;
	const char *hint;
	const char *error;
	bool		required;		/* adds the required attribute */
	bool		mark_optional;	/* adds "(optional)" to the label */
} html_control;

/* Form pieces. */
extern void html_input(const web_request *req, web_response *res, const html_control *control);
extern void html_textarea(const web_request *req, web_response *res, const html_control *control);
extern void html_select_open(const web_request *req, web_response *res, const html_control *control);
extern void html_select_close(web_response *res);
extern void html_csrf_field(const web_request *req, web_response *res);
extern void html_hidden(web_response *res, const char *name, const char *value);
extern void html_label(const web_request *req, web_response *res,
					   const char *name, const char *label, bool optional);
extern void html_hint_and_error(web_response *res, const char *name,
								const char *hint, const char *error);
extern void html_described_by(web_response *res, const char *name,
							  const char *hint, const char *error);
extern void html_option(web_response *res, const char *value, const char *label,
						const char *selected);

/* Whole pages for errors. */
extern void html_error_page(const web_request *req, web_response *res, int status,
							const char *sentence);
extern void html_error_page_back(const web_request *req, web_response *res, int status,
								 const char *sentence, const char *back_href,
								 const char *back_text);
extern void html_internal_error_page(const web_request *req, web_response *res,
									 int status, const char *sentence);
extern void html_input_error_sentence(const web_request *req, const req_form *form,
									  strbuf *sentence);
extern void html_input_error_page(const web_request *req, web_response *res,
								  const req_form *form);

#endif							/* MASBUP_HTML_H */
