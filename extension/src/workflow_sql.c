/*
 * workflow_sql.c
 *	  SQL face of the workflow engine: the cached transition table,
 *	  masbup.check_transition(), and the triggers that guard masbup.complaint
 *	  and append its events to the audit log.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/async.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "storage/proc.h"
#include "utils/datum.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "masbup.h"
#include "workflow.h"

PG_FUNCTION_INFO_V1(masbup_check_transition);
PG_FUNCTION_INFO_V1(masbup_complaint_before_trigger);
PG_FUNCTION_INFO_V1(masbup_complaint_after_trigger);
PG_FUNCTION_INFO_V1(masbup_audit_log_trigger);
PG_FUNCTION_INFO_V1(masbup_validate_procedure_trigger);

/* The transition table with the names behind its numbers. */
typedef struct Procedure
{
	wf_table	table;
	wf_transition rows[WF_MAX_STATES * WF_MAX_ACTIONS / 4];
	char	   *state_names[WF_MAX_STATES];
	bool		is_answered[WF_MAX_STATES];
	char	   *action_names[WF_MAX_ACTIONS];
	char	   *role_names[WF_MAX_ROLES];
	int			submit_action;	/* the action that creates a complaint */
	int			submit_role;
} Procedure;

static MemoryContext procedure_context = NULL;
static uint64 procedure_generation = 0;
static Procedure *procedure = NULL;

static int
name_index(char *const *names, int count, const char *name)
{
	int			i;

	for (i = 0; i < count; i++)
	{
		if (strcmp(names[i], name) == 0)
			return i;
	}
	return -1;
}

/* Read a one-column SELECT of names into names[], at most max of them. */
static int
read_names(MemoryContext context, const char *query, char **names, int max,
		   const char *what, bool *flag1, bool *flag2)
{
	uint64		row;

	if (SPI_execute(query, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the %s of the procedure", what);
	if (SPI_processed > (uint64) max)
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_INVALID_TRANSITIONS),
				 errmsg("the procedure has %llu %s, more than the %d supported",
						(unsigned long long) SPI_processed, what, max)));
	for (row = 0; row < SPI_processed; row++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[row];
		bool		isnull;

		names[row] = MemoryContextStrdup(context,
										 SPI_getvalue(tuple, SPI_tuptable->tupdesc, 1));
		if (flag1)
			flag1[row] = DatumGetBool(SPI_getbinval(tuple, SPI_tuptable->tupdesc, 2, &isnull));
		if (flag2)
			flag2[row] = DatumGetBool(SPI_getbinval(tuple, SPI_tuptable->tupdesc, 3, &isnull));
	}
	return (int) SPI_processed;
}

static void
report_invalid_procedure(wf_status status, int bad, const Procedure *proc)
{
	const char *detail;

	switch (status)
	{
		case WF_DUPLICATE:
			detail = psprintf("Action %s appears twice for state %s.",
							  proc->action_names[proc->rows[bad].action],
							  proc->state_names[proc->rows[bad].from_state]);
			break;
		case WF_UNREACHABLE:
			detail = psprintf("State %s cannot be reached from %s.",
							  proc->state_names[bad],
							  proc->state_names[proc->table.initial_state]);
			break;
		case WF_DEAD_END:
			detail = psprintf("State %s is not final but no action leads out of it.",
							  proc->state_names[bad]);
			break;
		case WF_NO_FINAL:
			detail = psprintf("No final state can be reached from state %s.",
							  proc->state_names[bad]);
			break;
		default:
			detail = psprintf("The workflow engine returned status %d.", (int) status);
			break;
	}
	ereport(ERROR,
			(errcode(ERRCODE_MASBUP_INVALID_TRANSITIONS),
			 errmsg("the transition table masbup.transition is invalid"),
			 errdetail_internal("%s", detail),
			 errhint("Correct masbup.transition so that every state it names is reachable from the initial state and can reach a final state.")));
}

