/*
 * hallo_masbup--1.0--1.1.sql
 *	  Staff logins and sessions, roles and grants, row-level security and
 *	  the reporter's privacy, concurrent actions, the notification outbox
 *	  consumer, automatic closing of unacknowledged answers, and checks on
 *	  the transition table when it is written.
 */

\echo Use "ALTER EXTENSION hallo_masbup UPDATE TO '1.1'" to load this file. \quit

/* ------------------------------------------------------------------------
 * Settings
 * ------------------------------------------------------------------------ */

INSERT INTO masbup.setting (name, value, description, origin) VALUES
	('session_idle_minutes', '30', 'minutes without a call after which a staff session ends', 'extension'),
	('login_max_failures', '5', 'wrong passwords in a row that lock a staff account', 'extension'),
	('login_lock_minutes', '15', 'minutes a staff account stays locked after too many wrong passwords', 'extension'),
	('password_min_length', '10', 'shortest staff password accepted', 'extension'),
	('access_code_max_failures', '5', 'wrong access codes in a row that lock a complaint''s reporter access', 'extension'),
	('access_code_lock_minutes', '15', 'minutes the reporter access of a complaint stays locked', 'extension'),
	('auto_close_working_days', '10', 'working days after the answer before an unacknowledged complaint closes by itself', 'extension');

CREATE FUNCTION masbup.setting_integer(name text)
RETURNS integer
AS 'MODULE_PATHNAME', 'masbup_setting_integer'
LANGUAGE C STABLE STRICT;

COMMENT ON FUNCTION masbup.setting_integer(text) IS 'a whole-number setting from masbup.setting; an error names a missing or invalid one';

/*
 * Re-adding a deleted installed row must insert it. In 1.0 the row was
 * dropped silently, because the check after EXECUTE read FOUND, which
 * EXECUTE does not set.
 */
CREATE OR REPLACE FUNCTION masbup.track_builtin_rows()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	key_columns text[] := masbup.primary_key_columns(TG_TABLE_NAME);
	old_key jsonb;
	new_key jsonb;
	all_columns text;
	key_match text;
	updated_rows bigint;
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF OLD.origin <> 'user' THEN
			INSERT INTO masbup.builtin_row_removed (table_name, row_key)
			VALUES (TG_TABLE_NAME, masbup.row_key(TG_TABLE_NAME, to_jsonb(OLD)))
			ON CONFLICT DO NOTHING;
		END IF;
		RETURN OLD;
	END IF;

	new_key := masbup.row_key(TG_TABLE_NAME, to_jsonb(NEW));

	IF TG_OP = 'UPDATE' THEN
		IF OLD.origin = 'user' OR (to_jsonb(NEW) - 'origin') = (to_jsonb(OLD) - 'origin') THEN
			RETURN NEW;
		END IF;
		old_key := masbup.row_key(TG_TABLE_NAME, to_jsonb(OLD));
		IF old_key = new_key THEN
			NEW.origin := 'extension_changed';
		ELSE
			-- A changed key is a deletion of the installed row plus a new row.
			INSERT INTO masbup.builtin_row_removed (table_name, row_key)
			VALUES (TG_TABLE_NAME, old_key)
			ON CONFLICT DO NOTHING;
			NEW.origin := 'user';
		END IF;
		RETURN NEW;
	END IF;

	-- INSERT: re-adding a deleted installed row makes it a changed one again.
	DELETE FROM masbup.builtin_row_removed r
	WHERE r.table_name = TG_TABLE_NAME AND r.row_key = new_key;
	IF FOUND THEN
		NEW.origin := 'extension_changed';
	END IF;

	-- On restore, a changed installed row replaces the one CREATE EXTENSION made.
	IF NEW.origin = 'extension_changed' THEN
		SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
		INTO all_columns
		FROM pg_attribute a
		WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped;
		SELECT string_agg(format('t.%1$I = r.%1$I', c), ' AND ')
		INTO key_match
		FROM unnest(key_columns) AS c;

		EXECUTE format('UPDATE %I.%I AS t SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::%I.%I, $1) AS r) '
			'FROM jsonb_populate_record(NULL::%I.%I, $1) AS r WHERE %s AND t.origin = ''extension''',
			TG_TABLE_SCHEMA, TG_TABLE_NAME, all_columns, all_columns,
			TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_TABLE_SCHEMA, TG_TABLE_NAME, key_match)
		USING to_jsonb(NEW);
		-- EXECUTE leaves FOUND alone, so count the rows it updated.
		GET DIAGNOSTICS updated_rows = ROW_COUNT;
		IF updated_rows > 0 THEN
			RETURN NULL;
		END IF;
	END IF;
	RETURN NEW;
END
$$;


/* ------------------------------------------------------------------------
 * Roles. Group roles own no objects; login roles join them (see
 * frontend/psql/setup_roles.sql). Roles are cluster-wide, so they may exist.
 * ------------------------------------------------------------------------ */

DO $$
DECLARE
	group_role text;
BEGIN
	FOREACH group_role IN ARRAY ARRAY['masbup_web', 'masbup_staff', 'masbup_report',
		'masbup_notifier', 'masbup_scheduler']
	LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = group_role) THEN
			EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', group_role);
		END IF;
	END LOOP;
END
$$;

/* ------------------------------------------------------------------------
 * The system actor and automatic closing
 * ------------------------------------------------------------------------ */

INSERT INTO masbup.workflow_role (role, label_id, label_en, origin) VALUES
	('system', 'Sistem', 'System', 'extension');
INSERT INTO masbup.action (action, label_id, label_en, origin) VALUES
	('close_unacknowledged', 'Ditutup otomatis: jawaban tidak dikonfirmasi', 'Closed: answer not acknowledged', 'extension');
INSERT INTO masbup.transition (action, actor_role, from_states, to_state, requires_note, requires_opd, origin) VALUES
	('close_unacknowledged', 'system', '{answered}', 'closed', false, false, 'extension');

ALTER TABLE masbup.staff DROP CONSTRAINT staff_role_check;
ALTER TABLE masbup.staff ADD CONSTRAINT staff_role_check CHECK (role NOT IN ('reporter', 'system'));

/* ------------------------------------------------------------------------
 * Staff passwords and sessions
 * ------------------------------------------------------------------------ */

ALTER TABLE masbup.staff
	ADD COLUMN password_hash text,
	ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
	ADD COLUMN locked_until timestamptz,
	ADD COLUMN password_changed_at timestamptz;

COMMENT ON COLUMN masbup.staff.password_hash IS 'bcrypt hash made by pgcrypto crypt(); NULL means the member cannot log in to the web front-end';

CREATE TABLE masbup.staff_session (
	token_hash	bytea PRIMARY KEY,
	staff_id	bigint NOT NULL REFERENCES masbup.staff,
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	last_seen_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	ended_at	timestamptz
);

COMMENT ON TABLE masbup.staff_session IS 'Web sessions of staff; only the SHA-256 of each token is stored. Not dumped: a restore logs everyone out';

CREATE INDEX staff_session_staff_idx ON masbup.staff_session (staff_id);

-- Not STRICT: a NULL token must raise like any other invalid token.
CREATE FUNCTION masbup.session_staff(session_token text)
RETURNS bigint
AS 'MODULE_PATHNAME', 'masbup_session_staff'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION masbup.session_staff(text) IS 'staff_id behind an open session token, extending its idle time; MB015 when the session is invalid or expired';

/* The active staff member of an open session, as a row. */
CREATE FUNCTION masbup.session_actor(session_token text)
RETURNS masbup.staff
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT s.* FROM masbup.session_staff(session_token) AS id JOIN masbup.staff s ON s.staff_id = id
$$;

/*
 * Check a staff member's password and open a session. Failures are counted
 * and lock the account for a while; because an error would roll the count
 * back, failures are returned as a status instead of raised:
 * ok (with the token), invalid, or locked (with the time it ends).
 */
