/*
 * test_business_time.c
 *	  cmocka tests of the business-time engine: the Kediri worked examples,
 *	  edge cases and errors, and property tests that compare the engine with
 *	  a minute-by-minute model of three calendars.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "business_time.h"

#define USECS_PER_MINUTE INT64_C(60000000)
#define MINUTES(m) ((int64_t) (m) * USECS_PER_MINUTE)
#define HOURS(h) ((int64_t) (h) * 60 * USECS_PER_MINUTE)
#define CLOCK(h, m) (HOURS(h) + MINUTES(m))

/* Property tests draw from a fixed seed so that every run checks the same cases. */
#define PROPERTY_SEED UINT64_C(20260105)

/*
 * Arena allocator for bt_source.alloc that frees every block at once when the
 * test ends. A test can cap the number of allocations to simulate running
 * out of memory.
 */
typedef struct arena_block
{
	struct arena_block *next;
	max_align_t data[];
} arena_block;

typedef struct arena
{
	arena_block *blocks;
	int			allocations;
	int			max_allocations;	/* 0 means no limit */
} arena;

static void *
arena_alloc(arena *memory, size_t size)
{
	arena_block *block;

	if (memory->max_allocations > 0 &&
		memory->allocations >= memory->max_allocations)
		return NULL;

	block = malloc(sizeof(arena_block) + size);
	if (block == NULL)
		return NULL;
	block->next = memory->blocks;
	memory->blocks = block;
	memory->allocations++;
	return block->data;
}

static void
arena_free(arena *memory)
{
	while (memory->blocks != NULL)
	{
		arena_block *next = memory->blocks->next;

		free(memory->blocks);
		memory->blocks = next;
	}
	memory->allocations = 0;
}

typedef struct date
{
	int			year;
	int			month;
	int			mday;
} date;

/* A date whose intervals replace the weekly pattern, as an override does. */
typedef struct special_day
{
	date		day;
	int			count;
	bt_local_interval intervals[3];
} special_day;

/* Ways a broken day source can violate the day_intervals contract. */
typedef enum broken_kind
{
	BROKEN_NONE,
	BROKEN_FAILS,
	BROKEN_TOO_MANY,
	BROKEN_UNSORTED,
	BROKEN_OVERLAPPING,
	BROKEN_EMPTY_INTERVAL,
	BROKEN_NEGATIVE_OPENS,
	BROKEN_PAST_MIDNIGHT
} broken_kind;

/*
 * A calendar for the tests: a fixed UTC offset, a weekly pattern, closed
 * holidays and special days, plus the bt_source and bt_calendar built on it.
 */
typedef struct test_calendar
{
	const char *name;
	int64_t		utc_offset;		/* microseconds east of UTC */
	int64_t		summer_offset;	/* replaces utc_offset in summer, when set */
	int32_t		summer_first_day;
	int32_t		summer_end_day;	/* first day after summer */
	int			weekly_count[8];	/* by ISO weekday, 1 = Monday */
	bt_local_interval weekly[8][3];
	const date *holidays;
	int			holiday_count;
	const special_day *specials;
	int			special_count;
	broken_kind broken;
	int32_t		broken_day;
	int64_t		day_calls;		/* calls of day_intervals so far */
	arena		memory;
	bt_source	source;
	bt_calendar *cal;
} test_calendar;

/* Holidays and collective leave days of Indonesia, from the joint decrees. */
static const date indonesian_holidays[] = {
	{2025, 1, 1}, {2025, 1, 27}, {2025, 1, 28}, {2025, 1, 29},
	{2025, 3, 28}, {2025, 3, 29}, {2025, 3, 31}, {2025, 4, 1},
	{2025, 4, 2}, {2025, 4, 3}, {2025, 4, 4}, {2025, 4, 7},
	{2025, 4, 18}, {2025, 4, 20}, {2025, 5, 1}, {2025, 5, 12},
	{2025, 5, 13}, {2025, 5, 29}, {2025, 5, 30}, {2025, 6, 1},
	{2025, 6, 6}, {2025, 6, 9}, {2025, 6, 27}, {2025, 8, 17},
	{2025, 8, 18}, {2025, 9, 5}, {2025, 12, 25}, {2025, 12, 26},
	{2026, 1, 1}, {2026, 1, 16}, {2026, 2, 16}, {2026, 2, 17},
	{2026, 3, 18}, {2026, 3, 19}, {2026, 3, 20}, {2026, 3, 21},
	{2026, 3, 22}, {2026, 3, 23}, {2026, 3, 24}, {2026, 4, 3},
	{2026, 4, 5}, {2026, 5, 1}, {2026, 5, 14}, {2026, 5, 15},
	{2026, 5, 27}, {2026, 5, 28}, {2026, 5, 31}, {2026, 6, 1},
	{2026, 6, 16}, {2026, 8, 17}, {2026, 8, 25}, {2026, 12, 24},
	{2026, 12, 25}, {2027, 1, 1}, {2027, 5, 1}, {2027, 6, 1},
	{2027, 8, 17}, {2027, 12, 25}
};

/* Days changed by overrides in the hospital calendar, which is open all day. */
static const special_day hospital_specials[] = {
	{{2025, 12, 31}, 1, {{CLOCK(7, 0), CLOCK(19, 0)}}},
	{{2026, 1, 1}, 2, {{0, CLOCK(6, 0)}, {CLOCK(18, 0), HOURS(24)}}},
	{{2026, 6, 15}, 1, {{0, CLOCK(12, 0)}}},
	{{2026, 12, 31}, 0, {{0, 0}}},
	{{2027, 1, 1}, 1, {{CLOCK(12, 0), HOURS(24)}}}
};

/* Holidays of the three-shift calendar, several on a Saturday or Sunday. */
static const date three_shift_holidays[] = {
	{2025, 12, 27}, {2026, 1, 1}, {2026, 1, 3}, {2026, 1, 4},
	{2026, 2, 14}, {2026, 2, 15}, {2026, 8, 15}, {2026, 12, 26},
	{2027, 1, 1}, {2027, 1, 2}
};

static const special_day only_special_day[] = {
	{{2026, 6, 1}, 1, {{CLOCK(8, 0), CLOCK(12, 0)}}}
};

static const date closed_until_2030[] = {
	{2026, 3, 1}, {2030, 12, 31}
};

static int64_t
floor_div(int64_t numerator, int64_t denominator)
{
	int64_t		quotient = numerator / denominator;

	if (numerator % denominator != 0 && ((numerator < 0) != (denominator < 0)))
		quotient--;
	return quotient;
}

static int32_t
date_day(date d)
{
	return bt_date_to_day(d.year, d.month, d.mday);
}

/* Write the intervals of one local day, breaking the contract when asked to. */
static int
test_day_intervals(void *arg, int32_t day, bt_local_interval *out)
{
	test_calendar *tc = arg;
	int			isodow = bt_day_isodow(day);
	int			count;

	tc->day_calls++;

	if (tc->broken != BROKEN_NONE && day == tc->broken_day)
	{
		out[0].opens = CLOCK(8, 0);
		out[0].closes = CLOCK(12, 0);
		out[1].opens = CLOCK(13, 0);
		out[1].closes = CLOCK(15, 0);
		switch (tc->broken)
		{
			case BROKEN_FAILS:
				return -1;
			case BROKEN_TOO_MANY:
				return BT_MAX_INTERVALS_PER_DAY + 1;
			case BROKEN_UNSORTED:
				out[0].opens = CLOCK(13, 0);
				out[0].closes = CLOCK(15, 0);
				out[1].opens = CLOCK(8, 0);
				out[1].closes = CLOCK(12, 0);
				return 2;
			case BROKEN_OVERLAPPING:
				out[1].opens = CLOCK(11, 0);
				return 2;
			case BROKEN_EMPTY_INTERVAL:
				out[1].closes = out[1].opens;
				return 2;
			case BROKEN_NEGATIVE_OPENS:
				out[0].opens = -1;
				return 2;
			case BROKEN_PAST_MIDNIGHT:
				out[1].closes = HOURS(24) + 1;
				return 2;
			case BROKEN_NONE:
				break;
		}
	}

	for (int i = 0; i < tc->holiday_count; i++)
	{
		if (date_day(tc->holidays[i]) == day)
			return 0;
	}

	for (int i = 0; i < tc->special_count; i++)
	{
		if (date_day(tc->specials[i].day) == day)
		{
			memcpy(out, tc->specials[i].intervals,
				   sizeof(bt_local_interval) * (size_t) tc->specials[i].count);
			return tc->specials[i].count;
		}
	}

	count = tc->weekly_count[isodow];
	memcpy(out, tc->weekly[isodow], sizeof(bt_local_interval) * (size_t) count);
	return count;
}

/* Convert local time with a summer offset that switches at local midnight. */
static bt_instant
test_local_to_instant(void *arg, int32_t day, int64_t usec)
{
	test_calendar *tc = arg;
	int64_t		offset = tc->utc_offset;

	if (tc->summer_offset != 0 &&
		day >= tc->summer_first_day && day < tc->summer_end_day)
		offset = tc->summer_offset;
	return (int64_t) day * BT_USECS_PER_DAY + usec - offset;
}