/* Load and validate the procedure from the configuration tables into context. */
static Procedure *
load_procedure(MemoryContext context)
{
	Procedure  *proc = MemoryContextAllocZero(context, sizeof(Procedure));
	bool		is_final[WF_MAX_STATES] = {false};
	int			nstates;
	int			nactions;
	int			nroles;
	int			nrows = 0;
	int			initial_state = -1;
	int			bad = -1;
	uint64		row;
	wf_status	status;

	masbup_watch_config_table("state");
	masbup_watch_config_table("action");
	masbup_watch_config_table("workflow_role");
	masbup_watch_config_table("transition");

	masbup_begin_config_read();
	nstates = read_names(context, "SELECT state, is_final, is_answered FROM masbup.state ORDER BY sort_order",
						 proc->state_names, WF_MAX_STATES, "states", is_final, proc->is_answered);
	nactions = read_names(context, "SELECT action FROM masbup.action ORDER BY action",
						  proc->action_names, WF_MAX_ACTIONS, "actions", NULL, NULL);
	nroles = read_names(context, "SELECT role FROM masbup.workflow_role ORDER BY role",
						proc->role_names, WF_MAX_ROLES, "roles", NULL, NULL);

	if (SPI_execute("SELECT t.action, t.actor_role, f.state, t.to_state, "
					"t.requires_note, t.requires_opd "
					"FROM masbup.transition t "
					"LEFT JOIN LATERAL unnest(t.from_states) WITH ORDINALITY AS f (state, n) ON true "
					"ORDER BY t.action, f.n", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read masbup.transition");

	proc->submit_action = -1;
	for (row = 0; row < SPI_processed; row++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[row];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		int			action = name_index(proc->action_names, nactions, SPI_getvalue(tuple, desc, 1));
		int			role = name_index(proc->role_names, nroles, SPI_getvalue(tuple, desc, 2));
		char	   *from_name = SPI_getvalue(tuple, desc, 3);
		int			to_state = name_index(proc->state_names, nstates, SPI_getvalue(tuple, desc, 4));
		bool		isnull;
		wf_transition *transition;

		if (from_name == NULL)
		{
			if (proc->submit_action >= 0)
				ereport(ERROR,
						(errcode(ERRCODE_MASBUP_INVALID_TRANSITIONS),
						 errmsg("the transition table masbup.transition is invalid"),
						 errdetail("Two actions have no from-state: %s and %s.",
								   proc->action_names[proc->submit_action],
								   proc->action_names[action]),
						 errhint("Exactly one action, the submission, creates a complaint.")));
			proc->submit_action = action;
			proc->submit_role = role;
			initial_state = to_state;
			continue;
		}

		if (nrows >= (int) lengthof(proc->rows))
			ereport(ERROR,
					(errcode(ERRCODE_MASBUP_INVALID_TRANSITIONS),
					 errmsg("the transition table masbup.transition has more than %d rows",
							(int) lengthof(proc->rows))));
		transition = &proc->rows[nrows++];
		transition->action = action;
		transition->role = role;
		transition->from_state = name_index(proc->state_names, nstates, from_name);
		transition->to_state = to_state;
		transition->requires_note = DatumGetBool(SPI_getbinval(tuple, desc, 5, &isnull));
		transition->requires_opd = DatumGetBool(SPI_getbinval(tuple, desc, 6, &isnull));
		if (transition->from_state < 0)
			ereport(ERROR,
					(errcode(ERRCODE_MASBUP_INVALID_TRANSITIONS),
					 errmsg("the transition table masbup.transition is invalid"),
					 errdetail("Action %s starts from the unknown state \"%s\".",
							   proc->action_names[action], from_name),
					 errhint("Add the state to masbup.state or correct from_states.")));
	}
	masbup_end_config_read();

	if (initial_state < 0)
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_INVALID_TRANSITIONS),
				 errmsg("the transition table masbup.transition is invalid"),
				 errdetail("No action creates a complaint."),
				 errhint("Add the submission row, with an empty from_states, back to masbup.transition.")));

	status = wf_table_load(&proc->table, nstates, nactions, nroles, initial_state,
						   is_final, proc->rows, nrows, &bad);
	if (status != WF_OK)
		report_invalid_procedure(status, bad, proc);

	return proc;
}

static Procedure *
get_procedure(void)
{
	masbup_accept_config_changes();
	if (procedure != NULL && procedure_generation == masbup_config_generation)
		return procedure;

	procedure_context = masbup_renew_cache_context(procedure_context);
	procedure = NULL;
	procedure_generation = masbup_config_generation;
	procedure = load_procedure(procedure_context);
	return procedure;
}

/* "a, b, c" of the actions allowed in state for role (all roles when role < 0). */
static char *
allowed_action_list(const Procedure *proc, int state, int role)
{
	int			actions[WF_MAX_ACTIONS];
	int			count = wf_allowed_actions(&proc->table, state, role, actions);
	StringInfoData list;
	int			i;

	if (count == 0)
		return pstrdup("none");
	initStringInfo(&list);
	for (i = 0; i < count; i++)
		appendStringInfo(&list, "%s%s", i > 0 ? ", " : "", proc->action_names[actions[i]]);
	return list.data;
}

