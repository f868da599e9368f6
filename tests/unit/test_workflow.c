/*
 * test_workflow.c
 *	  cmocka tests of the workflow engine, using the regency's complaint
 *	  procedure as the fixture.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "workflow.h"

enum
{
	S_SUBMITTED,
	S_AT_KOMINFO,
	S_RETURNED_TO_PEMKAB,
	S_AT_OPD,
	S_RETURNED_TO_KOMINFO,
	S_IN_FOLLOW_UP,
	S_FOLLOW_UP_REPORTED,
	S_AWAITING_VERIFICATION,
	S_FOLLOW_UP_RETURNED,
	S_ANSWERED,
	S_CLOSED,
	S_REJECTED,
	N_STATES
};

enum
{
	A_DISPOSE_TO_KOMINFO,
	A_CLOSE_OUT_OF_SCOPE,
	A_FORWARD_TO_OPD,
	A_RETURN_TO_PEMKAB,
	A_ACCEPT,
	A_RETURN_TO_KOMINFO,
	A_REPORT_FOLLOW_UP,
	A_CONFIRM_FOLLOW_UP,
	A_REQUEST_REWORK,
	A_FORWARD_TO_REPORTER,
	A_RETURN_FOLLOW_UP,
	A_ACKNOWLEDGE,
	N_ACTIONS
};

enum
{
	R_REPORTER,
	R_ADMIN_PEMKAB,
	R_ADMIN_KOMINFO,
	R_ADMIN_OPD,
	N_ROLES
};

static const char *const state_names[N_STATES] = {
	"submitted", "at_kominfo", "returned_to_pemkab", "at_opd",
	"returned_to_kominfo", "in_follow_up", "follow_up_reported",
	"awaiting_verification", "follow_up_returned", "answered", "closed",
	"rejected"
};

static const char *const action_names[N_ACTIONS] = {
	"dispose_to_kominfo", "close_out_of_scope", "forward_to_opd",
	"return_to_pemkab", "accept", "return_to_kominfo", "report_follow_up",
	"confirm_follow_up", "request_rework", "forward_to_reporter",
	"return_follow_up", "acknowledge"
};

static const char *const role_names[N_ROLES] = {
	"reporter", "admin_pemkab", "admin_kominfo", "admin_opd"
};

#define ROW(action, role, from, to, note, opd) \
	{(action), (from), (to), (role), (note), (opd)}

/*
 * The complaint procedure, one row per from-state, sorted by action. Within
 * each state the rows therefore come in action order.
 */
static const wf_transition real_rows[] = {
	ROW(A_DISPOSE_TO_KOMINFO, R_ADMIN_PEMKAB, S_SUBMITTED, S_AT_KOMINFO, false, false),
	ROW(A_DISPOSE_TO_KOMINFO, R_ADMIN_PEMKAB, S_RETURNED_TO_PEMKAB, S_AT_KOMINFO, false, false),
	ROW(A_CLOSE_OUT_OF_SCOPE, R_ADMIN_PEMKAB, S_SUBMITTED, S_REJECTED, true, false),
	ROW(A_CLOSE_OUT_OF_SCOPE, R_ADMIN_PEMKAB, S_RETURNED_TO_PEMKAB, S_REJECTED, true, false),
	ROW(A_FORWARD_TO_OPD, R_ADMIN_KOMINFO, S_AT_KOMINFO, S_AT_OPD, false, true),
	ROW(A_FORWARD_TO_OPD, R_ADMIN_KOMINFO, S_RETURNED_TO_KOMINFO, S_AT_OPD, false, true),
	ROW(A_RETURN_TO_PEMKAB, R_ADMIN_KOMINFO, S_AT_KOMINFO, S_RETURNED_TO_PEMKAB, true, false),
	ROW(A_RETURN_TO_PEMKAB, R_ADMIN_KOMINFO, S_RETURNED_TO_KOMINFO, S_RETURNED_TO_PEMKAB, true, false),
	ROW(A_ACCEPT, R_ADMIN_OPD, S_AT_OPD, S_IN_FOLLOW_UP, false, false),
	ROW(A_RETURN_TO_KOMINFO, R_ADMIN_OPD, S_AT_OPD, S_RETURNED_TO_KOMINFO, true, false),
	ROW(A_REPORT_FOLLOW_UP, R_ADMIN_OPD, S_IN_FOLLOW_UP, S_FOLLOW_UP_REPORTED, true, false),
	ROW(A_CONFIRM_FOLLOW_UP, R_ADMIN_KOMINFO, S_FOLLOW_UP_REPORTED, S_AWAITING_VERIFICATION, false, false),
	ROW(A_CONFIRM_FOLLOW_UP, R_ADMIN_KOMINFO, S_FOLLOW_UP_RETURNED, S_AWAITING_VERIFICATION, false, false),
	ROW(A_REQUEST_REWORK, R_ADMIN_KOMINFO, S_FOLLOW_UP_REPORTED, S_IN_FOLLOW_UP, true, false),
	ROW(A_REQUEST_REWORK, R_ADMIN_KOMINFO, S_FOLLOW_UP_RETURNED, S_IN_FOLLOW_UP, true, false),
	ROW(A_FORWARD_TO_REPORTER, R_ADMIN_PEMKAB, S_AWAITING_VERIFICATION, S_ANSWERED, false, false),
	ROW(A_RETURN_FOLLOW_UP, R_ADMIN_PEMKAB, S_AWAITING_VERIFICATION, S_FOLLOW_UP_RETURNED, true, false),
	ROW(A_ACKNOWLEDGE, R_REPORTER, S_ANSWERED, S_CLOSED, false, false),
};

#define N_REAL_ROWS ((int) (sizeof(real_rows) / sizeof(real_rows[0])))

/* Room for the real rows plus the rows a test appends. */
#define MAX_TEST_ROWS (N_REAL_ROWS + 8)

