/*
 * db.c
 *	  Connect to the database as the web role, run parameterised queries,
 *	  and turn the SQLSTATEs the extension raises into sentences for people.
 *
 * The connection string comes from MASBUP_WEB_DSN, else from the file named
 * by MASBUP_WEB_CONFIG, else from /etc/hallo_masbup/web.conf. The variables
 * are read from the process environment at start, never from a request.
 * Under FastCGI the connection lives as long as the process and is
 * reset when the server dropped it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "html.h"

#define DEFAULT_CONFIG_FILE "/etc/hallo_masbup/web.conf"
#define MAX_CONFIG_FILE		4096

/* Times on every page are local time of Kabupaten Kediri (WIB). */
#define DISPLAY_TIME_ZONE	"Asia/Jakarta"

static PGconn *connection = NULL;

/*
 * Is the connection set up (time zone, LISTEN) and not known to be broken?
 * A reconnect whose setup failed leaves a connection that libpq calls good
 * but that must not be used as it is.
 */
static bool connection_ready = false;

/* Number of connections set up, so that a cache can tell data read over an older one. */
static unsigned long generation = 0;

/* Does each connection LISTEN on DB_REPORTER_VIEW_CHANNEL? */
static bool listen_for_reporter_views = false;

/* MASBUP_WEB_DSN and MASBUP_WEB_CONFIG as the process started; see db_configure(). */
static char *configured_dsn = NULL;
static char *configured_file = NULL;

/* Errors a user can cause, with the HTTP status and the sentence shown. */
static const struct
{
	const char *sqlstate;
	int			status;
	const char *sentence[2];
}			known_errors[] = {
	{"MB001", 409, {"Tindakan ini tidak dapat dilakukan pada status aduan saat ini.",
	"This action is not possible in the complaint's current state."}},
	{"MB002", 403, {"Tindakan ini bukan wewenang peran Anda.",
	"This action belongs to another role."}},
	{"MB003", 403, {"Aduan ini sedang ditangani OPD lain, jadi Anda tidak dapat menindaklanjutinya.",
	"Another agency holds this complaint, so you cannot act on it."}},
	{"MB004", 400, {"Tindakan ini memerlukan catatan atau alasan. Isi catatan lalu kirim lagi.",
	"This action needs a note or a reason. Write it and send the form again."}},
	{"MB005", 400, {"OPD tujuan tidak valid. Pilih OPD yang aktif dari daftar.",
	"The target agency is invalid. Choose an active agency from the list."}},
	{"MB006", 404, {"Aduan tidak ditemukan, atau Anda tidak berwenang melihatnya.",
	"The complaint does not exist, or you may not see it."}},
	{"MB007", 409, {"Aduan ini baru saja diubah oleh petugas lain. Muat ulang halaman lalu pilih tindakan lagi.",
	"Another staff member has just changed this complaint. Reload the page and choose the action again."}},
	{"MB008", 403, {"Akun petugas Anda tidak aktif. Hubungi Admin Pemkab.",
	"Your staff account is deactivated. Contact the regency admin."}},
	{"MB010", 400, {"Identitas pelapor tidak valid. Periksa nama, NIK, nomor telepon, alamat dan e-mail.",
	"The reporter's identity is invalid. Check the name, NIK, phone number, address and e-mail."}},
	{"MB011", 400, {"Isi aduan belum lengkap. Periksa kecamatan, kategori, judul dan kronologi.",
	"The complaint is incomplete. Check the district, category, title and chronology."}},
	{"MB012", 403, {"Nomor aduan atau kode akses salah.",
	"The tracking number or the access code is wrong."}},
	{"MB013", 400, {"Kata sandi lama salah.", "The current password is wrong."}},
	{"MB015", 403, {"Sesi Anda berakhir. Silakan masuk kembali.",
	"Your session has ended. Please log in again."}},
	{"MB016", 403, {"Halaman ini hanya untuk Admin Pemkab.",
	"Only the regency admin may open this page."}},
	{"MB017", 400, {"Kata sandi baru terlalu pendek atau memuat nama pengguna.",
	"The new password is too short or contains the username."}},
};