/*
 * Return the transition row for role performing action on a complaint in
 * state, or raise the error that names the complaint, its state and the
 * actions allowed there.
 */
static const wf_transition *
check_action(const Procedure *proc, const char *complaint, const char *state_name,
			 const char *action_name, const char *role_name)
{
	int			state = name_index(proc->state_names, proc->table.nstates, state_name);
	int			action = name_index(proc->action_names, proc->table.nactions, action_name);
	int			role = role_name ? name_index(proc->role_names, proc->table.nroles, role_name) : -1;
	const wf_transition *row = NULL;
	wf_status	status;

	if (state < 0)
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_ACTION_NOT_ALLOWED),
				 errmsg("complaint %s is in the unknown state \"%s\"", complaint, state_name),
				 errhint("Add the state to masbup.state and masbup.transition.")));
	if (action < 0)
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_ACTION_NOT_ALLOWED),
				 errmsg("unknown action \"%s\" on complaint %s in state %s",
						action_name, complaint, state_name),
				 errhint("Actions allowed in state %s: %s.",
						 state_name, allowed_action_list(proc, state, -1))));

	status = wf_check(&proc->table, state, action, role, &row);
	if (status == WF_NOT_ALLOWED || status == WF_BAD_INDEX)
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_ACTION_NOT_ALLOWED),
				 errmsg("action %s is not allowed on complaint %s in state %s",
						action_name, complaint, state_name),
				 errhint("Actions allowed in state %s: %s.",
						 state_name, allowed_action_list(proc, state, -1))));
	if (status == WF_WRONG_ROLE)
	{
		const wf_transition *owner = &proc->table.rows[proc->table.row_of[state][action]];

		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_WRONG_ROLE),
				 errmsg("role %s may not perform %s on complaint %s in state %s",
						role_name ? role_name : "(none)", action_name, complaint, state_name),
				 errdetail("Action %s belongs to role %s.", action_name,
						   proc->role_names[owner->role]),
				 errhint("Actions allowed to role %s in state %s: %s.",
						 role_name ? role_name : "(none)", state_name,
						 allowed_action_list(proc, state, role))));
	}
	return row;
}

Datum
masbup_check_transition(PG_FUNCTION_ARGS)
{
	char	   *complaint = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *state = text_to_cstring(PG_GETARG_TEXT_PP(1));
	char	   *action = text_to_cstring(PG_GETARG_TEXT_PP(2));
	char	   *role = text_to_cstring(PG_GETARG_TEXT_PP(3));
	const Procedure *proc = get_procedure();
	const wf_transition *row = check_action(proc, complaint, state, action, role);
	TupleDesc	desc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "masbup.check_transition() must return a composite type");
	desc = BlessTupleDesc(desc);

	values[0] = CStringGetTextDatum(proc->state_names[row->to_state]);
	values[1] = BoolGetDatum(row->requires_note);
	values[2] = BoolGetDatum(row->requires_opd);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* ------------------------------------------------------------------------
 * Triggers on masbup.complaint
 * ------------------------------------------------------------------------ */

/* Columns of masbup.complaint that the triggers read or write. */
typedef enum ComplaintColumn
{
	COL_TRACKING_NO,
	COL_STATE,
	COL_OPD_ID,
	COL_SUBMITTED_AT,
	COL_TARGET_AT,
	COL_DUE_AT,
	COL_ANSWERED_AT,
	COL_CLOSED_AT,
	COL_EVENT_COUNT,
	COL_LAST_EVENT_AT,
	COL_LAST_ACTION,
	COL_LAST_ACTOR_ROLE,
	COL_LAST_STAFF_ID,
	COL_LAST_NOTE,
	COL_COMPLAINT_ID,
	NUM_COMPLAINT_COLUMNS
} ComplaintColumn;

static const char *const complaint_column_names[NUM_COMPLAINT_COLUMNS] = {
	"tracking_no", "state", "opd_id", "submitted_at", "target_at", "due_at",
	"answered_at", "closed_at", "event_count", "last_event_at", "last_action",
	"last_actor_role", "last_staff_id", "last_note", "complaint_id"
};

/* The columns that only an event may change. */
static const ComplaintColumn protected_columns[] = {
	COL_OPD_ID, COL_SUBMITTED_AT, COL_TARGET_AT, COL_DUE_AT, COL_ANSWERED_AT,
	COL_CLOSED_AT, COL_LAST_EVENT_AT, COL_LAST_ACTION, COL_LAST_ACTOR_ROLE,
	COL_LAST_STAFF_ID, COL_LAST_NOTE, COL_COMPLAINT_ID, COL_TRACKING_NO
};

