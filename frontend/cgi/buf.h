/*
 * buf.h
 *	  A growable string buffer that pages write their HTML into before the
 *	  response is sent. Running out of memory ends the process (see buf.c).
 */
#ifndef MASBUP_BUF_H
#define MASBUP_BUF_H

#include <stddef.h>

typedef struct strbuf
{
	char	   *data;			/* NUL-terminated once anything was added */
	size_t		len;
	size_t		cap;
} strbuf;

extern void buf_init(strbuf *buf);
extern void buf_free(strbuf *buf);
extern void buf_reset(strbuf *buf);
extern void buf_addn(strbuf *buf, const char *s, size_t n);
extern void buf_add(strbuf *buf, const char *s);
extern void buf_addf(strbuf *buf, const char *fmt,...)
			__attribute__((format(__printf__, 2, 3)));
extern const char *buf_str(const strbuf *buf);

#endif							/* MASBUP_BUF_H */
