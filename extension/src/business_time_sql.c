/*
 * business_time_sql.c
 *	  SQL functions of the business-time engine (is_service_time,
 *	  next_service_time, business_time_add/between, business_days_add/between)
 *	  and the per-backend cache of calendars and settings they read.
 */
#include "postgres.h"

#include "datatype/timestamp.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "masbup.h"

PG_FUNCTION_INFO_V1(masbup_is_service_time);
PG_FUNCTION_INFO_V1(masbup_next_service_time);
PG_FUNCTION_INFO_V1(masbup_business_time_add);
PG_FUNCTION_INFO_V1(masbup_business_time_between);
PG_FUNCTION_INFO_V1(masbup_business_days_add);
PG_FUNCTION_INFO_V1(masbup_business_days_between);

struct MasbupCalendar
{
	char	   *name;
	pg_tz	   *zone;
	int			interval_count[8];	/* by ISO weekday 1..7 */
	bt_local_interval intervals[8][BT_MAX_INTERVALS_PER_DAY];
	int32	   *holidays;		/* sorted days since 2000-01-01 */
	int			holiday_count;
	bt_source	source;
	bt_calendar *engine;
	MasbupCalendar *next;
};

/* Everything below lives in calendar_context for one configuration generation. */
static MemoryContext calendar_context = NULL;
static uint64 cached_generation = 0;
static MasbupCalendar *cached_calendars = NULL;
static char *default_calendar_name = NULL;

static bool
is_holiday(const MasbupCalendar *calendar, int32 day)
{
	int			low = 0;
	int			high = calendar->holiday_count - 1;

	while (low <= high)
	{
		int			middle = low + (high - low) / 2;

		if (calendar->holidays[middle] == day)
			return true;
		if (calendar->holidays[middle] < day)
			low = middle + 1;
		else
			high = middle - 1;
	}
	return false;
}

static int
calendar_day_intervals(void *arg, int32_t day, bt_local_interval *out)
{
	MasbupCalendar *calendar = (MasbupCalendar *) arg;
	int			isodow = bt_day_isodow(day);

	if (is_holiday(calendar, day))
		return 0;
	memcpy(out, calendar->intervals[isodow],
		   sizeof(bt_local_interval) * calendar->interval_count[isodow]);
	return calendar->interval_count[isodow];
}

/* Convert local wall-clock time in the calendar's zone to timestamptz. */
static bt_instant
calendar_local_to_instant(void *arg, int32_t day, int64_t usec)
{
	MasbupCalendar *calendar = (MasbupCalendar *) arg;
	Timestamp	local = (Timestamp) day * USECS_PER_DAY + usec;
	struct pg_tm tm;
	fsec_t		fsec;
	int			offset;

	if (timestamp2tm(local, NULL, &tm, &fsec, NULL, NULL) != 0)
		return local;			/* outside timestamp range; the engine's year limits come first */
	offset = DetermineTimeZoneOffset(&tm, calendar->zone);
	return local + (int64) offset * USECS_PER_SEC;
}

static void *
calendar_alloc(void *arg, size_t size)
{
	return MemoryContextAllocExtended(calendar_context, size,
									  MCXT_ALLOC_NO_OOM | MCXT_ALLOC_ZERO);
}

/* Drop caches of an older configuration generation. */
static void
refresh_cache(void)
{
	if (cached_generation == masbup_config_generation && cached_generation != 0)
		return;

	calendar_context = masbup_renew_cache_context(calendar_context);
	cached_calendars = NULL;
	default_calendar_name = NULL;
	cached_generation = masbup_config_generation;
}