/* One complaint row taken apart, with the edits to write back. */
typedef struct ComplaintRow
{
	Relation	relation;
	HeapTuple	tuple;
	int			attnum[NUM_COMPLAINT_COLUMNS];
	Datum		values[NUM_COMPLAINT_COLUMNS];
	bool		nulls[NUM_COMPLAINT_COLUMNS];
	bool		changed[NUM_COMPLAINT_COLUMNS];
} ComplaintRow;

static void
read_complaint(ComplaintRow *row, Relation relation, HeapTuple tuple)
{
	TupleDesc	desc = RelationGetDescr(relation);
	int			i;

	row->relation = relation;
	row->tuple = tuple;
	for (i = 0; i < NUM_COMPLAINT_COLUMNS; i++)
	{
		row->attnum[i] = SPI_fnumber(desc, complaint_column_names[i]);
		if (row->attnum[i] <= 0)
			elog(ERROR, "column masbup.complaint.%s is missing", complaint_column_names[i]);
		row->values[i] = heap_getattr(tuple, row->attnum[i], desc, &row->nulls[i]);
		row->changed[i] = false;
	}
}

static char *
complaint_text(const ComplaintRow *row, ComplaintColumn column)
{
	if (row->nulls[column])
		return NULL;
	return TextDatumGetCString(row->values[column]);
}

static void
set_column(ComplaintRow *row, ComplaintColumn column, Datum value, bool isnull)
{
	row->values[column] = value;
	row->nulls[column] = isnull;
	row->changed[column] = true;
}

static HeapTuple
write_complaint(ComplaintRow *row)
{
	int			columns[NUM_COMPLAINT_COLUMNS];
	Datum		values[NUM_COMPLAINT_COLUMNS];
	bool		nulls[NUM_COMPLAINT_COLUMNS];
	int			count = 0;
	int			i;

	for (i = 0; i < NUM_COMPLAINT_COLUMNS; i++)
	{
		if (!row->changed[i])
			continue;
		columns[count] = row->attnum[i];
		values[count] = row->values[i];
		nulls[count] = row->nulls[i];
		count++;
	}
	if (count == 0)
		return row->tuple;
	return heap_modify_tuple_by_cols(row->tuple, RelationGetDescr(row->relation),
									 count, columns, values, nulls);
}

static bool
column_differs(const ComplaintRow *old_row, const ComplaintRow *new_row, ComplaintColumn column)
{
	Form_pg_attribute attribute = TupleDescAttr(RelationGetDescr(new_row->relation),
												new_row->attnum[column] - 1);

	if (old_row->nulls[column] || new_row->nulls[column])
		return old_row->nulls[column] != new_row->nulls[column];
	return !datumIsEqual(old_row->values[column], new_row->values[column],
						 attribute->attbyval, attribute->attlen);
}

/*
 * Check the time of a new event: not before the previous event, not in the
 * future, and set explicitly only by the import role.
 */
static void
check_event_time(const char *complaint, TimestampTz at, TimestampTz previous)
{
	TimestampTz now = GetCurrentTransactionStartTimestamp();

	if (at == now)
		return;
	if (!masbup_acting_user_is_importer())
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_INVALID_EVENT_TIME),
				 errmsg("only masbup_import may set the time of an event on complaint %s", complaint),
				 errhint("Leave the time empty; the event happens at the transaction's time.")));
	if (at > now)
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_INVALID_EVENT_TIME),
				 errmsg("event time %s on complaint %s is in the future",
						timestamptz_to_str(at), complaint),
				 errhint("An imported event must have happened already.")));
	if (at < previous)
	{
		/* timestamptz_to_str() returns a static buffer, so copy the first result. */
		char	   *at_text = pstrdup(timestamptz_to_str(at));

		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_INVALID_EVENT_TIME),
				 errmsg("event time %s on complaint %s is earlier than its last event at %s",
						at_text, complaint, timestamptz_to_str(previous)),
				 errhint("Import the events of a complaint in the order they happened.")));
	}
}

/*
 * Complaints inserted whole, with their event_count, in the current
 * transaction: rows of a restored dump. Their events arrive with the dump,
 * so the AFTER trigger must not log them again.
 */
static HTAB *restored_complaints = NULL;
static LocalTransactionId restored_complaints_lxid = InvalidLocalTransactionId;