/* Final states of the procedure, sized for tests that add states. */
static const bool real_final[WF_MAX_STATES] = {
	[S_CLOSED] = true,
	[S_REJECTED] = true,
};

/*
 * Expected outcome of wf_check for every state and action, written by hand
 * from the procedure. '.' means no row, otherwise the letter names the only
 * role allowed: R reporter, P admin_pemkab, K admin_kominfo, O admin_opd.
 *
 * Columns, in action order:
 *   dispose_to_kominfo, close_out_of_scope, forward_to_opd, return_to_pemkab,
 *   accept, return_to_kominfo, report_follow_up, confirm_follow_up,
 *   request_rework, forward_to_reporter, return_follow_up, acknowledge.
 */
static const char *const expected_matrix[N_STATES] = {
	[S_SUBMITTED] = "PP..........",
	[S_AT_KOMINFO] = "..KK........",
	[S_RETURNED_TO_PEMKAB] = "PP..........",
	[S_AT_OPD] = "....OO......",
	[S_RETURNED_TO_KOMINFO] = "..KK........",
	[S_IN_FOLLOW_UP] = "......O.....",
	[S_FOLLOW_UP_REPORTED] = ".......KK...",
	[S_AWAITING_VERIFICATION] = ".........PP.",
	[S_FOLLOW_UP_RETURNED] = ".......KK...",
	[S_ANSWERED] = "...........R",
	[S_CLOSED] = "............",
	[S_REJECTED] = "............",
};

static const char role_letters[N_ROLES] = {
	[R_REPORTER] = 'R',
	[R_ADMIN_PEMKAB] = 'P',
	[R_ADMIN_KOMINFO] = 'K',
	[R_ADMIN_OPD] = 'O',
};

/* Every action of the procedure leads to one target state. */
static const int expected_target[N_ACTIONS] = {
	[A_DISPOSE_TO_KOMINFO] = S_AT_KOMINFO,
	[A_CLOSE_OUT_OF_SCOPE] = S_REJECTED,
	[A_FORWARD_TO_OPD] = S_AT_OPD,
	[A_RETURN_TO_PEMKAB] = S_RETURNED_TO_PEMKAB,
	[A_ACCEPT] = S_IN_FOLLOW_UP,
	[A_RETURN_TO_KOMINFO] = S_RETURNED_TO_KOMINFO,
	[A_REPORT_FOLLOW_UP] = S_FOLLOW_UP_REPORTED,
	[A_CONFIRM_FOLLOW_UP] = S_AWAITING_VERIFICATION,
	[A_REQUEST_REWORK] = S_IN_FOLLOW_UP,
	[A_FORWARD_TO_REPORTER] = S_ANSWERED,
	[A_RETURN_FOLLOW_UP] = S_FOLLOW_UP_RETURNED,
	[A_ACKNOWLEDGE] = S_CLOSED,
};

static const bool expected_note[N_ACTIONS] = {
	[A_CLOSE_OUT_OF_SCOPE] = true,
	[A_RETURN_TO_PEMKAB] = true,
	[A_RETURN_TO_KOMINFO] = true,
	[A_REPORT_FOLLOW_UP] = true,
	[A_REQUEST_REWORK] = true,
	[A_RETURN_FOLLOW_UP] = true,
};

static const bool expected_opd[N_ACTIONS] = {
	[A_FORWARD_TO_OPD] = true,
};

/* Fail with a message when cond is false. */
#define assert_msg(cond, ...) \
	do { \
		if (!(cond)) \
			fail_msg(__VA_ARGS__); \
	} while (0)

/* A row pointer that wf_check must leave alone when it fails. */
static const wf_transition untouched_row;

/* Load the real procedure into a heap table for the test. */
static int
setup_real_table(void **state)
{
	wf_table   *table = malloc(sizeof(wf_table));
	int			bad_row = 0;

	if (table == NULL)
		return -1;
	if (wf_table_load(table, N_STATES, N_ACTIONS, N_ROLES, S_SUBMITTED,
					  real_final, real_rows, N_REAL_ROWS, &bad_row) != WF_OK)
	{
		free(table);
		return -1;
	}
	*state = table;
	return 0;
}

static int
teardown_real_table(void **state)
{
	free(*state);
	return 0;
}

/* Copy the real rows into dst without the rows of two actions (-1 for none). */
static int
copy_real_rows(wf_transition *dst, int skip_action1, int skip_action2)
{
	int			n = 0;

	for (int i = 0; i < N_REAL_ROWS; i++)
	{
		if (real_rows[i].action == skip_action1 ||
			real_rows[i].action == skip_action2)
			continue;
		dst[n++] = real_rows[i];
	}
	return n;
}

/* Load rows into table with the real procedure's sizes and final states. */
static wf_status
load_real_sized(wf_table *table, const wf_transition *rows, int nrows,
				int *bad_row)
{
	return wf_table_load(table, N_STATES, N_ACTIONS, N_ROLES, S_SUBMITTED,
						 real_final, rows, nrows, bad_row);
}

/*
 * wf_table_load
 */

static void
test_wf_table_load_real_procedure(void **state)
{
	wf_table	table;
	int			bad_row = 99;

	(void) state;

	assert_int_equal(load_real_sized(&table, real_rows, N_REAL_ROWS, &bad_row),
					 WF_OK);
	assert_int_equal(bad_row, -1);
	assert_int_equal(table.nstates, N_STATES);
	assert_int_equal(table.nactions, N_ACTIONS);
	assert_int_equal(table.nroles, N_ROLES);
	assert_int_equal(table.initial_state, S_SUBMITTED);
	assert_int_equal(table.nrows, N_REAL_ROWS);
	assert_ptr_equal(table.rows, real_rows);
	assert_true(table.is_final[S_CLOSED]);
	assert_true(table.is_final[S_REJECTED]);
	assert_false(table.is_final[S_ANSWERED]);
	assert_false(table.is_final[S_SUBMITTED]);
}