static void *
test_alloc(void *arg, size_t size)
{
	test_calendar *tc = arg;

	return arena_alloc(&tc->memory, size);
}

static void
set_weekly(test_calendar *tc, int first_isodow, int last_isodow,
		   int count, const bt_local_interval *intervals)
{
	for (int isodow = first_isodow; isodow <= last_isodow; isodow++)
	{
		tc->weekly_count[isodow] = count;
		memcpy(tc->weekly[isodow], intervals,
			   sizeof(bt_local_interval) * (size_t) count);
	}
}

/* Kediri: WIB (UTC+7), Mon-Thu 08:00-12:00 and 13:00-15:45, Fri 08:00-11:00. */
static void
kediri_init(test_calendar *tc)
{
	static const bt_local_interval monday_to_thursday[] = {
		{CLOCK(8, 0), CLOCK(12, 0)}, {CLOCK(13, 0), CLOCK(15, 45)}
	};
	static const bt_local_interval friday[] = {{CLOCK(8, 0), CLOCK(11, 0)}};

	memset(tc, 0, sizeof(*tc));
	tc->name = "kediri";
	tc->utc_offset = HOURS(7);
	set_weekly(tc, 1, 4, 2, monday_to_thursday);
	set_weekly(tc, 5, 5, 1, friday);
	tc->holidays = indonesian_holidays;
	tc->holiday_count = sizeof(indonesian_holidays) / sizeof(indonesian_holidays[0]);
}

/* A hospital in a zone behind UTC (UTC-03:30), open all day with overrides. */
static void
hospital_init(test_calendar *tc)
{
	static const bt_local_interval all_day[] = {{0, HOURS(24)}};

	memset(tc, 0, sizeof(*tc));
	tc->name = "hospital";
	tc->utc_offset = -CLOCK(3, 30);
	set_weekly(tc, 1, 7, 1, all_day);
	tc->specials = hospital_specials;
	tc->special_count = sizeof(hospital_specials) / sizeof(hospital_specials[0]);
}

/* Three intervals Mon-Sat in WIT (UTC+9), the last one ending at midnight. */
static void
three_shift_init(test_calendar *tc)
{
	static const bt_local_interval shifts[] = {
		{CLOCK(6, 30), CLOCK(9, 0)},
		{CLOCK(10, 15), CLOCK(14, 0)},
		{CLOCK(19, 0), HOURS(24)}
	};

	memset(tc, 0, sizeof(*tc));
	tc->name = "three_shift";
	tc->utc_offset = HOURS(9);
	set_weekly(tc, 1, 6, 3, shifts);
	tc->holidays = three_shift_holidays;
	tc->holiday_count = sizeof(three_shift_holidays) / sizeof(three_shift_holidays[0]);
}

/* A calendar without any open time and without special days. */
static void
closed_init(test_calendar *tc)
{
	memset(tc, 0, sizeof(*tc));
	tc->name = "closed";
	tc->utc_offset = HOURS(7);
}

/* Fill in the bt_source, with the special-day range, and create the calendar. */
static bt_calendar *
calendar_open(test_calendar *tc)
{
	int32_t		first = INT32_MAX;
	int32_t		last = INT32_MIN;

	for (int i = 0; i < tc->holiday_count; i++)
	{
		int32_t		day = date_day(tc->holidays[i]);

		first = day < first ? day : first;
		last = day > last ? day : last;
	}
	for (int i = 0; i < tc->special_count; i++)
	{
		int32_t		day = date_day(tc->specials[i].day);

		first = day < first ? day : first;
		last = day > last ? day : last;
	}

	tc->source.arg = tc;
	tc->source.day_intervals = test_day_intervals;
	tc->source.local_to_instant = test_local_to_instant;
	tc->source.alloc = test_alloc;
	tc->source.first_special_day = first;
	tc->source.last_special_day = last;
	tc->cal = bt_calendar_create(&tc->source);
	return tc->cal;
}

static void
calendar_close(test_calendar *tc)
{
	arena_free(&tc->memory);
	tc->cal = NULL;
}

static int
setup_calendar(void **state, void (*init) (test_calendar *))
{
	test_calendar *tc = calloc(1, sizeof(test_calendar));

	if (tc == NULL)
		return -1;
	init(tc);
	if (calendar_open(tc) == NULL)
	{
		free(tc);
		return -1;
	}
	*state = tc;
	return 0;
}

static int
setup_kediri(void **state)
{
	return setup_calendar(state, kediri_init);
}

static int
setup_closed(void **state)
{
	return setup_calendar(state, closed_init);
}

static int
teardown_calendar(void **state)
{
	test_calendar *tc = *state;

	calendar_close(tc);
	free(tc);
	return 0;
}

/* Return the instant of a local wall-clock time in the calendar's zone. */
static bt_instant
at(test_calendar *tc, int year, int month, int mday, int hour, int minute)
{
	return test_local_to_instant(tc, bt_date_to_day(year, month, mday),
								 CLOCK(hour, minute));
}

/* Format an instant as local time, e.g. "Mon 2026-01-12 15:45". */
static const char *
text(const test_calendar *tc, bt_instant t)
{
	static const char *const weekdays[] = {
		"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
	};
	static char buffers[4][48];
	static int	next;
	char	   *buffer = buffers[next++ % 4];
	int64_t		local = t + tc->utc_offset;
	int32_t		day = (int32_t) floor_div(local, BT_USECS_PER_DAY);
	int64_t		usec = local - (int64_t) day * BT_USECS_PER_DAY;
	int			year;
	int			month;
	int			mday;
	int			length;

	bt_day_to_date(day, &year, &month, &mday);
	length = snprintf(buffer, 48, "%s %04d-%02d-%02d %02d:%02d",
					  weekdays[bt_day_isodow(day)], year, month, mday,
					  (int) (usec / HOURS(1)),
					  (int) (usec % HOURS(1) / USECS_PER_MINUTE));
	if (usec % BT_USECS_PER_SEC != 0)
		snprintf(buffer + length, (size_t) (48 - length), ":%02d.%06d",
				 (int) (usec % USECS_PER_MINUTE / BT_USECS_PER_SEC),
				 (int) (usec % BT_USECS_PER_SEC));
	else if (usec % USECS_PER_MINUTE != 0)
		snprintf(buffer + length, (size_t) (48 - length), ":%02d",
				 (int) (usec % USECS_PER_MINUTE / BT_USECS_PER_SEC));
	return buffer;
}

static bt_instant
add_ok(test_calendar *tc, bt_instant t, int64_t usecs)
{
	bt_instant	result = 0;

	assert_int_equal(bt_add(tc->cal, t, usecs, &result), BT_OK);
	return result;
}

static int64_t
between_ok(test_calendar *tc, bt_instant a, bt_instant b)
{
	int64_t		usecs = 0;

	assert_int_equal(bt_between(tc->cal, a, b, &usecs), BT_OK);
	return usecs;
}

static bt_instant
days_add_ok(test_calendar *tc, bt_instant t, int32_t n)
{
	bt_instant	result = 0;

	assert_int_equal(bt_days_add(tc->cal, t, n, &result), BT_OK);
	return result;
}

static int32_t
days_between_ok(test_calendar *tc, bt_instant a, bt_instant b)
{
	int32_t		days = -1;

	assert_int_equal(bt_days_between(tc->cal, a, b, &days), BT_OK);
	return days;
}

static bt_instant
next_open_ok(test_calendar *tc, bt_instant t)
{
	bt_instant	result = 0;

	assert_int_equal(bt_next_open(tc->cal, t, &result), BT_OK);
	return result;
}

static bool
is_open_ok(test_calendar *tc, bt_instant t)
{
	bool		open = false;

	assert_int_equal(bt_is_open(tc->cal, t, &open), BT_OK);
	return open;
}

/* Return 64 random bits from a linear congruential generator (MMIX constants). */
static uint64_t
random_bits(uint64_t *random_state)
{
	*random_state = *random_state * UINT64_C(6364136223846793005) +
		UINT64_C(1442695040888963407);
	return *random_state >> 11;
}

/* Return a random integer in [low, high]. */
static int64_t
random_between(uint64_t *random_state, int64_t low, int64_t high)
{
	return low + (int64_t) (random_bits(random_state) % (uint64_t) (high - low + 1));
}

/* Gregorian helpers */

static void
test_date_to_day_anchors(void **state)
{
	(void) state;

	assert_int_equal(bt_date_to_day(2000, 1, 1), 0);
	assert_int_equal(bt_date_to_day(2000, 3, 1), 60);
	assert_int_equal(bt_date_to_day(1999, 12, 31), -1);
	assert_int_equal(bt_date_to_day(1970, 1, 1), -10957);
	assert_int_equal(bt_date_to_day(1900, 1, 1), -36524);
	assert_int_equal(bt_date_to_day(2026, 1, 1), 9497);
	assert_int_equal(bt_date_to_day(3000, 1, 1), 365243);
}