/* Read one calendar's rows through SPI and compile it; NULL if it does not exist. */
static MasbupCalendar *
load_calendar(const char *name)
{
	MemoryContext cache = calendar_context;
	MasbupCalendar *calendar;
	Datum		name_arg[1] = {CStringGetTextDatum(name)};
	Oid			name_type[1] = {TEXTOID};
	char	   *zone_name;
	uint64		row;

	masbup_watch_config_table("calendar");
	masbup_watch_config_table("calendar_hours");
	masbup_watch_config_table("calendar_holiday");
	masbup_watch_config_table("setting");

	SPI_connect();

	if (SPI_execute_with_args("SELECT time_zone FROM masbup.calendar WHERE calendar_name = $1",
							  1, name_type, name_arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read masbup.calendar");
	if (SPI_processed == 0)
	{
		SPI_finish();
		return NULL;
	}

	calendar = MemoryContextAllocZero(cache, sizeof(MasbupCalendar));
	calendar->name = MemoryContextStrdup(cache, name);
	zone_name = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	calendar->zone = pg_tzset(zone_name);
	if (calendar->zone == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_INVALID_CALENDAR),
				 errmsg("calendar \"%s\" has an unknown time zone \"%s\"", name, zone_name),
				 errhint("Set masbup.calendar.time_zone to a name from pg_timezone_names, such as Asia/Jakarta.")));

	if (SPI_execute_with_args("SELECT isodow, opens, closes FROM masbup.calendar_hours "
							  "WHERE calendar_name = $1 ORDER BY isodow, opens",
							  1, name_type, name_arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read masbup.calendar_hours");
	for (row = 0; row < SPI_processed; row++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[row];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		int			isodow = DatumGetInt16(SPI_getbinval(tuple, desc, 1, &isnull));
		TimeADT		opens = DatumGetTimeADT(SPI_getbinval(tuple, desc, 2, &isnull));
		TimeADT		closes = DatumGetTimeADT(SPI_getbinval(tuple, desc, 3, &isnull));
		int			count = calendar->interval_count[isodow];

		if (count > 0 && opens < calendar->intervals[isodow][count - 1].closes)
			ereport(ERROR,
					(errcode(ERRCODE_MASBUP_INVALID_CALENDAR),
					 errmsg("calendar \"%s\" has overlapping service hours on ISO weekday %d", name, isodow),
					 errhint("Fix the rows of masbup.calendar_hours for that weekday so that no two intervals overlap.")));
		if (count >= BT_MAX_INTERVALS_PER_DAY)
			ereport(ERROR,
					(errcode(ERRCODE_MASBUP_INVALID_CALENDAR),
					 errmsg("calendar \"%s\" has more than %d service intervals on ISO weekday %d",
							name, BT_MAX_INTERVALS_PER_DAY, isodow)));
		calendar->intervals[isodow][count].opens = opens;
		calendar->intervals[isodow][count].closes = closes;
		calendar->interval_count[isodow] = count + 1;
	}

	if (SPI_execute_with_args("SELECT day FROM masbup.calendar_holiday "
							  "WHERE calendar_name = $1 ORDER BY day",
							  1, name_type, name_arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read masbup.calendar_holiday");
	calendar->holiday_count = (int) SPI_processed;
	calendar->holidays = MemoryContextAlloc(cache, sizeof(int32) * Max(1, SPI_processed));
	for (row = 0; row < SPI_processed; row++)
	{
		bool		isnull;

		calendar->holidays[row] = DatumGetDateADT(SPI_getbinval(SPI_tuptable->vals[row],
																SPI_tuptable->tupdesc, 1, &isnull));
	}

	SPI_finish();

	calendar->source.arg = calendar;
	calendar->source.day_intervals = calendar_day_intervals;
	calendar->source.local_to_instant = calendar_local_to_instant;
	calendar->source.alloc = calendar_alloc;
	calendar->source.first_special_day = calendar->holiday_count > 0 ? calendar->holidays[0] : 0;
	calendar->source.last_special_day = calendar->holiday_count > 0
		? calendar->holidays[calendar->holiday_count - 1] : 0;
	calendar->engine = bt_calendar_create(&calendar->source);
	if (calendar->engine == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));

	return calendar;
}

int
masbup_setting_int(const char *name)
{
	Datum		name_arg[1] = {CStringGetTextDatum(name)};
	Oid			name_type[1] = {TEXTOID};
	char	   *text_value;
	char	   *end;
	long		value;

	masbup_watch_config_table("setting");
	SPI_connect();
	if (SPI_execute_with_args("SELECT value FROM masbup.setting WHERE name = $1",
							  1, name_type, name_arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read masbup.setting");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("setting \"%s\" is missing from masbup.setting", name),
				 errhint("Insert it again; the install script lists the settings and their defaults.")));
	text_value = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	errno = 0;
	value = strtol(text_value, &end, 10);
	if (errno != 0 || *end != '\0' || end == text_value || value < 0 || value > 10000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("setting \"%s\" has the invalid value \"%s\"", name, text_value),
				 errhint("Set it to a whole number from 0 to 10000.")));
	SPI_finish();
	return (int) value;
}

static char *
read_default_calendar_name(void)
{
	char	   *name;

	masbup_watch_config_table("setting");
	SPI_connect();
	if (SPI_execute("SELECT value FROM masbup.setting WHERE name = 'default_calendar'",
					true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read masbup.setting");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("setting \"default_calendar\" is missing from masbup.setting"),
				 errhint("Insert it with the name of a calendar, such as kediri.")));
	name = MemoryContextStrdup(calendar_context,
							   SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1));
	SPI_finish();
	return name;
}

