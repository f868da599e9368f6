/*
 * staff_session.c
 *	  masbup.session_staff() resolves the staff member behind a web session
 *	  token on every call and extends the session's idle time.
 *	  masbup.setting_integer() reads the settings that sessions and lock-outs use.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"

#include "masbup.h"

PG_FUNCTION_INFO_V1(masbup_session_staff);
PG_FUNCTION_INFO_V1(masbup_setting_integer);

static SPIPlanPtr touch_session_plan = NULL;

/*
 * Return the staff_id of an open session, or raise MB015. The database keeps
 * only the SHA-256 of each token. A session ends after session_idle_minutes
 * without a call, at logout, or when its staff member is deactivated.
 */
Datum
masbup_session_staff(PG_FUNCTION_ARGS)
{
	text	   *token;
	int			idle_minutes;
	Datum		values[2];
	bool		isnull;
	int64		staff_id;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_INVALID_SESSION),
				 errmsg("session is invalid or has expired"),
				 errdetail("The session token is missing."),
				 errhint("Log in again.")));
	token = PG_GETARG_TEXT_PP(0);
	idle_minutes = masbup_setting_int("session_idle_minutes");

	SPI_connect();
	if (touch_session_plan == NULL)
	{
		Oid			types[2] = {TEXTOID, INT4OID};
		SPIPlanPtr	plan = SPI_prepare("UPDATE masbup.staff_session s SET last_seen_at = pg_catalog.now() "
									   "FROM masbup.staff st "
									   "WHERE s.token_hash = pg_catalog.sha256(pg_catalog.convert_to($1, 'UTF8')) "
									   "AND s.ended_at IS NULL "
									   "AND s.last_seen_at > pg_catalog.now() - pg_catalog.make_interval(mins => $2) "
									   "AND st.staff_id = s.staff_id AND st.is_active "
									   "RETURNING s.staff_id",
									   2, types);

		if (plan == NULL || SPI_keepplan(plan) != 0)
			elog(ERROR, "could not prepare the session look-up: %s",
				 SPI_result_code_string(SPI_result));
		touch_session_plan = plan;
	}

	values[0] = PointerGetDatum(token);
	values[1] = Int32GetDatum(idle_minutes);
	if (SPI_execute_plan(touch_session_plan, values, NULL, false, 1) != SPI_OK_UPDATE_RETURNING)
		elog(ERROR, "could not look up the session");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_MASBUP_INVALID_SESSION),
				 errmsg("session is invalid or has expired"),
				 errhint("Log in again.")));

	staff_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_finish();

	PG_RETURN_INT64(staff_id);
}

/* Return a whole-number setting, or raise an error that names it. */
Datum
masbup_setting_integer(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(masbup_setting_int(text_to_cstring(PG_GETARG_TEXT_PP(0))));
}