static void
test_date_to_day_leap_years(void **state)
{
	(void) state;

	assert_int_equal(bt_date_to_day(2000, 3, 1) - bt_date_to_day(2000, 2, 28), 2);
	assert_int_equal(bt_date_to_day(2024, 3, 1) - bt_date_to_day(2024, 2, 28), 2);
	assert_int_equal(bt_date_to_day(1900, 3, 1) - bt_date_to_day(1900, 2, 28), 1);
	assert_int_equal(bt_date_to_day(2100, 3, 1) - bt_date_to_day(2100, 2, 28), 1);
	assert_int_equal(bt_date_to_day(2026, 3, 1) - bt_date_to_day(2026, 2, 28), 1);
	assert_int_equal(bt_date_to_day(2027, 1, 1) - bt_date_to_day(2026, 1, 1), 365);
	assert_int_equal(bt_date_to_day(2401, 1, 1) - bt_date_to_day(2400, 1, 1), 366);
}

static void
test_date_to_day_carries_over(void **state)
{
	(void) state;

	assert_int_equal(bt_date_to_day(2025, 13, 1), bt_date_to_day(2026, 1, 1));
	assert_int_equal(bt_date_to_day(2026, 0, 31), bt_date_to_day(2025, 12, 31));
	assert_int_equal(bt_date_to_day(2026, -11, 1), bt_date_to_day(2025, 1, 1));
	assert_int_equal(bt_date_to_day(2026, 3, 0), bt_date_to_day(2026, 2, 28));
	assert_int_equal(bt_date_to_day(2024, 2, 30), bt_date_to_day(2024, 3, 1));
	assert_int_equal(bt_date_to_day(2026, 1, 366), bt_date_to_day(2027, 1, 1));
}

/* Walk every day from 1600 to 3200 and check that the dates count up correctly. */
static void
test_day_to_date_round_trip(void **state)
{
	static const int month_days[] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			year = 1600;
	int			month = 1;
	int			mday = 1;

	(void) state;

	for (int32_t day = bt_date_to_day(1600, 1, 1);
		 day < bt_date_to_day(3200, 1, 1); day++)
	{
		int			got_year;
		int			got_month;
		int			got_mday;
		bool		leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
		int			length = month_days[month] + (month == 2 && leap ? 1 : 0);

		bt_day_to_date(day, &got_year, &got_month, &got_mday);
		if (got_year != year || got_month != month || got_mday != mday)
			fail_msg("day %d: got %04d-%02d-%02d, expected %04d-%02d-%02d",
					 (int) day, got_year, got_month, got_mday, year, month, mday);
		assert_int_equal(bt_date_to_day(year, month, mday), day);

		if (++mday > length)
		{
			mday = 1;
			if (++month > 12)
			{
				month = 1;
				year++;
			}
		}
	}
}

static void
test_day_isodow_known_days(void **state)
{
	(void) state;

	assert_int_equal(bt_day_isodow(0), 6);	/* Sat 2000-01-01 */
	assert_int_equal(bt_day_isodow(bt_date_to_day(1970, 1, 1)), 4);
	assert_int_equal(bt_day_isodow(bt_date_to_day(1900, 1, 1)), 1);
	assert_int_equal(bt_day_isodow(bt_date_to_day(2026, 1, 5)), 1);
	assert_int_equal(bt_day_isodow(bt_date_to_day(2026, 2, 14)), 6);
	assert_int_equal(bt_day_isodow(bt_date_to_day(2026, 3, 13)), 5);
	assert_int_equal(bt_day_isodow(bt_date_to_day(2026, 3, 22)), 7);
}

/* is_open and next_open */

static void
test_is_open_half_open_intervals(void **state)
{
	test_calendar *tc = *state;
	bt_instant	monday = at(tc, 2026, 1, 5, 0, 0);

	assert_false(is_open_ok(tc, monday + CLOCK(8, 0) - 1));
	assert_true(is_open_ok(tc, monday + CLOCK(8, 0)));
	assert_true(is_open_ok(tc, monday + CLOCK(12, 0) - 1));
	assert_false(is_open_ok(tc, monday + CLOCK(12, 0)));
	assert_false(is_open_ok(tc, monday + CLOCK(12, 30)));
	assert_true(is_open_ok(tc, monday + CLOCK(13, 0)));
	assert_false(is_open_ok(tc, monday + CLOCK(15, 45)));
	assert_false(is_open_ok(tc, at(tc, 2026, 1, 9, 11, 0)));
	assert_false(is_open_ok(tc, at(tc, 2026, 1, 10, 10, 0)));
	assert_false(is_open_ok(tc, at(tc, 2026, 1, 16, 10, 0)));
}

static void
test_next_open_cases(void **state)
{
	test_calendar *tc = *state;

	assert_string_equal(text(tc, next_open_ok(tc, at(tc, 2026, 1, 5, 9, 12))),
						"Mon 2026-01-05 09:12");
	assert_string_equal(text(tc, next_open_ok(tc, at(tc, 2026, 1, 5, 6, 0))),
						"Mon 2026-01-05 08:00");
	assert_string_equal(text(tc, next_open_ok(tc, at(tc, 2026, 1, 5, 12, 0))),
						"Mon 2026-01-05 13:00");
	assert_string_equal(text(tc, next_open_ok(tc, at(tc, 2026, 1, 9, 11, 0))),
						"Mon 2026-01-12 08:00");
	assert_string_equal(text(tc, next_open_ok(tc, at(tc, 2026, 2, 14, 20, 30))),
						"Wed 2026-02-18 08:00");
	assert_string_equal(text(tc, next_open_ok(tc, at(tc, 2025, 12, 31, 16, 0))),
						"Fri 2026-01-02 08:00");
}

/* add */

static void
test_add_lands_on_closing_time(void **state)
{
	test_calendar *tc = *state;
	bt_instant	monday = at(tc, 2026, 1, 5, 8, 0);

	assert_string_equal(text(tc, add_ok(tc, monday, HOURS(4))),
						"Mon 2026-01-05 12:00");
	assert_string_equal(text(tc, add_ok(tc, monday, CLOCK(6, 45))),
						"Mon 2026-01-05 15:45");
	assert_string_equal(text(tc, add_ok(tc, at(tc, 2026, 1, 9, 10, 0), HOURS(1))),
						"Fri 2026-01-09 11:00");
}

static void
test_add_past_closing_time(void **state)
{
	test_calendar *tc = *state;
	bt_instant	monday = at(tc, 2026, 1, 5, 8, 0);

	assert_string_equal(text(tc, add_ok(tc, monday, HOURS(4) + 1)),
						"Mon 2026-01-05 13:00:00.000001");
	assert_string_equal(text(tc, add_ok(tc, monday, CLOCK(6, 46))),
						"Tue 2026-01-06 08:01");
	assert_string_equal(text(tc, add_ok(tc, at(tc, 2026, 1, 9, 10, 0), HOURS(2))),
						"Mon 2026-01-12 09:00");
	assert_string_equal(text(tc, add_ok(tc, at(tc, 2026, 1, 15, 15, 0), HOURS(1))),
						"Mon 2026-01-19 08:15");
}

static void
test_add_from_closed_time(void **state)
{
	test_calendar *tc = *state;

	assert_string_equal(text(tc, add_ok(tc, at(tc, 2026, 2, 14, 20, 30), MINUTES(1))),
						"Wed 2026-02-18 08:01");
	assert_string_equal(text(tc, add_ok(tc, at(tc, 2026, 1, 5, 12, 30), 1)),
						"Mon 2026-01-05 13:00:00.000001");
}

static void
test_add_zero_outside_hours(void **state)
{
	test_calendar *tc = *state;
	bt_instant	saturday = at(tc, 2026, 2, 14, 20, 30);
	bt_instant	lunch = at(tc, 2026, 1, 6, 12, 30);

	assert_int_equal(add_ok(tc, saturday, 0), saturday);
	assert_int_equal(add_ok(tc, lunch, 0), lunch);
	assert_int_equal(add_ok(tc, lunch + 7, 0), lunch + 7);
}

static void
test_add_negative_stops_at_opening(void **state)
{
	test_calendar *tc = *state;

	assert_string_equal(text(tc, add_ok(tc, at(tc, 2026, 1, 5, 13, 30), -MINUTES(30))),
						"Mon 2026-01-05 13:00");
	assert_string_equal(text(tc, add_ok(tc, at(tc, 2026, 1, 5, 9, 0), -HOURS(1))),
						"Mon 2026-01-05 08:00");
	assert_string_equal(text(tc, add_ok(tc, at(tc, 2026, 1, 5, 9, 0), -HOURS(1) - 1)),
						"Fri 2026-01-02 10:59:59.999999");
	assert_string_equal(text(tc, add_ok(tc, at(tc, 2026, 1, 6, 8, 0), -CLOCK(6, 45))),
						"Mon 2026-01-05 08:00");
	assert_string_equal(text(tc, add_ok(tc, at(tc, 2026, 2, 18, 8, 30), -HOURS(1))),
						"Fri 2026-02-13 10:30");
}