MasbupCalendar *
masbup_get_calendar(const char *name)
{
	MasbupCalendar *calendar;

	refresh_cache();
	if (name == NULL)
	{
		if (default_calendar_name == NULL)
			default_calendar_name = read_default_calendar_name();
		name = default_calendar_name;
	}

	for (calendar = cached_calendars; calendar != NULL; calendar = calendar->next)
	{
		if (strcmp(calendar->name, name) == 0)
			return calendar;
	}

	calendar = load_calendar(name);
	if (calendar == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_CALENDAR_NOT_FOUND),
				 errmsg("calendar \"%s\" does not exist", name),
				 errhint("List the calendars with: SELECT calendar_name FROM masbup.calendar;")));

	/* A configuration change while loading makes this copy stale at once. */
	if (cached_generation == masbup_config_generation)
	{
		calendar->next = cached_calendars;
		cached_calendars = calendar;
	}
	return calendar;
}

bt_calendar *
masbup_calendar_engine(MasbupCalendar *calendar)
{
	return calendar->engine;
}

const char *
masbup_calendar_name(MasbupCalendar *calendar)
{
	return calendar->name;
}

void
masbup_report_bt_status(bt_status status, MasbupCalendar *calendar, TimestampTz at)
{
	switch (status)
	{
		case BT_OK:
			return;
		case BT_NO_SERVICE_TIME:
			ereport(ERROR,
					(errcode(ERRCODE_MASBUP_NO_SERVICE_TIME),
					 errmsg("calendar \"%s\" has no service time after %s",
							calendar->name, timestamptz_to_str(at)),
					 errhint("Add service hours to masbup.calendar_hours for this calendar.")));
			break;
		case BT_OUT_OF_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("timestamp out of range"),
					 errdetail("Business time is defined for the years %d to %d.",
							   BT_MIN_YEAR, BT_MAX_YEAR)));
			break;
		case BT_INVALID_DAY:
			ereport(ERROR,
					(errcode(ERRCODE_MASBUP_INVALID_CALENDAR),
					 errmsg("calendar \"%s\" has invalid service hours", calendar->name),
					 errhint("Check masbup.calendar_hours: every interval must open before it closes, and intervals of one day must not overlap.")));
			break;
		case BT_NO_MEMORY:
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
			break;
	}
	elog(ERROR, "unexpected business-time status %d", (int) status);
}

/* The calendar named by the optional last argument, or the default one. */
static MasbupCalendar *
calendar_argument(FunctionCallInfo fcinfo, int argno)
{
	if (PG_NARGS() > argno)
		return masbup_get_calendar(text_to_cstring(PG_GETARG_TEXT_PP(argno)));
	return masbup_get_calendar(NULL);
}