static HTAB *
restored_complaint_set(void)
{
	if (restored_complaints == NULL || restored_complaints_lxid != MyProc->lxid)
	{
		HASHCTL		control = {0};

		control.keysize = sizeof(int64);
		control.entrysize = sizeof(int64);
		control.hcxt = TopTransactionContext;
		restored_complaints = hash_create("hallo_masbup restored complaints", 1024, &control,
										  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
		restored_complaints_lxid = MyProc->lxid;
	}
	return restored_complaints;
}

/*
 * Accept a complaint row inserted with its event_count already set, as
 * pg_restore does: keep it as it is, after checking that its state exists.
 */
static HeapTuple
before_insert_restored(ComplaintRow *row, const Procedure *proc, const char *tracking_no)
{
	char	   *state = complaint_text(row, COL_STATE);
	int64		complaint_id = DatumGetInt64(row->values[COL_COMPLAINT_ID]);

	if (!superuser_arg(GetOuterUserId()))
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_PROTECTED_COLUMN),
				 errmsg("only a superuser may insert complaint %s with its history", tracking_no),
				 errdetail("A row with event_count set is taken as restored from a dump, without a transition check or an audit event."),
				 errhint("Submit complaints with masbup.submit_complaint(); restore a dump as a superuser.")));
	if (state == NULL || name_index(proc->state_names, proc->table.nstates, state) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_ACTION_NOT_ALLOWED),
				 errmsg("complaint %s has the unknown state \"%s\"", tracking_no, state ? state : ""),
				 errhint("Restore the configuration tables of the same extension version first.")));

	(void) hash_search(restored_complaint_set(), &complaint_id, HASH_ENTER, NULL);
	return row->tuple;
}

/* Stamp a new complaint: initial state, first event, and its deadlines. */
static HeapTuple
before_insert(TriggerData *trigdata, const Procedure *proc)
{
	ComplaintRow row;
	TimestampTz submitted;
	MasbupCalendar *calendar;
	bt_instant	target;
	bt_instant	due;
	char	   *tracking_no;

	read_complaint(&row, trigdata->tg_relation, trigdata->tg_trigtuple);
	tracking_no = complaint_text(&row, COL_TRACKING_NO);
	if (tracking_no == NULL)
		tracking_no = "(new)";
	if (!row.nulls[COL_EVENT_COUNT])
		return before_insert_restored(&row, proc, tracking_no);

	if (row.nulls[COL_SUBMITTED_AT])
		set_column(&row, COL_SUBMITTED_AT,
				   TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), false);
	submitted = DatumGetTimestampTz(row.values[COL_SUBMITTED_AT]);
	if (TIMESTAMP_NOT_FINITE(submitted))
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_INVALID_EVENT_TIME),
				 errmsg("submission time of complaint %s must be finite", tracking_no)));
	check_event_time(tracking_no, submitted, DT_NOBEGIN);

	calendar = masbup_get_calendar(NULL);
	masbup_report_bt_status(bt_days_add(masbup_calendar_engine(calendar), submitted,
										masbup_setting_int("target_working_days"), &target),
							calendar, submitted);
	masbup_report_bt_status(bt_days_add(masbup_calendar_engine(calendar), submitted,
										masbup_setting_int("due_working_days"), &due),
							calendar, submitted);

	set_column(&row, COL_STATE,
			   CStringGetTextDatum(proc->state_names[proc->table.initial_state]), false);
	set_column(&row, COL_TARGET_AT, TimestampTzGetDatum(target), false);
	set_column(&row, COL_DUE_AT, TimestampTzGetDatum(due), false);
	set_column(&row, COL_ANSWERED_AT, (Datum) 0, true);
	set_column(&row, COL_CLOSED_AT, (Datum) 0, true);
	set_column(&row, COL_OPD_ID, (Datum) 0, true);
	set_column(&row, COL_EVENT_COUNT, Int32GetDatum(1), false);
	set_column(&row, COL_LAST_EVENT_AT, TimestampTzGetDatum(submitted), false);
	set_column(&row, COL_LAST_ACTION,
			   CStringGetTextDatum(proc->action_names[proc->submit_action]), false);
	set_column(&row, COL_LAST_ACTOR_ROLE,
			   CStringGetTextDatum(proc->role_names[proc->submit_role]), false);
	set_column(&row, COL_LAST_STAFF_ID, (Datum) 0, true);
	set_column(&row, COL_LAST_NOTE, (Datum) 0, true);

	return write_complaint(&row);
}

/*
 * Check a state change against the transition table and stamp it. A change
 * from masbup.perform() comes with the next event_count and its action. A
 * hand-written UPDATE of state alone is accepted when exactly one action
 * leads from the old state to the new one.
 */