static void
test_add_across_new_year(void **state)
{
	test_calendar *tc = *state;

	assert_string_equal(text(tc, add_ok(tc, at(tc, 2025, 12, 31, 15, 0), HOURS(1))),
						"Fri 2026-01-02 08:15");
	assert_string_equal(text(tc, add_ok(tc, at(tc, 2026, 1, 2, 8, 15), -HOURS(1))),
						"Wed 2025-12-31 15:00");
}

/* between */

static void
test_between_within_day(void **state)
{
	test_calendar *tc = *state;

	assert_int_equal(between_ok(tc, at(tc, 2026, 1, 5, 8, 0),
								at(tc, 2026, 1, 5, 15, 45)),
					 CLOCK(6, 45));
	assert_int_equal(between_ok(tc, at(tc, 2026, 1, 5, 11, 0),
								at(tc, 2026, 1, 5, 13, 0)),
					 HOURS(1));
	assert_int_equal(between_ok(tc, at(tc, 2026, 1, 5, 12, 10),
								at(tc, 2026, 1, 5, 12, 50)),
					 0);
	assert_int_equal(between_ok(tc, at(tc, 2026, 1, 5, 9, 0),
								at(tc, 2026, 1, 5, 9, 0)),
					 0);
}

static void
test_between_negative_when_reversed(void **state)
{
	test_calendar *tc = *state;

	assert_int_equal(between_ok(tc, at(tc, 2026, 1, 5, 15, 45),
								at(tc, 2026, 1, 5, 8, 0)),
					 -CLOCK(6, 45));
	assert_int_equal(between_ok(tc, at(tc, 2026, 1, 2, 9, 0),
								at(tc, 2025, 12, 31, 15, 0)),
					 -CLOCK(1, 45));
}

static void
test_between_weekend_and_holiday(void **state)
{
	test_calendar *tc = *state;

	/* Thu 4h45, Fri 3h, the weekend, Mon and Tue off for Imlek, Wed 2h. */
	assert_int_equal(between_ok(tc, at(tc, 2026, 2, 12, 10, 0),
								at(tc, 2026, 2, 18, 10, 0)),
					 CLOCK(9, 45));
}

static void
test_between_across_new_year(void **state)
{
	test_calendar *tc = *state;

	assert_int_equal(between_ok(tc, at(tc, 2025, 12, 31, 15, 0),
								at(tc, 2026, 1, 2, 9, 0)),
					 CLOCK(1, 45));
}

/* days_add: the worked examples and the edges of the receipt day */

static void
test_days_add_worked_monday(void **state)
{
	test_calendar *tc = *state;
	bt_instant	received = at(tc, 2026, 1, 5, 9, 12);

	assert_string_equal(text(tc, days_add_ok(tc, received, 5)), "Mon 2026-01-12 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, received, 2)), "Wed 2026-01-07 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, received, 0)), "Mon 2026-01-05 15:45");
}

static void
test_days_add_worked_nyepi(void **state)
{
	test_calendar *tc = *state;
	bt_instant	received = at(tc, 2026, 3, 13, 10, 30);

	assert_string_equal(text(tc, days_add_ok(tc, received, 5)), "Fri 2026-03-27 11:00");
	assert_string_equal(text(tc, days_add_ok(tc, received, 2)), "Tue 2026-03-17 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, received, 3)), "Wed 2026-03-25 15:45");
}

static void
test_days_add_worked_saturday(void **state)
{
	test_calendar *tc = *state;
	bt_instant	received = at(tc, 2026, 2, 14, 20, 30);

	assert_string_equal(text(tc, days_add_ok(tc, received, 0)), "Wed 2026-02-18 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, received, 5)), "Wed 2026-02-25 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, received, 2)), "Fri 2026-02-20 11:00");
}

static void
test_days_add_friday_after_closing(void **state)
{
	test_calendar *tc = *state;

	assert_string_equal(text(tc, days_add_ok(tc, at(tc, 2026, 1, 9, 10, 59), 0)),
						"Fri 2026-01-09 11:00");
	assert_string_equal(text(tc, days_add_ok(tc, at(tc, 2026, 1, 9, 11, 0), 0)),
						"Mon 2026-01-12 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, at(tc, 2026, 1, 9, 11, 30), 5)),
						"Tue 2026-01-20 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, at(tc, 2026, 1, 9, 11, 30), 2)),
						"Wed 2026-01-14 15:45");
}

static void
test_days_add_lunch_break(void **state)
{
	test_calendar *tc = *state;
	bt_instant	received = at(tc, 2026, 1, 6, 12, 30);

	assert_string_equal(text(tc, days_add_ok(tc, received, 0)), "Tue 2026-01-06 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, received, 5)), "Tue 2026-01-13 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, received, 2)), "Thu 2026-01-08 15:45");
}

static void
test_days_add_before_last_closing(void **state)
{
	test_calendar *tc = *state;
	bt_instant	closing = at(tc, 2026, 1, 5, 15, 45);

	assert_string_equal(text(tc, days_add_ok(tc, closing - MINUTES(1), 5)),
						"Mon 2026-01-12 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, closing - 1, 5)),
						"Mon 2026-01-12 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, closing - MINUTES(1), 2)),
						"Wed 2026-01-07 15:45");
}

static void
test_days_add_at_last_closing(void **state)
{
	test_calendar *tc = *state;
	bt_instant	closing = at(tc, 2026, 1, 5, 15, 45);

	assert_string_equal(text(tc, days_add_ok(tc, closing, 0)), "Tue 2026-01-06 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, closing, 5)), "Tue 2026-01-13 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, closing, 2)), "Thu 2026-01-08 15:45");
}

static void
test_days_add_before_opening(void **state)
{
	test_calendar *tc = *state;

	assert_string_equal(text(tc, days_add_ok(tc, at(tc, 2026, 1, 5, 6, 0), 5)),
						"Mon 2026-01-12 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, at(tc, 2026, 1, 5, 0, 0), 0)),
						"Mon 2026-01-05 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, at(tc, 2026, 1, 5, 6, 0), 2)),
						"Wed 2026-01-07 15:45");
}

static void
test_days_add_across_new_year(void **state)
{
	test_calendar *tc = *state;
	bt_instant	received = at(tc, 2025, 12, 23, 14, 0);

	assert_string_equal(text(tc, days_add_ok(tc, received, 0)), "Tue 2025-12-23 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, received, 1)), "Wed 2025-12-24 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, received, 2)), "Mon 2025-12-29 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, received, 4)), "Wed 2025-12-31 15:45");
	assert_string_equal(text(tc, days_add_ok(tc, received, 5)), "Fri 2026-01-02 11:00");
}

static void
test_days_add_received_on_holiday(void **state)
{
	test_calendar *tc = *state;
	bt_instant	received = at(tc, 2026, 1, 1, 10, 0);

	assert_string_equal(text(tc, days_add_ok(tc, received, 0)), "Fri 2026-01-02 11:00");
	assert_string_equal(text(tc, days_add_ok(tc, received, 1)), "Mon 2026-01-05 15:45");
}

static void
test_days_add_negative_n(void **state)
{
	test_calendar *tc = *state;
	bt_instant	result;

	assert_int_equal(bt_days_add(tc->cal, at(tc, 2026, 1, 5, 9, 0), -1, &result),
					 BT_OUT_OF_RANGE);
}

/* days_between */

static void
test_days_between_worked_monday(void **state)
{
	test_calendar *tc = *state;
	bt_instant	received = at(tc, 2026, 1, 5, 9, 12);
	bt_instant	due = at(tc, 2026, 1, 12, 15, 45);

	assert_int_equal(days_between_ok(tc, received, due), 5);
	assert_int_equal(days_between_ok(tc, received, due + 1), 6);
	assert_int_equal(days_between_ok(tc, received, at(tc, 2026, 1, 12, 9, 0)), 5);
	assert_int_equal(days_between_ok(tc, received, at(tc, 2026, 1, 10, 9, 0)), 5);
	assert_int_equal(days_between_ok(tc, received, at(tc, 2026, 1, 5, 15, 45)), 0);
	assert_int_equal(days_between_ok(tc, received, at(tc, 2026, 1, 6, 8, 0)), 1);
	assert_int_equal(days_between_ok(tc, received, received), 0);
	assert_int_equal(days_between_ok(tc, received, at(tc, 2025, 12, 1, 9, 0)), 0);
}

static void
test_days_between_worked_saturday(void **state)
{
	test_calendar *tc = *state;
	bt_instant	received = at(tc, 2026, 2, 14, 20, 30);

	assert_int_equal(days_between_ok(tc, received, at(tc, 2026, 2, 17, 10, 0)), 0);
	assert_int_equal(days_between_ok(tc, received, at(tc, 2026, 2, 18, 15, 45)), 0);
	assert_int_equal(days_between_ok(tc, received, at(tc, 2026, 2, 25, 15, 45)), 5);
	assert_int_equal(days_between_ok(tc, received, at(tc, 2026, 2, 27, 11, 0)), 7);
	assert_int_equal(days_between_ok(tc, received, at(tc, 2026, 2, 28, 10, 0)), 8);
}

