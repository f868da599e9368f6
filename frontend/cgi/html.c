/*
 * html.c
 *	  Screen texts in Indonesian and English, HTML escaping, the page layout,
 *	  form pieces and error pages.
 *
 * Everything that comes from the request or the database goes through
 * html_esc() or html_escf(); buf_add() is only for markup written here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* Indonesian first, English second. Strings with %s are format strings. */
static const char *const messages[M_COUNT_OF_MESSAGES][2] = {
	[M_SITE_NAME] = {"Hallo MasBup", "Hallo MasBup"},
	[M_SITE_TAGLINE] = {"Layanan pengaduan Pemerintah Kabupaten Kediri",
	"Complaint service of the Kediri Regency Government"},
	[M_SKIP_TO_CONTENT] = {"Langsung ke isi", "Skip to content"},
	[M_NAV_LABEL] = {"Menu utama", "Main menu"},
	[M_NAV_SUBMIT] = {"Kirim aduan", "Submit a complaint"},
	[M_NAV_TRACK] = {"Lacak aduan", "Track a complaint"},
	[M_NAV_LOGIN] = {"Masuk petugas", "Staff login"},
	[M_NAV_DESK] = {"Meja kerja", "Desk"},
	[M_NAV_ALL] = {"Semua aduan", "All complaints"},
	[M_NAV_REPORTS] = {"Laporan", "Reports"},
	[M_NAV_LOGOUT] = {"Keluar", "Log out"},
	[M_LANG_LABEL] = {"Bahasa", "Language"},
	[M_FOOTER] = {"Hallo MasBup (Lapor MasBup!) · Pemerintah Kabupaten Kediri · Layanan gratis. Standar pelayanan: jawaban dalam 5 hari kerja.",
	"Hallo MasBup (Lapor MasBup!) · Kediri Regency Government · A free service. Service standard: an answer within 5 working days."},
	[M_OPTIONAL] = {"opsional", "optional"},
	[M_REQUIRED] = {"wajib", "required"},

	[M_HOME_TITLE] = {"Hallo MasBup", "Hallo MasBup"},
	[M_HOME_INTRO] = {"Layanan pengaduan daring gratis Pemerintah Kabupaten Kediri. Sampaikan aduan dengan identitas lengkap dan kronologi kejadian. Petugas meneruskannya ke OPD yang berwenang, dan jawabannya dikirim kembali kepada Anda. Standar pelayanan: jawaban dalam 5 hari kerja.",
	"The free online complaint service of the Kediri Regency Government. Send a complaint with your full identity and a chronology of what happened. Staff route it to the responsible agency, and the answer comes back to you. Service standard: an answer within 5 working days."},
	[M_HOME_SUBMIT_TEXT] = {"Isi formulir aduan. Anda mendapat nomor aduan dan kode akses untuk melacaknya.",
	"Fill in the complaint form. You get a tracking number and an access code to follow it."},
	[M_HOME_TRACK_TEXT] = {"Lihat status, riwayat dan jawaban aduan Anda dengan nomor aduan dan kode akses.",
	"See the status, history and answer of your complaint with its tracking number and access code."},
	[M_HOME_STAFF_TEXT] = {"Untuk Admin Pemkab, Admin Diskominfo dan Admin OPD.",
	"For the regency, communications office and agency admins."},

	[M_SUBMIT_TITLE] = {"Kirim aduan", "Submit a complaint"},
	[M_SUBMIT_INTRO] = {"Semua isian wajib diisi, kecuali yang ditandai opsional. Identitas Anda hanya dilihat petugas.",
	"Every field is required unless it is marked optional. Only staff see your identity."},
	[M_SUBMIT_IDENTITY] = {"Identitas pelapor", "Your identity"},
	[M_SUBMIT_COMPLAINT] = {"Aduan", "Complaint"},
	[M_HINT_NAME] = {"Nama lengkap sesuai KTP.", "Full name as on your identity card (KTP)."},
	[M_HINT_NIK] = {"16 angka NIK sesuai KTP, tanpa spasi.", "The 16-digit NIK from your KTP, without spaces."},
	[M_HINT_PHONE] = {"Contoh: 081234567890 atau +6281234567890.", "For example 081234567890 or +6281234567890."},
	[M_HINT_EMAIL] = {"Contoh: nama@contoh.id.", "For example name@example.org."},
	[M_HINT_ADDRESS] = {"Jalan atau dusun, RT/RW, dan desa; 10 sampai 300 karakter.",
	"Street or hamlet, RT/RW and village; 10 to 300 characters."},
	[M_HINT_TITLE] = {"Ringkasan aduan dalam 10 sampai 200 karakter.", "A summary in 10 to 200 characters."},
	[M_HINT_CHRONOLOGY] = {"Ceritakan apa yang terjadi, di mana dan kapan: paling sedikit 50 karakter dan 10 kata.",
	"Say what happened, where and when: at least 50 characters and 10 words."},
	[M_HINT_CONFIDENTIAL] = {"OPD tidak melihat identitas Anda. Admin Pemkab tetap dapat melihatnya.",
	"The agency does not see your identity. The regency admin still can."},
	[M_CHOOSE_KECAMATAN] = {"Pilih kecamatan", "Choose a district"},
	[M_CHOOSE_CATEGORY] = {"Pilih kategori", "Choose a category"},
	[M_CONFIDENTIAL_LABEL] = {"Rahasiakan identitas saya dari petugas selain Admin Pemkab",
	"Keep my identity from all staff but the regency admin"},
	[M_SUBMIT_BUTTON] = {"Kirim aduan", "Submit the complaint"},
	[M_FORM_HAS_ERROR] = {"Aduan belum terkirim. Perbaiki isian yang ditandai lalu kirim lagi.",
	"The complaint was not sent. Correct the marked field and send it again."},
	[M_RECEIPT_TITLE] = {"Aduan diterima", "Complaint received"},
	[M_RECEIPT_TEXT] = {"Terima kasih. Aduan Anda telah kami terima.", "Thank you. We have received your complaint."},
	[M_RECEIPT_KEEP] = {"Catat nomor aduan dan kode akses ini sekarang. Kode akses hanya ditampilkan sekali ini dan diperlukan untuk melacak aduan serta mengonfirmasi jawaban.",
	"Write down the tracking number and the access code now. The access code is shown only this once, and you need it to track the complaint and to acknowledge the answer."},
	[M_RECEIPT_REPEAT_TITLE] = {"Aduan sudah terkirim", "Complaint already submitted"},
	[M_RECEIPT_REPEAT_TEXT] = {"Formulir ini sudah pernah dikirim, jadi tidak ada aduan baru yang dibuat.",
	"This form was already sent, so no new complaint was created."},
	[M_RECEIPT_REPEAT_CODE] = {"Kode akses sudah ditampilkan saat pengiriman pertama.",
	"The access code was shown when the form was first sent."},
	[M_TRACKING_NO] = {"Nomor aduan", "Tracking number"},
	[M_ACCESS_CODE] = {"Kode akses", "Access code"},
	[M_TRACK_THIS] = {"Lacak aduan", "Track a complaint"},

	[M_TRACK_TITLE] = {"Lacak aduan", "Track a complaint"},
	[M_TRACK_INTRO] = {"Masukkan nomor aduan dan kode akses dari tanda terima aduan Anda.",
	"Enter the tracking number and the access code from your receipt."},
	[M_HINT_TRACKING_NO] = {"Contoh: MB-2026-000123.", "For example MB-2026-000123."},
	[M_HINT_ACCESS_CODE] = {"8 huruf dan angka.", "8 letters and digits."},
	[M_TRACK_BUTTON] = {"Lacak", "Track"},
	[M_TRACK_INVALID] = {"Nomor aduan atau kode akses salah. Periksa tanda terima aduan Anda.",
	"The tracking number or the access code is wrong. Check your receipt."},
	[M_TRACK_LOCKED] = {"Akses ke aduan ini dikunci sampai %s WIB karena kode akses salah dimasukkan berulang kali. Silakan coba lagi setelah waktu itu.",
	"Access to this complaint is locked until %s WIB because a wrong access code was entered too often. Try again after that time."},
	[M_TRACK_SESSION_ENDED] = {"Sesi pelacakan Anda sudah berakhir. Masukkan nomor aduan dan kode akses sekali lagi.",
	"Your tracking session has ended. Enter the tracking number and access code once more."},
	[M_STATUS_TITLE] = {"Status aduan", "Complaint status"},
	[M_CURRENT_STATE] = {"Status", "Status"},
	[M_ANSWER] = {"Jawaban", "Answer"},
	[M_TIMELINE] = {"Riwayat", "History"},
	[M_ACK_TITLE] = {"Konfirmasi jawaban", "Acknowledge the answer"},
	[M_ACK_TEXT] = {"Bila jawaban sudah Anda terima, konfirmasikan di sini. Aduan kemudian ditutup.",
	"If you have received the answer, acknowledge it here. The complaint then closes."},
	[M_ACK_BUTTON] = {"Jawaban sudah saya terima", "I have received the answer"},
	[M_ACK_DONE] = {"Terima kasih. Konfirmasi Anda tercatat dan aduan ini selesai.",
	"Thank you. Your acknowledgement is recorded and the complaint is closed."},
	[M_AGENCY] = {"OPD", "Agency"},
	[M_NOTE] = {"Catatan", "Note"},
	[M_TIME] = {"Waktu", "Time"},
	[M_EVENT] = {"Kejadian", "Event"},
	[M_TRACK_ANOTHER] = {"Lacak aduan lain", "Track another complaint"},

	[M_LOGIN_TITLE] = {"Masuk petugas", "Staff login"},
	[M_LOGIN_BUTTON] = {"Masuk", "Log in"},
	[M_LOGIN_INVALID] = {"Nama pengguna atau kata sandi salah.", "The username or the password is wrong."},
	[M_LOGIN_LOCKED] = {"Akun ini dikunci sampai %s WIB karena kata sandi salah dimasukkan berulang kali.",
	"This account is locked until %s WIB because a wrong password was entered too often."},
	[M_LOGIN_NEEDED] = {"Silakan masuk sebagai petugas untuk membuka halaman ini.",
	"Log in as a staff member to open this page."},

	[M_DESK_TITLE] = {"Meja kerja", "Desk"},
	[M_DESK_INTRO] = {"Aduan yang menunggu tindakan Anda, diurutkan menurut batas waktu.",
	"Complaints waiting for your action, by deadline."},
	[M_DESK_EMPTY] = {"Tidak ada aduan yang menunggu tindakan Anda.", "No complaint is waiting for your action."},
	[M_DESK_LEGEND] = {"Lewat batas waktu: batas standar pelayanan sudah lewat. Lewat target: target jawaban sudah lewat, tetapi batas waktu belum.",
	"Overdue: the service standard's deadline has passed. Past target: the target answer time has passed, the deadline not yet."},
	[M_OVERDUE] = {"Lewat batas waktu", "Overdue"},
	[M_PAST_TARGET] = {"Lewat target", "Past target"},
	[M_COL_NUMBER] = {"Nomor", "Number"},
	[M_COL_TITLE] = {"Judul", "Title"},
	[M_COL_STATE] = {"Status", "Status"},
	[M_COL_SUBMITTED] = {"Diterima", "Received"},
	[M_COL_TARGET] = {"Target", "Target"},
	[M_COL_DUE] = {"Batas waktu", "Deadline"},
	[M_COL_ANSWERED] = {"Dijawab", "Answered"},
	[M_COL_CLOSED] = {"Selesai", "Closed"},
	[M_COL_REMARK] = {"Keterangan", "Remark"},
	[M_COL_STANDARD] = {"Standar pelayanan", "Service standard"},
	[M_COL_BY] = {"Oleh", "By"},
	[M_COL_NEW_STATE] = {"Status baru", "New status"},
	[M_COMPLAINT_TITLE] = {"Aduan %s", "Complaint %s"},
	[M_COMPLAINT_DATA] = {"Data aduan", "Complaint"},
	[M_KECAMATAN] = {"Kecamatan", "District (kecamatan)"},
	[M_CATEGORY] = {"Kategori", "Category"},
	[M_CHRONOLOGY] = {"Kronologi", "Chronology"},
	[M_REPORTER] = {"Identitas pelapor", "Reporter"},
	[M_REPORTER_HIDDEN] = {"Pelapor meminta identitasnya dirahasiakan.", "The reporter asked to keep their identity confidential."},
	[M_REPORTER_CONFIDENTIAL] = {"Pelapor meminta identitasnya dirahasiakan dari OPD. Jangan teruskan identitas ini.",
	"The reporter asked to keep their identity from the agency. Do not pass it on."},
	[M_NAME] = {"Nama lengkap", "Full name"},
	[M_NIK] = {"NIK", "NIK"},
	[M_PHONE] = {"Nomor telepon", "Phone number"},
	[M_EMAIL] = {"E-mail", "E-mail"},
	[M_ADDRESS] = {"Alamat", "Address"},
	[M_ACTIONS] = {"Tindakan", "Actions"},
	[M_NO_ACTIONS] = {"Tidak ada tindakan yang dapat Anda lakukan pada status aduan ini.",
	"There is no action you can take in the complaint's current state."},
	[M_NOTE_REQUIRED] = {"Catatan atau alasan (wajib)", "Note or reason (required)"},
	[M_NOTE_OPTIONAL] = {"Catatan (opsional)", "Note (optional)"},
	[M_RESULT_REQUIRED] = {"Hasil tindak lanjut, dibaca pelapor setelah diverifikasi (wajib)",
	"Result of the follow-up, read by the reporter once verified (required)"},
	[M_TARGET_AGENCY] = {"OPD tujuan", "Target agency"},
	[M_CHOOSE_AGENCY] = {"Pilih OPD", "Choose an agency"},
	[M_BACK_TO_COMPLAINT] = {"Kembali ke aduan", "Back to the complaint"},
	[M_NONE] = {"—", "—"},
	[M_ALL_TITLE] = {"Semua aduan", "All complaints"},
	[M_FILTER] = {"Saring", "Filter"},
	[M_FILTER_ALL] = {"Semua", "All"},
	[M_FROM_DATE] = {"Diterima dari tanggal", "Received from"},
	[M_TO_DATE] = {"Sampai tanggal", "Received until"},
	[M_SHOW] = {"Tampilkan", "Show"},
	[M_LIST_COUNT] = {"%s aduan.", "%s complaints."},
	[M_LIST_TRUNCATED] = {"Hanya %s aduan terbaru yang ditampilkan. Persempit saringan untuk melihat yang lain.",
	"Only the %s latest complaints are shown. Narrow the filter to see the others."},
	[M_LIST_EMPTY] = {"Tidak ada aduan yang cocok dengan saringan ini.", "No complaint matches this filter."},
	[M_STANDARD_MET] = {"Tepat waktu", "On time"},
	[M_STANDARD_LATE] = {"Terlambat", "Late"},
	[M_STANDARD_OVERDUE] = {"Lewat batas waktu", "Overdue"},
	[M_STANDARD_OPEN] = {"Dalam proses", "In progress"},
	[M_STANDARD_REJECTED] = {"Ditolak", "Rejected"},
	[M_NO_AGENCY_YET] = {"Belum di OPD", "Not at an agency yet"},

	[M_REPORTS_TITLE] = {"Laporan", "Reports"},
	[M_REPORT_BY_STATE] = {"Aduan menurut status", "Complaints by status"},
	[M_REPORT_BY_AGENCY] = {"Standar pelayanan menurut OPD", "Service standard by agency"},
	[M_REPORT_BY_AGENCY_NOTE] = {"Tepat waktu dan terlambat: dijawab sebelum atau sesudah batas 5 hari kerja. Lewat batas waktu: belum dijawab dan batasnya sudah lewat.",
	"On time and late: answered before or after the 5-working-day deadline. Overdue: not answered and past the deadline."},
	[M_COUNT] = {"Jumlah", "Count"},
	[M_TOTAL] = {"Total", "Total"},

	[M_ERROR_TITLE_400] = {"Permintaan tidak valid", "Invalid request"},
	[M_ERROR_TITLE_403] = {"Akses ditolak", "Access denied"},
	[M_ERROR_TITLE_404] = {"Halaman tidak ditemukan", "Page not found"},
	[M_ERROR_TITLE_405] = {"Metode tidak diizinkan", "Method not allowed"},
	[M_ERROR_TITLE_409] = {"Tindakan tidak dapat diproses", "The action cannot be done"},
	[M_ERROR_TITLE_429] = {"Terlalu banyak percobaan", "Too many attempts"},
	[M_ERROR_TITLE_500] = {"Terjadi kesalahan", "Something went wrong"},
	[M_ERROR_TITLE_503] = {"Layanan sedang terganggu", "Service unavailable"},
	[M_ERROR_NOT_FOUND] = {"Halaman yang Anda cari tidak ada. Periksa alamatnya atau kembali ke beranda.",
	"The page you asked for does not exist. Check the address or go back to the home page."},
	[M_ERROR_METHOD] = {"Alamat ini tidak menerima metode permintaan tersebut.",
	"This address does not accept that request method."},
	[M_ERROR_CSRF] = {"Formulir ini kedaluwarsa atau tidak dikirim dari situs ini. Muat ulang halaman formulir lalu kirim lagi.",
	"This form has expired or was not sent from this site. Reload the form's page and send it again."},
	[M_ERROR_GENERIC] = {"Terjadi kesalahan pada sistem. Silakan coba lagi nanti. Bila masalah berlanjut, sampaikan kode permintaan di bawah ini kepada petugas.",
	"Something went wrong on our side. Please try again later. If it keeps happening, give the staff the request id below."},
	[M_ERROR_DATABASE_DOWN] = {"Layanan sedang tidak dapat menghubungi basis data. Silakan coba lagi beberapa saat lagi.",
	"The service cannot reach its database right now. Please try again in a moment."},
	[M_REQUEST_ID] = {"Kode permintaan", "Request id"},
	[M_ERROR_TOO_LARGE] = {"Data yang dikirim terlalu besar: paling banyak 64 KiB.",
	"The data sent is too large: at most 64 KiB."},
	[M_ERROR_BAD_ESCAPE] = {"Permintaan memuat kode persen (%xx) yang rusak.",
	"The request contains a malformed percent escape (%xx)."},
	[M_ERROR_NUL] = {"Permintaan memuat karakter NUL, yang tidak diizinkan.",
	"The request contains a NUL character, which is not allowed."},
	[M_ERROR_UNKNOWN_FIELD] = {"Permintaan memuat isian yang tidak dikenal halaman ini.",
	"The request contains a field this page does not know."},
	[M_ERROR_DUPLICATE] = {"Isian \"%s\" dikirim lebih dari sekali.", "The field \"%s\" was sent more than once."},
	[M_ERROR_TOO_LONG] = {"Isian \"%s\" terlalu panjang.", "The field \"%s\" is too long."},
	[M_ERROR_MISSING] = {"Isian \"%s\" wajib diisi.", "The field \"%s\" is required."},
	[M_ERROR_INVALID] = {"Isian \"%s\" tidak valid. Periksa petunjuk di bawah isian itu.",
	"The field \"%s\" is invalid. See the hint below the field."},
	[M_ERROR_CONTENT_TYPE] = {"Formulir harus dikirim sebagai application/x-www-form-urlencoded.",
	"Forms must be sent as application/x-www-form-urlencoded."},
	[M_ERROR_BAD_BODY] = {"Isi permintaan tidak dapat dibaca: panjangnya tidak sesuai CONTENT_LENGTH.",
	"The request body could not be read: its length does not match CONTENT_LENGTH."},
	[M_REDIRECT_TEXT] = {"Lanjutkan", "Continue"},
	[M_BACK_HOME] = {"Kembali ke beranda", "Back to the home page"},
};

