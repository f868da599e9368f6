/*
 * workflow.h
 *	  Workflow engine: the complaint procedure as a validated transition table.
 *
 * Pure C without PostgreSQL headers. States, actions and roles are small
 * integers that the caller assigns (the SQL glue numbers the names it reads
 * from the configuration tables). The engine checks the table once when it
 * is loaded and then answers look-ups in constant time.
 */
#ifndef WORKFLOW_H
#define WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>

/* Limits of one table; the glue rejects configuration beyond them. */
#define WF_MAX_STATES	64
#define WF_MAX_ACTIONS	64
#define WF_MAX_ROLES	16

typedef enum wf_status
{
	WF_OK = 0,
	WF_BAD_INDEX,				/* a state, action or role number out of range */
	WF_DUPLICATE,				/* two rows with the same from-state and action */
	WF_UNREACHABLE,				/* a state cannot be reached from the initial state */
	WF_DEAD_END,				/* a state that is not final has no way out */
	WF_NO_FINAL,				/* no final state reachable from some state */
	WF_NOT_ALLOWED,				/* no row for this from-state and action */
	WF_WRONG_ROLE				/* the row exists but belongs to another role */
} wf_status;

/* One row of the transition table. */
typedef struct wf_transition
{
	int			action;
	int			from_state;
	int			to_state;
	int			role;
	bool		requires_note;	/* a reason or result text is mandatory */
	bool		requires_opd;	/* a target agency is mandatory */
} wf_transition;

typedef struct wf_table
{
	int			nstates;
	int			nactions;
	int			nroles;
	int			initial_state;
	bool		is_final[WF_MAX_STATES];
	bool		in_use[WF_MAX_STATES];	/* initial, or named by some row */
	int			nrows;
	const wf_transition *rows;	/* owned by the caller */
	short		row_of[WF_MAX_STATES][WF_MAX_ACTIONS];	/* row index or -1 */
} wf_table;

/*
 * Load and validate rows into table. is_final[s] marks the final states.
 * A state that no row names (and that is not the initial state) is not part
 * of the procedure yet, so the reachability checks leave it out.
 * On failure *bad_row (when not NULL) is the offending row index, or for
 * WF_UNREACHABLE, WF_DEAD_END and WF_NO_FINAL the offending state number.
 */
extern wf_status wf_table_load(wf_table *table, int nstates, int nactions,
							   int nroles, int initial_state,
							   const bool *is_final,
							   const wf_transition *rows, int nrows,
							   int *bad_row);

/*
 * Find the row that lets `role` perform `action` in `state`. Returns
 * WF_NOT_ALLOWED when the state has no such action and WF_WRONG_ROLE when
 * another role owns it; *row is set only on WF_OK.
 */
extern wf_status wf_check(const wf_table *table, int state, int action,
						  int role, const wf_transition **row);

/*
 * Store into actions (room for WF_MAX_ACTIONS) the actions allowed in
 * `state`, in table order, for `role`, or for every role when role < 0.
 * Returns their count.
 */
extern int	wf_allowed_actions(const wf_table *table, int state, int role,
							   int *actions);

/* The only action leading from `from_state` to `to_state`, -1 if none or several. */
extern int	wf_action_between(const wf_table *table, int from_state, int to_state);

#endif							/* WORKFLOW_H */
