/*
 * hallo_masbup--1.1--1.2.sql
 *	  Reporter tracking sessions: the access code is checked once, and the
 *	  track page then reads the timeline with a session token. Notifications
 *	  on the channel masbup_reporter_view tell a front-end which cached
 *	  timelines may have changed.
 */

\echo Use "ALTER EXTENSION hallo_masbup UPDATE TO '1.2'" to load this file. \quit

/* ------------------------------------------------------------------------
 * Settings
 * ------------------------------------------------------------------------ */

INSERT INTO masbup.setting (name, value, description, origin) VALUES
	('reporter_session_minutes', '30', 'minutes a reporter''s tracking session lasts after the access code was checked', 'extension');

/* ------------------------------------------------------------------------
 * Tracking sessions
 * ------------------------------------------------------------------------ */

CREATE TABLE masbup.reporter_session (
	token_hash	bytea PRIMARY KEY,
	complaint_id bigint NOT NULL REFERENCES masbup.complaint,
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	expires_at	timestamptz NOT NULL,
	ended_at	timestamptz
);

COMMENT ON TABLE masbup.reporter_session IS 'Tracking sessions of reporters; only the SHA-256 of each token is stored. Not dumped: a restore ends all tracking sessions';

CREATE INDEX reporter_session_complaint_idx ON masbup.reporter_session (complaint_id);

-- Without a policy, a role granted SELECT by mistake still reads no row, as on staff_session.
ALTER TABLE masbup.reporter_session ENABLE ROW LEVEL SECURITY;

/*
 * Return the audited events of a complaint as its reporter sees them.
 * Internal notes between desks stay internal. The reporter reads the rejection
 * reason, their own note, and the agency's result once the regency admin
 * has forwarded the answer (before that it is unverified).
 *
 * PL/pgSQL rather than SQL: a SQL function with a SET clause is planned
 * again on every call, while PL/pgSQL keeps the plan for the session, and a
 * track page that misses the front-end's cache calls this once per view.
 */