static void
test_wf_table_load_row_index(void **state)
{
	wf_table	table;

	(void) state;

	assert_int_equal(load_real_sized(&table, real_rows, N_REAL_ROWS, NULL),
					 WF_OK);

	/* row_of contains the row index of each pair and -1 elsewhere. */
	for (int i = 0; i < N_REAL_ROWS; i++)
		assert_msg(table.row_of[real_rows[i].from_state][real_rows[i].action] == i,
				   "row_of of row %d is %d", i,
				   table.row_of[real_rows[i].from_state][real_rows[i].action]);
	assert_int_equal(table.row_of[S_SUBMITTED][A_ACCEPT], -1);
	assert_int_equal(table.row_of[S_CLOSED][A_ACKNOWLEDGE], -1);
	assert_int_equal(table.row_of[WF_MAX_STATES - 1][WF_MAX_ACTIONS - 1], -1);
}

static void
test_wf_table_load_bad_row_null(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n = copy_real_rows(rows, -1, -1);

	(void) state;

	rows[n++] = real_rows[0];
	assert_int_equal(load_real_sized(&table, real_rows, N_REAL_ROWS, NULL),
					 WF_OK);
	assert_int_equal(load_real_sized(&table, rows, n, NULL), WF_DUPLICATE);
}

static void
test_wf_table_load_final_with_outgoing(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n = copy_real_rows(rows, -1, -1);
	int			reopen = N_ACTIONS;
	int			bad_row = 99;
	const wf_transition *row = &untouched_row;

	(void) state;

	/* A final state may still have a way out, here a reopen to submitted. */
	rows[n++] = (wf_transition) ROW(reopen, R_ADMIN_PEMKAB, S_CLOSED, S_SUBMITTED, true, false);
	assert_int_equal(wf_table_load(&table, N_STATES, N_ACTIONS + 1, N_ROLES,
								   S_SUBMITTED, real_final, rows, n, &bad_row),
					 WF_OK);
	assert_int_equal(bad_row, -1);
	assert_int_equal(wf_check(&table, S_CLOSED, reopen, R_ADMIN_PEMKAB, &row),
					 WF_OK);
	assert_int_equal(row->to_state, S_SUBMITTED);
}

static void
test_wf_table_load_duplicate_appended(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n = copy_real_rows(rows, -1, -1);
	int			bad_row = 99;

	(void) state;

	/* The pair of row 0 again, with another target. The later row is reported. */
	rows[n++] = (wf_transition) ROW(A_DISPOSE_TO_KOMINFO, R_ADMIN_PEMKAB, S_SUBMITTED, S_REJECTED, false, false);
	assert_int_equal(load_real_sized(&table, rows, n, &bad_row), WF_DUPLICATE);
	assert_int_equal(bad_row, N_REAL_ROWS);
}

static void
test_wf_table_load_duplicate_other_role(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n = copy_real_rows(rows, -1, -1);
	int			bad_row = 99;

	(void) state;

	/* A pair is a duplicate even when the second row has another role. */
	rows[n++] = (wf_transition) ROW(A_ACKNOWLEDGE, R_ADMIN_PEMKAB, S_ANSWERED, S_CLOSED, false, false);
	assert_int_equal(load_real_sized(&table, rows, n, &bad_row), WF_DUPLICATE);
	assert_int_equal(bad_row, N_REAL_ROWS);
}

static void
test_wf_table_load_duplicate_inside(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n = copy_real_rows(rows, -1, -1);
	int			bad_row = 99;

	(void) state;

	/* Row 7 becomes return_to_pemkab from at_kominfo, the pair of row 6. */
	assert_int_equal(rows[6].action, A_RETURN_TO_PEMKAB);
	assert_int_equal(rows[6].from_state, S_AT_KOMINFO);
	rows[7].from_state = S_AT_KOMINFO;
	assert_int_equal(load_real_sized(&table, rows, n, &bad_row), WF_DUPLICATE);
	assert_int_equal(bad_row, 7);
}

static void
test_wf_table_load_unreachable_state(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n;
	int			bad_row = 99;

	(void) state;

	/* Without return_to_kominfo nothing leads into returned_to_kominfo. */
	n = copy_real_rows(rows, A_RETURN_TO_KOMINFO, -1);
	assert_int_equal(n, N_REAL_ROWS - 1);
	assert_int_equal(load_real_sized(&table, rows, n, &bad_row), WF_UNREACHABLE);
	assert_int_equal(bad_row, S_RETURNED_TO_KOMINFO);

	/* Without return_follow_up nothing leads into follow_up_returned. */
	n = copy_real_rows(rows, A_RETURN_FOLLOW_UP, -1);
	assert_int_equal(load_real_sized(&table, rows, n, &bad_row), WF_UNREACHABLE);
	assert_int_equal(bad_row, S_FOLLOW_UP_RETURNED);
}

static void
test_wf_table_load_unreachable_lowest(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n = copy_real_rows(rows, A_RETURN_FOLLOW_UP, A_RETURN_TO_KOMINFO);
	int			bad_row = 99;

	(void) state;

	assert_int_equal(load_real_sized(&table, rows, n, &bad_row), WF_UNREACHABLE);
	assert_int_equal(bad_row, S_RETURNED_TO_KOMINFO);
}

static void
test_wf_table_load_unreachable_other_initial(void **state)
{
	wf_table	table;
	int			bad_row = 99;

	(void) state;

	/* Starting at at_opd, submitted and returned_to_pemkab stay out of reach. */
	assert_int_equal(wf_table_load(&table, N_STATES, N_ACTIONS, N_ROLES, S_AT_OPD,
								   real_final, real_rows, N_REAL_ROWS, &bad_row),
					 WF_UNREACHABLE);
	assert_int_equal(bad_row, S_SUBMITTED);
}

