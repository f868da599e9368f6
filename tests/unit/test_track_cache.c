/*
 * test_track_cache.c
 *	  cmocka tests of the web front-end's cache of reporters' timelines:
 *	  when an entry is used, when it is dropped, and that every stored
 *	  datum is freed exactly once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "track_cache.h"

#define TOKEN_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define TOKEN_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define TOKEN_C "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define TOKEN_D "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define TOKEN_E "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

/* Data items are malloc'd ints; freeing one counts it. */
static int	freed;

static void
count_free(void *data)
{
	freed++;
	free(data);
}

static void *
datum(int value)
{
	int		   *p = malloc(sizeof(int));

	assert_non_null(p);
	*p = value;
	return p;
}

static int
value_of(void *data)
{
	assert_non_null(data);
	return *(int *) data;
}

static void
start(track_cache *cache, size_t nslots)
{
	freed = 0;
	assert_true(track_cache_init(cache, nslots, count_free));
}

static void
test_hit_returns_stored_data(void **state)
{
	track_cache cache;

	(void) state;
	start(&cache, 64);
	track_cache_put(&cache, TOKEN_A, 7, 3, 100.0, 1, datum(41));
	assert_int_equal(value_of(track_cache_get(&cache, TOKEN_A, 0, 1, 50.0)), 41);
	/* A hit leaves the entry in place. */
	assert_int_equal(value_of(track_cache_get(&cache, TOKEN_A, 3, 1, 99.9)), 41);
	assert_null(track_cache_get(&cache, TOKEN_B, 0, 1, 50.0));
	assert_int_equal(freed, 0);
	track_cache_free(&cache);
	assert_int_equal(freed, 1);
}

static void
test_expired_entry_is_dropped(void **state)
{
	track_cache cache;

	(void) state;
	start(&cache, 64);
	track_cache_put(&cache, TOKEN_A, 7, 3, 100.0, 1, datum(1));
	assert_null(track_cache_get(&cache, TOKEN_A, 0, 1, 100.0));
	assert_int_equal(freed, 1);
	/* Gone for good, even for an earlier clock. */
	assert_null(track_cache_get(&cache, TOKEN_A, 0, 1, 10.0));
	track_cache_free(&cache);
	assert_int_equal(freed, 1);
}

static void
test_other_connection_generation_is_dropped(void **state)
{
	track_cache cache;

	(void) state;
	start(&cache, 64);
	track_cache_put(&cache, TOKEN_A, 7, 3, 100.0, 1, datum(1));
	assert_null(track_cache_get(&cache, TOKEN_A, 0, 2, 50.0));
	assert_int_equal(freed, 1);
	track_cache_free(&cache);
}

static void
test_older_version_is_dropped(void **state)
{
	track_cache cache;

	(void) state;
	start(&cache, 64);
	track_cache_put(&cache, TOKEN_A, 7, 3, 100.0, 1, datum(1));
	assert_non_null(track_cache_get(&cache, TOKEN_A, 3, 1, 50.0));
	assert_null(track_cache_get(&cache, TOKEN_A, 4, 1, 50.0));
	assert_int_equal(freed, 1);
	track_cache_free(&cache);
}

static void
test_put_replaces_entry(void **state)
{
	track_cache cache;

	(void) state;
	/* With one entry every token shares it. */
	start(&cache, 1);
	track_cache_put(&cache, TOKEN_A, 7, 3, 100.0, 1, datum(1));
	track_cache_put(&cache, TOKEN_B, 8, 2, 100.0, 1, datum(2));
	assert_int_equal(freed, 1);
	assert_null(track_cache_get(&cache, TOKEN_A, 0, 1, 50.0));
	assert_int_equal(value_of(track_cache_get(&cache, TOKEN_B, 0, 1, 50.0)), 2);
	/* The same token again replaces its own entry. */
	track_cache_put(&cache, TOKEN_B, 8, 3, 100.0, 1, datum(3));
	assert_int_equal(freed, 2);
	assert_int_equal(value_of(track_cache_get(&cache, TOKEN_B, 3, 1, 50.0)), 3);
	track_cache_free(&cache);
	assert_int_equal(freed, 3);
}

