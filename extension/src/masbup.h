/*
 * masbup.h
 *	  Declarations shared by the PostgreSQL glue files of hallo_masbup:
 *	  the extension's SQLSTATEs, the configuration cache and its lookups.
 */
#ifndef MASBUP_H
#define MASBUP_H

#include "postgres.h"

#include "business_time.h"
#include "utils/timestamp.h"

/* SQLSTATEs of class MB, listed with their meaning in docs/sql-reference.md. */
#define ERRCODE_MASBUP_ACTION_NOT_ALLOWED	MAKE_SQLSTATE('M','B','0','0','1')
#define ERRCODE_MASBUP_WRONG_ROLE			MAKE_SQLSTATE('M','B','0','0','2')
#define ERRCODE_MASBUP_REASON_REQUIRED		MAKE_SQLSTATE('M','B','0','0','4')
#define ERRCODE_MASBUP_INVALID_OPD			MAKE_SQLSTATE('M','B','0','0','5')
#define ERRCODE_MASBUP_INVALID_EVENT_TIME	MAKE_SQLSTATE('M','B','0','0','9')
#define ERRCODE_MASBUP_INVALID_SESSION		MAKE_SQLSTATE('M','B','0','1','5')
#define ERRCODE_MASBUP_CALENDAR_NOT_FOUND	MAKE_SQLSTATE('M','B','0','2','0')
#define ERRCODE_MASBUP_NO_SERVICE_TIME		MAKE_SQLSTATE('M','B','0','2','1')
#define ERRCODE_MASBUP_INVALID_CALENDAR		MAKE_SQLSTATE('M','B','0','2','2')
#define ERRCODE_MASBUP_AUDIT_LOG_APPEND_ONLY MAKE_SQLSTATE('M','B','0','3','0')
#define ERRCODE_MASBUP_PROTECTED_COLUMN		MAKE_SQLSTATE('M','B','0','3','1')
#define ERRCODE_MASBUP_INVALID_TRANSITIONS	MAKE_SQLSTATE('M','B','0','4','0')

/* A calendar compiled for the business-time engine. */
typedef struct MasbupCalendar MasbupCalendar;

/*
 * Bumped whenever a configuration table may have changed; a cache built at
 * another generation is stale.
 */
extern uint64 masbup_config_generation;

/* Create a cache context under CacheMemoryContext, or empty an existing one. */
extern MemoryContext masbup_renew_cache_context(MemoryContext context);

/* Remember a configuration table so that its invalidations reach the cache. */
extern void masbup_watch_config_table(const char *relname);

/* SPI_connect() plus the latest snapshot for reading configuration; and the reverse. */
extern void masbup_begin_config_read(void);
extern void masbup_end_config_read(void);

/* Process pending invalidations before using a cache. */
extern void masbup_accept_config_changes(void);

/* The calendar of that name, or of the default calendar when name is NULL. */
extern MasbupCalendar *masbup_get_calendar(const char *name);
extern bt_calendar *masbup_calendar_engine(MasbupCalendar *calendar);
extern const char *masbup_calendar_name(MasbupCalendar *calendar);

/* A setting from masbup.setting as an integer, or an error naming it. */
extern int	masbup_setting_int(const char *name);

/* Raise the error that matches a business-time status other than BT_OK. */
extern void masbup_report_bt_status(bt_status status, MasbupCalendar *calendar,
									TimestampTz at);

/* Is the calling user (as set by login or SET ROLE) a member of masbup_import? */
extern bool masbup_acting_user_is_importer(void);

#endif							/* MASBUP_H */