/*
 * Which complaint field masbup.check_submission() rejected (MB010, MB011).
 * The function names the field in the error's COLUMN; the English primary
 * message is matched first because one column has several faults.
 * PostgreSQL does not translate the text of a PL/pgSQL RAISE, so it is stable.
 */
static const struct
{
	const char *message_prefix;
	const char *column;
	const char *field;
	const char *sentence[2];
}			submission_faults[] = {
	{"invalid reporter name", "reporter_name", "nama",
		{"Nama tidak valid: tulis nama lengkap sesuai KTP, 3 sampai 100 huruf (boleh spasi dan tanda . , ' -).",
		"The name is invalid: write your full name as on the KTP, 3 to 100 letters (spaces and . , ' - allowed)."}},
	{"invalid NIK", "reporter_nik", "nik",
		{"NIK tidak valid: salin lagi 16 angka NIK dari KTP. Kode provinsi atau tanggal lahir di dalamnya tidak sesuai.",
		"The NIK is invalid: copy the 16 digits from the KTP again. Its province code or birth date is impossible."}},
	{"invalid phone number", "reporter_phone", "telepon",
		{"Nomor telepon tidak valid: tulis nomor Indonesia seperti 081234567890 atau +6281234567890.",
		"The phone number is invalid: write an Indonesian number such as 081234567890 or +6281234567890."}},
	{"invalid reporter address", "reporter_address", "alamat",
		{"Alamat tidak valid: tulis alamat lengkap (jalan atau dusun, RT/RW, desa), 10 sampai 300 karakter.",
		"The address is invalid: write the full address (street or hamlet, RT/RW, village), 10 to 300 characters."}},
	{"invalid e-mail address", "reporter_email", "email",
		{"Alamat e-mail tidak valid: tulis alamat seperti nama@contoh.id, atau kosongkan.",
		"The e-mail address is invalid: write one such as name@example.org, or leave it empty."}},
	{"missing kecamatan or category", "kecamatan", "kecamatan",
		{"Pilih kecamatan tempat kejadian dan kategori aduan.",
		"Choose the district where it happened and the category."}},
	{"invalid complaint title", "title", "judul",
		{"Judul aduan harus 10 sampai 200 karakter.",
		"The title must have 10 to 200 characters."}},
	{"chronology too short", "chronology", "kronologi",
		{"Kronologi terlalu singkat: ceritakan apa yang terjadi, di mana dan kapan, paling sedikit 50 karakter dan 10 kata.",
		"The chronology is too short: say what happened, where and when, in at least 50 characters and 10 words."}},
	{"chronology too long", NULL, "kronologi",
		{"Kronologi terlalu panjang: paling banyak 10.000 karakter.",
		"The chronology is too long: at most 10,000 characters."}},
};

/* ------------------------------------------------------------------------
 * Connection
 * ------------------------------------------------------------------------ */

/*
 * The first line of a configuration file that is neither blank nor a
 * comment, trimmed. NULL, with *found false, when the file does not exist.
 */
static char *
read_config_file(const web_request *req, const char *path, bool *found)
{
	FILE	   *file = fopen(path, "r");
	char		text[MAX_CONFIG_FILE + 1];
	size_t		len;
	char	   *line;

	*found = file != NULL;
	if (file == NULL)
		return NULL;
	len = fread(text, 1, MAX_CONFIG_FILE, file);
	fclose(file);
	text[len] = '\0';

	line = strtok(text, "\r\n");
	while (line != NULL)
	{
		char	   *end;

		while (*line == ' ' || *line == '\t')
			line++;
		end = line + strlen(line);
		while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*line != '\0' && *line != '#')
			return strdup(line);
		line = strtok(NULL, "\r\n");
	}
	web_log(req, "configuration file %s has no connection string", path);
	return NULL;
}

/*
 * Remember the connection settings of the process environment. Only the
 * environment the program started with is read: a request's parameters
 * must never choose the database.
 */