static HeapTuple
before_update(TriggerData *trigdata, const Procedure *proc)
{
	ComplaintRow old_row;
	ComplaintRow new_row;
	char	   *tracking_no;
	char	   *old_state;
	char	   *new_state;
	int32		old_count;
	int32		new_count;
	const wf_transition *transition;
	TimestampTz at;
	char	   *note;
	int			i;

	read_complaint(&old_row, trigdata->tg_relation, trigdata->tg_trigtuple);
	read_complaint(&new_row, trigdata->tg_relation, trigdata->tg_newtuple);
	tracking_no = complaint_text(&old_row, COL_TRACKING_NO);
	old_state = complaint_text(&old_row, COL_STATE);
	new_state = complaint_text(&new_row, COL_STATE);
	old_count = DatumGetInt32(old_row.values[COL_EVENT_COUNT]);
	new_count = DatumGetInt32(new_row.values[COL_EVENT_COUNT]);

	if (new_count == old_count && strcmp(old_state, new_state) == 0)
	{
		/* No event: only the complaint's descriptive columns may change. */
		for (i = 0; i < (int) lengthof(protected_columns); i++)
		{
			if (column_differs(&old_row, &new_row, protected_columns[i]))
				ereport(ERROR,
						(errcode(ERRCODE_MASBUP_PROTECTED_COLUMN),
						 errmsg("column %s of complaint %s changes only with an event",
								complaint_column_names[protected_columns[i]], tracking_no),
						 errhint("Use masbup.perform() to act on the complaint.")));
		}
		return trigdata->tg_newtuple;
	}

	if (new_count == old_count)
	{
		/* A hand-written UPDATE of state: find the one action it means. */
		int			old_index = name_index(proc->state_names, proc->table.nstates, old_state);
		int			new_index = name_index(proc->state_names, proc->table.nstates, new_state);
		int			action = (old_index < 0 || new_index < 0) ? -1
			: wf_action_between(&proc->table, old_index, new_index);

		if (action < 0)
			ereport(ERROR,
					(errcode(ERRCODE_MASBUP_ACTION_NOT_ALLOWED),
					 errmsg("complaint %s cannot change from state %s to %s",
							tracking_no, old_state, new_state),
					 errhint("Actions allowed in state %s: %s. Use masbup.perform().",
							 old_state, old_index < 0 ? "none"
							 : allowed_action_list(proc, old_index, -1))));
		transition = &proc->table.rows[proc->table.row_of[old_index][action]];
		set_column(&new_row, COL_LAST_ACTION, CStringGetTextDatum(proc->action_names[action]), false);
		set_column(&new_row, COL_LAST_ACTOR_ROLE,
				   CStringGetTextDatum(proc->role_names[transition->role]), false);
		set_column(&new_row, COL_LAST_STAFF_ID, (Datum) 0, true);
		if (!column_differs(&old_row, &new_row, COL_LAST_NOTE))
			set_column(&new_row, COL_LAST_NOTE, (Datum) 0, true);
		set_column(&new_row, COL_EVENT_COUNT, Int32GetDatum(old_count + 1), false);
		if (!column_differs(&old_row, &new_row, COL_LAST_EVENT_AT))
			set_column(&new_row, COL_LAST_EVENT_AT,
					   TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), false);
	}
	else
	{
		char	   *action_name = complaint_text(&new_row, COL_LAST_ACTION);
		char	   *role_name = complaint_text(&new_row, COL_LAST_ACTOR_ROLE);

		if (new_count != old_count + 1)
			ereport(ERROR,
					(errcode(ERRCODE_MASBUP_PROTECTED_COLUMN),
					 errmsg("event_count of complaint %s must grow by one per event, not from %d to %d",
							tracking_no, old_count, new_count),
					 errhint("Use masbup.perform() to act on the complaint.")));
		transition = check_action(proc, tracking_no, old_state,
								  action_name ? action_name : "(none)", role_name);
		if (strcmp(proc->state_names[transition->to_state], new_state) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_MASBUP_ACTION_NOT_ALLOWED),
					 errmsg("action %s leads complaint %s from state %s to %s, not to %s",
							action_name, tracking_no, old_state,
							proc->state_names[transition->to_state], new_state)));
	}

	note = complaint_text(&new_row, COL_LAST_NOTE);
	if (transition->requires_note && (note == NULL || note[strspn(note, " \t\r\n")] == '\0'))
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_REASON_REQUIRED),
				 errmsg("action %s on complaint %s requires a reason",
						proc->action_names[transition->action], tracking_no),
				 errhint("Give the reason or the result of the follow-up in last_note, or use masbup.perform() with a note.")));
	if (transition->requires_opd && new_row.nulls[COL_OPD_ID])
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_INVALID_OPD),
				 errmsg("action %s on complaint %s requires a target agency",
						proc->action_names[transition->action], tracking_no),
				 errhint("Set opd_id to the agency, or use masbup.perform() with target_opd.")));
	if (!transition->requires_opd && column_differs(&old_row, &new_row, COL_OPD_ID))
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_PROTECTED_COLUMN),
				 errmsg("action %s on complaint %s cannot change its agency",
						proc->action_names[transition->action], tracking_no),
				 errhint("Only forward_to_opd sends a complaint to an agency.")));

	at = DatumGetTimestampTz(new_row.values[COL_LAST_EVENT_AT]);
	check_event_time(tracking_no, at, DatumGetTimestampTz(old_row.values[COL_LAST_EVENT_AT]));

	if (proc->is_answered[transition->to_state] && new_row.nulls[COL_ANSWERED_AT])
		set_column(&new_row, COL_ANSWERED_AT, TimestampTzGetDatum(at), false);
	if (proc->table.is_final[transition->to_state])
		set_column(&new_row, COL_CLOSED_AT, TimestampTzGetDatum(at), false);

	return write_complaint(&new_row);
}

