/*
 * forms.h
 *	  The declared fields of every page: what each query string and form
 *	  body may contain. Pure data, shared by the program, the unit tests and
 *	  the fuzzer.
 */
#ifndef MASBUP_FORMS_H
#define MASBUP_FORMS_H

#include "request.h"

/* Query strings. */
extern const req_table form_query_lang;
extern const req_table form_query_complaint;
extern const req_table form_query_list;
extern const req_table form_query_track_status;

/* Form bodies. */
extern const req_table form_submit;
extern const req_table form_track;
extern const req_table form_acknowledge;
extern const req_table form_login;
extern const req_table form_logout;
extern const req_table form_action;

/* Complaint categories offered on the form, NULL-terminated. */
extern const char *const form_categories[];

#endif							/* MASBUP_FORMS_H */