void
db_configure(void)
{
	const char *dsn = getenv("MASBUP_WEB_DSN");
	const char *file = getenv("MASBUP_WEB_CONFIG");

	if (dsn != NULL && dsn[0] != '\0')
		configured_dsn = strdup(dsn);
	if (file != NULL && file[0] != '\0')
		configured_file = strdup(file);
}

static char *
find_connection_string(const web_request *req)
{
	bool		found;
	char	   *from_file;

	if (configured_dsn != NULL)
		return strdup(configured_dsn);

	if (configured_file != NULL)
	{
		from_file = read_config_file(req, configured_file, &found);
		if (!found)
			web_log(req, "could not open MASBUP_WEB_CONFIG file %s", configured_file);
		return from_file;
	}

	from_file = read_config_file(req, DEFAULT_CONFIG_FILE, &found);
	if (!found)
		web_log(req, "no connection string: set MASBUP_WEB_DSN or MASBUP_WEB_CONFIG, or write it into %s",
				DEFAULT_CONFIG_FILE);
	return from_file;
}

static void log_connection_failure(const web_request *req, const char *what);

/* Settings every new or reset connection needs. */
static bool
prepare_session(const web_request *req)
{
	const char *params[1] = {DISPLAY_TIME_ZONE};
	PGresult   *result = PQexecParams(connection,
									  "SELECT pg_catalog.set_config('TimeZone', $1, false)",
									  1, NULL, params, NULL, NULL, 0);
	bool		ok = PQresultStatus(result) == PGRES_TUPLES_OK;

	if (!ok)
		log_connection_failure(req, "could not set the time zone");
	PQclear(result);
	if (ok && listen_for_reporter_views)
	{
		result = PQexec(connection, "LISTEN " DB_REPORTER_VIEW_CHANNEL);
		ok = PQresultStatus(result) == PGRES_COMMAND_OK;
		if (!ok)
			log_connection_failure(req, "could not listen on " DB_REPORTER_VIEW_CHANNEL);
		PQclear(result);
	}
	if (ok)
		generation++;
	return ok;
}

void
db_listen_for_reporter_views(bool on)
{
	listen_for_reporter_views = on;
}

unsigned long
db_generation(void)
{
	return generation;
}

/*
 * Hand the payload of each notification that has arrived to handle, without
 * waiting for more. Returns false when there is no usable connection: then
 * notifications may have been lost and cached data must not be trusted.
 */
bool
db_poll_notifications(void (*handle) (const char *payload, void *arg), void *arg)
{
	PGnotify   *notification;

	if (connection == NULL || !connection_ready || PQstatus(connection) != CONNECTION_OK ||
		PQconsumeInput(connection) == 0)
		return false;
	while ((notification = PQnotifies(connection)) != NULL)
	{
		handle(notification->extra, arg);
		PQfreemem(notification);
	}
	return connection_ready && PQstatus(connection) == CONNECTION_OK;
}

/* A copy of a server or libpq message on one line: tabs and line breaks become spaces. */
static char *
one_line(const char *message)
{
	char	   *copy = strdup(message ? message : "(no message)");

	if (copy == NULL)
		return NULL;
	for (char *c = copy; *c; c++)
	{
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	}
	return copy;
}

static void
log_connection_failure(const web_request *req, const char *what)
{
	char	   *message = one_line(PQerrorMessage(connection));

	web_log(req, "%s: %s", what, message ? message : "out of memory");
	free(message);
}

/*
 * Receive a message the server sent outside a statement. Before the server
 * ends a connection (pg_terminate_backend, a shutdown, idle_session_timeout)
 * it sends a FATAL message, which libpq passes here while the connection
 * still looks good. Mark the connection broken at once, so that nothing
 * cached is trusted and the next statement reconnects.
 */
static void
receive_notice(void *arg, const PGresult *message)
{
	const char *severity = PQresultErrorField(message, PG_DIAG_SEVERITY_NONLOCALIZED);
	char	   *text = one_line(PQresultErrorMessage(message));

	(void) arg;
	if (severity != NULL && (strcmp(severity, "FATAL") == 0 || strcmp(severity, "PANIC") == 0))
		connection_ready = false;
	web_log(NULL, "server message: %s", text ? text : "out of memory");
	free(text);
}

