/*
 * business_time.h
 *	  Business-time engine: the business clock of one calendar.
 *
 * Pure C without PostgreSQL headers. Instants are microseconds since
 * 2000-01-01 00:00 UTC, as timestamptz stores them; days are counted from
 * 2000-01-01, as date stores them. The engine compiles a calendar lazily,
 * one local year at a time, into per-day prefix sums of open time, so every
 * operation is a binary search or two look-ups inside a year.
 */
#ifndef BUSINESS_TIME_H
#define BUSINESS_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BT_USECS_PER_SEC	INT64_C(1000000)
#define BT_USECS_PER_DAY	INT64_C(86400000000)

/* Most open intervals one local day may have. */
#define BT_MAX_INTERVALS_PER_DAY 16

/* Local years the engine can compile; a result outside them is out of range. */
#define BT_MIN_YEAR 1900
#define BT_MAX_YEAR 2999

typedef int64_t bt_instant;

typedef enum bt_status
{
	BT_OK = 0,
	BT_NO_SERVICE_TIME,			/* the calendar has no open time ahead (or behind) */
	BT_OUT_OF_RANGE,			/* input or result outside BT_MIN_YEAR..BT_MAX_YEAR */
	BT_INVALID_DAY,				/* the day source failed or returned bad intervals */
	BT_NO_MEMORY
} bt_status;

/* One open interval of a local day, in microseconds since local midnight. */
typedef struct bt_local_interval
{
	int64_t		opens;
	int64_t		closes;
} bt_local_interval;

/*
 * What the engine needs to know about a calendar. The caller keeps it alive
 * as long as the bt_calendar made from it.
 */
typedef struct bt_source
{
	void	   *arg;

	/*
	 * Store the open intervals of local day `day` into out (room for
	 * BT_MAX_INTERVALS_PER_DAY), sorted and non-overlapping, with
	 * 0 <= opens < closes <= BT_USECS_PER_DAY. Return their count, or -1 on
	 * failure.
	 */
	int			(*day_intervals) (void *arg, int32_t day, bt_local_interval *out);

	/* Convert the local wall-clock time `usec` after midnight of `day`. */
	bt_instant	(*local_to_instant) (void *arg, int32_t day, int64_t usec);

	/* Allocate memory that lives as long as the calendar; NULL on failure. */
	void	   *(*alloc) (void *arg, size_t size);

	/*
	 * Outside [first_special_day, last_special_day] only the weekly pattern
	 * decides (no holiday or override lies there), so a whole local year
	 * without open time outside that range means there is none further on.
	 */
	int32_t		first_special_day;
	int32_t		last_special_day;
} bt_source;

typedef struct bt_calendar bt_calendar;

/* Create an empty calendar; years compile on first use. NULL on no memory. */
extern bt_calendar *bt_calendar_create(const bt_source *source);

/* Is t inside an open interval? Intervals are half-open [opens, closes). */
extern bt_status bt_is_open(bt_calendar *cal, bt_instant t, bool *open);

/* t if open, else the next opening time. */
extern bt_status bt_next_open(bt_calendar *cal, bt_instant t, bt_instant *result);

/*
 * For usecs > 0, the earliest t' with B(t') = B(t) + usecs; for usecs < 0 the
 * latest such t'; for usecs = 0, t unchanged.
 */
extern bt_status bt_add(bt_calendar *cal, bt_instant t, int64_t usecs,
						bt_instant *result);

/* B(b) - B(a), in microseconds; negative when b < a. */
extern bt_status bt_between(bt_calendar *cal, bt_instant a, bt_instant b,
							int64_t *usecs);

/* The last closing time of the n-th working day after t's receipt day (n >= 0). */
extern bt_status bt_days_add(bt_calendar *cal, bt_instant t, int32_t n,
							 bt_instant *result);

/* The smallest n >= 0 with b <= bt_days_add(a, n). */
extern bt_status bt_days_between(bt_calendar *cal, bt_instant a, bt_instant b,
								 int32_t *days);

/* Gregorian calendar helpers on day numbers (0 = 2000-01-01). */
extern int32_t bt_date_to_day(int year, int month, int mday);
extern void bt_day_to_date(int32_t day, int *year, int *month, int *mday);
extern int	bt_day_isodow(int32_t day);	/* 1 = Monday .. 7 = Sunday */

#endif							/* BUSINESS_TIME_H */
