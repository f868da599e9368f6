/*
 * hallo_masbup.c
 *	  Module entry point and the configuration cache shared by the glue files:
 *	  its memory context, its invalidation through the relcache, and the
 *	  acting user.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "masbup.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(masbup_config_changed_trigger);
PG_FUNCTION_INFO_V1(masbup_acting_user);

#define MAX_CONFIG_TABLES 16

uint64		masbup_config_generation = 1;

/* The configuration tables read so far, by name, with their current OIDs. */
typedef struct WatchedTable
{
	char		relname[NAMEDATALEN];
	Oid			relid;
} WatchedTable;

static WatchedTable watched_tables[MAX_CONFIG_TABLES];
static int	watched_table_count = 0;

/* Mark every cache stale when a watched table or the whole relcache is invalidated. */
static void
relcache_callback(Datum arg, Oid relid)
{
	int			i;

	if (!OidIsValid(relid))
	{
		masbup_config_generation++;
		return;
	}
	for (i = 0; i < watched_table_count; i++)
	{
		if (watched_tables[i].relid == relid)
		{
			masbup_config_generation++;
			return;
		}
	}
}

void		_PG_init(void);

void
_PG_init(void)
{
	CacheRegisterRelcacheCallback(relcache_callback, (Datum) 0);
}

/* Create a cache context under CacheMemoryContext, or empty an existing one. */
MemoryContext
masbup_renew_cache_context(MemoryContext context)
{
	if (context == NULL)
		return AllocSetContextCreate(CacheMemoryContext, "hallo_masbup cache",
									 ALLOCSET_DEFAULT_SIZES);
	MemoryContextReset(context);
	return context;
}

/*
 * Remember the OID of a configuration table so that its invalidations reach
 * the caches. A table dropped and created again (with the extension) keeps
 * its slot under the new OID.
 */
void
masbup_watch_config_table(const char *relname)
{
	Oid			namespace_oid = get_namespace_oid("masbup", false);
	Oid			relid = get_relname_relid(relname, namespace_oid);
	int			i;

	if (!OidIsValid(relid))
		elog(ERROR, "configuration table masbup.%s is missing", relname);
	for (i = 0; i < watched_table_count; i++)
	{
		if (strcmp(watched_tables[i].relname, relname) == 0)
		{
			watched_tables[i].relid = relid;
			return;
		}
	}
	if (watched_table_count >= MAX_CONFIG_TABLES)
		elog(ERROR, "too many configuration tables to watch");
	strlcpy(watched_tables[watched_table_count].relname, relname, NAMEDATALEN);
	watched_tables[watched_table_count].relid = relid;
	watched_table_count++;
}

/*
 * Start reading configuration through SPI. Like the system catalogs, the
 * configuration is read with the latest snapshot, not the transaction's:
 * a commit that this snapshot does not show sends its invalidation later,
 * which makes the next call read again. So a cache never keeps data that
 * is older than the invalidations already received.
 */
void
masbup_begin_config_read(void)
{
	SPI_connect();
	PushActiveSnapshot(GetLatestSnapshot());
}

void
masbup_end_config_read(void)
{
	PopActiveSnapshot();
	SPI_finish();
}

/* Process pending invalidations, so that committed configuration changes apply to this call. */
void
masbup_accept_config_changes(void)
{
	AcceptInvalidationMessages();
}

/*
 * Statement trigger on each configuration table: queue a relcache
 * invalidation of the table, which every backend receives when the change
 * commits and none receives when it rolls back.
 */
Datum
masbup_config_changed_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("masbup.config_changed_trigger() was not called by the trigger manager")));
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("masbup.config_changed_trigger() must be fired AFTER, FOR EACH STATEMENT")));

	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));

	PG_RETURN_POINTER(NULL);
}

/*
 * Return the user set by login or SET ROLE. Inside a SECURITY DEFINER
 * function current_user is the function's owner, but the outer user is
 * still the caller.
 */
Datum
masbup_acting_user(PG_FUNCTION_ARGS)
{
	char	   *username = GetUserNameFromId(GetOuterUserId(), false);

	PG_RETURN_DATUM(DirectFunctionCall1(namein, CStringGetDatum(username)));
}

bool
masbup_acting_user_is_importer(void)
{
	Oid			import_role = get_role_oid("masbup_import", true);

	if (!OidIsValid(import_role))
		return superuser_arg(GetOuterUserId());
	return is_member_of_role(GetOuterUserId(), import_role);
}