static void
test_days_between_across_new_year(void **state)
{
	test_calendar *tc = *state;
	bt_instant	received = at(tc, 2025, 12, 23, 14, 0);

	assert_int_equal(days_between_ok(tc, received, at(tc, 2026, 1, 2, 11, 0)), 5);
	assert_int_equal(days_between_ok(tc, received, at(tc, 2026, 1, 1, 10, 0)), 5);
	assert_int_equal(days_between_ok(tc, received, at(tc, 2027, 1, 4, 8, 0)),
					 days_between_ok(tc, received, at(tc, 2026, 12, 31, 15, 45)) + 1);
}

/* A year compiles once, and only the years that an operation touches compile. */
static void
test_calendar_compiles_year_once(void **state)
{
	test_calendar *tc = *state;

	add_ok(tc, at(tc, 2026, 6, 10, 9, 0), HOURS(1));
	assert_int_equal(tc->day_calls, 365);

	add_ok(tc, at(tc, 2026, 6, 10, 9, 0), HOURS(100));
	days_add_ok(tc, at(tc, 2026, 1, 5, 9, 0), 200);
	assert_int_equal(tc->day_calls, 365);

	/* 1,000 working days from 2026 end in 2029, so only 2026-2029 compile. */
	assert_string_equal(text(tc, days_add_ok(tc, at(tc, 2026, 1, 5, 9, 0), 1000)),
						"Thu 2029-12-06 15:45");
	assert_int_equal(tc->day_calls, 365 * 3 + 366);
}

/*
 * A zone that moves from UTC+1 to UTC+2 on 2026-03-29 and back on 2026-10-25
 * makes a 23-hour and a 25-hour day. Intervals are clipped to their day, so
 * open time never overlaps and the last hour of 28 March vanishes.
 */
static void
test_between_zone_offset_change(void **state)
{
	static const special_day short_night[] = {
		{{2026, 3, 28}, 2, {{0, CLOCK(22, 0)}, {CLOCK(23, 0), HOURS(24)}}}
	};
	static const bt_local_interval all_day[] = {{0, HOURS(24)}};
	test_calendar tc;
	uint64_t	random_state = PROPERTY_SEED;

	(void) state;
	memset(&tc, 0, sizeof(tc));
	tc.name = "zone_shift";
	tc.utc_offset = HOURS(1);
	tc.summer_offset = HOURS(2);
	tc.summer_first_day = bt_date_to_day(2026, 3, 29);
	tc.summer_end_day = bt_date_to_day(2026, 10, 25);
	set_weekly(&tc, 1, 7, 1, all_day);
	tc.specials = short_night;
	tc.special_count = 1;
	assert_non_null(calendar_open(&tc));

	assert_int_equal(between_ok(&tc, at(&tc, 2026, 3, 27, 0, 0),
								at(&tc, 2026, 3, 28, 0, 0)),
					 HOURS(24));
	assert_int_equal(between_ok(&tc, at(&tc, 2026, 3, 28, 0, 0),
								at(&tc, 2026, 3, 29, 0, 0)),
					 HOURS(22));
	assert_int_equal(at(&tc, 2026, 3, 29, 0, 0) - at(&tc, 2026, 3, 28, 0, 0), HOURS(23));
	assert_false(is_open_ok(&tc, at(&tc, 2026, 3, 28, 22, 30)));
	assert_int_equal(next_open_ok(&tc, at(&tc, 2026, 3, 28, 22, 30)),
					 at(&tc, 2026, 3, 29, 0, 0));
	assert_int_equal(add_ok(&tc, at(&tc, 2026, 3, 28, 21, 0), HOURS(2)),
					 at(&tc, 2026, 3, 29, 1, 0));

	/* The 25-hour day keeps 24 open hours, then closes until midnight. */
	assert_int_equal(between_ok(&tc, at(&tc, 2026, 10, 24, 0, 0),
								at(&tc, 2026, 10, 25, 0, 0)),
					 HOURS(24));
	assert_int_equal(add_ok(&tc, at(&tc, 2026, 10, 24, 0, 0), HOURS(24)),
					 at(&tc, 2026, 10, 24, 0, 0) + HOURS(24));
	assert_int_equal(add_ok(&tc, at(&tc, 2026, 10, 24, 0, 0), HOURS(24) + 1),
					 at(&tc, 2026, 10, 25, 0, 0) + 1);
	assert_int_equal(days_add_ok(&tc, at(&tc, 2026, 10, 24, 23, 30), 0),
					 at(&tc, 2026, 10, 25, 0, 0) - HOURS(1));

	/* between inverts add on every side of both changes. */
	for (int i = 0; i < 500; i++)
	{
		bt_instant	t = random_between(&random_state, at(&tc, 2026, 3, 20, 0, 0),
									   at(&tc, 2026, 11, 5, 0, 0));
		int64_t		usecs = random_between(&random_state, 0, 20 * BT_USECS_PER_DAY);

		assert_int_equal(between_ok(&tc, t, add_ok(&tc, t, usecs)), usecs);
		assert_int_equal(between_ok(&tc, add_ok(&tc, t, -usecs), t), usecs);
	}
	calendar_close(&tc);
}

/* Errors: no service time */

static void
test_add_no_service_time(void **state)
{
	test_calendar *tc = *state;
	bt_instant	result;

	assert_int_equal(bt_add(tc->cal, at(tc, 2026, 1, 5, 9, 0), HOURS(1), &result),
					 BT_NO_SERVICE_TIME);
	assert_int_equal(bt_add(tc->cal, at(tc, 2026, 1, 5, 9, 0), -HOURS(1), &result),
					 BT_NO_SERVICE_TIME);
	assert_int_equal(bt_add(tc->cal, at(tc, 2026, 1, 5, 9, 0), 1, &result),
					 BT_NO_SERVICE_TIME);

	/* Each call stops after the first year without open time. */
	assert_true(tc->day_calls <= 366 * 3);
}

static void
test_next_open_no_service_time(void **state)
{
	test_calendar *tc = *state;
	bt_instant	result;

	assert_int_equal(bt_next_open(tc->cal, at(tc, 2026, 1, 5, 9, 0), &result),
					 BT_NO_SERVICE_TIME);
	assert_true(tc->day_calls <= 366 * 2);
}

static void
test_days_add_no_service_time(void **state)
{
	test_calendar *tc = *state;
	bt_instant	result;
	int32_t		days;

	assert_int_equal(bt_days_add(tc->cal, at(tc, 2026, 1, 5, 9, 0), 0, &result),
					 BT_NO_SERVICE_TIME);
	assert_int_equal(bt_days_add(tc->cal, at(tc, 2026, 1, 5, 9, 0), 5, &result),
					 BT_NO_SERVICE_TIME);
	assert_int_equal(bt_days_between(tc->cal, at(tc, 2026, 1, 5, 9, 0),
									 at(tc, 2026, 2, 5, 9, 0), &days),
					 BT_NO_SERVICE_TIME);
	assert_true(tc->day_calls <= 366 * 2);
}

static void
test_is_open_no_service_time(void **state)
{
	test_calendar *tc = *state;

	assert_false(is_open_ok(tc, at(tc, 2026, 1, 5, 9, 0)));
	assert_int_equal(between_ok(tc, at(tc, 2026, 1, 5, 9, 0),
								at(tc, 2027, 1, 5, 9, 0)), 0);
}

/* With closed special days until 2030, the walk stops after 2031. */
static void
test_add_no_service_after_special_days(void **state)
{
	test_calendar tc;
	bt_instant	result;

	(void) state;
	closed_init(&tc);
	tc.holidays = closed_until_2030;
	tc.holiday_count = 2;
	assert_non_null(calendar_open(&tc));

	assert_int_equal(bt_add(tc.cal, at(&tc, 2026, 1, 5, 9, 0), HOURS(1), &result),
					 BT_NO_SERVICE_TIME);
	assert_int_equal(tc.day_calls,
					 bt_date_to_day(2032, 1, 1) - bt_date_to_day(2026, 1, 1));

	/* Walking backward, 2025 lies before the first special day. */
	assert_int_equal(bt_add(tc.cal, at(&tc, 2026, 1, 5, 9, 0), -HOURS(1), &result),
					 BT_NO_SERVICE_TIME);
	calendar_close(&tc);
}