static void
test_wf_table_load_unreachable_before_dead_end(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n = copy_real_rows(rows, A_RETURN_TO_KOMINFO, A_ACKNOWLEDGE);
	int			bad_row = 99;

	(void) state;

	/*
	 * returned_to_kominfo keeps its exits but nothing leads in, and answered
	 * lost its exit: the unreachable state is reported first.
	 */
	assert_int_equal(load_real_sized(&table, rows, n, &bad_row), WF_UNREACHABLE);
	assert_int_equal(bad_row, S_RETURNED_TO_KOMINFO);
}

static void
test_wf_table_load_unused_state_ignored(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n = copy_real_rows(rows, A_ACKNOWLEDGE, -1);
	int			bad_row = 99;

	(void) state;

	/*
	 * Without acknowledge no row names closed, so closed is not part of the
	 * procedure and only answered, now without an exit, is reported.
	 */
	assert_int_equal(load_real_sized(&table, rows, n, &bad_row), WF_DEAD_END);
	assert_int_equal(bad_row, S_ANSWERED);
	assert_false(table.in_use[S_CLOSED]);

	/* A state added to the table before any row names it loads fine. */
	n = copy_real_rows(rows, -1, -1);
	assert_int_equal(wf_table_load(&table, N_STATES + 1, N_ACTIONS, N_ROLES, S_SUBMITTED,
								   real_final, rows, n, &bad_row), WF_OK);
	assert_false(table.in_use[N_STATES]);
	assert_true(table.in_use[S_SUBMITTED]);
}

static void
test_wf_table_load_dead_end(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n = copy_real_rows(rows, -1, -1);
	int			on_hold = N_STATES;
	int			hold = N_ACTIONS;
	int			bad_row = 99;

	(void) state;

	/* on_hold is reachable and not final, but nothing leads out of it. */
	rows[n++] = (wf_transition) ROW(hold, R_ADMIN_OPD, S_AT_OPD, on_hold, true, false);
	assert_int_equal(wf_table_load(&table, N_STATES + 1, N_ACTIONS + 1, N_ROLES,
								   S_SUBMITTED, real_final, rows, n, &bad_row),
					 WF_DEAD_END);
	assert_int_equal(bad_row, on_hold);
}

static void
test_wf_table_load_dead_end_without_finals(void **state)
{
	wf_table	table;
	bool		no_final[N_STATES] = {false};
	int			bad_row = 99;

	(void) state;

	/* Without final marks, closed and rejected are dead ends. The lower is reported. */
	assert_int_equal(wf_table_load(&table, N_STATES, N_ACTIONS, N_ROLES,
								   S_SUBMITTED, no_final, real_rows, N_REAL_ROWS,
								   &bad_row),
					 WF_DEAD_END);
	assert_int_equal(bad_row, S_CLOSED);

	/* A NULL is_final marks no state as final. */
	assert_int_equal(wf_table_load(&table, N_STATES, N_ACTIONS, N_ROLES,
								   S_SUBMITTED, NULL, real_rows, N_REAL_ROWS,
								   &bad_row),
					 WF_DEAD_END);
	assert_int_equal(bad_row, S_CLOSED);
}

static void
test_wf_table_load_no_final_cycle(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n = copy_real_rows(rows, -1, -1);
	int			loop_a = N_STATES;
	int			loop_b = N_STATES + 1;
	int			escalate = N_ACTIONS;
	int			bounce = N_ACTIONS + 1;
	int			bad_row = 99;

	(void) state;

	/* at_opd leads into loop_a <-> loop_b, a cycle with no exit. */
	rows[n++] = (wf_transition) ROW(escalate, R_ADMIN_OPD, S_AT_OPD, loop_a, false, false);
	rows[n++] = (wf_transition) ROW(bounce, R_ADMIN_KOMINFO, loop_a, loop_b, false, false);
	rows[n++] = (wf_transition) ROW(bounce, R_ADMIN_KOMINFO, loop_b, loop_a, false, false);
	assert_int_equal(wf_table_load(&table, N_STATES + 2, N_ACTIONS + 2, N_ROLES,
								   S_SUBMITTED, real_final, rows, n, &bad_row),
					 WF_NO_FINAL);
	assert_int_equal(bad_row, loop_a);
}

static void
test_wf_table_load_no_final_at_all(void **state)
{
	wf_table	table;
	const wf_transition rows[] = {
		ROW(0, 0, 0, 1, false, false),
		ROW(0, 0, 1, 0, false, false),
	};
	const bool	no_final[2] = {false, false};
	int			bad_row = 99;

	(void) state;

	assert_int_equal(wf_table_load(&table, 2, 1, 1, 0, no_final, rows, 2, &bad_row),
					 WF_NO_FINAL);
	assert_int_equal(bad_row, 0);
}

/* One row field set out of range, and the row index the load must report. */
typedef struct bad_index_case
{
	const char *name;
	int			action;
	int			from_state;
	int			to_state;
	int			role;
} bad_index_case;

static void
test_wf_table_load_bad_index_row(void **state)
{
	const bad_index_case cases[] = {
		{"action -1", -1, S_ANSWERED, S_CLOSED, R_REPORTER},
		{"action N_ACTIONS", N_ACTIONS, S_ANSWERED, S_CLOSED, R_REPORTER},
		{"from_state -1", A_ACKNOWLEDGE, -1, S_CLOSED, R_REPORTER},
		{"from_state N_STATES", A_ACKNOWLEDGE, N_STATES, S_CLOSED, R_REPORTER},
		{"to_state -1", A_ACKNOWLEDGE, S_CLOSED, -1, R_REPORTER},
		{"to_state N_STATES", A_ACKNOWLEDGE, S_CLOSED, N_STATES, R_REPORTER},
		{"role -1", A_ACKNOWLEDGE, S_CLOSED, S_CLOSED, -1},
		{"role N_ROLES", A_ACKNOWLEDGE, S_CLOSED, S_CLOSED, N_ROLES},
	};

	(void) state;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
	{
		wf_table	table;
		wf_transition rows[MAX_TEST_ROWS];
		int			n = copy_real_rows(rows, -1, -1);
		int			bad_row = 99;
		wf_status	status;

		rows[n++] = (wf_transition) ROW(cases[c].action, cases[c].role,
										cases[c].from_state, cases[c].to_state,
										false, false);
		status = load_real_sized(&table, rows, n, &bad_row);
		assert_msg(status == WF_BAD_INDEX, "%s: status %d", cases[c].name, status);
		assert_msg(bad_row == N_REAL_ROWS, "%s: bad_row %d", cases[c].name, bad_row);
	}
}

