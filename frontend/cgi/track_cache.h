/*
 * track_cache.h
 *	  The timelines of reporters' tracking sessions, kept by a FastCGI
 *	  process between requests, so that a reload of the track page needs
 *	  no database call.
 *
 * The database decides what a session may read: an entry contains only
 * what masbup.reporter_session_timeline() returned for that token. An
 * entry stops being used when
 *   - the session's expiry time passes,
 *   - the database notifies a change of its complaint (forget_complaint),
 *     or of anything every timeline shows (clear),
 *   - the database connection was made again since the entry was stored
 *     (generation): notifications may have been missed in between,
 *   - the page requests a newer version of the complaint than the entry
 *     contains (min_version), as after the reporter's own action.
 *
 * The table is set-associative: a token belongs to one set of
 * TRACK_CACHE_WAYS entries, and storing a new token in a full set replaces
 * the entry used least recently. The memory used is bounded by the number
 * of entries. The module knows nothing of libpq: an entry's data is an
 * opaque pointer, freed with the function given to track_cache_init().
 */
#ifndef MASBUP_TRACK_CACHE_H
#define MASBUP_TRACK_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#define TRACK_CACHE_TOKEN_LEN 64	/* hex digits of a session token */
#define TRACK_CACHE_WAYS 4			/* entries of a set */

typedef struct track_cache_entry
{
	char		token[TRACK_CACHE_TOKEN_LEN + 1];	/* "" when the slot is free */
	long long	complaint_id;
	long		version;		/* the complaint's event count */
	double		expires;		/* monotonic seconds */
	unsigned long generation;	/* of the database connection */
	unsigned long long last_used;	/* the cache's clock when last read or stored */
	void	   *data;
} track_cache_entry;

typedef struct track_cache
{
	track_cache_entry *slots;
	size_t		nslots;			/* 0: the cache is off */
	size_t		ways;			/* entries per set: TRACK_CACHE_WAYS, or fewer for a tiny cache */
	unsigned long long clock;	/* counts reads and stores */
	void		(*free_data) (void *data);
} track_cache;

extern bool track_cache_init(track_cache *cache, size_t nslots,
							 void (*free_data) (void *data));
extern void track_cache_free(track_cache *cache);

extern void *track_cache_get(track_cache *cache, const char *token, long min_version,
							 unsigned long generation, double now);
extern void track_cache_put(track_cache *cache, const char *token, long long complaint_id,
							long version, double expires, unsigned long generation,
							void *data);
extern void track_cache_forget_token(track_cache *cache, const char *token);
extern void track_cache_forget_complaint(track_cache *cache, long long complaint_id);
extern void track_cache_clear(track_cache *cache);
extern void track_cache_notify(track_cache *cache, const char *payload);

#endif							/* MASBUP_TRACK_CACHE_H */