Datum
masbup_complaint_before_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	const Procedure *proc;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("masbup.complaint_before_trigger() was not called by the trigger manager")));
	if (!TRIGGER_FIRED_BEFORE(trigdata->tg_event) || !TRIGGER_FIRED_FOR_ROW(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("masbup.complaint_before_trigger() must be fired BEFORE, FOR EACH ROW")));

	proc = get_procedure();
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		return PointerGetDatum(before_insert(trigdata, proc));
	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
		return PointerGetDatum(before_update(trigdata, proc));

	ereport(ERROR,
			(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
			 errmsg("masbup.complaint_before_trigger() must be fired by INSERT or UPDATE")));
	PG_RETURN_NULL();
}

static SPIPlanPtr insert_event_plan = NULL;
static SPIPlanPtr insert_outbox_plan = NULL;

static SPIPlanPtr
prepare_saved(const char *query, int nargs, Oid *types)
{
	SPIPlanPtr	plan = SPI_prepare(query, nargs, types);

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");
	return plan;
}

/*
 * Append the event of a new complaint or a state change to the audit log,
 * queue the notifications in the outbox and send NOTIFY masbup_event.
 */
Datum
masbup_complaint_after_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	ComplaintRow new_row;
	ComplaintRow old_row;
	Datum		values[11];
	char		nulls[11];
	int			i;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("masbup.complaint_after_trigger() was not called by the trigger manager")));
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event) || !TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		TRIGGER_FIRED_BY_DELETE(trigdata->tg_event) || TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("masbup.complaint_after_trigger() must be fired AFTER INSERT OR UPDATE, FOR EACH ROW")));

	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		read_complaint(&new_row, trigdata->tg_relation, trigdata->tg_newtuple);
		read_complaint(&old_row, trigdata->tg_relation, trigdata->tg_trigtuple);
		if (DatumGetInt32(new_row.values[COL_EVENT_COUNT]) ==
			DatumGetInt32(old_row.values[COL_EVENT_COUNT]))
			PG_RETURN_POINTER(NULL);
	}
	else
	{
		int64		complaint_id;
		bool		restored = false;

		read_complaint(&new_row, trigdata->tg_relation, trigdata->tg_trigtuple);
		old_row.nulls[COL_STATE] = true;

		complaint_id = DatumGetInt64(new_row.values[COL_COMPLAINT_ID]);
		if (restored_complaints != NULL && restored_complaints_lxid == MyProc->lxid)
			(void) hash_search(restored_complaints, &complaint_id, HASH_REMOVE, &restored);
		if (restored)
			PG_RETURN_POINTER(NULL);
	}

	SPI_connect();
	if (insert_event_plan == NULL)
	{
		Oid			types[11] = {INT8OID, INT4OID, TEXTOID, TEXTOID, TEXTOID,
		TEXTOID, INT8OID, INT4OID, TEXTOID, TIMESTAMPTZOID, NAMEOID};

		insert_event_plan = prepare_saved(
										  "INSERT INTO masbup.complaint_event (complaint_id, seq, action, from_state, "
										  "to_state, actor_role, staff_id, opd_id, note, at, recorded_by) "
										  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
										  11, types);
	}
	if (insert_outbox_plan == NULL)
	{
		Oid			types[4] = {INT8OID, INT4OID, INT4OID, TEXTOID};

		insert_outbox_plan = prepare_saved(
										   "INSERT INTO masbup.outbox (complaint_id, seq, recipient_role, opd_id) "
										   "SELECT $1, $2, r.role, CASE WHEN r.role = 'admin_opd' THEN $3 END "
										   "FROM (SELECT t.actor_role AS role FROM masbup.transition t "
										   "      WHERE $4 = ANY (t.from_states) AND t.actor_role <> 'system' "
										   "      UNION "
										   "      SELECT 'reporter' FROM masbup.state s "
										   "      WHERE s.state = $4 AND (s.is_final OR s.is_answered)) r "
										   "ORDER BY r.role",
										   4, types);
	}

	values[0] = new_row.values[COL_COMPLAINT_ID];
	values[1] = new_row.values[COL_EVENT_COUNT];
	values[2] = new_row.values[COL_LAST_ACTION];
	values[3] = old_row.nulls[COL_STATE] ? (Datum) 0 : old_row.values[COL_STATE];
	values[4] = new_row.values[COL_STATE];
	values[5] = new_row.values[COL_LAST_ACTOR_ROLE];
	values[6] = new_row.values[COL_LAST_STAFF_ID];
	values[7] = new_row.values[COL_OPD_ID];
	values[8] = new_row.values[COL_LAST_NOTE];
	values[9] = new_row.values[COL_LAST_EVENT_AT];
	/* The user who acted, also through SECURITY DEFINER functions. */
	values[10] = DirectFunctionCall1(namein,
									 CStringGetDatum(GetUserNameFromId(GetOuterUserId(), false)));
	for (i = 0; i < 11; i++)
		nulls[i] = ' ';
	nulls[3] = old_row.nulls[COL_STATE] ? 'n' : ' ';
	nulls[6] = new_row.nulls[COL_LAST_STAFF_ID] ? 'n' : ' ';
	nulls[7] = new_row.nulls[COL_OPD_ID] ? 'n' : ' ';
	nulls[8] = new_row.nulls[COL_LAST_NOTE] ? 'n' : ' ';

	if (SPI_execute_plan(insert_event_plan, values, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not append to masbup.complaint_event");

	{
		Datum		outbox_values[4] = {values[0], values[1], values[7], values[4]};
		char		outbox_nulls[4] = {' ', ' ', nulls[7], ' '};

		if (SPI_execute_plan(insert_outbox_plan, outbox_values, outbox_nulls, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "could not write to masbup.outbox");
	}
	SPI_finish();

	Async_Notify("masbup_event",
				 psprintf("%lld %d %s",
						  (long long) DatumGetInt64(values[0]),
						  DatumGetInt32(values[1]),
						  TextDatumGetCString(values[4])));

	PG_RETURN_POINTER(NULL);
}

/* Reject UPDATE, DELETE and TRUNCATE on the audit log, for every user. */
Datum
masbup_audit_log_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	const char *command;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("masbup.audit_log_trigger() was not called by the trigger manager")));

	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
		command = "UPDATE";
	else if (TRIGGER_FIRED_BY_DELETE(trigdata->tg_event))
		command = "DELETE";
	else if (TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
		command = "TRUNCATE";
	else
		command = "INSERT";
	if (strcmp(command, "INSERT") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("masbup.audit_log_trigger() must be fired by UPDATE, DELETE or TRUNCATE")));

	ereport(ERROR,
			(errcode(ERRCODE_MASBUP_AUDIT_LOG_APPEND_ONLY),
			 errmsg("%s on audit log %s is not allowed", command,
					RelationGetRelationName(trigdata->tg_relation)),
			 errdetail("The audit log is append-only, for every user."),
			 errhint("Record a correction as a new event. A deliberate change of history must first run ALTER TABLE ... DISABLE TRIGGER %s.",
					 trigdata->tg_trigger->tgname)));
	PG_RETURN_NULL();
}

/*
 * Load the procedure as it will be committed and raise MB040 when it is
 * invalid. As a constraint trigger on the procedure's tables, it rejects a
 * bad edit when it is written, not when a complaint next changes state.
 */
Datum
masbup_validate_procedure_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	MemoryContext check_context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("masbup.validate_procedure_trigger() was not called by the trigger manager")));
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("masbup.validate_procedure_trigger() must be fired AFTER")));

	check_context = AllocSetContextCreate(CurrentMemoryContext, "hallo_masbup procedure check",
										  ALLOCSET_DEFAULT_SIZES);
	(void) load_procedure(check_context);
	MemoryContextDelete(check_context);

	PG_RETURN_POINTER(NULL);
}