/* Make sure there is a usable connection. Returns false, with req->db set, when there is none. */
static bool
db_connect(web_request *req)
{
	if (connection != NULL && connection_ready && PQstatus(connection) == CONNECTION_OK)
		return true;

	connection_ready = false;
	if (connection != NULL)
	{
		PQreset(connection);
		if (PQstatus(connection) == CONNECTION_OK && prepare_session(req))
		{
			connection_ready = true;
			return true;
		}
		log_connection_failure(req, "could not reconnect to the database");
	}
	else
	{
		char	   *dsn = find_connection_string(req);
		const char *keywords[] = {"fallback_application_name", "connect_timeout",
		"dbname", "client_encoding", NULL};
		const char *values[] = {"masbup-web", "10", dsn, "UTF8", NULL};

		if (dsn != NULL)
		{
			/* dbname is expanded as a connection string; later keys override it. */
			connection = PQconnectdbParams(keywords, values, 1);
			free(dsn);
			if (connection != NULL)
				PQsetNoticeReceiver(connection, receive_notice, NULL);
			if (PQstatus(connection) == CONNECTION_OK && prepare_session(req))
			{
				connection_ready = true;
				return true;
			}
			log_connection_failure(req, "could not connect to the database");
			PQfinish(connection);
			connection = NULL;
		}
	}

	req->db.failed = true;
	req->db.connection = true;
	return false;
}

void
db_close(void)
{
	if (connection != NULL)
		PQfinish(connection);
	connection = NULL;
	connection_ready = false;
	free(configured_dsn);
	free(configured_file);
	configured_dsn = NULL;
	configured_file = NULL;
}

/* ------------------------------------------------------------------------
 * Queries
 * ------------------------------------------------------------------------ */

void
db_error_clear(web_request *req)
{
	free(req->db.message);
	free(req->db.column);
	memset(&req->db, 0, sizeof(req->db));
}

/* Did the statement fail because the server went away (no SQLSTATE, class 08 or 57P)? */
static bool
connection_lost(const PGresult *result)
{
	const char *sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : NULL;

	return sqlstate == NULL || strncmp(sqlstate, "08", 2) == 0 ||
		strncmp(sqlstate, "57P", 3) == 0;
}

static char *
copy_field(const PGresult *result, int code)
{
	const char *value = result ? PQresultErrorField(result, code) : NULL;

	return value ? strdup(value) : NULL;
}

/*
 * Run one parameterised statement (text parameters, NULL for SQL NULL) and
 * return its result, or NULL with req->db describing the failure. The
 * caller clears a returned result.
 */
PGresult *
db_exec(web_request *req, const char *sql, int nparams, const char *const *params)
{
	PGresult   *result;
	ExecStatusType status;
	const char *sqlstate;

	db_error_clear(req);
	for (int attempt = 1;; attempt++)
	{
		if (!db_connect(req))
			return NULL;

		result = PQexecParams(connection, sql, nparams, NULL, params, NULL, NULL, 0);
		status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
		if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
			return result;

		/*
		 * A FastCGI process finds out that the server restarted only when it
		 * sends the next statement, so reconnect and send it once more. That
		 * is safe for what the pages send: a submission carries its token,
		 * an action the expected event count, and the rest read or open a
		 * new session. A repeated acknowledgement whose first attempt did
		 * commit fails with MB001, and the page then shows the closed
		 * complaint.
		 */
		if (attempt == 1 && PQstatus(connection) == CONNECTION_BAD &&
			connection_lost(result))
		{
			log_connection_failure(req, "database connection lost, reconnecting");
			PQclear(result);
			continue;
		}
		break;
	}

	req->db.failed = true;
	sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : NULL;
	if (sqlstate != NULL)
		snprintf(req->db.sqlstate, sizeof(req->db.sqlstate), "%s", sqlstate);
	req->db.message = copy_field(result, PG_DIAG_MESSAGE_PRIMARY);
	if (req->db.message == NULL)
		req->db.message = strdup(PQerrorMessage(connection));
	req->db.column = copy_field(result, PG_DIAG_COLUMN_NAME);
	if (PQstatus(connection) != CONNECTION_OK)
		req->db.connection = true;
	PQclear(result);
	return NULL;
}

