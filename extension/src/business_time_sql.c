/*
 * business_time_sql.c
 *	  SQL functions of the business-time engine (is_service_time,
 *	  next_service_time, business_time_add/between, business_days_add/between)
 *	  and the per-backend cache of calendars and settings they read.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "masbup.h"

PG_FUNCTION_INFO_V1(masbup_is_service_time);
PG_FUNCTION_INFO_V1(masbup_next_service_time);
PG_FUNCTION_INFO_V1(masbup_business_time_add);
PG_FUNCTION_INFO_V1(masbup_business_time_between);
PG_FUNCTION_INFO_V1(masbup_business_days_add);
PG_FUNCTION_INFO_V1(masbup_business_days_between);
PG_FUNCTION_INFO_V1(masbup_service_hours);

/* Open intervals of the seven ISO weekdays (index 1..7; 0 unused). */
typedef struct WeeklyHours
{
	int			interval_count[8];
	bt_local_interval intervals[8][BT_MAX_INTERVALS_PER_DAY];
} WeeklyHours;

/* A date range whose hours replace the weekly pattern. */
typedef struct CalendarOverride
{
	char	   *name;
	int32		first_day;
	int32		last_day;
	WeeklyHours hours;
} CalendarOverride;

struct MasbupCalendar
{
	char	   *name;
	pg_tz	   *zone;
	WeeklyHours weekly;
	CalendarOverride *overrides;	/* highest priority first */
	int			override_count;
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
	const WeeklyHours *hours = &calendar->weekly;
	int			isodow = bt_day_isodow(day);
	int			i;