CREATE FUNCTION masbup.reporter_events(complaint_id bigint)
RETURNS TABLE (seq integer, at timestamptz, action text, action_label text, action_label_en text,
	state text, state_label text, state_label_en text, opd_name text, note text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RETURN QUERY
	SELECT e.seq, e.at, e.action, a.label_id, a.label_en, e.to_state, s.label_id, s.label_en, o.name,
		CASE WHEN e.action IN ('close_out_of_scope', 'acknowledge') THEN e.note
			WHEN e.action = 'report_follow_up' AND c.answered_at IS NOT NULL THEN e.note END
	FROM masbup.complaint_event e
	JOIN masbup.complaint c ON c.complaint_id = e.complaint_id
	JOIN masbup.action a ON a.action = e.action
	JOIN masbup.state s ON s.state = e.to_state
	LEFT JOIN masbup.opd o ON o.opd_id = e.opd_id
	WHERE e.complaint_id = reporter_events.complaint_id
	ORDER BY e.seq;
END
$$;

/* The same timeline as in 1.1, now read from reporter_events, which holds the rules on notes. */
CREATE OR REPLACE FUNCTION masbup.reporter_timeline(tracking_no text, access_code text)
RETURNS TABLE (status text, locked_until timestamptz, seq integer, at timestamptz,
	action text, action_label text, state text, state_label text, opd_name text, note text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	access record := masbup.reporter_access(reporter_timeline.tracking_no, reporter_timeline.access_code);
BEGIN
	IF access.status <> 'ok' THEN
		status := access.status;
		locked_until := access.locked_until;
		RETURN NEXT;
		RETURN;
	END IF;

	RETURN QUERY
	SELECT 'ok'::text, NULL::timestamptz, e.seq, e.at, e.action, e.action_label, e.state,
		e.state_label, e.opd_name, e.note
	FROM masbup.reporter_events(access.complaint_id) AS e
	ORDER BY e.seq;
END
$$;

/*
 * Return the open tracking session of a token, or raise MB015. A session
 * is open until its expires_at passes or the reporter logs out.
 */
CREATE FUNCTION masbup.find_reporter_session(session_token text)
RETURNS masbup.reporter_session
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	found_session masbup.reporter_session;
BEGIN
	IF session_token IS NULL THEN
		RAISE EXCEPTION 'tracking session is invalid or has expired'
			USING ERRCODE = 'MB015',
				DETAIL = 'The session token is missing.',
				HINT = 'Enter the tracking number and access code again.';
	END IF;

	SELECT * INTO found_session FROM masbup.reporter_session s
	WHERE s.token_hash = sha256(convert_to(session_token, 'UTF8'))
		AND s.ended_at IS NULL AND s.expires_at > now();
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tracking session is invalid or has expired'
			USING ERRCODE = 'MB015',
				HINT = 'Enter the tracking number and access code again.';
	END IF;
	RETURN found_session;
END
$$;

/*
 * Check a tracking number and access code through reporter_access, so with
 * one bcrypt check and the same lock-out, and open a tracking session.
 * status is that of reporter_access: ok (with the token and its expiry),
 * invalid, or locked (with the time the lock ends). Like reporter_access it
 * returns failures instead of raising them, so the caller must commit.
 */
CREATE FUNCTION masbup.reporter_login(tracking_no text, access_code text,
	OUT status text, OUT session_token text, OUT expires_at timestamptz, OUT locked_until timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	-- Read first, so a broken setting fails before a wrong access code is counted.
	session_minutes integer := masbup.setting_integer('reporter_session_minutes');
	access record := masbup.reporter_access(reporter_login.tracking_no, reporter_login.access_code);
BEGIN
	status := access.status;
	locked_until := access.locked_until;
	IF access.status <> 'ok' THEN
		RETURN;
	END IF;

	-- Nothing else deletes sessions, so each login clears its complaint's old ones.
	DELETE FROM masbup.reporter_session s
	WHERE s.complaint_id = access.complaint_id
		AND (s.ended_at IS NOT NULL OR s.expires_at <= now());

	session_token := encode(gen_random_bytes(32), 'hex');
	expires_at := now() + make_interval(mins => session_minutes);
	INSERT INTO masbup.reporter_session (token_hash, complaint_id, expires_at)
	VALUES (sha256(convert_to(session_token, 'UTF8')), access.complaint_id, reporter_login.expires_at);
END
$$;

/*
 * The reporter's timeline through a tracking session: one row per audited
 * event, with the complaint's current event_count and the session's expiry
 * on every row. Reads only, so a page view costs no bcrypt check and no
 * write. PL/pgSQL, like reporter_events, so that its plan is kept.
 */
CREATE FUNCTION masbup.reporter_session_timeline(session_token text)
RETURNS TABLE (complaint_id bigint, tracking_no text, event_count integer, expires_at timestamptz,
	seq integer, at timestamptz, action text, action_label text, action_label_en text,
	state text, state_label text, state_label_en text, opd_name text, note text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	tracking masbup.reporter_session := masbup.find_reporter_session(session_token);
BEGIN
	RETURN QUERY
	SELECT c.complaint_id, c.tracking_no, c.event_count, tracking.expires_at,
		e.seq, e.at, e.action, e.action_label, e.action_label_en,
		e.state, e.state_label, e.state_label_en, e.opd_name, e.note
	FROM masbup.complaint c
	CROSS JOIN LATERAL masbup.reporter_events(c.complaint_id) AS e
	WHERE c.complaint_id = tracking.complaint_id
	ORDER BY e.seq;
END
$$;

/* The reporter acknowledges the answer through a tracking session, which closes the complaint. */
CREATE FUNCTION masbup.reporter_acknowledge(session_token text, note text DEFAULT NULL)
RETURNS TABLE (state text, event_seq integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	tracking masbup.reporter_session := masbup.find_reporter_session(session_token);
	c masbup.complaint;
BEGIN
	c := masbup.apply_action(tracking.complaint_id, 'acknowledge', 'reporter', NULL,
		reporter_acknowledge.note, NULL, NULL, NULL);
	state := c.state;
	event_seq := c.event_count;
	RETURN NEXT;
END
$$;

CREATE FUNCTION masbup.reporter_logout(session_token text)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH ended AS (
		UPDATE masbup.reporter_session s SET ended_at = now()
		WHERE s.token_hash = sha256(convert_to(session_token, 'UTF8'))
			AND s.ended_at IS NULL AND s.expires_at > now()
		RETURNING 1
	)
	SELECT count(*) > 0 FROM ended
$$;

COMMENT ON FUNCTION masbup.reporter_login(text, text) IS 'checks a tracking number and access code once and opens a tracking session; status ok, invalid or locked';
COMMENT ON FUNCTION masbup.reporter_session_timeline(text) IS 'the reporter''s timeline through a tracking session, without a check of the access code; MB015 when the session is invalid or expired';
COMMENT ON FUNCTION masbup.reporter_acknowledge(text, text) IS 'the reporter confirms through a tracking session that the answer arrived, which closes the complaint';
COMMENT ON FUNCTION masbup.reporter_logout(text) IS 'ends a tracking session; false when it was not open';

/* ------------------------------------------------------------------------
 * Notifications for front-ends that cache reporters' timelines
 * ------------------------------------------------------------------------ */

/*
 * Send the complaint_id of the changed row on masbup_reporter_view. A
 * changed complaint may have a new event, state or answer, and a changed or
 * deleted tracking session may no longer be open, so a front-end drops what
 * it cached for that complaint. PostgreSQL sends the notification at commit,
 * and identical ones of a transaction only once.
 */
CREATE FUNCTION masbup.notify_reporter_view_row()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_WHEN <> 'AFTER' OR TG_LEVEL <> 'ROW' OR TG_OP NOT IN ('UPDATE', 'DELETE') THEN
		RAISE EXCEPTION 'masbup.notify_reporter_view_row() must be fired AFTER UPDATE OR DELETE, FOR EACH ROW'
			USING ERRCODE = 'trigger_protocol_violated';
	END IF;
	PERFORM pg_notify('masbup_reporter_view', OLD.complaint_id::text);
	RETURN NULL;
END
$$;

/*
 * Send 'all' on masbup_reporter_view. Every timeline shows the labels of
 * states and actions and the names of agencies, and a truncated session
 * table ends every tracking session.
 */
CREATE FUNCTION masbup.notify_reporter_view_all()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_WHEN <> 'AFTER' OR TG_LEVEL <> 'STATEMENT' THEN
		RAISE EXCEPTION 'masbup.notify_reporter_view_all() must be fired AFTER, FOR EACH STATEMENT'
			USING ERRCODE = 'trigger_protocol_violated';
	END IF;
	PERFORM pg_notify('masbup_reporter_view', 'all');
	RETURN NULL;
END
$$;

COMMENT ON FUNCTION masbup.notify_reporter_view_row() IS 'notifies masbup_reporter_view with the complaint_id of a changed complaint or tracking session';
COMMENT ON FUNCTION masbup.notify_reporter_view_all() IS 'notifies masbup_reporter_view with ''all'' after a change that every reporter''s timeline shows';

CREATE TRIGGER complaint_reporter_view
	AFTER UPDATE ON masbup.complaint
	FOR EACH ROW EXECUTE FUNCTION masbup.notify_reporter_view_row();
CREATE TRIGGER reporter_session_view
	AFTER UPDATE OR DELETE ON masbup.reporter_session
	FOR EACH ROW EXECUTE FUNCTION masbup.notify_reporter_view_row();
CREATE TRIGGER reporter_session_view_truncate
	AFTER TRUNCATE ON masbup.reporter_session
	FOR EACH STATEMENT EXECUTE FUNCTION masbup.notify_reporter_view_all();
CREATE TRIGGER state_reporter_view
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON masbup.state
	FOR EACH STATEMENT EXECUTE FUNCTION masbup.notify_reporter_view_all();
CREATE TRIGGER action_reporter_view
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON masbup.action
	FOR EACH STATEMENT EXECUTE FUNCTION masbup.notify_reporter_view_all();
CREATE TRIGGER opd_reporter_view
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON masbup.opd
	FOR EACH STATEMENT EXECUTE FUNCTION masbup.notify_reporter_view_all();

/* ------------------------------------------------------------------------
 * Grants. A new function is executable by PUBLIC until revoked; the web
 * front-end gets the four functions of the tracking page.
 * ------------------------------------------------------------------------ */

REVOKE EXECUTE ON FUNCTION
	masbup.reporter_events(bigint), masbup.find_reporter_session(text),
	masbup.reporter_login(text, text), masbup.reporter_session_timeline(text),
	masbup.reporter_acknowledge(text, text), masbup.reporter_logout(text),
	masbup.notify_reporter_view_row(), masbup.notify_reporter_view_all()
FROM PUBLIC;

GRANT EXECUTE ON FUNCTION
	masbup.reporter_login(text, text), masbup.reporter_session_timeline(text),
	masbup.reporter_acknowledge(text, text), masbup.reporter_logout(text)
TO masbup_web;

/* ------------------------------------------------------------------------
 * pgcrypto may live in any schema: find it for the functions that use it
 * ------------------------------------------------------------------------ */

DO $$
DECLARE
	crypto_schema name := (SELECT n.nspname FROM pg_catalog.pg_extension e
		JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pgcrypto');
	target text;
BEGIN
	FOREACH target IN ARRAY ARRAY['masbup.reporter_login(text, text)']
	LOOP
		EXECUTE pg_catalog.format('ALTER FUNCTION %s SET search_path = pg_catalog, %I, pg_temp',
			target, crypto_schema);
	END LOOP;
END
$$;