static void
test_full_set_replaces_least_recently_used(void **state)
{
	track_cache cache;

	(void) state;
	/* Four entries make one set, which every token shares. */
	start(&cache, TRACK_CACHE_WAYS);
	assert_int_equal(TRACK_CACHE_WAYS, 4);
	track_cache_put(&cache, TOKEN_A, 1, 1, 100.0, 1, datum(1));
	track_cache_put(&cache, TOKEN_B, 2, 1, 100.0, 1, datum(2));
	track_cache_put(&cache, TOKEN_C, 3, 1, 100.0, 1, datum(3));
	track_cache_put(&cache, TOKEN_D, 4, 1, 100.0, 1, datum(4));
	assert_int_equal(freed, 0);
	/* Reading A makes B the least recently used. */
	assert_int_equal(value_of(track_cache_get(&cache, TOKEN_A, 0, 1, 0.0)), 1);
	track_cache_put(&cache, TOKEN_E, 5, 1, 100.0, 1, datum(5));
	assert_int_equal(freed, 1);
	assert_null(track_cache_get(&cache, TOKEN_B, 0, 1, 0.0));
	assert_int_equal(value_of(track_cache_get(&cache, TOKEN_A, 0, 1, 0.0)), 1);
	assert_int_equal(value_of(track_cache_get(&cache, TOKEN_C, 0, 1, 0.0)), 3);
	assert_int_equal(value_of(track_cache_get(&cache, TOKEN_D, 0, 1, 0.0)), 4);
	assert_int_equal(value_of(track_cache_get(&cache, TOKEN_E, 0, 1, 0.0)), 5);
	/* A freed entry is used before any other is replaced. */
	track_cache_forget_token(&cache, TOKEN_D);
	assert_int_equal(freed, 2);
	track_cache_put(&cache, TOKEN_B, 2, 1, 100.0, 1, datum(6));
	assert_int_equal(freed, 2);
	assert_non_null(track_cache_get(&cache, TOKEN_A, 0, 1, 0.0));
	assert_non_null(track_cache_get(&cache, TOKEN_B, 0, 1, 0.0));
	assert_non_null(track_cache_get(&cache, TOKEN_C, 0, 1, 0.0));
	assert_non_null(track_cache_get(&cache, TOKEN_E, 0, 1, 0.0));
	track_cache_free(&cache);
	assert_int_equal(freed, 6);
}

static void
test_forget_complaint_keeps_others(void **state)
{
	track_cache cache;

	(void) state;
	start(&cache, 4096);
	track_cache_put(&cache, TOKEN_A, 7, 3, 100.0, 1, datum(1));
	track_cache_put(&cache, TOKEN_B, 7, 3, 100.0, 1, datum(2));
	track_cache_put(&cache, TOKEN_C, 8, 5, 100.0, 1, datum(3));
	/* The three tokens must all be stored for this test to mean anything. */
	assert_non_null(track_cache_get(&cache, TOKEN_A, 0, 1, 0.0));
	assert_non_null(track_cache_get(&cache, TOKEN_B, 0, 1, 0.0));
	assert_non_null(track_cache_get(&cache, TOKEN_C, 0, 1, 0.0));

	track_cache_forget_complaint(&cache, 7);
	assert_int_equal(freed, 2);
	assert_null(track_cache_get(&cache, TOKEN_A, 0, 1, 0.0));
	assert_null(track_cache_get(&cache, TOKEN_B, 0, 1, 0.0));
	assert_int_equal(value_of(track_cache_get(&cache, TOKEN_C, 0, 1, 0.0)), 3);
	track_cache_free(&cache);
	assert_int_equal(freed, 3);
}

static void
test_forget_token(void **state)
{
	track_cache cache;

	(void) state;
	start(&cache, 4096);
	track_cache_put(&cache, TOKEN_A, 7, 3, 100.0, 1, datum(1));
	track_cache_put(&cache, TOKEN_B, 7, 3, 100.0, 1, datum(2));
	track_cache_forget_token(&cache, TOKEN_A);
	track_cache_forget_token(&cache, TOKEN_C);	/* not stored: nothing happens */
	assert_int_equal(freed, 1);
	assert_null(track_cache_get(&cache, TOKEN_A, 0, 1, 0.0));
	assert_non_null(track_cache_get(&cache, TOKEN_B, 0, 1, 0.0));
	track_cache_free(&cache);
	assert_int_equal(freed, 2);
}

