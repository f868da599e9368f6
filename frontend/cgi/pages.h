/*
 * pages.h
 *	  The page handlers that main.c routes to. Each one gets a request whose
 *	  query and body already passed their field tables (and, for a POST, the
 *	  CSRF check) and fills in the response.
 */
#ifndef MASBUP_PAGES_H
#define MASBUP_PAGES_H

#include "web.h"

typedef void (*page_handler) (web_request *req, web_response *res);

/* Name of the cookie that contains a reporter's tracking session token. */
#define TRACKING_COOKIE "masbup_lacak"

/* pages_public.c */
extern bool pages_public_init(bool fastcgi);
extern void pages_public_cleanup(void);
extern void page_home(web_request *req, web_response *res);
extern void page_submit_form(web_request *req, web_response *res);
extern void page_submit(web_request *req, web_response *res);
extern void page_track_form(web_request *req, web_response *res);
extern void page_track(web_request *req, web_response *res);
extern void page_track_status(web_request *req, web_response *res);
extern void page_acknowledge(web_request *req, web_response *res);
extern void page_track_logout(web_request *req, web_response *res);

/* pages_staff.c */
extern void page_login_form(web_request *req, web_response *res);
extern void page_login(web_request *req, web_response *res);
extern void page_logout(web_request *req, web_response *res);
extern void page_desk(web_request *req, web_response *res);
extern void page_complaint(web_request *req, web_response *res);
extern void page_action(web_request *req, web_response *res);
extern void page_all(web_request *req, web_response *res);
extern void page_reports(web_request *req, web_response *res);

#endif							/* MASBUP_PAGES_H */
