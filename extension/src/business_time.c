/*
 * business_time.c
 *	  Business-time engine: open-time and working-day arithmetic on a calendar.
 *
 * Each local year compiles on first use into per-day prefix sums, so an
 * operation costs a binary search inside a year plus one step for each year
 * it crosses.
 */
#include "business_time.h"

#define BT_YEAR_COUNT (BT_MAX_YEAR - BT_MIN_YEAR + 1)
#define BT_MAX_DAYS_PER_YEAR 366

/* Days from 1 March of year 0 of a 400-year era, for each month from March. */
static const int32_t days_before_month_from_march[12] = {
	0, 31, 61, 92, 122, 153, 184, 214, 245, 275, 306, 337
};

/* Day number of 2000-03-01, where the eras of the date math start. */
#define BT_ERA_START_DAY 60
#define BT_DAYS_PER_ERA 146097

/*
 * More days than any local year spans, even with a zone offset change. It
 * bounds a request before the walk compiles years that it would then reject.
 */
#define BT_DAYS_BOUND_PER_YEAR 367

/*
 * One compiled local year. Arrays are indexed by day of the year. The prefix
 * arrays and midnight have day_count + 1 entries, so their last entry closes
 * the year. Intervals are instants, sorted and clipped to their own day.
 */
typedef struct bt_year
{
	int			year;
	int32_t		first_day;		/* day number of 1 January */
	int32_t		day_count;		/* 365 or 366 */
	bt_instant	start;			/* local midnight of 1 January */
	bt_instant	end;			/* local midnight of the next 1 January */
	int64_t		open_total;		/* open microseconds in the year */
	int32_t		working_total;	/* working days in the year */

	bt_instant *midnight;		/* local midnight of each day */
	int64_t    *open_before;	/* open microseconds before each day */
	int32_t    *working_before;	/* working days before each day */
	bt_instant *last_close;		/* last closing time; working days only */
	int32_t    *first_interval; /* index of each day's first interval */
	bt_instant *opens;
	bt_instant *closes;
} bt_year;

/* Room for one year while it compiles, before its exact size is known. */
typedef struct bt_scratch
{
	bt_instant	midnight[BT_MAX_DAYS_PER_YEAR + 1];
	int32_t		first_interval[BT_MAX_DAYS_PER_YEAR + 1];
	bt_instant	opens[BT_MAX_DAYS_PER_YEAR * BT_MAX_INTERVALS_PER_DAY];
	bt_instant	closes[BT_MAX_DAYS_PER_YEAR * BT_MAX_INTERVALS_PER_DAY];
} bt_scratch;

struct bt_calendar
{
	bt_source	source;
	bt_scratch *scratch;		/* allocated on the first compile */
	bt_year    *last_found;		/* the year find_year() returned last */
	int64_t		first_utc_day;	/* UTC days that find_year() accepts */
	int64_t		end_utc_day;
	bt_year    *years[BT_YEAR_COUNT];
};

static int64_t
floor_div(int64_t numerator, int64_t denominator)
{
	int64_t		quotient = numerator / denominator;

	if (numerator % denominator != 0 && ((numerator < 0) != (denominator < 0)))
		quotient--;
	return quotient;
}