/* Only one special day is open, and walks reach it from either side. */
static void
test_add_reaches_only_special_day(void **state)
{
	test_calendar tc;
	bt_instant	result;

	(void) state;
	closed_init(&tc);
	tc.specials = only_special_day;
	tc.special_count = 1;
	assert_non_null(calendar_open(&tc));

	assert_string_equal(text(&tc, add_ok(&tc, at(&tc, 2025, 3, 1, 0, 0), HOURS(1))),
						"Mon 2026-06-01 09:00");
	assert_string_equal(text(&tc, add_ok(&tc, at(&tc, 2027, 3, 1, 0, 0), -HOURS(1))),
						"Mon 2026-06-01 11:00");
	assert_string_equal(text(&tc, next_open_ok(&tc, at(&tc, 2020, 1, 1, 0, 0))),
						"Mon 2026-06-01 08:00");
	assert_string_equal(text(&tc, days_add_ok(&tc, at(&tc, 2024, 5, 5, 0, 0), 0)),
						"Mon 2026-06-01 12:00");
	assert_int_equal(between_ok(&tc, at(&tc, 2024, 1, 1, 0, 0),
								at(&tc, 2028, 1, 1, 0, 0)),
					 HOURS(4));

	assert_int_equal(bt_add(tc.cal, at(&tc, 2027, 3, 1, 0, 0), HOURS(1), &result),
					 BT_NO_SERVICE_TIME);
	assert_int_equal(bt_add(tc.cal, at(&tc, 2025, 3, 1, 0, 0), -HOURS(1), &result),
					 BT_NO_SERVICE_TIME);
	assert_int_equal(bt_add(tc.cal, at(&tc, 2026, 6, 1, 9, 0), HOURS(3) + 1, &result),
					 BT_NO_SERVICE_TIME);
	assert_int_equal(bt_days_add(tc.cal, at(&tc, 2026, 6, 1, 9, 0), 1, &result),
					 BT_NO_SERVICE_TIME);
	calendar_close(&tc);
}

/* Errors: invalid day intervals */

static void
test_is_open_invalid_day_kinds(void **state)
{
	static const broken_kind kinds[] = {
		BROKEN_FAILS, BROKEN_TOO_MANY, BROKEN_UNSORTED, BROKEN_OVERLAPPING,
		BROKEN_EMPTY_INTERVAL, BROKEN_NEGATIVE_OPENS, BROKEN_PAST_MIDNIGHT
	};

	(void) state;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
	{
		test_calendar tc;
		bool		open;

		kediri_init(&tc);
		tc.broken = kinds[i];
		tc.broken_day = bt_date_to_day(2026, 2, 10);
		assert_non_null(calendar_open(&tc));

		assert_int_equal(bt_is_open(tc.cal, at(&tc, 2026, 5, 5, 9, 0), &open),
						 BT_INVALID_DAY);
		assert_int_equal(bt_is_open(tc.cal, at(&tc, 2025, 5, 5, 9, 0), &open), BT_OK);
		assert_true(open);
		calendar_close(&tc);
	}
}

static void
test_add_invalid_day_overlapping(void **state)
{
	test_calendar tc;
	bt_instant	result;
	int64_t		usecs;
	int32_t		days;

	(void) state;
	kediri_init(&tc);
	tc.broken = BROKEN_OVERLAPPING;
	tc.broken_day = bt_date_to_day(2026, 2, 10);
	assert_non_null(calendar_open(&tc));

	assert_int_equal(bt_add(tc.cal, at(&tc, 2025, 12, 1, 9, 0), HOURS(200), &result),
					 BT_INVALID_DAY);
	assert_int_equal(bt_between(tc.cal, at(&tc, 2025, 12, 1, 9, 0),
								at(&tc, 2027, 1, 5, 9, 0), &usecs),
					 BT_INVALID_DAY);
	assert_int_equal(bt_days_add(tc.cal, at(&tc, 2025, 12, 1, 9, 0), 30, &result),
					 BT_INVALID_DAY);
	assert_int_equal(bt_days_between(tc.cal, at(&tc, 2025, 12, 1, 9, 0),
									 at(&tc, 2026, 3, 1, 9, 0), &days),
					 BT_INVALID_DAY);
	assert_int_equal(bt_next_open(tc.cal, at(&tc, 2026, 2, 10, 9, 0), &result),
					 BT_INVALID_DAY);

	/* A failed year is not cached: the next call reads the source again. */
	tc.broken = BROKEN_NONE;
	assert_string_equal(text(&tc, add_ok(&tc, at(&tc, 2026, 2, 10, 9, 0), HOURS(1))),
						"Tue 2026-02-10 10:00");
	calendar_close(&tc);
}

/* Errors: out of range */

static void
test_is_open_out_of_range(void **state)
{
	test_calendar *tc = *state;
	bool		open;

	assert_int_equal(bt_is_open(tc->cal, at(tc, 3000, 1, 1, 0, 0), &open),
					 BT_OUT_OF_RANGE);
	assert_int_equal(bt_is_open(tc->cal, at(tc, 3456, 7, 8, 9, 0), &open),
					 BT_OUT_OF_RANGE);
	assert_int_equal(bt_is_open(tc->cal, at(tc, 1899, 12, 31, 23, 59), &open),
					 BT_OUT_OF_RANGE);
	assert_int_equal(bt_is_open(tc->cal, INT64_MAX, &open), BT_OUT_OF_RANGE);
	assert_int_equal(bt_is_open(tc->cal, INT64_MIN, &open), BT_OUT_OF_RANGE);

	/* The first and last local minutes of the range. The first is in UTC 1899. */
	assert_int_equal(bt_is_open(tc->cal, at(tc, 1900, 1, 1, 0, 0), &open), BT_OK);
	assert_int_equal(bt_is_open(tc->cal, at(tc, 2999, 12, 31, 23, 59), &open), BT_OK);
}

static void
test_add_out_of_range(void **state)
{
	test_calendar *tc = *state;
	bt_instant	result;
	bt_instant	t = at(tc, 2026, 1, 5, 9, 0);

	assert_int_equal(bt_add(tc->cal, at(tc, 2999, 12, 30, 8, 0), HOURS(100), &result),
					 BT_OUT_OF_RANGE);
	assert_int_equal(bt_add(tc->cal, at(tc, 1900, 1, 2, 8, 0), -HOURS(100), &result),
					 BT_OUT_OF_RANGE);
	assert_int_equal(bt_add(tc->cal, t, INT64_MAX, &result), BT_OUT_OF_RANGE);
	assert_int_equal(bt_add(tc->cal, t, INT64_MIN, &result), BT_OUT_OF_RANGE);
	assert_int_equal(bt_add(tc->cal, at(tc, 3000, 1, 1, 9, 0), HOURS(1), &result),
					 BT_OUT_OF_RANGE);

	/* The span check rejects a huge request before compiling years. */
	assert_true(tc->day_calls < 366 * 8);
}

static void
test_days_add_out_of_range(void **state)
{
	test_calendar *tc = *state;
	bt_instant	result;
	int64_t		usecs;
	int32_t		days;

	assert_int_equal(bt_days_add(tc->cal, at(tc, 2999, 12, 20, 8, 0), 30, &result),
					 BT_OUT_OF_RANGE);
	assert_int_equal(bt_days_add(tc->cal, at(tc, 2026, 1, 5, 9, 0), INT32_MAX, &result),
					 BT_OUT_OF_RANGE);
	assert_int_equal(bt_between(tc->cal, at(tc, 2026, 1, 5, 9, 0),
								at(tc, 3000, 1, 5, 9, 0), &usecs),
					 BT_OUT_OF_RANGE);
	assert_int_equal(bt_days_between(tc->cal, at(tc, 2026, 1, 5, 9, 0),
									 at(tc, 3000, 1, 5, 9, 0), &days),
					 BT_OUT_OF_RANGE);
	assert_int_equal(bt_days_between(tc->cal, at(tc, 1899, 1, 5, 9, 0),
									 at(tc, 2026, 1, 5, 9, 0), &days),
					 BT_OUT_OF_RANGE);
}

/* Errors: no memory */

static void
test_calendar_create_no_memory(void **state)
{
	test_calendar tc;

	(void) state;
	kediri_init(&tc);

	/* Use up the only allocation allowed, so the calendar itself fails. */
	tc.memory.max_allocations = 1;
	tc.memory.allocations = 1;
	assert_null(calendar_open(&tc));
	calendar_close(&tc);
}

static void
test_add_no_memory(void **state)
{
	test_calendar tc;
	bt_instant	t;
	bt_instant	result;

	(void) state;
	kediri_init(&tc);
	t = at(&tc, 2026, 1, 5, 8, 0);

	/* The scratch area cannot be allocated. */
	tc.memory.max_allocations = 1;
	assert_non_null(calendar_open(&tc));
	assert_int_equal(bt_add(tc.cal, t, HOURS(4), &result), BT_NO_MEMORY);

	/* The scratch area fits but the year block does not. */
	tc.memory.max_allocations = 2;
	assert_int_equal(bt_add(tc.cal, t, HOURS(4), &result), BT_NO_MEMORY);

	tc.memory.max_allocations = 0;
	assert_string_equal(text(&tc, add_ok(&tc, t, HOURS(4))), "Mon 2026-01-05 12:00");
	calendar_close(&tc);
}

/*
 * Property tests. The minute model calls the day source for each minute from
 * 1 Dec 2025 to 1 Mar 2027 (UTC) and counts the open minutes. Every boundary
 * of the test calendars falls on a whole minute, so minutes are exact.
 */
#define MODEL_FIRST_DAY_DATE 2025, 12, 1
#define MODEL_END_DAY_DATE 2027, 3, 1

