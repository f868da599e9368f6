-- load_sample.sql: import complaints and their events from CSV files.
--
--   psql -v sample_dir=FOLDER -f frontend/psql/load_sample.sql
--
-- FOLDER holds sample_complaints.csv (ref, submitted_at, reporter_name,
-- reporter_nik, reporter_phone, reporter_email, reporter_address,
-- confidential, kecamatan, category, title, chronology) and
-- sample_events.csv (ref, at, actor_role, opd_code, action, target_opd,
-- note), each with a header line naming exactly these columns. Each
-- complaint is submitted at its given time with external_ref = ref; then
-- every event is replayed in time order through masbup.perform() as the
-- import role, acting as a staff member of the event's role and agency
-- (created when none exists yet). Complaints whose ref is already in the
-- database are skipped with their events. The whole load is one
-- transaction: on any error nothing is stored.

\set ON_ERROR_STOP 1
\set QUIET 1

\if :{?sample_dir}
\else
	\set sample_dir ''
\endif
\setenv MASBUP_SAMPLE_DIR :sample_dir
\set files_readable `test -n "$MASBUP_SAMPLE_DIR" && test -r "$MASBUP_SAMPLE_DIR/sample_complaints.csv" && test -r "$MASBUP_SAMPLE_DIR/sample_events.csv" && echo true || echo false`
\if :files_readable
\else
	SELECT pg_catalog.set_config('masbup.load_folder', :'sample_dir', false) \g /dev/null
	DO $$
	BEGIN
		RAISE EXCEPTION 'load_sample: folder "%" has no readable sample_complaints.csv and sample_events.csv',
			current_setting('masbup.load_folder')
			USING HINT = 'Pass the folder that holds both files: psql -v sample_dir=FOLDER -f frontend/psql/load_sample.sql';
	END
	$$;
\endif

BEGIN;

SET LOCAL ROLE masbup_import;

CREATE TEMPORARY TABLE load_complaint (
	ref			text,
	submitted_at text,
	reporter_name text,
	reporter_nik text,
	reporter_phone text,
	reporter_email text,
	reporter_address text,
	confidential text,
	kecamatan	text,
	category	text,
	title		text,
	chronology	text,
	line		bigint GENERATED ALWAYS AS IDENTITY
) ON COMMIT DROP;

CREATE TEMPORARY TABLE load_event (
	ref			text,
	at			text,
	actor_role	text,
	opd_code	text,
	action		text,
	target_opd	text,
	note		text,
	line		bigint GENERATED ALWAYS AS IDENTITY
) ON COMMIT DROP;

\copy load_complaint (ref, submitted_at, reporter_name, reporter_nik, reporter_phone, reporter_email, reporter_address, confidential, kecamatan, category, title, chronology) FROM PROGRAM 'cat -- "$MASBUP_SAMPLE_DIR/sample_complaints.csv"' WITH (FORMAT csv, HEADER match)
\copy load_event (ref, at, actor_role, opd_code, action, target_opd, note) FROM PROGRAM 'cat -- "$MASBUP_SAMPLE_DIR/sample_events.csv"' WITH (FORMAT csv, HEADER match)

DO $load$
DECLARE
	c record;
	e record;
	result record;
	complaint_by_ref jsonb := '{}';
	skipped_refs text[] := '{}';
	actor text;
	replayed integer := 0;
BEGIN
	-- Line numbers count the header line, as an editor shows them.
	FOR c IN SELECT * FROM load_complaint ORDER BY line LOOP
		IF c.ref IS NULL OR btrim(c.ref) = '' THEN
			RAISE EXCEPTION 'sample_complaints.csv line %: the ref column is empty', c.line + 1
				USING HINT = 'Give every complaint a unique reference.';
		END IF;
		IF complaint_by_ref ? c.ref THEN
			RAISE EXCEPTION 'sample_complaints.csv line %: ref % appears twice', c.line + 1, c.ref
				USING HINT = 'Give every complaint a unique reference.';
		END IF;

		BEGIN
			SELECT * INTO result FROM masbup.submit_complaint(
				reporter_name => c.reporter_name,
				reporter_nik => c.reporter_nik,
				reporter_phone => c.reporter_phone,
				reporter_address => c.reporter_address,
				kecamatan => c.kecamatan,
				category => c.category,
				title => c.title,
				chronology => c.chronology,
				reporter_email => nullif(c.reporter_email, ''),
				confidential => coalesce(nullif(c.confidential, '')::boolean, false),
				external_ref => c.ref,
				submitted_at => c.submitted_at::timestamptz);
		EXCEPTION WHEN OTHERS THEN
			RAISE EXCEPTION 'sample_complaints.csv line % (ref %): %', c.line + 1, c.ref, SQLERRM
				USING ERRCODE = SQLSTATE,
					HINT = 'Correct that line and run the load again; nothing was stored.';
		END;

		complaint_by_ref := complaint_by_ref || jsonb_build_object(c.ref, result.complaint_id);
		-- An existing complaint comes back without an access code.
		IF result.access_code IS NULL THEN
			skipped_refs := skipped_refs || c.ref;
		END IF;
	END LOOP;

	FOR e IN SELECT * FROM load_event ORDER BY at::timestamptz, line LOOP
		IF e.ref = ANY (skipped_refs) THEN
			CONTINUE;
		END IF;
		BEGIN
			IF NOT complaint_by_ref ? e.ref THEN
				RAISE EXCEPTION 'no complaint with ref "%"', e.ref
					USING HINT = 'Every event needs its complaint in sample_complaints.csv.';
			END IF;
			actor := CASE WHEN e.actor_role = 'reporter' THEN NULL
				ELSE masbup.import_staff(e.actor_role, nullif(e.opd_code, '')) END;
			PERFORM masbup.perform(
				complaint_id => (complaint_by_ref ->> e.ref)::bigint,
				action => e.action,
				note => nullif(e.note, ''),
				target_opd => nullif(e.target_opd, ''),
				at => e.at::timestamptz,
				as_staff => actor);
		EXCEPTION WHEN OTHERS THEN
			RAISE EXCEPTION 'sample_events.csv line % (ref %, action %): %', e.line + 1, e.ref, e.action, SQLERRM
				USING ERRCODE = SQLSTATE,
					HINT = 'Correct that line and run the load again; nothing was stored.';
		END;
		replayed := replayed + 1;
	END LOOP;

	PERFORM pg_catalog.set_config('masbup.load_summary',
		format('load_sample: %s complaints read, %s of them already loaded and skipped; %s events replayed',
			(SELECT count(*) FROM load_complaint), cardinality(skipped_refs), replayed),
		true);
END
$load$;

SELECT pg_catalog.current_setting('masbup.load_summary') AS load_summary \gset
COMMIT;
\echo :load_summary