static int64_t
min_instant(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t
max_instant(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/*
 * Convert a Gregorian date to days since 2000-01-01. A month outside 1..12
 * or a day outside the month carries over, as mktime() does. The math counts
 * in 400-year eras that start on 1 March, so that a leap day ends its year.
 */
int32_t
bt_date_to_day(int year, int month, int mday)
{
	int64_t		months = (int64_t) year * 12 + month - 1;
	int64_t		whole_year = floor_div(months, 12);
	int			month_of_year = (int) (months - whole_year * 12) + 1;
	int64_t		march_year = whole_year - (month_of_year <= 2 ? 1 : 0);
	int64_t		era = floor_div(march_year - 2000, 400);
	int64_t		year_of_era = march_year - 2000 - era * 400;
	int			month_from_march = (month_of_year + 9) % 12;
	int64_t		day_of_year;
	int64_t		day_of_era;

	day_of_year = days_before_month_from_march[month_from_march] + mday - 1;
	day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 +
		day_of_year;

	return (int32_t) (era * BT_DAYS_PER_ERA + day_of_era + BT_ERA_START_DAY);
}

/* Convert days since 2000-01-01 to a Gregorian date. */
void
bt_day_to_date(int32_t day, int *year, int *month, int *mday)
{
	int64_t		days_since_start = (int64_t) day - BT_ERA_START_DAY;
	int64_t		era = floor_div(days_since_start, BT_DAYS_PER_ERA);
	int64_t		rest = days_since_start - era * BT_DAYS_PER_ERA;
	int64_t		century;
	int64_t		four_year_cycle;
	int64_t		year_of_cycle;
	int			month_from_march;

	/* An era's last century and a cycle's last year are one day longer. */
	century = rest / 36524;
	if (century > 3)
		century = 3;
	rest -= century * 36524;

	four_year_cycle = rest / 1461;
	rest -= four_year_cycle * 1461;

	year_of_cycle = rest / 365;
	if (year_of_cycle > 3)
		year_of_cycle = 3;
	rest -= year_of_cycle * 365;

	month_from_march = 11;
	while (days_before_month_from_march[month_from_march] > rest)
		month_from_march--;

	*mday = (int) (rest - days_before_month_from_march[month_from_march]) + 1;
	*month = month_from_march < 10 ?
		month_from_march + 3 : month_from_march - 9;
	*year = (int) (2000 + era * 400 + century * 100 + four_year_cycle * 4 +
				   year_of_cycle + (*month <= 2 ? 1 : 0));
}

/* Return the ISO day of the week, counting from 2000-01-01, a Saturday (6). */
int
bt_day_isodow(int32_t day)
{
	int64_t		offset = ((int64_t) day + 5) % 7;

	if (offset < 0)
		offset += 7;
	return (int) offset + 1;
}

/* Check one day's intervals against the bt_source.day_intervals contract. */
static bool
day_intervals_valid(const bt_local_interval *intervals, int count)
{
	if (count < 0 || count > BT_MAX_INTERVALS_PER_DAY)
		return false;

	for (int i = 0; i < count; i++)
	{
		if (intervals[i].opens < 0 ||
			intervals[i].opens >= intervals[i].closes ||
			intervals[i].closes > BT_USECS_PER_DAY)
			return false;
		if (i > 0 && intervals[i].opens < intervals[i - 1].closes)
			return false;
	}
	return true;
}

/*
 * Read one local year from the source into the scratch area. Local times
 * convert to instants that are clipped to their own day, so a zone whose
 * offset changes still yields sorted, disjoint intervals.
 */
static bt_status
read_year(const bt_source *source, bt_scratch *scratch, int32_t first_day,
		  int32_t day_count, int32_t *interval_count)
{
	int32_t		count = 0;

	for (int32_t i = 0; i <= day_count; i++)
	{
		scratch->midnight[i] = source->local_to_instant(source->arg,
														first_day + i, 0);
		if (i > 0 && scratch->midnight[i] <= scratch->midnight[i - 1])
			return BT_INVALID_DAY;
	}

	for (int32_t i = 0; i < day_count; i++)
	{
		bt_local_interval local[BT_MAX_INTERVALS_PER_DAY];
		int			local_count;
		bt_instant	not_before = scratch->midnight[i];
		bt_instant	not_after = scratch->midnight[i + 1];

		local_count = source->day_intervals(source->arg, first_day + i, local);
		if (!day_intervals_valid(local, local_count))
			return BT_INVALID_DAY;

		scratch->first_interval[i] = count;
		for (int k = 0; k < local_count; k++)
		{
			bt_instant	opens;
			bt_instant	closes;

			opens = source->local_to_instant(source->arg, first_day + i,
											 local[k].opens);
			closes = source->local_to_instant(source->arg, first_day + i,
											  local[k].closes);
			opens = max_instant(opens, not_before);
			closes = min_instant(closes, not_after);
			if (closes <= opens)
				continue;

			scratch->opens[count] = opens;
			scratch->closes[count] = closes;
			count++;
			not_before = closes;
		}
	}
	scratch->first_interval[day_count] = count;

	*interval_count = count;
	return BT_OK;
}

/* Compile one local year into a block allocated from the source. */
static bt_status
compile_year(bt_calendar *cal, int year, bt_year **result)
{
	const bt_source *source = &cal->source;
	int32_t		first_day = bt_date_to_day(year, 1, 1);
	int32_t		day_count = bt_date_to_day(year + 1, 1, 1) - first_day;
	bt_scratch *scratch;
	int32_t		interval_count;
	size_t		size;
	char	   *memory;
	bt_year    *block;
	bt_status	status;

	if (cal->scratch == NULL)
	{
		cal->scratch = source->alloc(source->arg, sizeof(bt_scratch));
		if (cal->scratch == NULL)
			return BT_NO_MEMORY;
	}
	scratch = cal->scratch;

	status = read_year(source, scratch, first_day, day_count, &interval_count);
	if (status != BT_OK)
		return status;

	/*
	 * Carve every array out of one allocation, 8-byte members first, which
	 * relies on alloc returning memory aligned as malloc() does.
	 */
	size = sizeof(bt_year) +
		sizeof(bt_instant) * (size_t) (day_count + 1) +
		sizeof(int64_t) * (size_t) (day_count + 1) +
		sizeof(bt_instant) * (size_t) day_count +
		sizeof(bt_instant) * (size_t) interval_count * 2 +
		sizeof(int32_t) * (size_t) (day_count + 1) * 2;
	memory = source->alloc(source->arg, size);
	if (memory == NULL)
		return BT_NO_MEMORY;

	block = (bt_year *) memory;
	memory += sizeof(bt_year);
	block->midnight = (bt_instant *) memory;
	memory += sizeof(bt_instant) * (size_t) (day_count + 1);
	block->open_before = (int64_t *) memory;
	memory += sizeof(int64_t) * (size_t) (day_count + 1);
	block->last_close = (bt_instant *) memory;
	memory += sizeof(bt_instant) * (size_t) day_count;
	block->opens = (bt_instant *) memory;
	memory += sizeof(bt_instant) * (size_t) interval_count;
	block->closes = (bt_instant *) memory;
	memory += sizeof(bt_instant) * (size_t) interval_count;
	block->working_before = (int32_t *) memory;
	memory += sizeof(int32_t) * (size_t) (day_count + 1);
	block->first_interval = (int32_t *) memory;

	block->year = year;
	block->first_day = first_day;
	block->day_count = day_count;
	block->start = scratch->midnight[0];
	block->end = scratch->midnight[day_count];

	for (int32_t k = 0; k < interval_count; k++)
	{
		block->opens[k] = scratch->opens[k];
		block->closes[k] = scratch->closes[k];
	}

	/* Sum open time and working days per day. */
	block->open_before[0] = 0;
	block->working_before[0] = 0;
	for (int32_t i = 0; i < day_count; i++)
	{
		int32_t		first = scratch->first_interval[i];
		int32_t		last = scratch->first_interval[i + 1];
		int64_t		open = 0;

		for (int32_t k = first; k < last; k++)
			open += block->closes[k] - block->opens[k];

		block->midnight[i] = scratch->midnight[i];
		block->first_interval[i] = first;
		block->open_before[i + 1] = block->open_before[i] + open;
		block->working_before[i + 1] = block->working_before[i] +
			(last > first ? 1 : 0);
		block->last_close[i] = last > first ? block->closes[last - 1] :
			scratch->midnight[i];
	}
	block->midnight[day_count] = scratch->midnight[day_count];
	block->first_interval[day_count] = interval_count;
	block->open_total = block->open_before[day_count];
	block->working_total = block->working_before[day_count];

	*result = block;
	return BT_OK;
}

/* Return the compiled block of a local year, compiling it on first use. */
static bt_status
get_year(bt_calendar *cal, int year, bt_year **result)
{
	bt_year   **slot = &cal->years[year - BT_MIN_YEAR];

	if (*slot == NULL)
	{
		bt_status	status = compile_year(cal, year, slot);

		if (status != BT_OK)
			return status;
	}

	*result = *slot;
	return BT_OK;
}

/*
 * Find the local year that contains t. The UTC date gives a guess that is
 * at most one year off, which the block's start and end correct.
 */
static bt_status
find_year(bt_calendar *cal, bt_instant t, bt_year **result)
{
	int64_t		utc_day;
	int			year;
	int			month;
	int			mday;
	bt_year    *block = cal->last_found;
	bt_status	status;

	/* Successive calls mostly fall into the same year. */
	if (block != NULL && t >= block->start && t < block->end)
	{
		*result = block;
		return BT_OK;
	}

	utc_day = floor_div(t, BT_USECS_PER_DAY);
	if (utc_day < cal->first_utc_day || utc_day >= cal->end_utc_day)
		return BT_OUT_OF_RANGE;

	bt_day_to_date((int32_t) utc_day, &year, &month, &mday);
	if (year < BT_MIN_YEAR)
		year = BT_MIN_YEAR;
	if (year > BT_MAX_YEAR)
		year = BT_MAX_YEAR;

	status = get_year(cal, year, &block);
	if (status != BT_OK)
		return status;

	/* Step down, then only up, so an inconsistent source cannot loop. */
	while (t < block->start)
	{
		if (block->year == BT_MIN_YEAR)
			return BT_OUT_OF_RANGE;
		status = get_year(cal, block->year - 1, &block);
		if (status != BT_OK)
			return status;
	}
	while (t >= block->end)
	{
		if (block->year == BT_MAX_YEAR)
			return BT_OUT_OF_RANGE;
		status = get_year(cal, block->year + 1, &block);
		if (status != BT_OK)
			return status;
	}
	if (t < block->start)
		return BT_INVALID_DAY;

	cal->last_found = block;
	*result = block;
	return BT_OK;
}

/*
 * Step to the year after block in a forward walk. A year without open time
 * after the last special day means the weekly pattern has none at all.
 */
static bt_status
next_year(bt_calendar *cal, bt_year **block)
{
	if ((*block)->open_total == 0 &&
		(*block)->first_day > cal->source.last_special_day)
		return BT_NO_SERVICE_TIME;
	if ((*block)->year == BT_MAX_YEAR)
		return BT_OUT_OF_RANGE;

	return get_year(cal, (*block)->year + 1, block);
}

/* Step to the year before block in a backward walk, mirroring next_year. */
static bt_status
previous_year(bt_calendar *cal, bt_year **block)
{
	int32_t		last_day = (*block)->first_day + (*block)->day_count - 1;

	if ((*block)->open_total == 0 &&
		last_day < cal->source.first_special_day)
		return BT_NO_SERVICE_TIME;
	if ((*block)->year == BT_MIN_YEAR)
		return BT_OUT_OF_RANGE;

	return get_year(cal, (*block)->year - 1, block);
}

/* Return the index of the day of block that contains t. */
static int32_t
day_of_instant(const bt_year *block, bt_instant t)
{
	int64_t		guess = (t - block->start) / BT_USECS_PER_DAY;
	int32_t		day = (int32_t) (guess < block->day_count ? guess : block->day_count - 1);

	/*
	 * Midnights are a day apart but for zone offset changes, so the guess is
	 * at most a day off. Step to the last day whose midnight is at or before
	 * t.
	 */
	while (day > 0 && block->midnight[day] > t)
		day--;
	while (day + 1 < block->day_count && block->midnight[day + 1] <= t)
		day++;
	return day;
}

/*
 * Return the first day of block whose prefix[day + 1] exceeds target, for a
 * non-decreasing prefix array with prefix[day_count] = total > target >= 0.
 * The guess assumes an even spread over the year; holidays and weekends
 * move the answer only a few days away, and the search widens its steps so
 * that a poor guess still costs O(log n).
 */
static int32_t
first_day_exceeding(const int64_t *open_before, const int32_t *working_before,
					int32_t day_count, int64_t target, int64_t total)
{
#define PREFIX(i) (open_before ? open_before[(i)] : (int64_t) working_before[(i)])
	int32_t		low;
	int32_t		high;
	int32_t		step = 1;
	int32_t		guess = (int32_t) ((double) target / (double) total * day_count);

	if (guess >= day_count)
		guess = day_count - 1;

	/* Bracket the answer in [low, high] by galloping from the guess. */
	if (PREFIX(guess + 1) > target)
	{
		high = guess;
		low = guess;
		while (low > 0 && PREFIX(low) > target)
		{
			high = low - 1;
			low = low > step ? low - step : 0;
			step *= 2;
		}
	}
	else
	{
		low = guess + 1;
		high = low;
		while (PREFIX(high + 1) <= target)
		{
			low = high + 1;
			high = high + step < day_count - 1 ? high + step : day_count - 1;
			step *= 2;
		}
	}

	/* Then search the bracket as before. */
	while (low < high)
	{
		int32_t		middle = low + (high - low) / 2;

		if (PREFIX(middle + 1) > target)
			high = middle;
		else
			low = middle + 1;
	}
	return low;
#undef PREFIX
}

/* Return the first day of block that ends with more than target open time. */
static int32_t
day_of_open_time(const bt_year *block, int64_t target)
{
	return first_day_exceeding(block->open_before, NULL, block->day_count,
							   target, block->open_total);
}

/* Return the day of block that is its working day number `rank`, from 0. */
static int32_t
day_of_working_rank(const bt_year *block, int64_t rank)
{
	return first_day_exceeding(NULL, block->working_before, block->day_count,
							   rank, block->working_total);
}

/* Return the open time from the start of block to t, which lies in block. */
static int64_t
open_time_until(const bt_year *block, bt_instant t)
{
	int32_t		day = day_of_instant(block, t);
	int64_t		open = block->open_before[day];

	for (int32_t k = block->first_interval[day];
		 k < block->first_interval[day + 1]; k++)
	{
		if (t <= block->opens[k])
			break;
		if (t < block->closes[k])
			return open + (t - block->opens[k]);
		open += block->closes[k] - block->opens[k];
	}
	return open;
}

/*
 * Return the earliest or the latest instant of block whose open time since
 * the block's start equals target. The earliest needs 0 < target <=
 * open_total and may be a closing time. The latest needs 0 <= target <
 * open_total and may be an opening time.
 */
static bt_instant
instant_of_open_time(const bt_year *block, int64_t target, bool earliest)
{
	int32_t		day = day_of_open_time(block, earliest ? target - 1 : target);
	int64_t		remaining = target - block->open_before[day];
	int32_t		first = block->first_interval[day];
	int32_t		last = block->first_interval[day + 1] - 1;

	for (int32_t k = first; k < last; k++)
	{
		int64_t		length = block->closes[k] - block->opens[k];

		if (remaining < length || (earliest && remaining == length))
			return block->opens[k] + remaining;
		remaining -= length;
	}
	return block->opens[last] + remaining;
}

/*
 * Normalize a working-day rank that may run past the end of block by walking
 * forward over whole years.
 */
static bt_status
walk_working_rank(bt_calendar *cal, bt_year **block, int64_t *rank)
{
	while (*rank >= (*block)->working_total)
	{
		bt_status	status;

		*rank -= (*block)->working_total;
		status = next_year(cal, block);
		if (status != BT_OK)
			return status;
	}
	return BT_OK;
}

/*
 * Find the receipt day of t, which is t's date if that is a working day and t
 * is before its last closing time, else the next working day. Return its
 * block and its rank among the block's working days.
 */
static bt_status
find_receipt_day(bt_calendar *cal, bt_instant t, bt_year **block,
				 int64_t *rank)
{
	int32_t		day;
	bt_status	status;

	status = find_year(cal, t, block);
	if (status != BT_OK)
		return status;

	day = day_of_instant(*block, t);
	if ((*block)->working_before[day + 1] > (*block)->working_before[day] &&
		t < (*block)->last_close[day])
		*rank = (*block)->working_before[day];
	else
		*rank = (*block)->working_before[day + 1];

	return walk_working_rank(cal, block, rank);
}

bt_calendar *
bt_calendar_create(const bt_source *source)
{
	bt_calendar *cal = source->alloc(source->arg, sizeof(bt_calendar));

	if (cal == NULL)
		return NULL;

	cal->source = *source;
	cal->scratch = NULL;
	cal->last_found = NULL;
	cal->first_utc_day = bt_date_to_day(BT_MIN_YEAR - 1, 1, 1);
	cal->end_utc_day = bt_date_to_day(BT_MAX_YEAR + 2, 1, 1);
	for (int i = 0; i < BT_YEAR_COUNT; i++)
		cal->years[i] = NULL;
	return cal;
}

bt_status
bt_is_open(bt_calendar *cal, bt_instant t, bool *open)
{
	bt_year    *block;
	int32_t		day;
	bt_status	status;

	status = find_year(cal, t, &block);
	if (status != BT_OK)
		return status;

	day = day_of_instant(block, t);
	*open = false;
	for (int32_t k = block->first_interval[day];
		 k < block->first_interval[day + 1]; k++)
	{
		if (t >= block->opens[k] && t < block->closes[k])
			*open = true;
	}
	return BT_OK;
}

bt_status
bt_next_open(bt_calendar *cal, bt_instant t, bt_instant *result)
{
	bt_year    *block;
	int32_t		day;
	int64_t		rank;
	bt_status	status;

	status = find_year(cal, t, &block);
	if (status != BT_OK)
		return status;

	/* Look for an interval later on t's own day. */
	day = day_of_instant(block, t);
	for (int32_t k = block->first_interval[day];
		 k < block->first_interval[day + 1]; k++)
	{
		if (t < block->closes[k])
		{
			*result = max_instant(t, block->opens[k]);
			return BT_OK;
		}
	}

	/* Otherwise the next working day opens with its first interval. */
	rank = block->working_before[day + 1];
	status = walk_working_rank(cal, &block, &rank);
	if (status != BT_OK)
		return status;

	day = day_of_working_rank(block, rank);
	*result = block->opens[block->first_interval[day]];
	return BT_OK;
}

/* Return t itself for usecs = 0, even outside service hours or the range. */
bt_status
bt_add(bt_calendar *cal, bt_instant t, int64_t usecs, bt_instant *result)
{
	bt_year    *block;
	int64_t		target;
	bt_status	status;

	if (usecs == 0)
	{
		*result = t;
		return BT_OK;
	}

	status = find_year(cal, t, &block);
	if (status != BT_OK)
		return status;

	/* Reject a span longer than the years left in the range. */
	if (usecs > (int64_t) (BT_MAX_YEAR - block->year + 1) *
		BT_DAYS_BOUND_PER_YEAR * BT_USECS_PER_DAY)
		return BT_OUT_OF_RANGE;
	if (usecs < -(int64_t) (block->year - BT_MIN_YEAR + 1) *
		BT_DAYS_BOUND_PER_YEAR * BT_USECS_PER_DAY)
		return BT_OUT_OF_RANGE;

	target = open_time_until(block, t) + usecs;
	if (usecs > 0)
	{
		while (target > block->open_total)
		{
			target -= block->open_total;
			status = next_year(cal, &block);
			if (status != BT_OK)
				return status;
		}
		*result = instant_of_open_time(block, target, true);
		return BT_OK;
	}

	while (target < 0)
	{
		status = previous_year(cal, &block);
		if (status != BT_OK)
			return status;
		target += block->open_total;
	}

	/* Landing on a year's end means the next opening, still before t. */
	while (target >= block->open_total)
	{
		target -= block->open_total;
		status = next_year(cal, &block);
		if (status != BT_OK)
			return status;
	}
	*result = instant_of_open_time(block, target, false);
	return BT_OK;
}

bt_status
bt_between(bt_calendar *cal, bt_instant a, bt_instant b, int64_t *usecs)
{
	bt_year    *block_a;
	bt_year    *block_b;
	int64_t		total;
	bt_status	status;

	if (b < a)
	{
		status = bt_between(cal, b, a, &total);
		if (status == BT_OK)
			*usecs = -total;
		return status;
	}

	status = find_year(cal, a, &block_a);
	if (status != BT_OK)
		return status;
	status = find_year(cal, b, &block_b);
	if (status != BT_OK)
		return status;

	/* The sum stays far below INT64_MAX, as 1100 years are 3.5e16 us. */
	total = open_time_until(block_b, b) - open_time_until(block_a, a);
	for (int year = block_a->year; year < block_b->year; year++)
	{
		bt_year    *block;

		status = get_year(cal, year, &block);
		if (status != BT_OK)
			return status;
		total += block->open_total;
	}

	*usecs = total;
	return BT_OK;
}

/* Return BT_OUT_OF_RANGE for a negative n, which has no meaning here. */
bt_status
bt_days_add(bt_calendar *cal, bt_instant t, int32_t n, bt_instant *result)
{
	bt_year    *block;
	int64_t		rank;
	bt_status	status;

	if (n < 0)
		return BT_OUT_OF_RANGE;

	status = find_receipt_day(cal, t, &block, &rank);
	if (status != BT_OK)
		return status;
	if (n > (int64_t) (BT_MAX_YEAR - block->year + 1) * BT_DAYS_BOUND_PER_YEAR)
		return BT_OUT_OF_RANGE;

	rank += n;
	status = walk_working_rank(cal, &block, &rank);
	if (status != BT_OK)
		return status;

	*result = block->last_close[day_of_working_rank(block, rank)];
	return BT_OK;
}

/* Subtract the ranks of two receipt days, adding the years in between. */
bt_status
bt_days_between(bt_calendar *cal, bt_instant a, bt_instant b, int32_t *days)
{
	bt_year    *block_a;
	bt_year    *block_b;
	int64_t		rank_a;
	int64_t		rank_b;
	bt_instant	receipt_close;
	int64_t		count;
	bt_status	status;

	status = find_receipt_day(cal, a, &block_a, &rank_a);
	if (status != BT_OK)
		return status;

	receipt_close = block_a->last_close[day_of_working_rank(block_a, rank_a)];
	if (b <= receipt_close)
	{
		*days = 0;
		return BT_OK;
	}

	/*
	 * The first working day that closes at or after b is the receipt day of
	 * b - 1, because a day that closes at midnight closes on the next date.
	 */
	status = find_receipt_day(cal, b - 1, &block_b, &rank_b);
	if (status != BT_OK)
		return status;

	count = rank_b - rank_a;
	for (int year = block_a->year; year < block_b->year; year++)
	{
		bt_year    *block;

		status = get_year(cal, year, &block);
		if (status != BT_OK)
			return status;
		count += block->working_total;
	}

	*days = (int32_t) count;
	return BT_OK;
}