static void
reject_infinite(TimestampTz t)
{
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range"),
				 errdetail("Business time between infinite timestamps is not defined.")));
}

Datum
masbup_is_service_time(PG_FUNCTION_ARGS)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);
	MasbupCalendar *calendar = calendar_argument(fcinfo, 1);
	bool		open;

	if (TIMESTAMP_NOT_FINITE(t))
		PG_RETURN_BOOL(false);
	masbup_report_bt_status(bt_is_open(calendar->engine, t, &open), calendar, t);
	PG_RETURN_BOOL(open);
}

Datum
masbup_next_service_time(PG_FUNCTION_ARGS)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);
	MasbupCalendar *calendar = calendar_argument(fcinfo, 1);
	bt_instant	result;

	if (TIMESTAMP_NOT_FINITE(t))
		PG_RETURN_TIMESTAMPTZ(t);
	masbup_report_bt_status(bt_next_open(calendar->engine, t, &result), calendar, t);
	PG_RETURN_TIMESTAMPTZ(result);
}

Datum
masbup_business_time_add(PG_FUNCTION_ARGS)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);
	Interval   *duration = PG_GETARG_INTERVAL_P(1);
	MasbupCalendar *calendar = calendar_argument(fcinfo, 2);
	bt_instant	result;
	bt_status	status;

	if (duration->month != 0 || duration->day != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("interval \"%s\" has a day or month part",
						DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(duration)))),
				 errdetail("A day of service time is not 24 hours, so business_time_add takes hours, minutes and seconds only."),
				 errhint("Use masbup.business_days_add() for working days, or give the duration in hours, such as '30 hours'.")));

	if (TIMESTAMP_NOT_FINITE(t) || duration->time == 0)
		PG_RETURN_TIMESTAMPTZ(t);
	status = bt_add(calendar->engine, t, duration->time, &result);
	if (status == BT_NO_SERVICE_TIME && duration->time < 0)
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_NO_SERVICE_TIME),
				 errmsg("calendar \"%s\" has no service time before %s",
						calendar->name, timestamptz_to_str(t)),
				 errhint("Add service hours to masbup.calendar_hours for this calendar.")));
	masbup_report_bt_status(status, calendar, t);
	PG_RETURN_TIMESTAMPTZ(result);
}

Datum
masbup_business_time_between(PG_FUNCTION_ARGS)
{
	TimestampTz a = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz b = PG_GETARG_TIMESTAMPTZ(1);
	MasbupCalendar *calendar = calendar_argument(fcinfo, 2);
	Interval   *result = palloc0(sizeof(Interval));
	int64		usecs;

	reject_infinite(a);
	reject_infinite(b);
	masbup_report_bt_status(bt_between(calendar->engine, a, b, &usecs), calendar, a);
	result->time = usecs;
	PG_RETURN_INTERVAL_P(result);
}

Datum
masbup_business_days_add(PG_FUNCTION_ARGS)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);
	int32		n = PG_GETARG_INT32(1);
	MasbupCalendar *calendar = calendar_argument(fcinfo, 2);
	bt_instant	result;

	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of working days must not be negative: %d", n),
				 errhint("Count working days forward from the receipt day, starting at 0.")));
	if (TIMESTAMP_NOT_FINITE(t))
		PG_RETURN_TIMESTAMPTZ(t);
	masbup_report_bt_status(bt_days_add(calendar->engine, t, n, &result), calendar, t);
	PG_RETURN_TIMESTAMPTZ(result);
}

Datum
masbup_business_days_between(PG_FUNCTION_ARGS)
{
	TimestampTz a = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz b = PG_GETARG_TIMESTAMPTZ(1);
	MasbupCalendar *calendar = calendar_argument(fcinfo, 2);
	int32		days;

	reject_infinite(a);
	reject_infinite(b);
	masbup_report_bt_status(bt_days_between(calendar->engine, a, b, &days), calendar, a);
	PG_RETURN_INT32(days);
}