typedef struct notify_case
{
	const char *payload;
	int			freed;			/* of TOKEN_A (complaint 7), TOKEN_B (7), TOKEN_C (8) */
	bool		c_kept;
} notify_case;

static void
test_notify_payloads(void **state)
{
	static const notify_case cases[] = {
		{"7", 2, true},
		{"8", 1, false},
		{"9", 0, true},
		{"all", 3, false},
		{"", 3, false},
		{"7x", 3, false},
		{"-7", 3, false},
		{"99999999999999999999999", 3, false},
		{NULL, 3, false},
	};

	(void) state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		track_cache cache;

		start(&cache, 4096);
		track_cache_put(&cache, TOKEN_A, 7, 3, 100.0, 1, datum(1));
		track_cache_put(&cache, TOKEN_B, 7, 3, 100.0, 1, datum(2));
		track_cache_put(&cache, TOKEN_C, 8, 5, 100.0, 1, datum(3));
		track_cache_notify(&cache, cases[i].payload);
		if (freed != cases[i].freed)
			fail_msg("payload %s: %d entries freed, expected %d",
					 cases[i].payload ? cases[i].payload : "(null)", freed, cases[i].freed);
		assert_int_equal(track_cache_get(&cache, TOKEN_C, 0, 1, 0.0) != NULL, cases[i].c_kept);
		track_cache_free(&cache);
		assert_int_equal(freed, 3);
	}
}

static void
test_cache_off_frees_at_once(void **state)
{
	track_cache cache;

	(void) state;
	start(&cache, 0);
	track_cache_put(&cache, TOKEN_A, 7, 3, 100.0, 1, datum(1));
	assert_int_equal(freed, 1);
	assert_null(track_cache_get(&cache, TOKEN_A, 0, 1, 0.0));
	track_cache_notify(&cache, "all");
	track_cache_forget_token(&cache, TOKEN_A);
	track_cache_free(&cache);
	assert_int_equal(freed, 1);
}

static void
test_malformed_tokens(void **state)
{
	track_cache cache;

	(void) state;
	start(&cache, 64);
	track_cache_put(&cache, "abc", 7, 3, 100.0, 1, datum(1));
	assert_int_equal(freed, 1);
	track_cache_put(&cache, TOKEN_A "a", 7, 3, 100.0, 1, datum(2));
	assert_int_equal(freed, 2);
	track_cache_put(&cache, NULL, 7, 3, 100.0, 1, datum(3));
	assert_int_equal(freed, 3);
	track_cache_put(&cache, TOKEN_A, 7, 3, 100.0, 1, datum(4));
	assert_null(track_cache_get(&cache, "abc", 0, 1, 0.0));
	assert_null(track_cache_get(&cache, NULL, 0, 1, 0.0));
	/* A longer string that starts with a stored token is another token. */
	assert_null(track_cache_get(&cache, TOKEN_A "a", 0, 1, 0.0));
	assert_non_null(track_cache_get(&cache, TOKEN_A, 0, 1, 0.0));
	track_cache_free(&cache);
	assert_int_equal(freed, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_returns_stored_data),
		cmocka_unit_test(test_expired_entry_is_dropped),
		cmocka_unit_test(test_other_connection_generation_is_dropped),
		cmocka_unit_test(test_older_version_is_dropped),
		cmocka_unit_test(test_put_replaces_entry),
		cmocka_unit_test(test_full_set_replaces_least_recently_used),
		cmocka_unit_test(test_forget_complaint_keeps_others),
		cmocka_unit_test(test_forget_token),
		cmocka_unit_test(test_notify_payloads),
		cmocka_unit_test(test_cache_off_frees_at_once),
		cmocka_unit_test(test_malformed_tokens),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