typedef struct minute_model
{
	test_calendar calendar;
	bt_instant	start;
	int32_t		minute_count;
	unsigned char *open;		/* is minute m open */
	int64_t    *open_before;	/* open minutes before minute m */
	uint64_t	random_state;
} minute_model;

static bool
naive_minute_open(test_calendar *tc, bt_instant t)
{
	int64_t		local = t + tc->utc_offset;
	int32_t		day = (int32_t) floor_div(local, BT_USECS_PER_DAY);
	int64_t		usec = local - (int64_t) day * BT_USECS_PER_DAY;
	bt_local_interval intervals[BT_MAX_INTERVALS_PER_DAY];
	int			count = test_day_intervals(tc, day, intervals);

	for (int i = 0; i < count; i++)
	{
		if (intervals[i].opens <= usec && usec < intervals[i].closes)
			return true;
	}
	return false;
}

static int
setup_model(void **state, void (*init) (test_calendar *))
{
	minute_model *model = calloc(1, sizeof(minute_model));

	if (model == NULL)
		return -1;

	init(&model->calendar);
	if (calendar_open(&model->calendar) == NULL)
		return -1;

	model->start = (int64_t) bt_date_to_day(MODEL_FIRST_DAY_DATE) * BT_USECS_PER_DAY;
	model->minute_count = (bt_date_to_day(MODEL_END_DAY_DATE) -
						   bt_date_to_day(MODEL_FIRST_DAY_DATE)) * 24 * 60;
	model->open = malloc((size_t) model->minute_count);
	model->open_before = malloc(sizeof(int64_t) * (size_t) (model->minute_count + 1));
	if (model->open == NULL || model->open_before == NULL)
		return -1;

	model->open_before[0] = 0;
	for (int32_t m = 0; m < model->minute_count; m++)
	{
		model->open[m] = naive_minute_open(&model->calendar,
										   model->start + MINUTES(m));
		model->open_before[m + 1] = model->open_before[m] + model->open[m];
	}
	model->random_state = PROPERTY_SEED;

	*state = model;
	return 0;
}

static int
setup_kediri_model(void **state)
{
	return setup_model(state, kediri_init);
}

static int
setup_hospital_model(void **state)
{
	return setup_model(state, hospital_init);
}

static int
setup_three_shift_model(void **state)
{
	return setup_model(state, three_shift_init);
}

static int
teardown_model(void **state)
{
	minute_model *model = *state;

	calendar_close(&model->calendar);
	free(model->open);
	free(model->open_before);
	free(model);
	return 0;
}

static bt_instant
minute_instant(const minute_model *model, int64_t m)
{
	return model->start + MINUTES(m);
}

/* Walk minutes from m until `minutes` open minutes have passed, either way. */
static int64_t
naive_add_minutes(const minute_model *model, int64_t m, int64_t minutes)
{
	while (minutes > 0)
	{
		if (model->open[m])
			minutes--;
		m++;
	}
	while (minutes < 0)
	{
		m--;
		if (model->open[m])
			minutes++;
	}
	return m;
}

/* Return the last closing time of a local day, or false when it is closed. */
static bool
naive_day_close(test_calendar *tc, int32_t day, bt_instant *close)
{
	bt_local_interval intervals[BT_MAX_INTERVALS_PER_DAY];
	int			count = test_day_intervals(tc, day, intervals);

	if (count <= 0)
		return false;
	*close = test_local_to_instant(tc, day, intervals[count - 1].closes);
	return true;
}

static int32_t
naive_next_working_day(test_calendar *tc, int32_t day)
{
	bt_instant	close;

	do
		day++;
	while (!naive_day_close(tc, day, &close));
	return day;
}

static int32_t
naive_receipt_day(test_calendar *tc, bt_instant t)
{
	int32_t		day = (int32_t) floor_div(t + tc->utc_offset, BT_USECS_PER_DAY);
	bt_instant	close;

	if (naive_day_close(tc, day, &close) && t < close)
		return day;
	return naive_next_working_day(tc, day);
}

static bt_instant
naive_days_add(test_calendar *tc, bt_instant t, int32_t n)
{
	int32_t		day = naive_receipt_day(tc, t);
	bt_instant	close;

	for (int32_t i = 0; i < n; i++)
		day = naive_next_working_day(tc, day);
	naive_day_close(tc, day, &close);
	return close;
}

static int32_t
naive_days_between(test_calendar *tc, bt_instant a, bt_instant b)
{
	int32_t		day = naive_receipt_day(tc, a);
	int32_t		n = 0;
	bt_instant	close;

	naive_day_close(tc, day, &close);
	while (close < b)
	{
		day = naive_next_working_day(tc, day);
		naive_day_close(tc, day, &close);
		n++;
	}
	return n;
}

/* Draw a business-time span in minutes, mostly a few days and sometimes long. */
static int64_t
random_span_minutes(minute_model *model, int64_t available)
{
	int64_t		short_span = available < 3000 ? available : 3000;

	if (random_between(&model->random_state, 0, 19) == 0)
		return random_between(&model->random_state, 1, available);
	return random_between(&model->random_state, 1, short_span);
}

#define ADD_CASES 1500

static void
test_add_matches_minute_model(void **state)
{
	minute_model *model = *state;
	test_calendar *tc = &model->calendar;
	int			cases = 0;

	for (int i = 0; i < ADD_CASES * 2; i++)
	{
		int64_t		m = random_between(&model->random_state, 0, model->minute_count - 1);
		bool		forward = i % 2 == 0;
		int64_t		available;
		int64_t		minutes;
		int64_t		expected;
		bt_instant	result;

		available = forward ?
			model->open_before[model->minute_count] - model->open_before[m] :
			model->open_before[m];
		if (available == 0)
			continue;
		minutes = random_span_minutes(model, available);
		if (!forward)
			minutes = -minutes;

		expected = naive_add_minutes(model, m, minutes);
		result = add_ok(tc, minute_instant(model, m), MINUTES(minutes));
		if (result != minute_instant(model, expected))
			fail_msg("%s: add(%s, %lld min) = %s, expected %s", tc->name,
					 text(tc, minute_instant(model, m)), (long long) minutes,
					 text(tc, result), text(tc, minute_instant(model, expected)));
		cases++;
	}
	print_message("%s: %d add cases\n", tc->name, cases);
	assert_true(cases >= ADD_CASES);
}

#define BETWEEN_CASES 2000

static void
test_between_matches_minute_model(void **state)
{
	minute_model *model = *state;
	test_calendar *tc = &model->calendar;

	for (int i = 0; i < BETWEEN_CASES; i++)
	{
		int64_t		a = random_between(&model->random_state, 0, model->minute_count);
		int64_t		b = random_between(&model->random_state, 0, model->minute_count);
		int64_t		expected = MINUTES(model->open_before[b] - model->open_before[a]);
		int64_t		usecs = between_ok(tc, minute_instant(model, a),
									   minute_instant(model, b));

		if (usecs != expected)
			fail_msg("%s: between(%s, %s) = %lld, expected %lld", tc->name,
					 text(tc, minute_instant(model, a)),
					 text(tc, minute_instant(model, b)),
					 (long long) usecs, (long long) expected);
	}
	print_message("%s: %d between cases\n", tc->name, BETWEEN_CASES);
}

#define INVERSE_CASES 2000

/*
 * between(t, add(t, d)) = d for any microsecond t and d >= 0, and
 * between(add(t, -d), t) = d, over 2024-2031 where the weekly pattern alone
 * decides most years.
 */
static void
test_between_inverts_add(void **state)
{
	minute_model *model = *state;
	test_calendar *tc = &model->calendar;
	bt_instant	first = at(tc, 2024, 1, 1, 0, 0);
	bt_instant	last = at(tc, 2031, 1, 1, 0, 0);

	for (int i = 0; i < INVERSE_CASES; i++)
	{
		bt_instant	t = random_between(&model->random_state, first, last);
		int64_t		usecs = random_between(&model->random_state, 0,
										   400 * BT_USECS_PER_DAY);
		bt_instant	later;
		bt_instant	earlier;

		if (i % 4 == 0)
			usecs = random_between(&model->random_state, 0, HOURS(10));

		later = add_ok(tc, t, usecs);
		assert_true(later >= t);
		if (between_ok(tc, t, later) != usecs)
			fail_msg("%s: between(%s, add(t, %lld)) = %lld", tc->name,
					 text(tc, t), (long long) usecs,
					 (long long) between_ok(tc, t, later));

		earlier = add_ok(tc, t, -usecs);
		assert_true(earlier <= t);
		if (between_ok(tc, earlier, t) != usecs)
			fail_msg("%s: between(add(t, -%lld), %s) = %lld", tc->name,
					 (long long) usecs, text(tc, t),
					 (long long) between_ok(tc, earlier, t));
	}
	print_message("%s: %d add-then-between cases\n", tc->name, INVERSE_CASES * 2);
}

#define NEXT_OPEN_CASES 2000