/* Labels of the form fields, for error messages. */
static const struct
{
	const char *name;
	const char *label[2];
}			field_labels[] = {
	{"nama", {"Nama lengkap", "Full name"}},
	{"nik", {"NIK", "NIK"}},
	{"telepon", {"Nomor telepon", "Phone number"}},
	{"email", {"E-mail", "E-mail"}},
	{"alamat", {"Alamat", "Address"}},
	{"kecamatan", {"Kecamatan", "District (kecamatan)"}},
	{"kategori", {"Kategori", "Category"}},
	{"judul", {"Judul aduan", "Title"}},
	{"kronologi", {"Kronologi", "Chronology"}},
	{"rahasia", {"Rahasiakan identitas", "Keep my identity confidential"}},
	{"token", {"Token formulir", "Form token"}},
	{"csrf", {"Token keamanan", "Security token"}},
	{"no", {"Nomor aduan", "Tracking number"}},
	{"kode", {"Kode akses", "Access code"}},
	{"catatan", {"Catatan", "Note"}},
	{"username", {"Nama pengguna", "Username"}},
	{"password", {"Kata sandi", "Password"}},
	{"id", {"Nomor data aduan", "Complaint id"}},
	{"aksi", {"Tindakan", "Action"}},
	{"versi", {"Versi aduan", "Complaint version"}},
	{"opd", {"OPD", "Agency"}},
	{"status", {"Status", "Status"}},
	{"dari", {"Dari tanggal", "From date"}},
	{"sampai", {"Sampai tanggal", "To date"}},
	{"lang", {"Bahasa", "Language"}},
};