static void
test_wf_table_load_bad_index_before_duplicate(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n = copy_real_rows(rows, -1, -1);
	int			bad_row = 99;

	(void) state;

	/*
	 * Row 1 repeats row 0 and row 3 has a bad role. Indices are checked first,
	 * so row 3 is reported.
	 */
	rows[1] = rows[0];
	rows[3].role = N_ROLES;
	assert_int_equal(load_real_sized(&table, rows, n, &bad_row), WF_BAD_INDEX);
	assert_int_equal(bad_row, 3);
}

/* Table sizes that wf_table_load rejects before looking at any row. */
typedef struct bad_size_case
{
	const char *name;
	int			nstates;
	int			nactions;
	int			nroles;
	int			initial_state;
	int			nrows;
} bad_size_case;

static void
test_wf_table_load_bad_sizes(void **state)
{
	const bad_size_case cases[] = {
		{"no states", 0, N_ACTIONS, N_ROLES, 0, N_REAL_ROWS},
		{"negative nstates", -1, N_ACTIONS, N_ROLES, 0, N_REAL_ROWS},
		{"too many actions", N_STATES, WF_MAX_ACTIONS + 1, N_ROLES, 0, N_REAL_ROWS},
		{"negative nactions", N_STATES, -1, N_ROLES, 0, N_REAL_ROWS},
		{"too many roles", N_STATES, N_ACTIONS, WF_MAX_ROLES + 1, 0, N_REAL_ROWS},
		{"negative nroles", N_STATES, N_ACTIONS, -1, 0, N_REAL_ROWS},
		{"initial state -1", N_STATES, N_ACTIONS, N_ROLES, -1, N_REAL_ROWS},
		{"initial state N_STATES", N_STATES, N_ACTIONS, N_ROLES, N_STATES, N_REAL_ROWS},
		{"negative nrows", N_STATES, N_ACTIONS, N_ROLES, 0, -1},
	};

	(void) state;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
	{
		wf_table	table;
		int			bad_row = 99;
		wf_status	status;

		status = wf_table_load(&table, cases[c].nstates, cases[c].nactions,
							   cases[c].nroles, cases[c].initial_state,
							   real_final, real_rows, cases[c].nrows, &bad_row);
		assert_msg(status == WF_BAD_INDEX, "%s: status %d", cases[c].name, status);
		assert_msg(bad_row == -1, "%s: bad_row %d", cases[c].name, bad_row);
	}
}

static void
test_wf_table_load_null_rows(void **state)
{
	wf_table	table;
	const bool	final[1] = {true};
	int			bad_row = 99;

	(void) state;

	assert_int_equal(wf_table_load(&table, 1, 1, 1, 0, final, NULL, 1, &bad_row),
					 WF_BAD_INDEX);
	assert_int_equal(bad_row, -1);

	/* A single final state needs no rows at all. */
	assert_int_equal(wf_table_load(&table, 1, 0, 0, 0, final, NULL, 0, &bad_row),
					 WF_OK);
	assert_int_equal(bad_row, -1);
}

/* Fill rows with the chain 0 -> 1 -> ... -> nstates - 1 and return the row count. */
static int
make_chain(wf_transition *rows, int nstates, int action, int role)
{
	for (int s = 0; s + 1 < nstates; s++)
		rows[s] = (wf_transition) ROW(action, role, s, s + 1, false, false);
	return nstates - 1;
}

static void
test_wf_table_load_too_many_states(void **state)
{
	wf_table	table;
	wf_transition rows[WF_MAX_STATES + 1];
	bool		final[WF_MAX_STATES + 1] = {false};
	int			n;
	int			bad_row = 99;

	(void) state;

	n = make_chain(rows, WF_MAX_STATES + 1, 0, 0);
	final[WF_MAX_STATES] = true;
	assert_int_equal(wf_table_load(&table, WF_MAX_STATES + 1, 1, 1, 0, final,
								   rows, n, &bad_row),
					 WF_BAD_INDEX);
	assert_int_equal(bad_row, -1);
}

static void
test_wf_table_load_max_sizes(void **state)
{
	wf_table	table;
	wf_transition rows[WF_MAX_STATES];
	bool		final[WF_MAX_STATES] = {false};
	int			n;
	int			bad_row = 99;
	const wf_transition *row = &untouched_row;

	(void) state;

	/* The limits themselves are allowed: the last action, role and state. */
	n = make_chain(rows, WF_MAX_STATES, WF_MAX_ACTIONS - 1, WF_MAX_ROLES - 1);
	final[WF_MAX_STATES - 1] = true;
	assert_int_equal(wf_table_load(&table, WF_MAX_STATES, WF_MAX_ACTIONS,
								   WF_MAX_ROLES, 0, final, rows, n, &bad_row),
					 WF_OK);
	assert_int_equal(bad_row, -1);
	assert_int_equal(wf_check(&table, WF_MAX_STATES - 2, WF_MAX_ACTIONS - 1,
							  WF_MAX_ROLES - 1, &row),
					 WF_OK);
	assert_int_equal(row->to_state, WF_MAX_STATES - 1);
}

static void
test_wf_table_load_failure_empties_table(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n = copy_real_rows(rows, A_RETURN_TO_KOMINFO, -1);
	int			actions[WF_MAX_ACTIONS];
	const wf_transition *row = &untouched_row;

	(void) state;

	assert_int_equal(load_real_sized(&table, rows, n, NULL), WF_UNREACHABLE);
	assert_int_equal(wf_check(&table, S_SUBMITTED, A_DISPOSE_TO_KOMINFO,
							  R_ADMIN_PEMKAB, &row),
					 WF_BAD_INDEX);
	assert_ptr_equal(row, &untouched_row);
	assert_int_equal(wf_allowed_actions(&table, S_SUBMITTED, -1, actions), 0);
	assert_int_equal(wf_action_between(&table, S_SUBMITTED, S_AT_KOMINFO), -1);
}

