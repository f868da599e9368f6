/*
 * track_cache.c
 *	  A set-associative table of reporters' tracking timelines.
 *	  track_cache.h says when an entry may be used.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "track_cache.h"

bool
track_cache_init(track_cache *cache, size_t nslots, void (*free_data) (void *data))
{
	cache->free_data = free_data;
	cache->nslots = 0;
	cache->slots = NULL;
	cache->clock = 0;
	cache->ways = nslots < TRACK_CACHE_WAYS ? nslots : TRACK_CACHE_WAYS;
	if (nslots == 0)
		return true;
	/* Whole sets only. */
	nslots -= nslots % cache->ways;
	cache->slots = calloc(nslots, sizeof(track_cache_entry));
	if (cache->slots == NULL)
		return false;
	cache->nslots = nslots;
	return true;
}

static void
release(track_cache *cache, track_cache_entry *entry)
{
	if (entry->data != NULL && cache->free_data != NULL)
		cache->free_data(entry->data);
	memset(entry, 0, sizeof(*entry));
}

void
track_cache_clear(track_cache *cache)
{
	for (size_t i = 0; i < cache->nslots; i++)
	{
		if (cache->slots[i].token[0] != '\0')
			release(cache, &cache->slots[i]);
	}
}

void
track_cache_free(track_cache *cache)
{
	track_cache_clear(cache);
	free(cache->slots);
	cache->slots = NULL;
	cache->nslots = 0;
}

/* Is token a session token: exactly TRACK_CACHE_TOKEN_LEN characters? */
static bool
token_fits(const char *token)
{
	size_t		n = 0;

	if (token == NULL)
		return false;
	while (n <= TRACK_CACHE_TOKEN_LEN && token[n] != '\0')
		n++;
	return n == TRACK_CACHE_TOKEN_LEN;
}

/* The first entry of the token's set, from an FNV-1a hash of its characters. */
static track_cache_entry *
set_of(track_cache *cache, const char *token)
{
	uint64_t	hash = UINT64_C(14695981039346656037);

	for (size_t i = 0; i < TRACK_CACHE_TOKEN_LEN; i++)
	{
		hash ^= (unsigned char) token[i];
		hash *= UINT64_C(1099511628211);
	}
	return &cache->slots[(hash % (cache->nslots / cache->ways)) * cache->ways];
}

/*
 * Compare two tokens of TRACK_CACHE_TOKEN_LEN characters in a time that does
 * not depend on where they differ, so that response times tell nothing of a
 * stored token.
 */
static bool
same_token(const char *a, const char *b)
{
	unsigned char difference = 0;

	for (size_t i = 0; i < TRACK_CACHE_TOKEN_LEN; i++)
		difference |= (unsigned char) (a[i] ^ b[i]);
	return difference == 0;
}

/* Return the entry stored for token, or NULL. */
static track_cache_entry *
find(track_cache *cache, const char *token)
{
	track_cache_entry *set = set_of(cache, token);

	for (size_t i = 0; i < cache->ways; i++)
	{
		if (set[i].token[0] != '\0' && same_token(set[i].token, token))
			return &set[i];
	}
	return NULL;
}

/*
 * Return the data stored for token, or NULL when there is none that may be used.
 * An entry that is expired, from an older connection or older than
 * min_version is released. The cache keeps owning the data.
 */
void *
track_cache_get(track_cache *cache, const char *token, long min_version,
				unsigned long generation, double now)
{
	track_cache_entry *entry;

	if (cache->nslots == 0 || !token_fits(token))
		return NULL;
	entry = find(cache, token);
	if (entry == NULL)
		return NULL;
	if (now >= entry->expires || entry->generation != generation ||
		entry->version < min_version)
	{
		release(cache, entry);
		return NULL;
	}
	entry->last_used = ++cache->clock;
	return entry->data;
}

/*
 * Store data for token, replacing what was stored for it, else a free entry
 * of its set, else the entry of its set used least recently. The cache
 * takes ownership of data: it is freed at once when the cache is off or the
 * token is malformed.
 */
void
track_cache_put(track_cache *cache, const char *token, long long complaint_id,
				long version, double expires, unsigned long generation, void *data)
{
	track_cache_entry *entry;

	if (cache->nslots == 0 || !token_fits(token))
	{
		if (data != NULL && cache->free_data != NULL)
			cache->free_data(data);
		return;
	}
	entry = find(cache, token);
	if (entry == NULL)
	{
		track_cache_entry *set = set_of(cache, token);

		entry = &set[0];
		for (size_t i = 0; i < cache->ways && entry->token[0] != '\0'; i++)
		{
			if (set[i].token[0] == '\0' || set[i].last_used < entry->last_used)
				entry = &set[i];
		}
	}
	release(cache, entry);
	memcpy(entry->token, token, TRACK_CACHE_TOKEN_LEN);
	entry->token[TRACK_CACHE_TOKEN_LEN] = '\0';
	entry->complaint_id = complaint_id;
	entry->version = version;
	entry->expires = expires;
	entry->generation = generation;
	entry->last_used = ++cache->clock;
	entry->data = data;
}

void
track_cache_forget_token(track_cache *cache, const char *token)
{
	track_cache_entry *entry;

	if (cache->nslots == 0 || !token_fits(token))
		return;
	entry = find(cache, token);
	if (entry != NULL)
		release(cache, entry);
}

void
track_cache_forget_complaint(track_cache *cache, long long complaint_id)
{
	for (size_t i = 0; i < cache->nslots; i++)
	{
		if (cache->slots[i].token[0] != '\0' && cache->slots[i].complaint_id == complaint_id)
			release(cache, &cache->slots[i]);
	}
}

/*
 * Apply the payload of a notification on the channel masbup_reporter_view.
 * A complaint_id removes that complaint's entries. "all", or any other
 * payload, removes every entry.
 */
void
track_cache_notify(track_cache *cache, const char *payload)
{
	long long	complaint_id = 0;
	const char *c = payload;

	if (c == NULL || *c == '\0')
	{
		track_cache_clear(cache);
		return;
	}
	for (; *c; c++)
	{
		if (*c < '0' || *c > '9' || complaint_id > (LLONG_MAX - 9) / 10)
		{
			track_cache_clear(cache);
			return;
		}
		complaint_id = complaint_id * 10 + (*c - '0');
	}
	track_cache_forget_complaint(cache, complaint_id);
}
