/*
 * db.h
 *	  The database connection (kept across FastCGI requests), parameterised
 *	  queries, and the sentences shown for the extension's SQLSTATEs.
 */
#ifndef MASBUP_DB_H
#define MASBUP_DB_H

#include <libpq-fe.h>

#include "web.h"

/*
 * The channel on which the database announces a change to what the track
 * page shows. The payload is a complaint_id, or "all".
 */
#define DB_REPORTER_VIEW_CHANNEL "masbup_reporter_view"

extern void db_configure(void);
extern void db_listen_for_reporter_views(bool on);
extern unsigned long db_generation(void);
extern bool db_poll_notifications(void (*handle) (const char *payload, void *arg),
								  void *arg);
extern PGresult *db_exec(web_request *req, const char *sql, int nparams,
						 const char *const *params);
extern const char *db_value(const PGresult *result, int row, int column);
extern bool db_bool(const PGresult *result, int row, int column);
extern bool db_failed_with(const web_request *req, const char *sqlstate);
extern void db_error_clear(web_request *req);
extern void db_close(void);

extern void db_error_page(web_request *req, web_response *res);
extern const char *db_sentence(const web_request *req, const char *sqlstate,
							   int *status);
extern const char *db_error_sentence(const web_request *req, int *status);
extern bool db_submission_fault(const web_request *req, const char **field,
								const char **sentence);

#endif							/* MASBUP_DB_H */