	if (is_holiday(calendar, day))
		return 0;
	for (i = 0; i < calendar->override_count; i++)
	{
		if (calendar->overrides[i].first_day <= day && day <= calendar->overrides[i].last_day)
		{
			hours = &calendar->overrides[i].hours;
			break;
		}
	}
	memcpy(out, hours->intervals[isodow],
		   sizeof(bt_local_interval) * hours->interval_count[isodow]);
	return hours->interval_count[isodow];
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

/*
 * Read the rows (isodow, opens, closes) of the last SPI result, sorted by
 * isodow and opens, into hours. Raise MB022, naming the calendar and any
 * override, when intervals of one weekday overlap or are too many.
 */
static void
read_weekly_hours(WeeklyHours *hours, const char *calendar_name,
				  const char *override_name)
{
	uint64		row;

	for (row = 0; row < SPI_processed; row++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[row];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		int			isodow = DatumGetInt16(SPI_getbinval(tuple, desc, 1, &isnull));
		TimeADT		opens = DatumGetTimeADT(SPI_getbinval(tuple, desc, 2, &isnull));
		TimeADT		closes = DatumGetTimeADT(SPI_getbinval(tuple, desc, 3, &isnull));
		int			count = hours->interval_count[isodow];

		if ((count > 0 && opens < hours->intervals[isodow][count - 1].closes) || opens >= closes)
			ereport(ERROR,
					(errcode(ERRCODE_MASBUP_INVALID_CALENDAR),
					 errmsg("calendar \"%s\"%s%s%s has overlapping or empty service hours on ISO weekday %d",
							calendar_name, override_name ? " (override \"" : "",
							override_name ? override_name : "", override_name ? "\")" : "", isodow),
					 errhint("Fix the rows for that weekday so that each interval opens before it closes and no two overlap.")));
		if (count >= BT_MAX_INTERVALS_PER_DAY)
			ereport(ERROR,
					(errcode(ERRCODE_MASBUP_INVALID_CALENDAR),
					 errmsg("calendar \"%s\" has more than %d service intervals on ISO weekday %d",
							calendar_name, BT_MAX_INTERVALS_PER_DAY, isodow)));
		hours->intervals[isodow][count].opens = opens;
		hours->intervals[isodow][count].closes = closes;
		hours->interval_count[isodow] = count + 1;
	}
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
	int			i;
	int32		first_special = PG_INT32_MAX;
	int32		last_special = PG_INT32_MIN;

	masbup_watch_config_table("calendar");
	masbup_watch_config_table("calendar_hours");
	masbup_watch_config_table("calendar_holiday");
	masbup_watch_config_table("calendar_override");
	masbup_watch_config_table("calendar_override_hours");
	masbup_watch_config_table("setting");

	masbup_begin_config_read();

	if (SPI_execute_with_args("SELECT time_zone FROM masbup.calendar WHERE calendar_name = $1",
							  1, name_type, name_arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read masbup.calendar");
	if (SPI_processed == 0)
	{
		masbup_end_config_read();
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
	read_weekly_hours(&calendar->weekly, name, NULL);

	if (SPI_execute_with_args("SELECT override_name, valid_from, valid_to FROM masbup.calendar_override "
							  "WHERE calendar_name = $1 ORDER BY priority DESC, valid_from, override_name",
							  1, name_type, name_arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read masbup.calendar_override");
	calendar->override_count = (int) SPI_processed;
	calendar->overrides = MemoryContextAllocZero(cache, sizeof(CalendarOverride) * Max(1, SPI_processed));
	for (row = 0; row < SPI_processed; row++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[row];
		bool		isnull;

		calendar->overrides[row].name = MemoryContextStrdup(cache, SPI_getvalue(tuple, SPI_tuptable->tupdesc, 1));
		calendar->overrides[row].first_day = DatumGetDateADT(SPI_getbinval(tuple, SPI_tuptable->tupdesc, 2, &isnull));
		calendar->overrides[row].last_day = DatumGetDateADT(SPI_getbinval(tuple, SPI_tuptable->tupdesc, 3, &isnull));
	}
	for (i = 0; i < calendar->override_count; i++)
	{
		CalendarOverride *override = &calendar->overrides[i];
		Datum		override_args[2] = {name_arg[0], CStringGetTextDatum(override->name)};
		Oid			override_types[2] = {TEXTOID, TEXTOID};

		if (SPI_execute_with_args("SELECT isodow, opens, closes FROM masbup.calendar_override_hours "
								  "WHERE calendar_name = $1 AND override_name = $2 ORDER BY isodow, opens",
								  2, override_types, override_args, NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "could not read masbup.calendar_override_hours");
		read_weekly_hours(&override->hours, name, override->name);
		first_special = Min(first_special, override->first_day);
		last_special = Max(last_special, override->last_day);
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

	masbup_end_config_read();

	calendar->source.arg = calendar;
	calendar->source.day_intervals = calendar_day_intervals;
	calendar->source.local_to_instant = calendar_local_to_instant;
	calendar->source.alloc = calendar_alloc;
	if (calendar->holiday_count > 0)
	{
		first_special = Min(first_special, calendar->holidays[0]);
		last_special = Max(last_special, calendar->holidays[calendar->holiday_count - 1]);
	}
	if (first_special > last_special)
		first_special = last_special = 0;	/* nothing special: the weekly pattern decides everywhere */
	calendar->source.first_special_day = first_special;
	calendar->source.last_special_day = last_special;
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
	masbup_begin_config_read();
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
	masbup_end_config_read();
	return (int) value;
}

static char *
read_default_calendar_name(void)
{
	char	   *name;

	masbup_watch_config_table("setting");
	masbup_begin_config_read();
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
	masbup_end_config_read();
	return name;
}

MasbupCalendar *
masbup_get_calendar(const char *name)
{
	MasbupCalendar *calendar;

	masbup_accept_config_changes();
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

/*
 * The calendar found for one call site, kept in fn_extra for the rest of
 * the query: later rows skip the name look-up and the invalidation check,
 * so one statement uses one version of a calendar throughout.
 */
typedef struct CalendarCallCache
{
	uint64		generation;
	MasbupCalendar *calendar;
	int			name_length;	/* -1 for the default calendar */
	char		name[NAMEDATALEN];
} CalendarCallCache;

/* The calendar named by the optional last argument, or the default one. */
static MasbupCalendar *
calendar_argument(FunctionCallInfo fcinfo, int argno)
{
	CalendarCallCache *call_cache = (CalendarCallCache *) fcinfo->flinfo->fn_extra;
	text	   *name = PG_NARGS() > argno ? PG_GETARG_TEXT_PP(argno) : NULL;
	int			name_length = name ? VARSIZE_ANY_EXHDR(name) : -1;

	if (call_cache != NULL &&
		call_cache->generation == masbup_config_generation &&
		call_cache->name_length == name_length &&
		(name == NULL || memcmp(call_cache->name, VARDATA_ANY(name), name_length) == 0))
		return call_cache->calendar;

	if (call_cache == NULL)
	{
		call_cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CalendarCallCache));
		fcinfo->flinfo->fn_extra = call_cache;
	}
	call_cache->calendar = masbup_get_calendar(name ? text_to_cstring(name) : NULL);
	call_cache->generation = masbup_config_generation;
	/* Names too long to keep are looked up every time. */
	call_cache->name_length = name_length < NAMEDATALEN ? name_length : -2;
	if (name != NULL && name_length < NAMEDATALEN)
		memcpy(call_cache->name, VARDATA_ANY(name), name_length);
	return call_cache->calendar;
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

/*
 * Return the open intervals of the local dates from_day to to_day, in
 * order, as tstzrange rows [opens, closes).
 */
Datum
masbup_service_hours(PG_FUNCTION_ARGS)
{
	DateADT		from_day = PG_GETARG_DATEADT(0);
	DateADT		to_day = PG_GETARG_DATEADT(1);
	MasbupCalendar *calendar = calendar_argument(fcinfo, 2);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TypeCacheEntry *range_type = lookup_type_cache(TSTZRANGEOID, TYPECACHE_RANGE_INFO);
	bt_local_interval intervals[BT_MAX_INTERVALS_PER_DAY];
	int32		day;

	if (DATE_NOT_FINITE(from_day) || DATE_NOT_FINITE(to_day))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("service_hours needs finite dates")));
	if ((int64) to_day - from_day > 36600)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("date range of %lld days is too long", (long long) to_day - from_day + 1),
				 errhint("Ask for at most 100 years at a time.")));

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);

	for (day = from_day; day <= to_day; day++)
	{
		int			count = calendar_day_intervals(calendar, day, intervals);
		int			i;

		for (i = 0; i < count; i++)
		{
			RangeBound	lower = {0};
			RangeBound	upper = {0};
			Datum		value;
			bool		isnull = false;

			lower.val = TimestampTzGetDatum(calendar_local_to_instant(calendar, day, intervals[i].opens));
			lower.inclusive = true;
			lower.lower = true;
			upper.val = TimestampTzGetDatum(calendar_local_to_instant(calendar, day, intervals[i].closes));
			upper.inclusive = false;
			upper.lower = false;
			value = RangeTypePGetDatum(make_range(range_type, &lower, &upper, false));
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &value, &isnull);
		}
	}
	return (Datum) 0;
}
