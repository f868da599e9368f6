/*
 * buf.c
 *	  Growable string buffer.
 *
 * A page that cannot allocate memory cannot send a response either, so an
 * allocation failure aborts the process and the web server reports the
 * request as failed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
buf_init(strbuf *buf)
{
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
}

void
buf_free(strbuf *buf)
{
	free(buf->data);
	buf_init(buf);
}

void
buf_reset(strbuf *buf)
{
	buf->len = 0;
	if (buf->data)
		buf->data[0] = '\0';
}

/* Make room for extra bytes more, plus the terminating NUL. */
static void
buf_reserve(strbuf *buf, size_t extra)
{
	size_t		need = buf->len + extra + 1;
	size_t		cap = buf->cap ? buf->cap : 1024;
	char	   *grown;

	if (need <= buf->cap)
		return;
	while (cap < need)
		cap *= 2;
	grown = realloc(buf->data, cap);
	if (grown == NULL)
	{
		fputs("masbup-web: out of memory\n", stderr);
		abort();
	}
	buf->data = grown;
	buf->cap = cap;
}

void
buf_addn(strbuf *buf, const char *s, size_t n)
{
	buf_reserve(buf, n);
	memcpy(buf->data + buf->len, s, n);
	buf->len += n;
	buf->data[buf->len] = '\0';
}

void
buf_add(strbuf *buf, const char *s)
{
	buf_addn(buf, s, strlen(s));
}

void
buf_addf(strbuf *buf, const char *fmt,...)
{
	va_list		args;
	int			n;

	va_start(args, fmt);
	n = vsnprintf(NULL, 0, fmt, args);
	va_end(args);
	if (n < 0)
		return;

	buf_reserve(buf, (size_t) n);
	va_start(args, fmt);
	vsnprintf(buf->data + buf->len, (size_t) n + 1, fmt, args);
	va_end(args);
	buf->len += (size_t) n;
}

/* The contents as a C string; "" when nothing was added. */
const char *
buf_str(const strbuf *buf)
{
	return buf->data ? buf->data : "";
}