/* A column's text, or NULL for SQL NULL. */
const char *
db_value(const PGresult *result, int row, int column)
{
	if (PQgetisnull(result, row, column))
		return NULL;
	return PQgetvalue(result, row, column);
}

bool
db_bool(const PGresult *result, int row, int column)
{
	const char *value = db_value(result, row, column);

	return value != NULL && strcmp(value, "t") == 0;
}

bool
db_failed_with(const web_request *req, const char *sqlstate)
{
	return req->db.failed && strcmp(req->db.sqlstate, sqlstate) == 0;
}

/* ------------------------------------------------------------------------
 * Errors for people
 * ------------------------------------------------------------------------ */

/* The sentence and HTTP status for an expected SQLSTATE, or NULL for others. */
const char *
db_sentence(const web_request *req, const char *sqlstate, int *status)
{
	for (size_t i = 0; i < sizeof(known_errors) / sizeof(known_errors[0]); i++)
	{
		if (strcmp(known_errors[i].sqlstate, sqlstate) == 0)
		{
			*status = known_errors[i].status;
			return known_errors[i].sentence[req->lang == LANG_EN ? 1 : 0];
		}
	}
	return NULL;
}

/*
 * The sentence for the failure in req->db and its HTTP status, or NULL when
 * the failure is unexpected (then it must be logged and shown generically).
 */
const char *
db_error_sentence(const web_request *req, int *status)
{
	if (!req->db.failed || req->db.connection)
		return NULL;
	return db_sentence(req, req->db.sqlstate, status);
}

/* Render the page for the failure in req->db, logging unexpected ones. */
void
db_error_page(web_request *req, web_response *res)
{
	int			status = 500;
	const char *sentence = db_error_sentence(req, &status);
	char	   *message;

	if (sentence != NULL)
	{
		html_error_page(req, res, status, sentence);
		return;
	}
	if (req->db.connection)
	{
		/* db_connect() logged a failed connect, and a connection lost mid-query is logged here. */
		if (req->db.message != NULL)
		{
			message = one_line(req->db.message);
			web_log(req, "database connection lost: %s", message ? message : "out of memory");
			free(message);
		}
		html_internal_error_page(req, res, 503, tr(req, M_ERROR_DATABASE_DOWN));
		return;
	}

	message = one_line(req->db.message);
	web_log(req, "SQLSTATE %s: %s", req->db.sqlstate[0] ? req->db.sqlstate : "(none)",
			message ? message : "out of memory");
	free(message);
	html_internal_error_page(req, res, 500, tr(req, M_ERROR_GENERIC));
}

/*
 * For MB010 and MB011 from masbup.submit_complaint(): the form field at
 * fault and a sentence saying how to fix it. False for other failures or
 * a message this table does not know.
 */
bool
db_submission_fault(const web_request *req, const char **field, const char **sentence)
{
	int			lang = req->lang == LANG_EN ? 1 : 0;

	if (!db_failed_with(req, "MB010") && !db_failed_with(req, "MB011"))
		return false;

	/*
	 * The message distinguishes faults of one column (a chronology too short or
	 * too long), so it decides first. The column then catches messages that
	 * this table does not know yet.
	 */
	for (int by_column = 0; by_column <= 1; by_column++)
	{
		for (size_t i = 0; i < sizeof(submission_faults) / sizeof(submission_faults[0]); i++)
		{
			const char *prefix = submission_faults[i].message_prefix;
			const char *column = submission_faults[i].column;
			bool		matches = by_column
				? req->db.column != NULL && column != NULL && strcmp(req->db.column, column) == 0
				: req->db.message != NULL && strncmp(req->db.message, prefix, strlen(prefix)) == 0;

			if (matches)
			{
				*field = submission_faults[i].field;
				*sentence = submission_faults[i].sentence[lang];
				return true;
			}
		}
	}
	return false;
}