const char *
tr(const web_request *req, msg_id id)
{
	const char *text = messages[id][req->lang == LANG_EN ? 1 : 0];

	return text ? text : "";
}

/* Is every screen text present in both languages? main() checks at start. */
bool
html_messages_complete(void)
{
	for (int i = 0; i < M_COUNT_OF_MESSAGES; i++)
	{
		if (messages[i][0] == NULL || messages[i][1] == NULL)
		{
			fprintf(stderr, "masbup-web: screen text %d is missing a translation\n", i);
			return false;
		}
	}
	return true;
}

const char *
html_lang_code(const web_request *req)
{
	return req->lang == LANG_EN ? "en" : "id";
}

const char *
field_label(const web_request *req, const char *name)
{
	if (name == NULL)
		return "";
	for (size_t i = 0; i < sizeof(field_labels) / sizeof(field_labels[0]); i++)
	{
		if (strcmp(field_labels[i].name, name) == 0)
			return field_labels[i].label[req->lang == LANG_EN ? 1 : 0];
	}
	return name;
}

const char *
http_status_text(int status)
{
	switch (status)
	{
		case 200:
			return "OK";
		case 303:
			return "See Other";
		case 400:
			return "Bad Request";
		case 403:
			return "Forbidden";
		case 404:
			return "Not Found";
		case 405:
			return "Method Not Allowed";
		case 409:
			return "Conflict";
		case 429:
			return "Too Many Requests";
		case 503:
			return "Service Unavailable";
		default:
			return "Internal Server Error";
	}
}

