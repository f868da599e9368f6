/*
 * workflow.c
 *	  Workflow engine: loads, validates and looks up the transition table.
 *
 * Pure C without PostgreSQL headers. It allocates no memory and keeps no
 * global state.
 */
#include "workflow.h"

/* Check the table sizes, the initial state and the row array. */
static bool
sizes_valid(int nstates, int nactions, int nroles, int initial_state,
			const wf_transition *rows, int nrows)
{
	if (nstates < 1 || nstates > WF_MAX_STATES)
		return false;
	if (nactions < 0 || nactions > WF_MAX_ACTIONS)
		return false;
	if (nroles < 0 || nroles > WF_MAX_ROLES)
		return false;
	if (initial_state < 0 || initial_state >= nstates)
		return false;
	if (nrows < 0 || (nrows > 0 && rows == NULL))
		return false;
	return true;
}

/* Return the index of the first row with a number out of range, or -1. */
static int
find_bad_index(const wf_table *table)
{
	for (int i = 0; i < table->nrows; i++)
	{
		const wf_transition *row = &table->rows[i];

		if (row->action < 0 || row->action >= table->nactions)
			return i;
		if (row->from_state < 0 || row->from_state >= table->nstates)
			return i;
		if (row->to_state < 0 || row->to_state >= table->nstates)
			return i;
		if (row->role < 0 || row->role >= table->nroles)
			return i;
	}
	return -1;
}

/*
 * Fill row_of from the rows. Returns the index of the first row that repeats
 * an earlier (from_state, action) pair, or -1.
 *
 * Every row stored before the first repeat occupies its own cell, so its
 * index is below WF_MAX_STATES * WF_MAX_ACTIONS and fits in a short.
 */
static int
index_rows(wf_table *table)
{
	for (int s = 0; s < WF_MAX_STATES; s++)
		for (int a = 0; a < WF_MAX_ACTIONS; a++)
			table->row_of[s][a] = -1;

	for (int i = 0; i < table->nrows; i++)
	{
		const wf_transition *row = &table->rows[i];
		short	   *cell = &table->row_of[row->from_state][row->action];

		if (*cell >= 0)
			return i;
		*cell = (short) i;
	}
	return -1;
}

/* Return the lowest state not reachable from the initial state, or -1. */
static int
find_unreachable(const wf_table *table)
{
	bool		reached[WF_MAX_STATES] = {false};
	int			queue[WF_MAX_STATES];
	int			head = 0;
	int			tail = 0;

	reached[table->initial_state] = true;
	queue[tail++] = table->initial_state;

	/* Search breadth-first. reached[] lets each state enter the queue once. */
	while (head < tail)
	{
		int			state = queue[head++];

		for (int a = 0; a < table->nactions; a++)
		{
			int			r = table->row_of[state][a];
			int			next;

			if (r < 0)
				continue;
			next = table->rows[r].to_state;
			if (!reached[next])
			{
				reached[next] = true;
				queue[tail++] = next;
			}
		}
	}

	for (int s = 0; s < table->nstates; s++)
		if (table->in_use[s] && !reached[s])
			return s;
	return -1;
}

/* Return the lowest non-final state without an outgoing row, or -1. */
static int
find_dead_end(const wf_table *table)
{
	for (int s = 0; s < table->nstates; s++)
	{
		bool		has_exit = false;

		if (table->is_final[s] || !table->in_use[s])
			continue;
		for (int a = 0; a < table->nactions && !has_exit; a++)
			has_exit = table->row_of[s][a] >= 0;
		if (!has_exit)
			return s;
	}
	return -1;
}

/* Return the lowest state from which no final state is reachable, or -1. */
static int
find_no_final(const wf_table *table)
{
	bool		reaches_final[WF_MAX_STATES];
	bool		changed = true;

	for (int s = 0; s < table->nstates; s++)
		reaches_final[s] = table->is_final[s];

	/*
	 * Propagate backwards along the rows until nothing changes. Each pass
	 * marks at least one new state, so there are at most nstates passes.
	 */
	while (changed)
	{
		changed = false;
		for (int i = 0; i < table->nrows; i++)
		{
			const wf_transition *row = &table->rows[i];

			if (!reaches_final[row->from_state] && reaches_final[row->to_state])
			{
				reaches_final[row->from_state] = true;
				changed = true;
			}
		}
	}

	for (int s = 0; s < table->nstates; s++)
		if (table->in_use[s] && !reaches_final[s])
			return s;
	return -1;
}