/*
 * wf_check
 */

static void
test_wf_check_matrix(void **state)
{
	const wf_table *table = *state;

	for (int s = 0; s < N_STATES; s++)
	{
		assert_msg(strlen(expected_matrix[s]) == N_ACTIONS,
				   "matrix line of %s has %zu columns", state_names[s],
				   strlen(expected_matrix[s]));

		for (int a = 0; a < N_ACTIONS; a++)
		{
			char		owner = expected_matrix[s][a];

			for (int r = 0; r < N_ROLES; r++)
			{
				const wf_transition *row = &untouched_row;
				wf_status	status = wf_check(table, s, a, r, &row);
				char		label[100];

				snprintf(label, sizeof(label), "%s/%s/%s",
						 state_names[s], action_names[a], role_names[r]);

				if (owner == '.')
				{
					assert_msg(status == WF_NOT_ALLOWED,
							   "%s: status %d, expected WF_NOT_ALLOWED", label, status);
					assert_msg(row == &untouched_row, "%s: row set on failure", label);
				}
				else if (owner != role_letters[r])
				{
					assert_msg(status == WF_WRONG_ROLE,
							   "%s: status %d, expected WF_WRONG_ROLE", label, status);
					assert_msg(row == &untouched_row, "%s: row set on failure", label);
				}
				else
				{
					assert_msg(status == WF_OK,
							   "%s: status %d, expected WF_OK", label, status);
					assert_msg(row->from_state == s,
							   "%s: from_state %d", label, row->from_state);
					assert_msg(row->action == a,
							   "%s: action %d", label, row->action);
					assert_msg(row->role == r,
							   "%s: role %d", label, row->role);
					assert_msg(row->to_state == expected_target[a],
							   "%s: to_state %d", label, row->to_state);
					assert_msg(row->requires_note == expected_note[a],
							   "%s: requires_note %d", label, row->requires_note);
					assert_msg(row->requires_opd == expected_opd[a],
							   "%s: requires_opd %d", label, row->requires_opd);
				}
			}
		}
	}
}

static void
test_wf_check_wrong_role(void **state)
{
	const wf_table *table = *state;
	const wf_transition *row = &untouched_row;

	/* The reporter cannot dispose a complaint, nor an OPD forward one. */
	assert_int_equal(wf_check(table, S_SUBMITTED, A_DISPOSE_TO_KOMINFO,
							  R_REPORTER, &row),
					 WF_WRONG_ROLE);
	assert_int_equal(wf_check(table, S_AT_KOMINFO, A_FORWARD_TO_OPD,
							  R_ADMIN_OPD, &row),
					 WF_WRONG_ROLE);
	assert_int_equal(wf_check(table, S_ANSWERED, A_ACKNOWLEDGE,
							  R_ADMIN_PEMKAB, &row),
					 WF_WRONG_ROLE);
	assert_ptr_equal(row, &untouched_row);

	/* A role number out of range matches no row. */
	assert_int_equal(wf_check(table, S_ANSWERED, A_ACKNOWLEDGE, -1, &row),
					 WF_WRONG_ROLE);
	assert_int_equal(wf_check(table, S_ANSWERED, A_ACKNOWLEDGE, N_ROLES, &row),
					 WF_WRONG_ROLE);
	assert_int_equal(wf_check(table, S_CLOSED, A_ACKNOWLEDGE, -1, &row),
					 WF_NOT_ALLOWED);
	assert_ptr_equal(row, &untouched_row);
}

static void
test_wf_check_bad_index(void **state)
{
	const wf_table *table = *state;
	const wf_transition *row = &untouched_row;

	assert_int_equal(wf_check(table, -1, A_ACCEPT, R_ADMIN_OPD, &row),
					 WF_BAD_INDEX);
	assert_int_equal(wf_check(table, N_STATES, A_ACCEPT, R_ADMIN_OPD, &row),
					 WF_BAD_INDEX);
	assert_int_equal(wf_check(table, S_AT_OPD, -1, R_ADMIN_OPD, &row),
					 WF_BAD_INDEX);
	assert_int_equal(wf_check(table, S_AT_OPD, N_ACTIONS, R_ADMIN_OPD, &row),
					 WF_BAD_INDEX);
	assert_int_equal(wf_check(table, WF_MAX_STATES, WF_MAX_ACTIONS, R_ADMIN_OPD, &row),
					 WF_BAD_INDEX);
	assert_ptr_equal(row, &untouched_row);
}

static void
test_wf_check_null_row(void **state)
{
	const wf_table *table = *state;

	assert_int_equal(wf_check(table, S_AT_OPD, A_ACCEPT, R_ADMIN_OPD, NULL),
					 WF_OK);
	assert_int_equal(wf_check(table, S_AT_OPD, A_ACCEPT, R_REPORTER, NULL),
					 WF_WRONG_ROLE);
}

/*
 * wf_allowed_actions
 */

/* Expected actions of one state for every role, in table order. */
typedef struct allowed_case
{
	int			state;
	int			count;
	int			actions[2];
} allowed_case;