/* ------------------------------------------------------------------------
 * Escaping
 * ------------------------------------------------------------------------ */

/* Append s with the five HTML-special characters escaped, safe in text and in quoted attributes. */
void
html_esc(strbuf *buf, const char *s)
{
	const char *run = s;

	if (s == NULL)
		return;
	for (; *s; s++)
	{
		const char *entity;

		switch (*s)
		{
			case '&':
				entity = "&amp;";
				break;
			case '<':
				entity = "&lt;";
				break;
			case '>':
				entity = "&gt;";
				break;
			case '"':
				entity = "&quot;";
				break;
			case '\'':
				entity = "&#39;";
				break;
			default:
				continue;
		}
		buf_addn(buf, run, (size_t) (s - run));
		buf_add(buf, entity);
		run = s + 1;
	}
	buf_addn(buf, run, (size_t) (s - run));
}

/* Format, then escape the whole result. */
void
html_escf(strbuf *buf, const char *fmt,...)
{
	va_list		args;
	int			n;
	char	   *text;

	va_start(args, fmt);
	n = vsnprintf(NULL, 0, fmt, args);
	va_end(args);
	if (n < 0)
		return;

	text = malloc((size_t) n + 1);
	if (text == NULL)
	{
		fputs("masbup-web: out of memory\n", stderr);
		abort();
	}
	va_start(args, fmt);
	vsnprintf(text, (size_t) n + 1, fmt, args);
	va_end(args);
	html_esc(buf, text);
	free(text);
}