/* Run the row checks in the documented order and stop at the first failure. */
static wf_status
validate_rows(wf_table *table, int *bad)
{
	if ((*bad = find_bad_index(table)) >= 0)
		return WF_BAD_INDEX;
	if ((*bad = index_rows(table)) >= 0)
		return WF_DUPLICATE;

	for (int s = 0; s < table->nstates; s++)
		table->in_use[s] = (s == table->initial_state);
	for (int i = 0; i < table->nrows; i++)
	{
		table->in_use[table->rows[i].from_state] = true;
		table->in_use[table->rows[i].to_state] = true;
	}

	if ((*bad = find_unreachable(table)) >= 0)
		return WF_UNREACHABLE;
	if ((*bad = find_dead_end(table)) >= 0)
		return WF_DEAD_END;
	if ((*bad = find_no_final(table)) >= 0)
		return WF_NO_FINAL;
	return WF_OK;
}

/*
 * Load and validate rows into table; see workflow.h. A NULL is_final marks
 * no state as final, and NULL rows with nrows > 0 is WF_BAD_INDEX. On
 * failure the table is left empty, so wf_check on it returns WF_BAD_INDEX,
 * wf_allowed_actions 0 and wf_action_between -1.
 */
wf_status
wf_table_load(wf_table *table, int nstates, int nactions, int nroles,
			  int initial_state, const bool *is_final,
			  const wf_transition *rows, int nrows, int *bad_row)
{
	wf_status	status;
	int			bad = -1;

	table->nstates = nstates;
	table->nactions = nactions;
	table->nroles = nroles;
	table->initial_state = initial_state;
	table->nrows = nrows;
	table->rows = rows;

	if (!sizes_valid(nstates, nactions, nroles, initial_state, rows, nrows))
		status = WF_BAD_INDEX;
	else
	{
		for (int s = 0; s < WF_MAX_STATES; s++)
			table->is_final[s] = s < nstates && is_final != NULL && is_final[s];
		status = validate_rows(table, &bad);
	}

	if (status != WF_OK)
	{
		table->nstates = 0;
		table->nactions = 0;
		table->nroles = 0;
		table->nrows = 0;
		table->rows = NULL;
	}
	if (bad_row != NULL)
		*bad_row = bad;
	return status;
}

/*
 * Find the row that lets `role` perform `action` in `state`; see workflow.h.
 * A role number out of range only fails to match, so it gets WF_WRONG_ROLE
 * or WF_NOT_ALLOWED. row may be NULL when only the status is needed.
 */
wf_status
wf_check(const wf_table *table, int state, int action, int role,
		 const wf_transition **row)
{
	int			r;

	if (state < 0 || state >= table->nstates)
		return WF_BAD_INDEX;
	if (action < 0 || action >= table->nactions)
		return WF_BAD_INDEX;

	r = table->row_of[state][action];
	if (r < 0)
		return WF_NOT_ALLOWED;
	if (table->rows[r].role != role)
		return WF_WRONG_ROLE;

	if (row != NULL)
		*row = &table->rows[r];
	return WF_OK;
}

/*
 * Store the actions allowed in `state` for `role` (every role when role < 0)
 * in table order; see workflow.h. A state out of range has none.
 */
int
wf_allowed_actions(const wf_table *table, int state, int role, int *actions)
{
	bool		seen[WF_MAX_ACTIONS] = {false};
	int			count = 0;

	if (state < 0 || state >= table->nstates)
		return 0;

	/*
	 * A loaded table has no repeated (state, action) pair, but the struct is
	 * public, so skip repeats in a table filled in by hand.
	 */
	for (int i = 0; i < table->nrows; i++)
	{
		const wf_transition *row = &table->rows[i];

		if (row->from_state != state)
			continue;
		if (role >= 0 && row->role != role)
			continue;
		if (seen[row->action])
			continue;

		seen[row->action] = true;
		actions[count++] = row->action;
	}
	return count;
}

/* Return the action of the only row from_state -> to_state, or -1 if none or several. */
int
wf_action_between(const wf_table *table, int from_state, int to_state)
{
	int			action = -1;
	int			matches = 0;

	if (from_state < 0 || from_state >= table->nstates)
		return -1;
	if (to_state < 0 || to_state >= table->nstates)
		return -1;

	for (int i = 0; i < table->nrows; i++)
	{
		const wf_transition *row = &table->rows[i];

		if (row->from_state == from_state && row->to_state == to_state)
		{
			action = row->action;
			matches++;
		}
	}
	return matches == 1 ? action : -1;
}