CREATE FUNCTION masbup.staff_login(username text, password text,
	OUT session_token text, OUT status text, OUT locked_until timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	member masbup.staff;
	max_failures integer := masbup.setting_integer('login_max_failures');
	lock_minutes integer := masbup.setting_integer('login_lock_minutes');
BEGIN
	SELECT * INTO member FROM masbup.staff s WHERE s.username = lower(btrim(staff_login.username)) FOR UPDATE;

	IF NOT FOUND OR NOT member.is_active OR member.password_hash IS NULL THEN
		-- Hash anyway, so an unknown username takes as long as a wrong password.
		PERFORM crypt(coalesce(staff_login.password, ''), gen_salt('bf', 8));
		status := 'invalid';
		RETURN;
	END IF;

	IF member.locked_until > now() THEN
		status := 'locked';
		locked_until := member.locked_until;
		RETURN;
	END IF;

	IF member.password_hash <> crypt(coalesce(staff_login.password, ''), member.password_hash) THEN
		-- After a lock ends the count starts again.
		UPDATE masbup.staff s
		SET failed_logins = CASE WHEN s.locked_until IS NULL THEN s.failed_logins ELSE 0 END + 1,
			locked_until = CASE WHEN CASE WHEN s.locked_until IS NULL THEN s.failed_logins ELSE 0 END + 1 >= max_failures
				THEN now() + make_interval(mins => lock_minutes) END
		WHERE s.staff_id = member.staff_id
		RETURNING s.locked_until INTO staff_login.locked_until;
		status := CASE WHEN staff_login.locked_until IS NULL THEN 'invalid' ELSE 'locked' END;
		RETURN;
	END IF;

	UPDATE masbup.staff s SET failed_logins = 0, locked_until = NULL WHERE s.staff_id = member.staff_id;
	session_token := encode(gen_random_bytes(32), 'hex');
	INSERT INTO masbup.staff_session (token_hash, staff_id)
	VALUES (sha256(convert_to(session_token, 'UTF8')), member.staff_id);
	status := 'ok';
END
$$;

COMMENT ON FUNCTION masbup.staff_login(text, text) IS 'opens a session for a staff member; status ok, invalid or locked';

CREATE FUNCTION masbup.staff_logout(session_token text)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH ended AS (
		UPDATE masbup.staff_session s SET ended_at = now()
		WHERE s.token_hash = sha256(convert_to(session_token, 'UTF8')) AND s.ended_at IS NULL
		RETURNING 1
	)
	SELECT count(*) > 0 FROM ended
$$;

COMMENT ON FUNCTION masbup.staff_logout(text) IS 'ends a session; false when it was not open';

/* Raise MB017 unless a new password is long enough and not trivial. */
CREATE FUNCTION masbup.check_new_password(username text, password text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	min_length integer := masbup.setting_integer('password_min_length');
BEGIN
	IF password IS NULL OR char_length(password) < min_length THEN
		RAISE EXCEPTION 'password too short: % characters', char_length(coalesce(password, ''))
			USING ERRCODE = 'MB017',
				HINT = format('Choose a password of at least %s characters.', min_length);
	END IF;
	IF position(lower(username) IN lower(password)) > 0 THEN
		RAISE EXCEPTION 'password contains the username'
			USING ERRCODE = 'MB017',
				HINT = 'Choose a password that does not contain the username.';
	END IF;
END
$$;

/* A staff member changes their own password; other sessions of theirs end. */
CREATE FUNCTION masbup.staff_change_password(session_token text, old_password text, new_password text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	member masbup.staff := masbup.session_actor(session_token);
BEGIN
	IF member.password_hash IS NULL
		OR member.password_hash <> crypt(coalesce(old_password, ''), member.password_hash) THEN
		RAISE EXCEPTION 'current password is wrong'
			USING ERRCODE = 'MB013',
				HINT = 'Type the password you logged in with.';
	END IF;
	PERFORM masbup.check_new_password(member.username, new_password);

	UPDATE masbup.staff s
	SET password_hash = crypt(new_password, gen_salt('bf', 8)), password_changed_at = now()
	WHERE s.staff_id = member.staff_id;
	UPDATE masbup.staff_session s SET ended_at = now()
	WHERE s.staff_id = member.staff_id AND s.ended_at IS NULL
		AND s.token_hash <> sha256(convert_to(session_token, 'UTF8'));
END
$$;

/* Who a session belongs to, for a front-end's menus; MB015 for an invalid session. */
CREATE FUNCTION masbup.session_info(session_token text)
RETURNS TABLE (username text, full_name text, role text, role_label text, opd_code text)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT actor.username, actor.full_name, actor.role, r.label_id, o.code
	FROM masbup.session_actor(session_token) AS actor
	JOIN masbup.workflow_role r ON r.role = actor.role
	LEFT JOIN masbup.opd o ON o.opd_id = actor.opd_id
$$;

COMMENT ON FUNCTION masbup.session_info(text) IS 'the username, name, role and agency of a session''s staff member';

/* The session's staff member if it is the regency admin; MB016 otherwise. */
CREATE FUNCTION masbup.session_regency_admin(session_token text)
RETURNS masbup.staff
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	member masbup.staff := masbup.session_actor(session_token);
BEGIN
	IF member.staff_id IS NULL OR member.role <> 'admin_pemkab' THEN
		RAISE EXCEPTION 'staff member "%" is not a regency admin', coalesce(member.username, '(none)')
			USING ERRCODE = 'MB016',
				HINT = 'Only the regency admin (admin_pemkab) manages staff and sees every complaint.';
	END IF;
	RETURN member;
END
$$;

/* The regency admin adds a staff member; returns the new staff_id. */
CREATE FUNCTION masbup.staff_create(session_token text, username text, full_name text,
	role text, opd_code text, password text, db_user name DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	found_opd integer;
	new_id bigint;
BEGIN
	PERFORM masbup.session_regency_admin(session_token);
	IF staff_create.role NOT IN ('admin_pemkab', 'admin_kominfo', 'admin_opd') THEN
		RAISE EXCEPTION 'invalid staff role "%"', staff_create.role
			USING ERRCODE = '22023',
				HINT = 'Use admin_pemkab, admin_kominfo or admin_opd.';
	END IF;
	IF staff_create.role = 'admin_opd' THEN
		SELECT o.opd_id INTO found_opd FROM masbup.opd o WHERE o.code = upper(btrim(opd_code));
		IF NOT FOUND THEN
			RAISE EXCEPTION 'agency "%" does not exist', opd_code
				USING ERRCODE = 'MB005',
					HINT = 'An agency admin needs an agency code from masbup.opd, such as DPUPR.';
		END IF;
	ELSIF opd_code IS NOT NULL AND opd_code <> '' THEN
		RAISE EXCEPTION 'role % belongs to no agency, but agency "%" was given', staff_create.role, opd_code
			USING ERRCODE = '22023',
				HINT = 'Leave the agency empty for the regency and Diskominfo admins.';
	END IF;
	PERFORM masbup.check_new_password(staff_create.username, password);

	INSERT INTO masbup.staff (username, full_name, role, opd_id, db_user, password_hash, password_changed_at)
	VALUES (lower(btrim(staff_create.username)), btrim(full_name), staff_create.role, found_opd,
		staff_create.db_user, crypt(password, gen_salt('bf', 8)), now())
	RETURNING staff_id INTO new_id;
	RETURN new_id;
END
$$;

/* The regency admin renames, activates or deactivates a staff member; NULL keeps a value. */
CREATE FUNCTION masbup.staff_update(session_token text, username text, full_name text,
	is_active boolean)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	admin masbup.staff := masbup.session_regency_admin(session_token);
	target masbup.staff;
BEGIN
	SELECT * INTO target FROM masbup.staff s WHERE s.username = lower(btrim(staff_update.username));
	IF NOT FOUND THEN
		RAISE EXCEPTION 'staff member "%" does not exist', staff_update.username
			USING ERRCODE = 'MB008';
	END IF;
	IF target.staff_id = admin.staff_id AND NOT coalesce(staff_update.is_active, true) THEN
		RAISE EXCEPTION 'staff member "%" cannot deactivate themselves', admin.username
			USING ERRCODE = 'MB016',
				HINT = 'Another regency admin must do it.';
	END IF;

	UPDATE masbup.staff s
	SET full_name = coalesce(nullif(btrim(staff_update.full_name), ''), s.full_name),
		is_active = coalesce(staff_update.is_active, s.is_active)
	WHERE s.staff_id = target.staff_id;
	IF NOT coalesce(staff_update.is_active, true) THEN
		UPDATE masbup.staff_session s SET ended_at = now()
		WHERE s.staff_id = target.staff_id AND s.ended_at IS NULL;
	END IF;
END
$$;

/* The regency admin sets a new password for a staff member, which also unlocks the account. */
CREATE FUNCTION masbup.staff_reset_password(session_token text, username text, new_password text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM masbup.session_regency_admin(session_token);
	PERFORM masbup.check_new_password(staff_reset_password.username, new_password);
	UPDATE masbup.staff s
	SET password_hash = crypt(new_password, gen_salt('bf', 8)), password_changed_at = now(),
		failed_logins = 0, locked_until = NULL
	WHERE s.username = lower(btrim(staff_reset_password.username));
	IF NOT FOUND THEN
		RAISE EXCEPTION 'staff member "%" does not exist', staff_reset_password.username
			USING ERRCODE = 'MB008';
	END IF;
	UPDATE masbup.staff_session ss SET ended_at = now()
	FROM masbup.staff s
	WHERE ss.staff_id = s.staff_id AND s.username = lower(btrim(staff_reset_password.username))
		AND ss.ended_at IS NULL;
END
$$;

CREATE FUNCTION masbup.staff_list(session_token text)
RETURNS TABLE (username text, full_name text, role text, opd_code text, is_active boolean,
	locked_until timestamptz, db_user name)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT s.username, s.full_name, s.role, o.code, s.is_active,
		CASE WHEN s.locked_until > now() THEN s.locked_until END, s.db_user
	FROM masbup.staff s
	LEFT JOIN masbup.opd o ON o.opd_id = s.opd_id
	CROSS JOIN masbup.session_regency_admin(session_token) AS admin
	ORDER BY s.role, o.code NULLS FIRST, s.username
$$;

COMMENT ON FUNCTION masbup.staff_create(text, text, text, text, text, text, name) IS 'the regency admin adds a staff member with a password';
COMMENT ON FUNCTION masbup.staff_update(text, text, text, boolean) IS 'the regency admin renames, activates or deactivates a staff member';
COMMENT ON FUNCTION masbup.staff_reset_password(text, text, text) IS 'the regency admin sets a new password, which unlocks the account';
COMMENT ON FUNCTION masbup.staff_list(text) IS 'the staff members, for the regency admin';
COMMENT ON FUNCTION masbup.staff_change_password(text, text, text) IS 'a staff member changes their own password; their other sessions end';

/* ------------------------------------------------------------------------
 * Who may read a complaint
 * ------------------------------------------------------------------------ */

/* The active staff member mapped to the calling database user, or NULL. */
CREATE FUNCTION masbup.current_staff_id()
RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT s.staff_id FROM masbup.staff s WHERE s.db_user = masbup.acting_user() AND s.is_active
$$;

/*
 * May this staff member read this complaint? The regency and Diskominfo
 * admins read every complaint; an agency admin reads the complaints that
 * were ever sent to their agency.
 */
CREATE FUNCTION masbup.staff_can_read(staff_id bigint, complaint_id bigint)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE s.role
		WHEN 'admin_opd' THEN EXISTS (
			SELECT 1 FROM masbup.complaint_event e
			WHERE e.complaint_id = staff_can_read.complaint_id AND e.opd_id = s.opd_id)
		ELSE true
	END
	FROM masbup.staff s
	WHERE s.staff_id = staff_can_read.staff_id AND s.is_active
$$;

/*
 * The reporter's identity as this staff member may see it: the regency
 * admin always; the other staff only when the reporter did not ask for
 * confidentiality (and, for an agency admin, only on complaints that were
 * sent to the agency). Hidden fields come back NULL with hidden = true.
 */
CREATE FUNCTION masbup.reporter_identity_for(staff_id bigint, complaint_id bigint)
RETURNS TABLE (hidden boolean, reporter_name text, reporter_nik text, reporter_phone text,
	reporter_email text, reporter_address text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT NOT visible,
		CASE WHEN visible THEN c.reporter_name END,
		CASE WHEN visible THEN c.reporter_nik END,
		CASE WHEN visible THEN c.reporter_phone END,
		CASE WHEN visible THEN c.reporter_email END,
		CASE WHEN visible THEN c.reporter_address END
	FROM masbup.complaint c
	JOIN masbup.staff s ON s.staff_id = reporter_identity_for.staff_id
	CROSS JOIN LATERAL (SELECT masbup.staff_can_read(s.staff_id, c.complaint_id)
		AND (s.role = 'admin_pemkab' OR NOT c.confidential) AS visible) AS v
	WHERE c.complaint_id = reporter_identity_for.complaint_id
		AND masbup.staff_can_read(s.staff_id, c.complaint_id)
$$;

REVOKE ALL ON FUNCTION masbup.reporter_identity_for(bigint, bigint) FROM PUBLIC;

/* The reporter's identity for the staff member mapped to the calling user (psql). */
CREATE FUNCTION masbup.reporter_identity(complaint_id bigint)
RETURNS TABLE (hidden boolean, reporter_name text, reporter_nik text, reporter_phone text,
	reporter_email text, reporter_address text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT * FROM masbup.reporter_identity_for(masbup.current_staff_id(), reporter_identity.complaint_id)
$$;

/* The calling user's staff member: username, role and agency, or no row. */
CREATE FUNCTION masbup.current_staff()
RETURNS TABLE (username text, role text, opd_code text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT s.username, s.role, o.code
	FROM masbup.staff s LEFT JOIN masbup.opd o ON o.opd_id = s.opd_id
	WHERE s.staff_id = masbup.current_staff_id()
$$;

COMMENT ON FUNCTION masbup.reporter_identity(bigint) IS 'the reporter''s identity as the calling staff member may see it; confidential reporters stay hidden from all but the regency admin';

/* ------------------------------------------------------------------------
 * Actions: concurrent changes and expected versions
 * ------------------------------------------------------------------------ */

DROP FUNCTION masbup.perform(bigint, text, text, text, timestamptz, text);
DROP FUNCTION masbup.apply_action(bigint, text, text, bigint, text, text, timestamptz);

/*
 * Apply one action for an actor that the caller has resolved: lock the
 * complaint, check that nobody changed it meanwhile, check the transition,
 * the role, the agency and the required fields, then update the row (the
 * triggers write the audit log). expected_event_count, when given, is the
 * version of the complaint the actor decided on, as a web form shows it.
 */
CREATE FUNCTION masbup.apply_action(p_complaint_id bigint, p_action text,
	p_role text, p_staff_id bigint, p_note text, p_target_opd text,
	p_at timestamptz, p_expected_event_count integer)
RETURNS masbup.complaint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	c masbup.complaint;
	seen_event_count integer;
	t record;
	staff_opd integer;
	target_opd_id integer;
BEGIN
	-- The version this statement's snapshot shows; the lock below waits for
	-- anyone changing the row and returns the newest version.
	SELECT event_count INTO seen_event_count FROM masbup.complaint WHERE complaint_id = p_complaint_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'complaint % does not exist', p_complaint_id
			USING ERRCODE = 'MB006',
				HINT = 'Look the complaint up by tracking number in masbup.complaint_status.';
	END IF;
	SELECT * INTO c FROM masbup.complaint WHERE complaint_id = p_complaint_id FOR UPDATE;

	IF c.event_count <> seen_event_count
		OR c.event_count IS DISTINCT FROM coalesce(p_expected_event_count, c.event_count) THEN
		RAISE EXCEPTION 'complaint % has changed: it is now in state % after event %',
			c.tracking_no, c.state, c.event_count
			USING ERRCODE = 'MB007',
				DETAIL = format('The action %s was decided on event %s.', p_action,
					coalesce(p_expected_event_count, seen_event_count)),
				HINT = 'Reload the complaint and choose the action again.';
	END IF;

	t := masbup.check_transition(c.tracking_no, c.state, p_action, p_role);

	IF p_role = 'admin_opd' THEN
		SELECT opd_id INTO staff_opd FROM masbup.staff WHERE staff_id = p_staff_id;
		IF c.opd_id IS DISTINCT FROM staff_opd THEN
			RAISE EXCEPTION 'complaint % is assigned to agency %, not to agency %',
				c.tracking_no,
				coalesce((SELECT code FROM masbup.opd WHERE opd_id = c.opd_id), '(none)'),
				coalesce((SELECT code FROM masbup.opd WHERE opd_id = staff_opd), '(none)')
				USING ERRCODE = 'MB003',
					HINT = 'Only an admin of the agency that holds the complaint may act on it.';
		END IF;
	END IF;

	IF t.requires_note AND coalesce(btrim(p_note), '') = '' THEN
		RAISE EXCEPTION 'action % on complaint % requires a reason', p_action, c.tracking_no
			USING ERRCODE = 'MB004',
				HINT = 'Write the reason or the result of the follow-up in the note.';
	END IF;

	IF t.requires_opd THEN
		IF p_target_opd IS NULL THEN
			RAISE EXCEPTION 'action % on complaint % requires a target agency', p_action, c.tracking_no
				USING ERRCODE = 'MB005',
					HINT = 'Pass the code of the agency, as listed in masbup.opd.';
		END IF;
		SELECT opd_id INTO target_opd_id FROM masbup.opd WHERE code = upper(btrim(p_target_opd)) AND is_active;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'agency "%" does not exist', p_target_opd
				USING ERRCODE = 'MB005',
					HINT = 'Use an active agency code from masbup.opd, such as DPUPR.';
		END IF;
	ELSIF p_target_opd IS NOT NULL THEN
		RAISE EXCEPTION 'action % takes no target agency', p_action
			USING ERRCODE = 'MB005',
				HINT = 'Only forward_to_opd names an agency; leave the target empty.';
	END IF;

	UPDATE masbup.complaint
	SET state = t.to_state,
		opd_id = coalesce(target_opd_id, opd_id),
		event_count = event_count + 1,
		last_event_at = coalesce(p_at, now()),
		last_action = p_action,
		last_actor_role = p_role,
		last_staff_id = p_staff_id,
		last_note = nullif(btrim(p_note), '')
	WHERE complaint_id = p_complaint_id
	RETURNING * INTO c;

	RETURN c;
END
$$;

REVOKE ALL ON FUNCTION masbup.apply_action(bigint, text, text, bigint, text, text, timestamptz, integer) FROM PUBLIC;

/*
 * The one door for staff on psql: perform an action on a complaint as the
 * staff member mapped to the calling database user. The import role may act
 * as any staff member (as_staff), as the reporter, and at an explicit time.
 */
CREATE FUNCTION masbup.perform(complaint_id bigint, action text,
	note text DEFAULT NULL, target_opd text DEFAULT NULL,
	at timestamptz DEFAULT NULL, as_staff text DEFAULT NULL,
	expected_event_count integer DEFAULT NULL)
RETURNS TABLE (tracking_no text, state text, event_seq integer)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	caller name := masbup.acting_user();
	is_import boolean := pg_has_role(masbup.acting_user(), 'masbup_import', 'MEMBER');
	actor masbup.staff;
	actor_role text;
	c masbup.complaint;
BEGIN
	IF (perform.at IS NOT NULL OR perform.as_staff IS NOT NULL) AND NOT is_import THEN
		RAISE EXCEPTION 'only masbup_import may set the event time or act as another staff member'
			USING ERRCODE = 'MB009',
				HINT = 'Leave "at" and "as_staff" empty; the action happens now, by you.';
	END IF;
	IF perform.complaint_id IS NULL THEN
		RAISE EXCEPTION 'complaint is missing'
			USING ERRCODE = 'MB006',
				HINT = 'Pass the complaint_id; masbup.complaint_status maps tracking numbers to ids.';
	END IF;

	IF perform.as_staff IS NOT NULL THEN
		SELECT * INTO actor FROM masbup.staff s WHERE s.username = perform.as_staff;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'staff member "%" does not exist', perform.as_staff
				USING ERRCODE = 'MB008';
		END IF;
		actor_role := actor.role;
	ELSIF is_import AND (SELECT t.actor_role FROM masbup.transition t WHERE t.action = perform.action) = 'reporter' THEN
		actor_role := 'reporter';
	ELSE
		SELECT * INTO actor FROM masbup.staff s WHERE s.db_user = caller;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'no staff member is mapped to database user "%"', caller
				USING ERRCODE = 'MB008',
					HINT = 'The regency admin sets masbup.staff.db_user for each staff member who works from psql.';
		END IF;
		actor_role := actor.role;
	END IF;

	IF actor.staff_id IS NOT NULL AND NOT actor.is_active THEN
		RAISE EXCEPTION 'staff member "%" is deactivated', actor.username
			USING ERRCODE = 'MB008';
	END IF;
	-- A complaint the actor may not read does not exist for them. An import
	-- replays history as recorded, so it gets the check of the transition.
	IF actor.staff_id IS NOT NULL AND perform.as_staff IS NULL
		AND NOT coalesce(masbup.staff_can_read(actor.staff_id, perform.complaint_id), false) THEN
		RAISE EXCEPTION 'complaint % does not exist', perform.complaint_id
			USING ERRCODE = 'MB006';
	END IF;

	c := masbup.apply_action(perform.complaint_id, perform.action, actor_role,
		actor.staff_id, perform.note, perform.target_opd, perform.at,
		perform.expected_event_count);

	tracking_no := c.tracking_no;
	state := c.state;
	event_seq := c.event_count;
	RETURN NEXT;
END
$$;

COMMENT ON FUNCTION masbup.perform(bigint, text, text, text, timestamptz, text, integer)
	IS 'performs an action on a complaint as the staff member mapped to the calling user';

/* The actions a role may perform on a complaint now; staff see only complaints they may read. */
CREATE OR REPLACE FUNCTION masbup.allowed_actions(complaint_id bigint, role text DEFAULT NULL)
RETURNS TABLE (action text, label_id text, actor_role text, to_state text,
	requires_note boolean, requires_opd boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT t.action, a.label_id, t.actor_role, t.to_state, t.requires_note, t.requires_opd
	FROM masbup.complaint c
	JOIN masbup.transition t ON c.state = ANY (t.from_states)
	JOIN masbup.action a ON a.action = t.action
	WHERE c.complaint_id = allowed_actions.complaint_id
		AND (allowed_actions.role IS NULL OR t.actor_role = allowed_actions.role)
		AND (masbup.current_staff_id() IS NULL
			OR coalesce(masbup.staff_can_read(masbup.current_staff_id(), c.complaint_id), false))
	ORDER BY a.action
$$;

/*
 * The checks of a submission now name the failing field in the error's
 * COLUMN, so a front-end can mark it without reading the message.
 */
CREATE OR REPLACE FUNCTION masbup.check_submission(reporter_name text, reporter_nik text,
	reporter_phone text, reporter_address text, reporter_email text,
	kecamatan text, category text, title text, chronology text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	phone text;
BEGIN
	IF reporter_name IS NULL OR char_length(btrim(reporter_name)) < 3
		OR char_length(reporter_name) > 100
		OR btrim(reporter_name) !~ '^[[:alpha:]][[:alpha:] .,''-]*$' THEN
		RAISE EXCEPTION 'invalid reporter name: "%"', reporter_name
			USING ERRCODE = 'MB010',
				COLUMN = 'reporter_name',
				HINT = 'Give the full name as on the KTP: 3 to 100 letters, spaces and the marks . , '' -';
	END IF;

	IF reporter_nik IS NULL OR reporter_nik !~ '^[0-9]{16}$' THEN
		RAISE EXCEPTION 'invalid NIK: "%"', reporter_nik
			USING ERRCODE = 'MB010',
				COLUMN = 'reporter_nik',
				HINT = 'The NIK (Nomor Induk Kependudukan) is the 16-digit number on the KTP, without spaces.';
	END IF;
	-- Digits 1-2 are the province code (11-94); digits 7-12 are the birth
	-- date as DDMMYY, with 40 added to the day for women.
	IF substr(reporter_nik, 1, 2)::integer NOT BETWEEN 11 AND 94
		OR substr(reporter_nik, 9, 2)::integer NOT BETWEEN 1 AND 12
		OR (substr(reporter_nik, 7, 2)::integer % 40) NOT BETWEEN 1 AND 31
		OR substr(reporter_nik, 7, 2)::integer > 71 THEN
		RAISE EXCEPTION 'invalid NIK: "%"', reporter_nik
			USING ERRCODE = 'MB010',
				COLUMN = 'reporter_nik',
				DETAIL = 'Its province code (digits 1-2) or birth date (digits 7-12) is impossible.',
				HINT = 'Copy the 16-digit NIK from the KTP again.';
	END IF;

	phone := regexp_replace(coalesce(reporter_phone, ''), '[ ().-]', '', 'g');
	phone := regexp_replace(phone, '^(\+62|62)', '0');
	IF phone !~ '^0[1-9][0-9]{7,12}$' THEN
		RAISE EXCEPTION 'invalid phone number: "%"', reporter_phone
			USING ERRCODE = 'MB010',
				COLUMN = 'reporter_phone',
				HINT = 'Give an Indonesian number such as 081234567890 or +6281234567890.';
	END IF;

	IF reporter_address IS NULL OR char_length(btrim(reporter_address)) < 10
		OR char_length(reporter_address) > 300 THEN
		RAISE EXCEPTION 'invalid reporter address: "%"', reporter_address
			USING ERRCODE = 'MB010',
				COLUMN = 'reporter_address',
				HINT = 'Give the full address: street or hamlet, RT/RW and village, 10 to 300 characters.';
	END IF;

	IF reporter_email IS NOT NULL AND reporter_email <> ''
		AND reporter_email !~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$' THEN
		RAISE EXCEPTION 'invalid e-mail address: "%"', reporter_email
			USING ERRCODE = 'MB010',
				COLUMN = 'reporter_email',
				HINT = 'Give an address such as nama@example.org, or leave it empty.';
	END IF;

	IF kecamatan IS NULL OR btrim(kecamatan) = '' OR category IS NULL OR btrim(category) = '' THEN
		RAISE EXCEPTION 'missing kecamatan or category'
			USING ERRCODE = 'MB011',
				COLUMN = CASE WHEN kecamatan IS NULL OR btrim(kecamatan) = '' THEN 'kecamatan' ELSE 'category' END,
				HINT = 'Name the kecamatan where it happened and the category of the complaint.';
	END IF;

	IF title IS NULL OR char_length(btrim(title)) NOT BETWEEN 10 AND 200 THEN
		RAISE EXCEPTION 'invalid complaint title: "%"', title
			USING ERRCODE = 'MB011',
				COLUMN = 'title',
				HINT = 'Summarise the complaint in 10 to 200 characters.';
	END IF;

	IF chronology IS NULL OR char_length(btrim(chronology)) < 50
		OR array_length(regexp_split_to_array(btrim(chronology), '\s+'), 1) < 10 THEN
		RAISE EXCEPTION 'chronology too short: % characters and % words',
			char_length(btrim(coalesce(chronology, ''))),
			coalesce(array_length(regexp_split_to_array(btrim(chronology), '\s+'), 1), 0)
			USING ERRCODE = 'MB011',
				COLUMN = 'chronology',
				HINT = 'Describe what happened, where and when, in at least 50 characters and 10 words.';
	END IF;
	IF char_length(chronology) > 10000 THEN
		RAISE EXCEPTION 'chronology too long: % characters', char_length(chronology)
			USING ERRCODE = 'MB011',
				COLUMN = 'chronology',
				HINT = 'Shorten the chronology to at most 10000 characters.';
	END IF;

	RETURN phone;
END
$$;


/* ------------------------------------------------------------------------
 * Submission: a token used twice at the same moment still gives one complaint
 * ------------------------------------------------------------------------ */

CREATE OR REPLACE FUNCTION masbup.submit_complaint(
	reporter_name text, reporter_nik text, reporter_phone text,
	reporter_address text, kecamatan text, category text, title text,
	chronology text, reporter_email text DEFAULT NULL,
	confidential boolean DEFAULT false, submission_token uuid DEFAULT NULL,
	external_ref text DEFAULT NULL, submitted_at timestamptz DEFAULT NULL,
	OUT complaint_id bigint, OUT tracking_no text, OUT access_code text)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, masbup, public, pg_temp
AS $$
DECLARE
	phone text;
	new_id bigint;
	received timestamptz := coalesce(submit_complaint.submitted_at, now());
BEGIN
	IF submit_complaint.submission_token IS NOT NULL OR submit_complaint.external_ref IS NOT NULL THEN
		SELECT c.complaint_id, c.tracking_no INTO complaint_id, tracking_no
		FROM masbup.complaint c
		WHERE c.submission_token = submit_complaint.submission_token
			OR c.external_ref = submit_complaint.external_ref;
		IF FOUND THEN
			access_code := NULL;
			RETURN;
		END IF;
	END IF;

	IF submit_complaint.submitted_at IS NOT NULL
		AND NOT pg_has_role(masbup.acting_user(), 'masbup_import', 'MEMBER') THEN
		RAISE EXCEPTION 'only masbup_import may set the submission time'
			USING ERRCODE = 'MB009',
				HINT = 'Leave submitted_at empty; the complaint is received now.';
	END IF;

	phone := masbup.check_submission(reporter_name, reporter_nik, reporter_phone,
		reporter_address, reporter_email, kecamatan, category, title, chronology);

	new_id := nextval(pg_get_serial_sequence('masbup.complaint', 'complaint_id'));
	tracking_no := 'MB-' || to_char(received AT TIME ZONE 'Asia/Jakarta', 'YYYY')
		|| '-' || lpad(new_id::text, 6, '0');
	-- 8 characters from 32 unambiguous letters and digits: 40 random bits.
	SELECT string_agg(substr('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', get_byte(b, i) % 32 + 1, 1), '')
	INTO access_code
	FROM gen_random_bytes(8) AS b, generate_series(0, 7) AS i;

	BEGIN
		INSERT INTO masbup.complaint (complaint_id, tracking_no, access_code_hash,
			external_ref, submission_token, reporter_name, reporter_nik,
			reporter_phone, reporter_email, reporter_address, confidential,
			kecamatan, category, title, chronology, submitted_at)
		VALUES (new_id, tracking_no, crypt(access_code, gen_salt('bf', 8)),
			submit_complaint.external_ref, submit_complaint.submission_token,
			btrim(reporter_name), reporter_nik, phone, nullif(btrim(reporter_email), ''),
			btrim(reporter_address), coalesce(confidential, false),
			btrim(kecamatan), btrim(category), btrim(title), btrim(chronology), received);
	EXCEPTION WHEN unique_violation THEN
		-- Another call with the same token or reference committed first.
		SELECT c.complaint_id, c.tracking_no INTO complaint_id, tracking_no
		FROM masbup.complaint c
		WHERE c.submission_token = submit_complaint.submission_token
			OR c.external_ref = submit_complaint.external_ref;
		IF NOT FOUND THEN
			RAISE;
		END IF;
		access_code := NULL;
		RETURN;
	END;

	complaint_id := new_id;
END
$$;

/* ------------------------------------------------------------------------
 * The reporter: access code checks with a lock-out
 * ------------------------------------------------------------------------ */

ALTER TABLE masbup.complaint
	ADD COLUMN access_failures integer NOT NULL DEFAULT 0,
	ADD COLUMN access_locked_until timestamptz;

DROP FUNCTION masbup.acknowledge(text, text, text);
DROP FUNCTION masbup.track(text, text);
DROP FUNCTION masbup.find_reporter_complaint(text, text);

/*
 * Check a tracking number and access code. Wrong codes are counted per
 * complaint and lock the reporter's access for a while; the count survives
 * because failures are returned, not raised. status is ok (with the
 * complaint), invalid (unknown number or wrong code) or locked (with the
 * time the lock ends).
 */
CREATE FUNCTION masbup.reporter_access(tracking_no text, access_code text,
	OUT status text, OUT complaint_id bigint, OUT locked_until timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	c masbup.complaint;
	max_failures integer := masbup.setting_integer('access_code_max_failures');
	lock_minutes integer := masbup.setting_integer('access_code_lock_minutes');
BEGIN
	SELECT * INTO c FROM masbup.complaint x
	WHERE x.tracking_no = upper(btrim(reporter_access.tracking_no)) FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM crypt(coalesce(access_code, ''), gen_salt('bf', 8));
		status := 'invalid';
		RETURN;
	END IF;
	IF c.access_locked_until > now() THEN
		status := 'locked';
		locked_until := c.access_locked_until;
		RETURN;
	END IF;

	IF c.access_code_hash <> crypt(upper(btrim(coalesce(access_code, ''))), c.access_code_hash) THEN
		-- After a lock ends the count starts again.
		UPDATE masbup.complaint x
		SET access_failures = CASE WHEN x.access_locked_until IS NULL THEN x.access_failures ELSE 0 END + 1,
			access_locked_until = CASE WHEN CASE WHEN x.access_locked_until IS NULL THEN x.access_failures ELSE 0 END + 1 >= max_failures
				THEN now() + make_interval(mins => lock_minutes) END
		WHERE x.complaint_id = c.complaint_id
		RETURNING x.access_locked_until INTO reporter_access.locked_until;
		status := CASE WHEN reporter_access.locked_until IS NULL THEN 'invalid' ELSE 'locked' END;
		RETURN;
	END IF;

	IF c.access_failures > 0 THEN
		UPDATE masbup.complaint x SET access_failures = 0, access_locked_until = NULL
		WHERE x.complaint_id = c.complaint_id;
	END IF;
	status := 'ok';
	complaint_id := c.complaint_id;
END
$$;

COMMENT ON FUNCTION masbup.reporter_access(text, text) IS 'checks a tracking number and access code; status ok, invalid or locked; wrong codes lock the complaint''s reporter access for a while';

/*
 * Check a tracking number and access code once and return the timeline of
 * audited events, each row with status ok. A refused check returns one row
 * with its status (invalid or locked) and locked_until, and no event.
 */
CREATE FUNCTION masbup.reporter_timeline(tracking_no text, access_code text)
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

	-- Internal notes between desks stay internal. The reporter reads the
	-- rejection reason, their own note, and the agency's result once the
	-- regency admin has forwarded the answer (before that it is unverified).
	RETURN QUERY
	SELECT 'ok'::text, NULL::timestamptz, e.seq, e.at, e.action, a.label_id, e.to_state,
		s.label_id, o.name,
		CASE WHEN e.action IN ('close_out_of_scope', 'acknowledge') THEN e.note
			WHEN e.action = 'report_follow_up' AND c.answered_at IS NOT NULL THEN e.note END
	FROM masbup.complaint_event e
	JOIN masbup.complaint c ON c.complaint_id = e.complaint_id
	JOIN masbup.action a ON a.action = e.action
	JOIN masbup.state s ON s.state = e.to_state
	LEFT JOIN masbup.opd o ON o.opd_id = e.opd_id
	WHERE e.complaint_id = access.complaint_id
	ORDER BY e.seq;
END
$$;

COMMENT ON FUNCTION masbup.reporter_timeline(text, text) IS 'the reporter''s timeline with the status of the access check, in one check of the access code';

/*
 * What the reporter sees: the timeline of audited events and the answer.
 * A wrong code returns no rows (and counts against the lock-out); use
 * masbup.reporter_timeline() to learn the status in the same call.
 */
CREATE FUNCTION masbup.track(tracking_no text, access_code text)
RETURNS TABLE (seq integer, at timestamptz, action text, action_label text,
	state text, state_label text, opd_name text, note text)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT t.seq, t.at, t.action, t.action_label, t.state, t.state_label, t.opd_name, t.note
	FROM masbup.reporter_timeline(track.tracking_no, track.access_code) AS t
	WHERE t.status = 'ok'
$$;

COMMENT ON FUNCTION masbup.track(text, text) IS 'the timeline of a complaint for its reporter; no rows when the tracking number or access code is wrong';

/* The reporter acknowledges the answer, which closes the complaint. */
CREATE FUNCTION masbup.acknowledge(tracking_no text, access_code text, note text DEFAULT NULL)
RETURNS TABLE (status text, state text, event_seq integer, locked_until timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	access record := masbup.reporter_access(acknowledge.tracking_no, acknowledge.access_code);
	c masbup.complaint;
BEGIN
	status := access.status;
	locked_until := access.locked_until;
	IF access.status = 'ok' THEN
		c := masbup.apply_action(access.complaint_id, 'acknowledge', 'reporter', NULL,
			acknowledge.note, NULL, NULL, NULL);
		state := c.state;
		event_seq := c.event_count;
	END IF;
	RETURN NEXT;
END
$$;

COMMENT ON FUNCTION masbup.acknowledge(text, text, text) IS 'the reporter confirms that the answer arrived, which closes the complaint; status ok, invalid or locked';

/* ------------------------------------------------------------------------
 * Functions for the web front-end: every call names its session
 * ------------------------------------------------------------------------ */

/* The session's staff member if they may read the complaint; otherwise MB006, as if it did not exist. */
CREATE FUNCTION masbup.session_reader(session_token text, complaint_id bigint)
RETURNS masbup.staff
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	actor masbup.staff := masbup.session_actor(session_token);
BEGIN
	IF NOT coalesce(masbup.staff_can_read(actor.staff_id, session_reader.complaint_id), false) THEN
		RAISE EXCEPTION 'complaint % does not exist', session_reader.complaint_id
			USING ERRCODE = 'MB006';
	END IF;
	RETURN actor;
END
$$;

CREATE FUNCTION masbup.perform_as(session_token text, complaint_id bigint, action text,
	note text DEFAULT NULL, target_opd text DEFAULT NULL, expected_event_count integer DEFAULT NULL)
RETURNS TABLE (tracking_no text, state text, event_seq integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	actor masbup.staff := masbup.session_reader(session_token, perform_as.complaint_id);
	c masbup.complaint;
BEGIN
	c := masbup.apply_action(perform_as.complaint_id, perform_as.action, actor.role,
		actor.staff_id, perform_as.note, perform_as.target_opd, NULL,
		perform_as.expected_event_count);
	tracking_no := c.tracking_no;
	state := c.state;
	event_seq := c.event_count;
	RETURN NEXT;
END
$$;

/* The session's desk: complaints waiting for an action of its role (and agency), earliest due first. */
CREATE FUNCTION masbup.desk_as(session_token text)
RETURNS TABLE (complaint_id bigint, tracking_no text, state text, state_label text,
	opd_code text, title text, submitted_at timestamptz, target_at timestamptz,
	due_at timestamptz, event_count integer, is_overdue boolean, is_past_target boolean)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT DISTINCT ON (c.due_at, c.complaint_id)
		c.complaint_id, c.tracking_no, c.state, s.label_id, o.code, c.title,
		c.submitted_at, c.target_at, c.due_at, c.event_count,
		c.answered_at IS NULL AND now() > c.due_at, c.answered_at IS NULL AND now() > c.target_at
	FROM masbup.session_actor(session_token) AS actor
	JOIN masbup.transition t ON t.actor_role = actor.role
	JOIN masbup.complaint c ON c.state = ANY (t.from_states)
	JOIN masbup.state s ON s.state = c.state
	LEFT JOIN masbup.opd o ON o.opd_id = c.opd_id
	WHERE actor.role <> 'admin_opd' OR c.opd_id = actor.opd_id
	ORDER BY c.due_at, c.complaint_id
$$;

/* One complaint as the session's staff member may see it; MB006 when it may not. */
CREATE FUNCTION masbup.complaint_as(session_token text, complaint_id bigint)
RETURNS TABLE (tracking_no text, state text, state_label text,
	opd_code text, opd_name text, kecamatan text, category text, title text, chronology text,
	confidential boolean, identity_hidden boolean, reporter_name text, reporter_nik text,
	reporter_phone text, reporter_email text, reporter_address text,
	submitted_at timestamptz, target_at timestamptz, due_at timestamptz,
	answered_at timestamptz, closed_at timestamptz, event_count integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	actor masbup.staff := masbup.session_reader(session_token, complaint_as.complaint_id);
BEGIN
	RETURN QUERY
	SELECT c.tracking_no, c.state, s.label_id, o.code, o.name,
		c.kecamatan, c.category, c.title, c.chronology, c.confidential,
		i.hidden, i.reporter_name, i.reporter_nik, i.reporter_phone, i.reporter_email,
		i.reporter_address, c.submitted_at, c.target_at, c.due_at, c.answered_at,
		c.closed_at, c.event_count
	FROM masbup.complaint c
	JOIN masbup.state s ON s.state = c.state
	LEFT JOIN masbup.opd o ON o.opd_id = c.opd_id
	CROSS JOIN masbup.reporter_identity_for(actor.staff_id, c.complaint_id) AS i
	WHERE c.complaint_id = complaint_as.complaint_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'complaint % does not exist', complaint_as.complaint_id
			USING ERRCODE = 'MB006';
	END IF;
END
$$;

/* The audited events of a complaint, for staff who may read it. */
CREATE FUNCTION masbup.complaint_events_as(session_token text, complaint_id bigint)
RETURNS TABLE (seq integer, at timestamptz, action text, action_label text, from_state text,
	to_state text, state_label text, actor_role text, staff_name text, opd_code text, note text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	actor masbup.staff := masbup.session_reader(session_token, complaint_events_as.complaint_id);
BEGIN
	RETURN QUERY
	SELECT e.seq, e.at, e.action, a.label_id, e.from_state, e.to_state, s.label_id,
		e.actor_role, st.full_name, o.code, e.note
	FROM masbup.complaint_event e
	JOIN masbup.action a ON a.action = e.action
	JOIN masbup.state s ON s.state = e.to_state
	LEFT JOIN masbup.staff st ON st.staff_id = e.staff_id
	LEFT JOIN masbup.opd o ON o.opd_id = e.opd_id
	WHERE e.complaint_id = complaint_events_as.complaint_id
	ORDER BY e.seq;
END
$$;

/* The actions the session's staff member may perform on a complaint now. */
CREATE FUNCTION masbup.allowed_actions_as(session_token text, complaint_id bigint)
RETURNS TABLE (action text, label_id text, to_state text, requires_note boolean, requires_opd boolean)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT t.action, a.label_id, t.to_state, t.requires_note, t.requires_opd
	FROM masbup.session_actor(session_token) AS actor
	JOIN masbup.complaint c ON c.complaint_id = allowed_actions_as.complaint_id
	JOIN masbup.transition t ON c.state = ANY (t.from_states) AND t.actor_role = actor.role
	JOIN masbup.action a ON a.action = t.action
	WHERE actor.role <> 'admin_opd' OR c.opd_id = actor.opd_id
	-- The way forward first; actions that need a reason (return, reject) after it.
	ORDER BY t.requires_note, t.action
$$;

/* Every complaint, filtered, for the regency admin. */
CREATE FUNCTION masbup.complaint_list_as(session_token text, filter_state text DEFAULT NULL,
	filter_opd_code text DEFAULT NULL, submitted_from date DEFAULT NULL, submitted_to date DEFAULT NULL)
RETURNS TABLE (complaint_id bigint, tracking_no text, state text, state_label text,
	opd_code text, title text, submitted_at timestamptz, due_at timestamptz,
	answered_at timestamptz, standard text)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT s.complaint_id, s.tracking_no, s.state, s.state_label, s.opd_code, s.title,
		s.submitted_at, s.due_at, s.answered_at, s.standard
	FROM masbup.session_regency_admin(session_token) AS admin
	CROSS JOIN masbup.complaint_status s
	WHERE (filter_state IS NULL OR s.state = filter_state)
		AND (filter_opd_code IS NULL OR s.opd_code = upper(filter_opd_code))
		AND (submitted_from IS NULL OR s.submitted_at >= (submitted_from::timestamp AT TIME ZONE 'Asia/Jakarta'))
		AND (submitted_to IS NULL OR s.submitted_at < ((submitted_to + 1)::timestamp AT TIME ZONE 'Asia/Jakarta'))
	ORDER BY s.submitted_at DESC, s.complaint_id DESC
$$;

COMMENT ON FUNCTION masbup.perform_as(text, bigint, text, text, text, integer) IS 'performs an action as the session''s staff member';
COMMENT ON FUNCTION masbup.desk_as(text) IS 'the complaints waiting at the session''s desk, earliest due first';
COMMENT ON FUNCTION masbup.complaint_as(text, bigint) IS 'one complaint with the reporter''s identity as the session''s staff member may see it';
COMMENT ON FUNCTION masbup.complaint_events_as(text, bigint) IS 'the audited events of a complaint for the session''s staff member';
COMMENT ON FUNCTION masbup.allowed_actions_as(text, bigint) IS 'the actions the session''s staff member may perform on a complaint now';
COMMENT ON FUNCTION masbup.complaint_list_as(text, text, text, date, date) IS 'every complaint, filtered by state, agency and submission date, for the regency admin';

/* ------------------------------------------------------------------------
 * Notifications: a consumer claims outbox rows and marks them delivered
 * ------------------------------------------------------------------------ */

/*
 * Lock and return up to max_rows undelivered notifications, oldest first,
 * skipping rows another consumer holds. Call it in a transaction and mark
 * the rows delivered before committing.
 */
CREATE FUNCTION masbup.outbox_claim(max_rows integer DEFAULT 100)
RETURNS TABLE (outbox_id bigint, complaint_id bigint, seq integer, recipient_role text,
	opd_code text, tracking_no text, action text, to_state text, at timestamptz)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH claimed AS (
		SELECT b.outbox_id, b.complaint_id, b.seq, b.recipient_role, b.opd_id
		FROM masbup.outbox b
		WHERE b.delivered_at IS NULL
		ORDER BY b.created_at, b.outbox_id
		LIMIT max_rows
		FOR UPDATE SKIP LOCKED
	)
	SELECT k.outbox_id, k.complaint_id, k.seq, k.recipient_role, o.code, c.tracking_no,
		e.action, e.to_state, e.at
	FROM claimed k
	JOIN masbup.complaint c ON c.complaint_id = k.complaint_id
	JOIN masbup.complaint_event e ON e.complaint_id = k.complaint_id AND e.seq = k.seq
	LEFT JOIN masbup.opd o ON o.opd_id = k.opd_id
	ORDER BY k.outbox_id
$$;

CREATE FUNCTION masbup.outbox_mark_delivered(outbox_ids bigint[])
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH marked AS (
		UPDATE masbup.outbox b SET delivered_at = now()
		WHERE b.outbox_id = ANY (outbox_ids) AND b.delivered_at IS NULL
		RETURNING 1
	)
	SELECT count(*)::integer FROM marked
$$;

COMMENT ON FUNCTION masbup.outbox_claim(integer) IS 'locks and returns undelivered notifications for a consumer, skipping rows other consumers hold';
COMMENT ON FUNCTION masbup.outbox_mark_delivered(bigint[]) IS 'marks notifications delivered; returns how many were still undelivered';

/* ------------------------------------------------------------------------
 * Closing answered complaints that nobody acknowledges
 * ------------------------------------------------------------------------ */

/*
 * Close, as the system actor, every answered complaint whose answer is more
 * than auto_close_working_days working days old. A scheduler calls it, for
 * example cron with psql or pg_cron. Returns how many complaints closed.
 */
CREATE FUNCTION masbup.close_unacknowledged()
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	days integer := masbup.setting_integer('auto_close_working_days');
	candidate record;
	closed_count integer := 0;
BEGIN
	FOR candidate IN
		SELECT c.complaint_id, c.event_count
		FROM masbup.complaint c
		WHERE c.state = 'answered' AND masbup.business_days_add(c.answered_at, days) < now()
		ORDER BY c.answered_at
	LOOP
		BEGIN
			PERFORM masbup.apply_action(candidate.complaint_id, 'close_unacknowledged', 'system',
				NULL, format('Ditutup otomatis: jawaban tidak dikonfirmasi pelapor dalam %s hari kerja.', days),
				NULL, NULL, candidate.event_count);
			closed_count := closed_count + 1;
		EXCEPTION WHEN SQLSTATE 'MB007' THEN
			-- The reporter acknowledged meanwhile; nothing to close.
			NULL;
		END;
	END LOOP;
	RETURN closed_count;
END
$$;

COMMENT ON FUNCTION masbup.close_unacknowledged() IS 'closes, as the system actor, answered complaints not acknowledged within auto_close_working_days working days';

/* ------------------------------------------------------------------------
 * The procedure is checked when it is written
 * ------------------------------------------------------------------------ */

CREATE FUNCTION masbup.validate_procedure_trigger()
RETURNS trigger
AS 'MODULE_PATHNAME', 'masbup_validate_procedure_trigger'
LANGUAGE C;

COMMENT ON FUNCTION masbup.validate_procedure_trigger() IS 'rejects a change to the procedure''s tables that leaves a state unreachable, without a way out, or without a final state ahead';

-- Deferred to commit, so an edit may pass through invalid steps (a new state,
-- then the rows that lead to it) within one transaction.
CREATE CONSTRAINT TRIGGER transition_valid
	AFTER INSERT OR UPDATE OR DELETE ON masbup.transition
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION masbup.validate_procedure_trigger();
CREATE CONSTRAINT TRIGGER state_valid
	AFTER UPDATE OR DELETE ON masbup.state
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION masbup.validate_procedure_trigger();

/* ------------------------------------------------------------------------
 * Row-level security: agency admins read the complaints sent to them
 * ------------------------------------------------------------------------ */

ALTER TABLE masbup.complaint ENABLE ROW LEVEL SECURITY;
ALTER TABLE masbup.complaint_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE masbup.outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE masbup.staff_session ENABLE ROW LEVEL SECURITY;

CREATE POLICY staff_read ON masbup.complaint
	FOR SELECT TO masbup_staff
	USING (coalesce(masbup.staff_can_read(masbup.current_staff_id(), complaint_id), false));
CREATE POLICY staff_read ON masbup.complaint_event
	FOR SELECT TO masbup_staff
	USING (coalesce(masbup.staff_can_read(masbup.current_staff_id(), complaint_id), false));

-- Staff read their desk through row-level security; the system actor has
-- no desk, and an answered complaint is no longer overdue.
CREATE OR REPLACE VIEW masbup.desk_queue WITH (security_invoker = true) AS
SELECT DISTINCT ON (t.actor_role, c.complaint_id)
	t.actor_role AS role, c.opd_id, o.code AS opd_code, c.complaint_id,
	c.tracking_no, c.state, s.label_id AS state_label, c.title,
	c.submitted_at, c.target_at, c.due_at, c.last_event_at,
	c.answered_at IS NULL AND now() > c.due_at AS is_overdue
FROM masbup.complaint c
JOIN masbup.transition t ON c.state = ANY (t.from_states)
JOIN masbup.state s ON s.state = c.state
LEFT JOIN masbup.opd o ON o.opd_id = c.opd_id
WHERE t.actor_role NOT IN ('reporter', 'system');

/* ------------------------------------------------------------------------
 * Grants. Nobody but the owner writes the tables; every change goes
 * through the functions. PUBLIC keeps only the business-time functions.
 * ------------------------------------------------------------------------ */

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA masbup FROM PUBLIC;

GRANT USAGE ON SCHEMA masbup TO PUBLIC;
GRANT EXECUTE ON FUNCTION
	masbup.is_service_time(timestamptz), masbup.is_service_time(timestamptz, text),
	masbup.next_service_time(timestamptz), masbup.next_service_time(timestamptz, text),
	masbup.business_time_add(timestamptz, interval), masbup.business_time_add(timestamptz, interval, text),
	masbup.business_time_between(timestamptz, timestamptz), masbup.business_time_between(timestamptz, timestamptz, text),
	masbup.business_days_add(timestamptz, integer), masbup.business_days_add(timestamptz, integer, text),
	masbup.business_days_between(timestamptz, timestamptz), masbup.business_days_between(timestamptz, timestamptz, text),
	masbup.service_hours(date, date), masbup.service_hours(date, date, text),
	masbup.holidays(date, date, text)
TO PUBLIC;
-- Calendars and the procedure are public facts; the functions above read them.
GRANT SELECT ON masbup.setting, masbup.calendar, masbup.calendar_hours, masbup.calendar_holiday,
	masbup.calendar_override, masbup.calendar_override_hours, masbup.opd, masbup.workflow_role,
	masbup.state, masbup.action, masbup.transition
TO PUBLIC;

-- The web front-end: the public pages and the staff pages through sessions.
GRANT EXECUTE ON FUNCTION
	masbup.submit_complaint(text, text, text, text, text, text, text, text, text, boolean, uuid, text, timestamptz),
	masbup.reporter_access(text, text), masbup.reporter_timeline(text, text),
	masbup.track(text, text), masbup.acknowledge(text, text, text),
	masbup.staff_login(text, text), masbup.staff_logout(text), masbup.session_info(text),
	masbup.staff_change_password(text, text, text),
	masbup.staff_create(text, text, text, text, text, text, name),
	masbup.staff_update(text, text, text, boolean),
	masbup.staff_reset_password(text, text, text), masbup.staff_list(text),
	masbup.perform_as(text, bigint, text, text, text, integer), masbup.desk_as(text),
	masbup.complaint_as(text, bigint), masbup.complaint_events_as(text, bigint),
	masbup.allowed_actions_as(text, bigint),
	masbup.complaint_list_as(text, text, text, date, date)
TO masbup_web;

-- Staff on psql act as the staff member mapped to their database user.
GRANT EXECUTE ON FUNCTION
	masbup.perform(bigint, text, text, text, timestamptz, text, integer),
	masbup.allowed_actions(bigint, text), masbup.reporter_identity(bigint),
	masbup.current_staff_id(), masbup.current_staff(), masbup.staff_can_read(bigint, bigint), masbup.acting_user(),
	masbup.submit_complaint(text, text, text, text, text, text, text, text, text, boolean, uuid, text, timestamptz),
	masbup.reporter_access(text, text), masbup.track(text, text)
TO masbup_staff;
GRANT SELECT (complaint_id, tracking_no, external_ref, confidential, kecamatan, category, title,
	chronology, state, opd_id, submitted_at, target_at, due_at, answered_at, closed_at,
	event_count, last_event_at, last_action, last_actor_role, last_staff_id, last_note)
ON masbup.complaint TO masbup_staff;
GRANT SELECT ON masbup.complaint_event, masbup.desk_queue TO masbup_staff;

-- Importing history.
GRANT EXECUTE ON FUNCTION
	masbup.perform(bigint, text, text, text, timestamptz, text, integer),
	masbup.submit_complaint(text, text, text, text, text, text, text, text, text, boolean, uuid, text, timestamptz),
	masbup.import_staff(text, text), masbup.acting_user()
TO masbup_import;

-- Reporting: read-only views without the reporter's identity.
GRANT SELECT ON masbup.complaint_status TO masbup_report;

-- A mailer or messaging gateway.
GRANT EXECUTE ON FUNCTION masbup.outbox_claim(integer), masbup.outbox_mark_delivered(bigint[])
TO masbup_notifier;

-- The scheduler that closes unacknowledged answers.
GRANT EXECUTE ON FUNCTION masbup.close_unacknowledged() TO masbup_scheduler;

/* Grant masbup_staff to the database user of every active staff member that has one. */
CREATE FUNCTION masbup.grant_staff_logins()
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	member record;
	granted integer := 0;
BEGIN
	FOR member IN
		SELECT s.db_user FROM masbup.staff s
		JOIN pg_roles r ON r.rolname = s.db_user
		WHERE s.is_active AND NOT pg_has_role(r.oid, 'masbup_staff', 'MEMBER')
	LOOP
		EXECUTE format('GRANT masbup_staff TO %I', member.db_user);
		granted := granted + 1;
	END LOOP;
	RETURN granted;
END
$$;

REVOKE ALL ON FUNCTION masbup.grant_staff_logins() FROM PUBLIC;

COMMENT ON FUNCTION masbup.grant_staff_logins() IS 'grants masbup_staff to the database user of each active staff member; a superuser runs it';

/* ------------------------------------------------------------------------
 * pgcrypto may live in any schema: find it for the functions that use it
 * ------------------------------------------------------------------------ */

DO $$
DECLARE
	crypto_schema name := (SELECT n.nspname FROM pg_catalog.pg_extension e
		JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pgcrypto');
	target text;
BEGIN
	FOREACH target IN ARRAY ARRAY[
		'masbup.submit_complaint(text, text, text, text, text, text, text, text, text, boolean, uuid, text, timestamptz)',
		'masbup.staff_login(text, text)', 'masbup.staff_change_password(text, text, text)',
		'masbup.staff_create(text, text, text, text, text, text, name)',
		'masbup.staff_reset_password(text, text, text)', 'masbup.reporter_access(text, text)']
	LOOP
		EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, %I, pg_temp', target, crypto_schema);
	END LOOP;
END
$$;