/* Append s percent-encoded for a query string (unreserved characters stay). */
void
url_encode(strbuf *buf, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++)
	{
		unsigned char c = (unsigned char) *s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			(c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
			buf_addn(buf, (const char *) &c, 1);
		else
		{
			char		escaped[3] = {'%', hex[c >> 4], hex[c & 15]};

			buf_addn(buf, escaped, 3);
		}
	}
}

/* ------------------------------------------------------------------------
 * Layout
 * ------------------------------------------------------------------------ */

/* The link that shows the current page in the other language. */
static void
lang_switch(const web_request *req, web_response *res)
{
	web_lang	other = req->lang == LANG_EN ? LANG_ID : LANG_EN;
	strbuf		href;

	buf_init(&href);
	buf_add(&href, req->switch_path ? req->switch_path : "/");
	buf_add(&href, "?");

	/* On the same GET page, keep the other validated fields, such as the complaint id. */
	if (strcmp(req->method, "GET") == 0 && req->switch_path &&
		strcmp(req->switch_path, req->path) == 0)
	{
		for (size_t i = 0; i < req->query.table.nfields; i++)
		{
			const char *name = req->query.table.fields[i].name;

			if (!req->query.valid[i] || strcmp(name, "lang") == 0)
				continue;
			url_encode(&href, name);
			buf_add(&href, "=");
			url_encode(&href, req->query.values[i]);
			buf_add(&href, "&");
		}
	}
	buf_add(&href, other == LANG_EN ? "lang=en" : "lang=id");

	buf_add(&res->body, "<p class=\"lang\">");
	html_esc(&res->body, tr(req, M_LANG_LABEL));
	buf_add(&res->body, ": <a href=\"");
	html_esc(&res->body, buf_str(&href));
	buf_addf(&res->body, "\" hreflang=\"%s\" lang=\"%s\">%s</a></p>\n",
			 other == LANG_EN ? "en" : "id", other == LANG_EN ? "en" : "id",
			 other == LANG_EN ? "English" : "Bahasa Indonesia");
	buf_free(&href);
}