static void
test_wf_allowed_actions_every_role(void **state)
{
	const wf_table *table = *state;
	const allowed_case cases[N_STATES] = {
		{S_SUBMITTED, 2, {A_DISPOSE_TO_KOMINFO, A_CLOSE_OUT_OF_SCOPE}},
		{S_AT_KOMINFO, 2, {A_FORWARD_TO_OPD, A_RETURN_TO_PEMKAB}},
		{S_RETURNED_TO_PEMKAB, 2, {A_DISPOSE_TO_KOMINFO, A_CLOSE_OUT_OF_SCOPE}},
		{S_AT_OPD, 2, {A_ACCEPT, A_RETURN_TO_KOMINFO}},
		{S_RETURNED_TO_KOMINFO, 2, {A_FORWARD_TO_OPD, A_RETURN_TO_PEMKAB}},
		{S_IN_FOLLOW_UP, 1, {A_REPORT_FOLLOW_UP}},
		{S_FOLLOW_UP_REPORTED, 2, {A_CONFIRM_FOLLOW_UP, A_REQUEST_REWORK}},
		{S_AWAITING_VERIFICATION, 2, {A_FORWARD_TO_REPORTER, A_RETURN_FOLLOW_UP}},
		{S_FOLLOW_UP_RETURNED, 2, {A_CONFIRM_FOLLOW_UP, A_REQUEST_REWORK}},
		{S_ANSWERED, 1, {A_ACKNOWLEDGE}},
		{S_CLOSED, 0, {0}},
		{S_REJECTED, 0, {0}},
	};

	for (int c = 0; c < N_STATES; c++)
	{
		int			actions[WF_MAX_ACTIONS];
		int			count = wf_allowed_actions(table, cases[c].state, -1, actions);
		const char *state_name = state_names[cases[c].state];

		assert_msg(count == cases[c].count, "%s: %d actions, expected %d",
				   state_name, count, cases[c].count);
		for (int i = 0; i < count; i++)
			assert_msg(actions[i] == cases[c].actions[i],
					   "%s: action %d is %d, expected %d", state_name, i, actions[i],
					   cases[c].actions[i]);
	}
}

static void
test_wf_allowed_actions_per_role(void **state)
{
	const wf_table *table = *state;

	/* Within a state the real rows are in action order, as the matrix columns. */
	for (int s = 0; s < N_STATES; s++)
	{
		for (int r = 0; r < N_ROLES; r++)
		{
			int			actions[WF_MAX_ACTIONS];
			int			expected[N_ACTIONS];
			int			nexpected = 0;
			int			count = wf_allowed_actions(table, s, r, actions);

			for (int a = 0; a < N_ACTIONS; a++)
				if (expected_matrix[s][a] == role_letters[r])
					expected[nexpected++] = a;

			assert_msg(count == nexpected, "%s/%s: %d actions, expected %d",
					   state_names[s], role_names[r], count, nexpected);
			for (int i = 0; i < count; i++)
				assert_msg(actions[i] == expected[i],
						   "%s/%s: action %d is %d, expected %d",
						   state_names[s], role_names[r], i, actions[i], expected[i]);
		}
	}
}

static void
test_wf_allowed_actions_examples(void **state)
{
	const wf_table *table = *state;
	int			actions[WF_MAX_ACTIONS];

	assert_int_equal(wf_allowed_actions(table, S_AWAITING_VERIFICATION,
										R_ADMIN_PEMKAB, actions), 2);
	assert_int_equal(actions[0], A_FORWARD_TO_REPORTER);
	assert_int_equal(actions[1], A_RETURN_FOLLOW_UP);

	assert_int_equal(wf_allowed_actions(table, S_AWAITING_VERIFICATION,
										R_ADMIN_KOMINFO, actions), 0);

	assert_int_equal(wf_allowed_actions(table, S_ANSWERED, R_REPORTER, actions), 1);
	assert_int_equal(actions[0], A_ACKNOWLEDGE);

	assert_int_equal(wf_allowed_actions(table, S_ANSWERED, R_ADMIN_PEMKAB, actions), 0);
	assert_int_equal(wf_allowed_actions(table, S_ANSWERED, N_ROLES, actions), 0);
}

static void
test_wf_allowed_actions_bad_state(void **state)
{
	const wf_table *table = *state;
	int			actions[WF_MAX_ACTIONS];

	assert_int_equal(wf_allowed_actions(table, -1, -1, actions), 0);
	assert_int_equal(wf_allowed_actions(table, N_STATES, -1, actions), 0);
}

static void
test_wf_allowed_actions_row_order(void **state)
{
	wf_table	table;
	const wf_transition rows[] = {
		ROW(2, 1, 0, 1, false, false),
		ROW(0, 0, 0, 1, false, false),
		ROW(1, 1, 0, 1, false, false),
	};
	const bool	final[2] = {false, true};
	int			actions[WF_MAX_ACTIONS];

	(void) state;

	assert_int_equal(wf_table_load(&table, 2, 3, 2, 0, final, rows, 3, NULL),
					 WF_OK);

	/* The actions come in row order, not action order. */
	assert_int_equal(wf_allowed_actions(&table, 0, -1, actions), 3);
	assert_int_equal(actions[0], 2);
	assert_int_equal(actions[1], 0);
	assert_int_equal(actions[2], 1);

	assert_int_equal(wf_allowed_actions(&table, 0, 1, actions), 2);
	assert_int_equal(actions[0], 2);
	assert_int_equal(actions[1], 1);
}

static void
test_wf_allowed_actions_deduplicated(void **state)
{
	wf_table	table;
	const wf_transition valid_rows[] = {
		ROW(0, 0, 0, 1, false, false),
		ROW(1, 0, 0, 1, false, false),
	};
	const wf_transition repeated_rows[] = {
		ROW(1, 0, 0, 1, false, false),
		ROW(0, 0, 0, 1, false, false),
		ROW(1, 0, 0, 1, true, false),
	};
	const bool	final[2] = {false, true};
	int			actions[WF_MAX_ACTIONS];

	(void) state;

	/* wf_table_load rejects repeats, so swap in the rows of a hand-made table. */
	assert_int_equal(wf_table_load(&table, 2, 2, 1, 0, final, valid_rows, 2, NULL),
					 WF_OK);
	table.rows = repeated_rows;
	table.nrows = 3;

	assert_int_equal(wf_allowed_actions(&table, 0, -1, actions), 2);
	assert_int_equal(actions[0], 1);
	assert_int_equal(actions[1], 0);
}