static void
test_next_open_matches_minute_model(void **state)
{
	minute_model *model = *state;
	test_calendar *tc = &model->calendar;
	int			cases = 0;

	for (int i = 0; i < NEXT_OPEN_CASES; i++)
	{
		int64_t		m = random_between(&model->random_state, 0, model->minute_count - 1);
		bt_instant	t = minute_instant(model, m) +
			random_between(&model->random_state, 0, USECS_PER_MINUTE - 1);
		int64_t		open_minute = m;
		bt_instant	expected;

		assert_int_equal(is_open_ok(tc, t), model->open[m]);

		while (open_minute < model->minute_count && !model->open[open_minute])
			open_minute++;
		if (open_minute == model->minute_count)
			continue;
		expected = open_minute == m ? t : minute_instant(model, open_minute);
		if (next_open_ok(tc, t) != expected)
			fail_msg("%s: next_open(%s) = %s, expected %s", tc->name,
					 text(tc, t), text(tc, next_open_ok(tc, t)), text(tc, expected));
		cases++;
	}
	print_message("%s: %d is_open and next_open cases\n", tc->name, cases);
}

#define DAYS_CASES 1000

static void
test_days_add_matches_day_model(void **state)
{
	minute_model *model = *state;
	test_calendar *tc = &model->calendar;
	bt_instant	first = at(tc, 2025, 11, 1, 0, 0);
	bt_instant	last = at(tc, 2027, 2, 1, 0, 0);

	for (int i = 0; i < DAYS_CASES; i++)
	{
		bt_instant	t = random_between(&model->random_state, first, last);
		int32_t		n = (int32_t) random_between(&model->random_state, 0, 40);
		bt_instant	expected;
		bt_instant	result;

		/* Every tenth case lands on a last closing time or just before it. */
		if (i % 10 == 0)
			t = naive_days_add(tc, t, 0) - (i % 20 == 0 ? 0 : 1);

		expected = naive_days_add(tc, t, n);
		result = days_add_ok(tc, t, n);
		if (result != expected)
			fail_msg("%s: days_add(%s, %d) = %s, expected %s", tc->name,
					 text(tc, t), (int) n, text(tc, result), text(tc, expected));
	}
	print_message("%s: %d days_add cases\n", tc->name, DAYS_CASES);
}

static void
test_days_add_monotonic(void **state)
{
	minute_model *model = *state;
	test_calendar *tc = &model->calendar;
	bt_instant	first = at(tc, 2025, 11, 1, 0, 0);
	bt_instant	last = at(tc, 2027, 2, 1, 0, 0);

	for (int i = 0; i < DAYS_CASES; i++)
	{
		bt_instant	earlier = random_between(&model->random_state, first, last);
		bt_instant	later = earlier + random_between(&model->random_state, 0,
													 3 * BT_USECS_PER_DAY);
		int32_t		n = (int32_t) random_between(&model->random_state, 0, 12);

		if (days_add_ok(tc, earlier, n) > days_add_ok(tc, later, n))
			fail_msg("%s: days_add(%s, %d) = %s is after days_add(%s, %d) = %s",
					 tc->name, text(tc, earlier), (int) n,
					 text(tc, days_add_ok(tc, earlier, n)), text(tc, later), (int) n,
					 text(tc, days_add_ok(tc, later, n)));
	}
	print_message("%s: %d days_add order cases\n", tc->name, DAYS_CASES);
}

static void
test_days_between_inverts_days_add(void **state)
{
	minute_model *model = *state;
	test_calendar *tc = &model->calendar;
	bt_instant	first = at(tc, 2025, 11, 1, 0, 0);
	bt_instant	last = at(tc, 2027, 2, 1, 0, 0);

	for (int i = 0; i < DAYS_CASES; i++)
	{
		bt_instant	a = random_between(&model->random_state, first, last);
		int32_t		n = (int32_t) random_between(&model->random_state, 0, 400);
		bt_instant	due = days_add_ok(tc, a, n);
		bt_instant	b = random_between(&model->random_state, a - 10 * BT_USECS_PER_DAY,
									   a + 60 * BT_USECS_PER_DAY);

		assert_int_equal(days_between_ok(tc, a, due), n);
		assert_int_equal(days_between_ok(tc, a, due + 1), n + 1);

		if (days_between_ok(tc, a, b) != naive_days_between(tc, a, b))
			fail_msg("%s: days_between(%s, %s) = %d, expected %d", tc->name,
					 text(tc, a), text(tc, b), (int) days_between_ok(tc, a, b),
					 (int) naive_days_between(tc, a, b));
	}
	print_message("%s: %d days_between cases\n", tc->name, DAYS_CASES * 3);
}

#define KEDIRI_TEST(function) \
	cmocka_unit_test_setup_teardown(function, setup_kediri, teardown_calendar)
#define CLOSED_TEST(function) \
	cmocka_unit_test_setup_teardown(function, setup_closed, teardown_calendar)
#define MODEL_TEST(function, calendar) \
	{#function "_" #calendar, function, setup_##calendar##_model, teardown_model, NULL}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_to_day_anchors),
		cmocka_unit_test(test_date_to_day_leap_years),
		cmocka_unit_test(test_date_to_day_carries_over),
		cmocka_unit_test(test_day_to_date_round_trip),
		cmocka_unit_test(test_day_isodow_known_days),

		KEDIRI_TEST(test_is_open_half_open_intervals),
		KEDIRI_TEST(test_next_open_cases),
		KEDIRI_TEST(test_add_lands_on_closing_time),
		KEDIRI_TEST(test_add_past_closing_time),
		KEDIRI_TEST(test_add_from_closed_time),
		KEDIRI_TEST(test_add_zero_outside_hours),
		KEDIRI_TEST(test_add_negative_stops_at_opening),
		KEDIRI_TEST(test_add_across_new_year),
		KEDIRI_TEST(test_between_within_day),
		KEDIRI_TEST(test_between_negative_when_reversed),
		KEDIRI_TEST(test_between_weekend_and_holiday),
		KEDIRI_TEST(test_between_across_new_year),
		KEDIRI_TEST(test_days_add_worked_monday),
		KEDIRI_TEST(test_days_add_worked_nyepi),
		KEDIRI_TEST(test_days_add_worked_saturday),
		KEDIRI_TEST(test_days_add_friday_after_closing),
		KEDIRI_TEST(test_days_add_lunch_break),
		KEDIRI_TEST(test_days_add_before_last_closing),
		KEDIRI_TEST(test_days_add_at_last_closing),
		KEDIRI_TEST(test_days_add_before_opening),
		KEDIRI_TEST(test_days_add_across_new_year),
		KEDIRI_TEST(test_days_add_received_on_holiday),
		KEDIRI_TEST(test_days_add_negative_n),
		KEDIRI_TEST(test_days_between_worked_monday),
		KEDIRI_TEST(test_days_between_worked_saturday),
		KEDIRI_TEST(test_days_between_across_new_year),
		KEDIRI_TEST(test_calendar_compiles_year_once),
		cmocka_unit_test(test_between_zone_offset_change),

		CLOSED_TEST(test_add_no_service_time),
		CLOSED_TEST(test_next_open_no_service_time),
		CLOSED_TEST(test_days_add_no_service_time),
		CLOSED_TEST(test_is_open_no_service_time),
		cmocka_unit_test(test_add_no_service_after_special_days),
		cmocka_unit_test(test_add_reaches_only_special_day),
		cmocka_unit_test(test_is_open_invalid_day_kinds),
		cmocka_unit_test(test_add_invalid_day_overlapping),
		KEDIRI_TEST(test_is_open_out_of_range),
		KEDIRI_TEST(test_add_out_of_range),
		KEDIRI_TEST(test_days_add_out_of_range),
		cmocka_unit_test(test_calendar_create_no_memory),
		cmocka_unit_test(test_add_no_memory),

		MODEL_TEST(test_add_matches_minute_model, kediri),
		MODEL_TEST(test_add_matches_minute_model, hospital),
		MODEL_TEST(test_add_matches_minute_model, three_shift),
		MODEL_TEST(test_between_matches_minute_model, kediri),
		MODEL_TEST(test_between_matches_minute_model, hospital),
		MODEL_TEST(test_between_matches_minute_model, three_shift),
		MODEL_TEST(test_between_inverts_add, kediri),
		MODEL_TEST(test_between_inverts_add, hospital),
		MODEL_TEST(test_between_inverts_add, three_shift),
		MODEL_TEST(test_next_open_matches_minute_model, kediri),
		MODEL_TEST(test_next_open_matches_minute_model, hospital),
		MODEL_TEST(test_next_open_matches_minute_model, three_shift),
		MODEL_TEST(test_days_add_matches_day_model, kediri),
		MODEL_TEST(test_days_add_matches_day_model, hospital),
		MODEL_TEST(test_days_add_matches_day_model, three_shift),
		MODEL_TEST(test_days_add_monotonic, kediri),
		MODEL_TEST(test_days_add_monotonic, hospital),
		MODEL_TEST(test_days_add_monotonic, three_shift),
		MODEL_TEST(test_days_between_inverts_days_add, kediri),
		MODEL_TEST(test_days_between_inverts_days_add, hospital),
		MODEL_TEST(test_days_between_inverts_days_add, three_shift),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