static void
nav_link(const web_request *req, web_response *res, const char *href, msg_id text)
{
	buf_add(&res->body, "<li><a href=\"");
	buf_add(&res->body, href);
	buf_add(&res->body, "\"");
	if (strcmp(req->path, href) == 0)
		buf_add(&res->body, " aria-current=\"page\"");
	buf_add(&res->body, ">");
	html_esc(&res->body, tr(req, text));
	buf_add(&res->body, "</a></li>\n");
}

/* Start a page: document head, site header, navigation and the <h1>. */
void
html_begin(const web_request *req, web_response *res, const char *title)
{
	strbuf	   *b = &res->body;

	buf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n", html_lang_code(req));
	buf_add(b, "<meta charset=\"utf-8\">\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			"<title>");
	html_esc(b, title);
	if (strcmp(title, tr(req, M_SITE_NAME)) != 0)
	{
		buf_add(b, " · ");
		html_esc(b, tr(req, M_SITE_NAME));
	}
	buf_add(b, "</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n");

	buf_add(b, "<a class=\"skip\" href=\"#isi\">");
	html_esc(b, tr(req, M_SKIP_TO_CONTENT));
	buf_add(b, "</a>\n<header class=\"site\">\n<p class=\"brand\"><a href=\"/\">");
	html_esc(b, tr(req, M_SITE_NAME));
	buf_add(b, "</a> <span>");
	html_esc(b, tr(req, M_SITE_TAGLINE));
	buf_add(b, "</span></p>\n<nav aria-label=\"");
	html_esc(b, tr(req, M_NAV_LABEL));
	buf_add(b, "\">\n<ul>\n");
	nav_link(req, res, "/aduan/baru", M_NAV_SUBMIT);
	nav_link(req, res, "/lacak", M_NAV_TRACK);
	if (req->session)
	{
		nav_link(req, res, "/staf/meja", M_NAV_DESK);
		/* The list and the reports are the regency admin's; unknown roles see them too. */
		if (req->staff_role[0] == '\0' || strcmp(req->staff_role, "admin_pemkab") == 0)
		{
			nav_link(req, res, "/staf/semua", M_NAV_ALL);
			nav_link(req, res, "/staf/laporan", M_NAV_REPORTS);
		}
		buf_add(b, "<li><form method=\"post\" action=\"/staf/keluar\" class=\"inline\">");
		html_csrf_field(req, res);
		buf_add(b, "<button type=\"submit\">");
		html_esc(b, tr(req, M_NAV_LOGOUT));
		buf_add(b, "</button></form></li>\n");
	}
	else
		nav_link(req, res, "/staf/masuk", M_NAV_LOGIN);
	buf_add(b, "</ul>\n</nav>\n");
	if (req->session && req->staff_name[0] != '\0')
	{
		buf_add(b, "<p class=\"who\">");
		html_esc(b, req->staff_name);
		buf_add(b, " (");
		html_esc(b, req->staff_role_label);
		buf_add(b, ")</p>\n");
	}
	lang_switch(req, res);
	buf_add(b, "</header>\n<main id=\"isi\">\n<h1>");
	html_esc(b, title);
	buf_add(b, "</h1>\n");
}

void
html_end(const web_request *req, web_response *res)
{
	buf_add(&res->body, "</main>\n<footer class=\"site\"><p>");
	html_esc(&res->body, tr(req, M_FOOTER));
	buf_add(&res->body, "</p></footer>\n</body>\n</html>\n");
}

/* A paragraph in a box. css_class is "error", "ok" or "info". */
void
html_notice(web_response *res, const char *css_class, const char *text)
{
	buf_addf(&res->body, "<p class=\"notice %s\"%s>", css_class,
			 strcmp(css_class, "error") == 0 ? " role=\"alert\"" : "");
	html_esc(&res->body, text);
	buf_add(&res->body, "</p>\n");
}

/* ------------------------------------------------------------------------
 * Form pieces
 * ------------------------------------------------------------------------ */

void
html_csrf_field(const web_request *req, web_response *res)
{
	html_hidden(res, "csrf", req->csrf);
}

void
html_hidden(web_response *res, const char *name, const char *value)
{
	buf_add(&res->body, "<input type=\"hidden\" name=\"");
	html_esc(&res->body, name);
	buf_add(&res->body, "\" value=\"");
	html_esc(&res->body, value ? value : "");
	buf_add(&res->body, "\">");
}

/* <label> for the control whose id is "f-" + name. */
void
html_label(const web_request *req, web_response *res, const char *name,
		   const char *label, bool optional)
{
	buf_add(&res->body, "<label for=\"f-");
	html_esc(&res->body, name);
	buf_add(&res->body, "\">");
	html_esc(&res->body, label);
	if (optional)
	{
		buf_add(&res->body, " <span class=\"optional\">(");
		html_esc(&res->body, tr(req, M_OPTIONAL));
		buf_add(&res->body, ")</span>");
	}
	buf_add(&res->body, "</label>\n");
}

/* The attributes that tie a control to its hint and error text. */
void
html_described_by(web_response *res, const char *name, const char *hint,
				  const char *error)
{
	if (hint == NULL && error == NULL)
		return;
	buf_add(&res->body, " aria-describedby=\"");
	if (hint)
	{
		buf_add(&res->body, "h-");
		html_esc(&res->body, name);
	}
	if (hint && error)
		buf_add(&res->body, " ");
	if (error)
	{
		buf_add(&res->body, "e-");
		html_esc(&res->body, name);
	}
	buf_add(&res->body, "\"");
	if (error)
		buf_add(&res->body, " aria-invalid=\"true\"");
}

void
html_hint_and_error(web_response *res, const char *name, const char *hint,
					const char *error)
{
	if (hint)
	{
		buf_add(&res->body, "<p class=\"hint\" id=\"h-");
		html_esc(&res->body, name);
		buf_add(&res->body, "\">");
		html_esc(&res->body, hint);
		buf_add(&res->body, "</p>\n");
	}
	if (error)
	{
		buf_add(&res->body, "<p class=\"field-error\" id=\"e-");
		html_esc(&res->body, name);
		buf_add(&res->body, "\">");
		html_esc(&res->body, error);
		buf_add(&res->body, "</p>\n");
	}
}

/* Open the field's <div>, write its label, hint and error. */
static void
control_open(const web_request *req, web_response *res, const html_control *c,
			 const char *id)
{
	buf_add(&res->body, c->error ? "<div class=\"field has-error\">\n" : "<div class=\"field\">\n");
	html_label(req, res, id, c->label, c->mark_optional);
	html_hint_and_error(res, id, c->hint, c->error);
}

/* The attributes every control has: id, name, required, extra, aria. */
static void
control_attributes(web_response *res, const html_control *c, const char *id)
{
	buf_add(&res->body, " id=\"f-");
	html_esc(&res->body, id);
	buf_add(&res->body, "\" name=\"");
	html_esc(&res->body, c->name);
	buf_add(&res->body, "\"");
	if (c->required)
		buf_add(&res->body, " required");
	if (c->attrs)
	{
		buf_add(&res->body, " ");
		buf_add(&res->body, c->attrs);
	}
	html_described_by(res, id, c->hint, c->error);
}

void
html_input(const web_request *req, web_response *res, const html_control *c)
{
	const char *id = c->id ? c->id : c->name;

	control_open(req, res, c, id);
	buf_add(&res->body, "<input type=\"");
	buf_add(&res->body, c->type ? c->type : "text");
	buf_add(&res->body, "\"");
	control_attributes(res, c, id);
	if (c->value)
	{
		buf_add(&res->body, " value=\"");
		html_esc(&res->body, c->value);
		buf_add(&res->body, "\"");
	}
	buf_add(&res->body, ">\n</div>\n");
}

void
html_textarea(const web_request *req, web_response *res, const html_control *c)
{
	const char *id = c->id ? c->id : c->name;

	control_open(req, res, c, id);
	buf_add(&res->body, "<textarea");
	control_attributes(res, c, id);
	buf_add(&res->body, ">");
	/* A leading newline would be dropped by the HTML parser; keep it. */
	if (c->value && c->value[0] == '\n')
		buf_add(&res->body, "\n");
	html_esc(&res->body, c->value);
	buf_add(&res->body, "</textarea>\n</div>\n");
}

void
html_select_open(const web_request *req, web_response *res, const html_control *c)
{
	const char *id = c->id ? c->id : c->name;

	control_open(req, res, c, id);
	buf_add(&res->body, "<select");
	control_attributes(res, c, id);
	buf_add(&res->body, ">\n");
}

void
html_select_close(web_response *res)
{
	buf_add(&res->body, "</select>\n</div>\n");
}

void
html_option(web_response *res, const char *value, const char *label,
			const char *selected)
{
	buf_add(&res->body, "<option value=\"");
	html_esc(&res->body, value);
	buf_add(&res->body, "\"");
	if (selected && strcmp(selected, value) == 0)
		buf_add(&res->body, " selected");
	buf_add(&res->body, ">");
	html_esc(&res->body, label);
	buf_add(&res->body, "</option>\n");
}

/* ------------------------------------------------------------------------
 * Error pages
 * ------------------------------------------------------------------------ */

static msg_id
error_title(int status)
{
	switch (status)
	{
		case 400:
			return M_ERROR_TITLE_400;
		case 403:
			return M_ERROR_TITLE_403;
		case 404:
			return M_ERROR_TITLE_404;
		case 405:
			return M_ERROR_TITLE_405;
		case 409:
			return M_ERROR_TITLE_409;
		case 429:
			return M_ERROR_TITLE_429;
		case 503:
			return M_ERROR_TITLE_503;
		default:
			return M_ERROR_TITLE_500;
	}
}

/* Replace whatever the page wrote with an error page that shows sentence. */
static void
error_page(const web_request *req, web_response *res, int status,
		   const char *sentence, bool show_request_id,
		   const char *back_href, const char *back_text)
{
	buf_reset(&res->body);
	free(res->location);
	res->location = NULL;
	res->status = status;
	html_begin(req, res, tr(req, error_title(status)));
	html_notice(res, "error", sentence);
	if (show_request_id)
	{
		buf_add(&res->body, "<p>");
		html_esc(&res->body, tr(req, M_REQUEST_ID));
		buf_add(&res->body, ": <code class=\"request-id\">");
		html_esc(&res->body, req->request_id);
		buf_add(&res->body, "</code></p>\n");
	}
	buf_add(&res->body, "<p><a href=\"");
	html_esc(&res->body, back_href ? back_href : "/");
	buf_add(&res->body, "\">");
	html_esc(&res->body, back_text ? back_text : tr(req, M_BACK_HOME));
	buf_add(&res->body, "</a></p>\n");
	html_end(req, res);
}

void
html_error_page(const web_request *req, web_response *res, int status,
				const char *sentence)
{
	error_page(req, res, status, sentence, false, NULL, NULL);
}

/* An error page whose link leads back to the page the user came from. */
void
html_error_page_back(const web_request *req, web_response *res, int status,
					 const char *sentence, const char *back_href, const char *back_text)
{
	error_page(req, res, status, sentence, false, back_href, back_text);
}

/* An error page that also shows the request id, for errors that were logged. */
void
html_internal_error_page(const web_request *req, web_response *res, int status,
						 const char *sentence)
{
	error_page(req, res, status, sentence, true, NULL, NULL);
}

/* The sentence for input the parser rejected, naming the field when one is at fault. */
void
html_input_error_sentence(const web_request *req, const req_form *form, strbuf *sentence)
{
	const char *label = field_label(req, req_error_field_name(form));

	switch (form->status)
	{
		case REQ_ERR_TOO_LARGE:
			buf_add(sentence, tr(req, M_ERROR_TOO_LARGE));
			break;
		case REQ_ERR_BAD_ESCAPE:
			buf_add(sentence, tr(req, M_ERROR_BAD_ESCAPE));
			break;
		case REQ_ERR_NUL:
			buf_add(sentence, tr(req, M_ERROR_NUL));
			break;
		case REQ_ERR_UNKNOWN_FIELD:
			buf_add(sentence, tr(req, M_ERROR_UNKNOWN_FIELD));
			break;
		case REQ_ERR_DUPLICATE:
			buf_addf(sentence, tr(req, M_ERROR_DUPLICATE), label);
			break;
		case REQ_ERR_TOO_LONG:
			buf_addf(sentence, tr(req, M_ERROR_TOO_LONG), label);
			break;
		case REQ_ERR_MISSING:
			buf_addf(sentence, tr(req, M_ERROR_MISSING), label);
			break;
		case REQ_ERR_INVALID:
			buf_addf(sentence, tr(req, M_ERROR_INVALID), label);
			break;
		case REQ_ERR_NO_MEMORY:
		case REQ_OK:
			buf_add(sentence, tr(req, M_ERROR_GENERIC));
			break;
	}
}

/* 400 page for input the parser rejected (500 when it ran out of memory). */
void
html_input_error_page(const web_request *req, web_response *res, const req_form *form)
{
	strbuf		sentence;

	buf_init(&sentence);
	html_input_error_sentence(req, form, &sentence);
	if (form->status == REQ_ERR_NO_MEMORY)
		html_internal_error_page(req, res, 500, buf_str(&sentence));
	else
		html_error_page(req, res, 400, buf_str(&sentence));
	buf_free(&sentence);
}
