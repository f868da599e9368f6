/*
 * fuzz_request.c
 *	  libFuzzer target for the web front-end's request parser: form input
 *	  against every page's field table, and the Cookie header. Built and run
 *	  by tests/fuzz/run.
 *
 * The first input byte chooses what to parse (its value modulo 10): 0 to 8
 * pick a field table in the order of the tables[] array below, 9 the cookie
 * parser. The rest of the input is the form or header text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms.h"
#include "request.h"

static const req_table *const tables[] = {
	&form_query_lang,
	&form_query_complaint,
	&form_query_list,
	&form_submit,
	&form_track,
	&form_acknowledge,
	&form_login,
	&form_logout,
	&form_action,
};

#define NTABLES (sizeof(tables) / sizeof(tables[0]))

static void
broken_invariant(const char *what)
{
	fprintf(stderr, "fuzz_request: invariant broken: %s\n", what);
	abort();
}

/* What the pages rely on: only validated values come out, and a rejected input keeps nothing. */
static void
check_form(const req_form *form)
{
	const req_table *table = &form->table;
	bool		rejected = req_status_rejects_input(form->status);

	for (size_t i = 0; i < table->nfields; i++)
	{
		const req_field *field = &table->fields[i];
		const char *value = req_get(form, field->name);
		const char *raw = req_raw(form, field->name);

		if (rejected && raw != NULL)
			broken_invariant("a rejected input kept a value");
		if (raw != NULL && strlen(raw) != form->lengths[i])
			broken_invariant("a decoded value contains a NUL byte");
		if (value == NULL)
		{
			if (form->status == REQ_OK && field->required)
				broken_invariant("a required field is missing although parsing succeeded");
			continue;
		}
		if (form->lengths[i] == 0 || form->lengths[i] > field->max_len)
			broken_invariant("a value outside its length limits was accepted");
		if (!req_validate(field, value, form->lengths[i]))
			broken_invariant("a value that fails its validator was accepted");
	}
	if (form->status != REQ_OK && req_error_field_name(form) == NULL &&
		!rejected)
		broken_invariant("a field error names no field");
}

static void
check_cookies(const char *header)
{
	req_cookies jar;

	if (req_parse_cookies(&jar, header) == REQ_OK)
	{
		for (size_t i = 0; i < jar.count; i++)
		{
			if (jar.items[i].name[0] == '\0')
				broken_invariant("a cookie with an empty name was kept");
			if (req_cookie_get(&jar, jar.items[i].name) == NULL)
				broken_invariant("a kept cookie cannot be found by its name");
		}
	}
	req_cookies_free(&jar);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		selector;

	if (size == 0)
		return 0;
	selector = data[0] % (NTABLES + 1);
	data++;
	size--;

	if (selector == NTABLES)
	{
		char	   *header = malloc(size + 1);

		if (header == NULL)
			return 0;
		memcpy(header, data, size);
		header[size] = '\0';
		check_cookies(header);
		free(header);
	}
	else
	{
		req_form	form;

		/* No terminating NUL: the parser must stay within size bytes. */
		req_parse(&form, *tables[selector], (const char *) data, size);
		check_form(&form);
		req_form_free(&form);
	}
	return 0;
}