/*
 * wf_action_between
 */

static void
test_wf_action_between_unique(void **state)
{
	const wf_table *table = *state;

	assert_int_equal(wf_action_between(table, S_SUBMITTED, S_AT_KOMINFO),
					 A_DISPOSE_TO_KOMINFO);
	assert_int_equal(wf_action_between(table, S_RETURNED_TO_PEMKAB, S_AT_KOMINFO),
					 A_DISPOSE_TO_KOMINFO);
	assert_int_equal(wf_action_between(table, S_SUBMITTED, S_REJECTED),
					 A_CLOSE_OUT_OF_SCOPE);
	assert_int_equal(wf_action_between(table, S_RETURNED_TO_KOMINFO, S_AT_OPD),
					 A_FORWARD_TO_OPD);
	assert_int_equal(wf_action_between(table, S_AT_OPD, S_IN_FOLLOW_UP),
					 A_ACCEPT);
	assert_int_equal(wf_action_between(table, S_FOLLOW_UP_RETURNED, S_IN_FOLLOW_UP),
					 A_REQUEST_REWORK);
	assert_int_equal(wf_action_between(table, S_AWAITING_VERIFICATION, S_ANSWERED),
					 A_FORWARD_TO_REPORTER);
	assert_int_equal(wf_action_between(table, S_ANSWERED, S_CLOSED),
					 A_ACKNOWLEDGE);
}

static void
test_wf_action_between_none(void **state)
{
	const wf_table *table = *state;

	assert_int_equal(wf_action_between(table, S_SUBMITTED, S_CLOSED), -1);
	assert_int_equal(wf_action_between(table, S_AT_KOMINFO, S_SUBMITTED), -1);
	assert_int_equal(wf_action_between(table, S_IN_FOLLOW_UP, S_IN_FOLLOW_UP), -1);
	assert_int_equal(wf_action_between(table, S_CLOSED, S_SUBMITTED), -1);
	assert_int_equal(wf_action_between(table, -1, S_AT_KOMINFO), -1);
	assert_int_equal(wf_action_between(table, S_SUBMITTED, N_STATES), -1);
}

static void
test_wf_action_between_ambiguous(void **state)
{
	wf_table	table;
	wf_transition rows[MAX_TEST_ROWS];
	int			n = copy_real_rows(rows, -1, -1);
	int			fast_track = N_ACTIONS;

	(void) state;

	/* A second action from submitted to at_kominfo makes that step ambiguous. */
	rows[n++] = (wf_transition) ROW(fast_track, R_ADMIN_KOMINFO, S_SUBMITTED, S_AT_KOMINFO, false, false);
	assert_int_equal(wf_table_load(&table, N_STATES, N_ACTIONS + 1, N_ROLES,
								   S_SUBMITTED, real_final, rows, n, NULL),
					 WF_OK);

	assert_int_equal(wf_action_between(&table, S_SUBMITTED, S_AT_KOMINFO), -1);
	assert_int_equal(wf_action_between(&table, S_RETURNED_TO_PEMKAB, S_AT_KOMINFO),
					 A_DISPOSE_TO_KOMINFO);
	assert_int_equal(wf_action_between(&table, S_SUBMITTED, S_REJECTED),
					 A_CLOSE_OUT_OF_SCOPE);
}

#define REAL_TABLE_TEST(f) \
	cmocka_unit_test_setup_teardown(f, setup_real_table, teardown_real_table)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wf_table_load_real_procedure),
		cmocka_unit_test(test_wf_table_load_row_index),
		cmocka_unit_test(test_wf_table_load_bad_row_null),
		cmocka_unit_test(test_wf_table_load_final_with_outgoing),
		cmocka_unit_test(test_wf_table_load_duplicate_appended),
		cmocka_unit_test(test_wf_table_load_duplicate_other_role),
		cmocka_unit_test(test_wf_table_load_duplicate_inside),
		cmocka_unit_test(test_wf_table_load_unreachable_state),
		cmocka_unit_test(test_wf_table_load_unreachable_lowest),
		cmocka_unit_test(test_wf_table_load_unreachable_other_initial),
		cmocka_unit_test(test_wf_table_load_unreachable_before_dead_end),
		cmocka_unit_test(test_wf_table_load_unused_state_ignored),
		cmocka_unit_test(test_wf_table_load_dead_end),
		cmocka_unit_test(test_wf_table_load_dead_end_without_finals),
		cmocka_unit_test(test_wf_table_load_no_final_cycle),
		cmocka_unit_test(test_wf_table_load_no_final_at_all),
		cmocka_unit_test(test_wf_table_load_bad_index_row),
		cmocka_unit_test(test_wf_table_load_bad_index_before_duplicate),
		cmocka_unit_test(test_wf_table_load_bad_sizes),
		cmocka_unit_test(test_wf_table_load_null_rows),
		cmocka_unit_test(test_wf_table_load_too_many_states),
		cmocka_unit_test(test_wf_table_load_max_sizes),
		cmocka_unit_test(test_wf_table_load_failure_empties_table),
		REAL_TABLE_TEST(test_wf_check_matrix),
		REAL_TABLE_TEST(test_wf_check_wrong_role),
		REAL_TABLE_TEST(test_wf_check_bad_index),
		REAL_TABLE_TEST(test_wf_check_null_row),
		REAL_TABLE_TEST(test_wf_allowed_actions_every_role),
		REAL_TABLE_TEST(test_wf_allowed_actions_per_role),
		REAL_TABLE_TEST(test_wf_allowed_actions_examples),
		REAL_TABLE_TEST(test_wf_allowed_actions_bad_state),
		cmocka_unit_test(test_wf_allowed_actions_row_order),
		cmocka_unit_test(test_wf_allowed_actions_deduplicated),
		REAL_TABLE_TEST(test_wf_action_between_unique),
		REAL_TABLE_TEST(test_wf_action_between_none),
		cmocka_unit_test(test_wf_action_between_ambiguous),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
