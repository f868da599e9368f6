// Walk one complaint through the whole procedure in headless Chromium: the
// reporter submits it, the regency admin disposes it to Diskominfo, which
// forwards it to DPUPR, DPUPR accepts it and reports the follow-up,
// Diskominfo confirms, the regency admin forwards the answer, and the
// reporter tracks and acknowledges it. Each person has a browser context of
// their own (their own cookies) and works only by clicking and typing.
// Prints "ok - STEP" or "not ok - STEP" with the reason, and a summary line.
//
// Started by tests/browser/run, which sets:
//   MASBUP_BASE_URL        the server, http://127.0.0.1:PORT
//   MASBUP_OUTPUT_DIR      folder for the screenshots
//   MASBUP_STAFF_PASSWORD  password of the staff members the run created
//   MASBUP_DATABASE        database to check the stored state in with psql
//                          (connection through the PG* variables)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { chromium } from 'playwright-core';

const baseUrl = requiredEnv('MASBUP_BASE_URL');
const outputDir = requiredEnv('MASBUP_OUTPUT_DIR');
const staffPassword = requiredEnv('MASBUP_STAFF_PASSWORD');
const database = requiredEnv('MASBUP_DATABASE');
const serverHost = new URL(baseUrl).host;

// Each click, fill or page load may take at most this long.
const ACTION_TIMEOUT_MS = 10_000;
// The whole browser run must end within this many seconds. tests/browser/run
// sets it and kills the run a little later as a last resort.
const RUN_LIMIT_SECONDS = Number(process.env.MASBUP_RUN_LIMIT_SECONDS ?? 140);

// The flags Debian's Chromium needs on the test machines: no sandbox as
// root, and no background connections to outside hosts, which are refused.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const staff = {
  pemkab: 'pemkab.browser',
  kominfo: 'kominfo.browser',
  dpupr: 'dpupr.browser',
};

const complaint = {
  name: 'Rina Kartikasari',
  nik: '3506155708870002',
  phone: '081234500108',
  email: 'rina.kartikasari@example.org',
  address: 'Dusun Krajan RT 02 RW 01 Desa Semen',
  kecamatan: 'Semen',
  category: 'Drainase dan banjir',
  title: 'Saluran air tersumbat di depan balai Desa Semen',
  chronology: 'Saluran air di depan balai Desa Semen tersumbat sampah sejak dua minggu. '
    + 'Setiap kali hujan deras air meluap ke jalan dan masuk ke rumah warga di sekitarnya.',
};
const disposeNote = 'Mohon diteruskan ke OPD teknis.';
const forwardNote = 'Mohon ditindaklanjuti oleh DPUPR dalam minggu ini.';
const followUpResult = 'Saluran sudah dibersihkan oleh tim DPUPR pada 4 Desember 2026 '
  + 'dan air kembali mengalir lancar.';
const acknowledgeNote = 'Terima kasih, saluran sudah lancar.';

// The event labels of the procedure in order, as the reporter's timeline shows them.
const procedureEvents = [
  'Kirim aduan',
  'Disposisi ke Diskominfo',
  'Teruskan ke OPD',
  'Terima untuk ditindaklanjuti',
  'Laporkan hasil tindak lanjut',
  'Konfirmasi hasil tindak lanjut',
  'Teruskan jawaban ke pelapor',
  'Konfirmasi jawaban diterima',
];

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`procedure.mjs: ${name} is not set; run tests/browser/run`);
    process.exit(2);
  }
  return value;
}

// ---------------------------------------------------------------------------
// Steps and their report
// ---------------------------------------------------------------------------

let passed = 0;
let failed = 0;
let skipped = 0;
let screenshotCount = 0;
// The first failed step of the procedure; later procedure steps are skipped.
let brokenStep = null;
// The step that runs now, named when the whole run times out.
let currentStep = null;
// What every page did that it should not: console errors, failed requests,
// HTTP errors, and requests to hosts other than the test server.
const pageProblems = [];
const outsideRequests = [];
// Responses with an HTTP error status that a step requests on purpose, as
// "METHOD URL STATUS".
const expectedErrorResponses = new Set();

function printSummary() {
  const skippedPart = skipped > 0 ? `, ${skipped} skipped` : '';
  console.log(`browser: ${passed} passed, ${failed} failed${skippedPart}`);
}

/*
 * Run one step. A step of the procedure (the default) is skipped once an
 * earlier procedure step failed, because it needs the complaint in the state
 * that step should have left it in. An independent step always runs. On
 * failure the page of the step is saved as failed-NN-STEP.png.
 */
async function step(name, page, body, { independent = false } = {}) {
  if (!independent && brokenStep !== null) {
    skipped++;
    console.log(`ok - ${name} # SKIP needs the step "${brokenStep}", which failed`);
    return;
  }
  currentStep = name;
  try {
    await body();
    passed++;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed++;
    if (!independent) {
      brokenStep = name;
    }
    console.log(`not ok - ${name}`);
    for (const line of String(error?.message ?? error).split('\n').slice(0, 12)) {
      console.log(`  ${line}`);
    }
    await describeFailedPage(page, name);
  }
}

async function describeFailedPage(page, name) {
  if (!page || page.isClosed()) {
    return;
  }
  try {
    console.log(`  page: ${page.url()}`);
    const text = (await page.locator('main').innerText({ timeout: 2_000 })).replace(/\s+/g, ' ');
    console.log(`  page text: ${text.slice(0, 400)}`);
  } catch {
    // The page may have no <main>, or be gone; the URL is enough then.
  }
  try {
    const file = `failed-${String(failed).padStart(2, '0')}-${slug(name)}.png`;
    await page.screenshot({ path: path.join(outputDir, file), fullPage: true, timeout: 5_000 });
    console.log(`  screenshot: ${file}`);
  } catch {
    // A screenshot of a broken page is a bonus, not a requirement.
  }
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

// Save a full-page screenshot as NN-NAME.png in the output folder.
async function screenshot(page, name) {
  screenshotCount++;
  const file = `${String(screenshotCount).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: path.join(outputDir, file), fullPage: true });
}

// ---------------------------------------------------------------------------
// Browser and page helpers
// ---------------------------------------------------------------------------

/*
 * A browser context for one person: its own cookies, Indonesian locale, WIB.
 * Requests to any host but the test server are aborted and recorded.
 */
async function newPerson(browser, personName) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.host === serverHost) {
      return route.continue();
    }
    outsideRequests.push(`${personName}: ${route.request().method()} ${url.href}`);
    return route.abort('blockedbyclient');
  });

  const page = await context.newPage();
  page.on('console', (message) => {
    // A failed load is also a response with an error status, reported below.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      pageProblems.push(`${personName}: console error on ${page.url()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => {
    pageProblems.push(`${personName}: script error on ${page.url()}: ${error.message}`);
  });
  page.on('requestfailed', (request) => {
    if (new URL(request.url()).host === serverHost) {
      pageProblems.push(`${personName}: request failed: ${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
    }
  });
  page.on('response', (response) => {
    const request = response.request();
    if (response.status() >= 400
        && !expectedErrorResponses.has(`${request.method()} ${response.url()} ${response.status()}`)) {
      pageProblems.push(`${personName}: HTTP ${response.status()} for ${request.method()} ${response.url()}`);
    }
  });
  return { context, page };
}

/*
 * Click target and wait until the page it leads to has loaded. The forms post
 * back to the URL they were shown on, or redirect to it, so waiting for a
 * change of URL would return before the new page is there.
 */
async function clickAndLoad(page, target) {
  const loaded = page.waitForEvent('load');
  await target.click();
  await loaded;
}

function expectUrl(page, expected) {
  assert.equal(page.url(), expected, 'URL of the page');
}

// Expect the page's <h1> to read exactly text.
async function expectHeading(page, text) {
  const heading = (await page.locator('main h1').innerText()).trim();
  assert.equal(heading, text, `heading of ${page.url()}`);
}

// The <dd> text after the <dt> that reads term in the page's first <dl> of class listClass.
async function definitionValue(page, term, listClass = 'summary') {
  return page.locator(`dl.${listClass}`).first().evaluate((list, wanted) => {
    for (const dt of list.querySelectorAll('dt')) {
      if (dt.textContent.trim() === wanted) {
        const dd = dt.nextElementSibling;
        return dd && dd.tagName === 'DD' ? dd.textContent.trim() : null;
      }
    }
    return null;
  }, term);
}

async function expectState(page, label) {
  assert.equal(await definitionValue(page, 'Status'), label, `"Status" on ${page.url()}`);
}

// The text of the page's <main>, white space folded.
async function mainText(page) {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

function query(sql) {
  return execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', database, '-c', sql],
    { encoding: 'utf8', timeout: ACTION_TIMEOUT_MS }).trim();
}

function storedState(trackingNo) {
  return query(`SELECT state FROM masbup.complaint WHERE tracking_no = '${trackingNo}'`);
}

/*
 * Log in as username from the home page: the header's staff login link,
 * the login form, then the desk.
 */
async function logIn(page, username) {
  await page.goto(`${baseUrl}/`);
  await clickAndLoad(page, page.locator('header nav').getByRole('link', { name: 'Masuk petugas', exact: true }));
  expectUrl(page, `${baseUrl}/staf/masuk`);
  await expectHeading(page, 'Masuk petugas');
  await page.getByLabel('Nama pengguna', { exact: true }).fill(username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(staffPassword);
  await clickAndLoad(page, page.locator('main').getByRole('button', { name: 'Masuk', exact: true }));
  expectUrl(page, `${baseUrl}/staf/meja`);
  await expectHeading(page, 'Meja kerja');
}

// Log in as username unless the current page shows a staff member's header.
async function ensureLoggedIn(page, username) {
  if (await page.locator('header').getByRole('button', { name: 'Keluar', exact: true }).count() === 0) {
    await logIn(page, username);
  }
}

// Log out with the header's button. The server then redirects the browser home.
async function logOut(page) {
  await clickAndLoad(page, page.locator('header').getByRole('button', { name: 'Keluar', exact: true }));
  expectUrl(page, `${baseUrl}/`);
  await expectHeading(page, 'Hallo MasBup');
  const staffLink = page.locator('header nav').getByRole('link', { name: 'Masuk petugas', exact: true });
  assert.equal(await staffLink.count(), 1, 'the header offers the staff login again after logging out');
  assert.equal(await page.locator('header').getByRole('button', { name: 'Keluar' }).count(), 0,
    'the header has no logout button after logging out');
}

// The desk's row of the complaint trackingNo.
function deskRow(page, trackingNo) {
  return page.locator('table.list tbody tr', {
    has: page.getByRole('link', { name: trackingNo, exact: true }),
  });
}

// From the desk, open the complaint by its link.
async function openFromDesk(page, trackingNo) {
  await clickAndLoad(page, page.locator('header nav').getByRole('link', { name: 'Meja kerja', exact: true }));
  expectUrl(page, `${baseUrl}/staf/meja`);
  const row = deskRow(page, trackingNo);
  assert.equal(await row.count(), 1, `the desk lists ${trackingNo} once`);
  await clickAndLoad(page, row.getByRole('link', { name: trackingNo, exact: true }));
  assert.match(page.url(), /\/staf\/aduan\?id=\d+$/, 'URL of the page');
  await expectHeading(page, `Aduan ${trackingNo}`);
}

// The action form for action on the complaint page.
function actionForm(page, action) {
  return page.locator('form.action', { has: page.locator(`input[name="aksi"][value="${action}"]`) });
}

/*
 * Perform an action from the complaint page: fill its note when one is
 * given, press its button (labelled buttonLabel), and expect the complaint
 * page back in the state stateLabel.
 */
async function performAction(page, { action, buttonLabel, note, stateLabel }) {
  const complaintUrl = page.url();
  const form = actionForm(page, action);
  assert.equal(await form.count(), 1, `the complaint page offers the action ${action}`);
  if (note !== undefined) {
    await form.getByLabel(/^Catatan/).fill(note);
  }
  await clickAndLoad(page, form.getByRole('button', { name: buttonLabel, exact: true }));
  expectUrl(page, complaintUrl);
  await expectState(page, stateLabel);
}

// The actions the complaint page offers, by their hidden aksi values.
async function offeredActions(page) {
  return page.locator('form.action input[name="aksi"]').evaluateAll(
    (inputs) => inputs.map((input) => input.value).sort());
}

// ---------------------------------------------------------------------------
// The procedure
// ---------------------------------------------------------------------------

/*
 * End the run with a failure for the step that was running. Exiting makes
 * Playwright kill the Chromium it started.
 */
function abortRun(reason) {
  failed++;
  console.log(`not ok - browser run finishes within ${RUN_LIMIT_SECONDS} s`);
  console.log(`  ${reason} in the step "${currentStep ?? 'starting Chromium'}"`);
  printSummary();
  process.exit(1);
}

async function main() {
  const watchdog = setTimeout(() => abortRun('timed out'), RUN_LIMIT_SECONDS * 1000);
  watchdog.unref();
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    process.on(signal, () => abortRun(`stopped by ${signal}`));
  }

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    timeout: 30_000,
    // The handlers above report the run before it ends.
    handleSIGTERM: false,
    handleSIGINT: false,
    handleSIGHUP: false,
  });
  try {
    await runProcedure(browser);
  } finally {
    await browser.close();
    clearTimeout(watchdog);
  }
}

async function runProcedure(browser) {
  const citizen = await newPerson(browser, 'citizen');
  const pemkab = await newPerson(browser, 'regency admin');
  const kominfo = await newPerson(browser, 'Diskominfo admin');
  const dpupr = await newPerson(browser, 'DPUPR admin');
  const visitor = await newPerson(browser, 'English visitor');
  let trackingNo = null;
  let accessCode = null;

  // --- the citizen submits ---------------------------------------------------

  await step('home page shows its three entries', citizen.page, async () => {
    const page = citizen.page;
    const response = await page.goto(`${baseUrl}/`);
    assert.equal(response.status(), 200, 'HTTP status of GET /');
    assert.equal(await page.locator('html').getAttribute('lang'), 'id', '<html lang> of the home page');
    await expectHeading(page, 'Hallo MasBup');
    const cards = page.locator('main ul.cards');
    for (const link of ['Kirim aduan', 'Lacak aduan', 'Masuk petugas']) {
      assert.equal(await cards.getByRole('link', { name: link, exact: true }).count(), 1,
        `home page has the entry "${link}"`);
    }
    // The stylesheet applies: the header has the brand colour of style.css.
    const headerColour = await page.locator('header.site').evaluate((header) => getComputedStyle(header).backgroundColor);
    assert.equal(headerColour, 'rgb(11, 93, 59)', 'background of the header (style.css loaded)');
    await screenshot(page, 'home');
  });

  await step('English switch translates the labels', visitor.page, async () => {
    const page = visitor.page;
    await page.goto(`${baseUrl}/aduan/baru`);
    assert.ok((await mainText(page)).includes('Kronologi'), 'the form is Indonesian first');
    await clickAndLoad(page, page.locator('header .lang').getByRole('link', { name: 'English', exact: true }));
    expectUrl(page, `${baseUrl}/aduan/baru?lang=en`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en', '<html lang> after choosing English');
    await expectHeading(page, 'Submit a complaint');
    assert.equal(await page.getByLabel('Chronology', { exact: true }).count(), 1, 'the label "Chronology"');
    assert.equal(await page.getByLabel('Keep my identity from all staff but the regency admin', { exact: true }).count(), 1,
      'the label "Keep my identity from all staff but the regency admin"');
    await screenshot(page, 'complaint-form-english');

    // The lang cookie keeps English on the next page, reached by a link.
    await clickAndLoad(page, page.locator('header nav').getByRole('link', { name: 'Track a complaint', exact: true }));
    expectUrl(page, `${baseUrl}/lacak`);
    await expectHeading(page, 'Track a complaint');
    assert.equal(await page.getByLabel('Access code', { exact: true }).count(), 1, 'the label "Access code"');

    await clickAndLoad(page, page.locator('header .lang').getByRole('link', { name: 'Bahasa Indonesia', exact: true }));
    expectUrl(page, `${baseUrl}/lacak?lang=id`);
    await expectHeading(page, 'Lacak aduan');
    assert.equal(await page.getByLabel('Kode akses', { exact: true }).count(), 1, 'the label "Kode akses" again');
  }, { independent: true });

  await step('citizen opens the complaint form from home', citizen.page, async () => {
    const page = citizen.page;
    await clickAndLoad(page, page.locator('main ul.cards').getByRole('link', { name: 'Kirim aduan', exact: true }));
    expectUrl(page, `${baseUrl}/aduan/baru`);
    await expectHeading(page, 'Kirim aduan');
    const token = await page.locator('form.complaint input[name="token"]').getAttribute('value');
    assert.match(token ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      'the form carries a UUID token');
    await screenshot(page, 'complaint-form');
  });

  await step('citizen fills every field', citizen.page, async () => {
    const page = citizen.page;
    const form = page.locator('form.complaint');
    await form.getByLabel('Nama lengkap', { exact: true }).fill(complaint.name);
    await form.getByLabel('NIK', { exact: true }).fill(complaint.nik);
    await form.getByLabel('Nomor telepon', { exact: true }).fill(complaint.phone);
    await form.getByLabel('E-mail (opsional)', { exact: true }).fill(complaint.email);
    await form.getByLabel('Alamat', { exact: true }).fill(complaint.address);
    await form.getByLabel('Kecamatan', { exact: true }).selectOption({ label: complaint.kecamatan });
    await form.getByLabel('Kategori', { exact: true }).selectOption({ label: complaint.category });
    await form.getByLabel('Judul aduan', { exact: true }).fill(complaint.title);
    await form.getByLabel('Kronologi', { exact: true }).fill(complaint.chronology);
    const confidential = form.getByLabel('Rahasiakan identitas saya dari petugas selain Admin Pemkab', { exact: true });
    await confidential.check();
    assert.equal(await confidential.isChecked(), true, 'the confidentiality box is checked');
    // The browser's own validation (required, pattern, minlength) accepts the form.
    assert.equal(await form.evaluate((element) => element.checkValidity()), true,
      'the filled form passes the browser\'s validation');
    await screenshot(page, 'complaint-form-filled');
  });

  await step('citizen submits and reads the receipt', citizen.page, async () => {
    const page = citizen.page;
    await clickAndLoad(page, page.locator('form.complaint').getByRole('button', { name: 'Kirim aduan', exact: true }));
    expectUrl(page, `${baseUrl}/aduan/baru`);
    await expectHeading(page, 'Aduan diterima');
    trackingNo = await definitionValue(page, 'Nomor aduan', 'receipt');
    accessCode = await definitionValue(page, 'Kode akses', 'receipt');
    assert.match(trackingNo ?? '', /^MB-\d{4}-\d{6}$/, 'tracking number on the receipt');
    assert.match(accessCode ?? '', /^[A-Z0-9]{8}$/, 'access code on the receipt');
    assert.ok((await mainText(page)).includes('Kode akses hanya ditampilkan sekali'),
      'the receipt tells to write the access code down');
    await screenshot(page, 'confirmation');

    const stored = query(`SELECT concat_ws('|', state, confidential, reporter_name, reporter_email,
        kecamatan, category, title) FROM masbup.complaint WHERE tracking_no = '${trackingNo}'`);
    assert.equal(stored, ['submitted', 't', complaint.name, complaint.email, complaint.kecamatan,
      complaint.category, complaint.title].join('|'), 'the stored complaint');
  });

  // --- the regency admin disposes it to Diskominfo ---------------------------

  await step('regency admin logs in and sees it on the desk', pemkab.page, async () => {
    const page = pemkab.page;
    await logIn(page, staff.pemkab);
    const row = deskRow(page, trackingNo);
    assert.equal(await row.count(), 1, `the desk lists ${trackingNo}`);
    const rowText = (await row.innerText()).replace(/\s+/g, ' ');
    assert.ok(rowText.includes(complaint.title), `the desk row shows the title; row: ${rowText}`);
    assert.ok(rowText.includes('Aduan masuk'), `the desk row shows the state "Aduan masuk"; row: ${rowText}`);
    assert.equal(await row.getAttribute('class'), null, 'a new complaint is neither overdue nor past its target');
    await screenshot(page, 'desk-regency-admin');
  });

  await step('desk marks an overdue complaint', pemkab.page, async () => {
    const page = pemkab.page;
    await ensureLoggedIn(page, staff.pemkab);
    const overdue = page.locator('table.list tbody tr.overdue');
    assert.ok(await overdue.count() >= 1, 'the regency admin\'s desk has a row of class "overdue" (sample data)');
    const mark = overdue.first().locator('.mark');
    assert.equal((await mark.innerText()).trim(), 'Lewat batas waktu', 'the overdue row\'s remark');
    const background = await overdue.first().evaluate((row) => getComputedStyle(row).backgroundColor);
    assert.equal(background, 'rgb(253, 236, 236)', 'the overdue row is shaded (tr.overdue in style.css)');
    assert.ok((await mainText(page)).includes('Lewat batas waktu: batas standar pelayanan sudah lewat.'),
      'the desk explains the mark below the table');

    // The page of an overdue complaint shows the mark too.
    const overdueNo = (await overdue.first().locator('a').innerText()).trim();
    await clickAndLoad(page, overdue.first().getByRole('link', { name: overdueNo, exact: true }));
    assert.match(page.url(), /\/staf\/aduan\?id=\d+$/, 'URL of the page');
    await expectHeading(page, `Aduan ${overdueNo}`);
    assert.equal(await page.locator('main .notice.overdue').innerText(), 'Lewat batas waktu',
      'the overdue complaint\'s page shows the notice');
    await screenshot(page, 'complaint-overdue');
  }, { independent: true });

  await step('regency admin opens the complaint from the desk', pemkab.page, async () => {
    const page = pemkab.page;
    await openFromDesk(page, trackingNo);
    await expectState(page, 'Aduan masuk');
    const text = await mainText(page);
    assert.ok(text.includes(complaint.chronology), 'the page shows the chronology');
    assert.ok(text.includes('Pelapor meminta identitasnya dirahasiakan dari OPD.'),
      'the regency admin is told the identity is confidential');
    assert.ok(text.includes(complaint.name), 'the regency admin sees the reporter\'s name');
    assert.deepEqual(await offeredActions(page), ['close_out_of_scope', 'dispose_to_kominfo'],
      'actions offered to the regency admin on a new complaint');
    await screenshot(page, 'complaint-regency-admin-actions');
  });

  await step('regency admin disposes it to Diskominfo', pemkab.page, async () => {
    const page = pemkab.page;
    await performAction(page, {
      action: 'dispose_to_kominfo', buttonLabel: 'Disposisi ke Diskominfo',
      note: disposeNote, stateLabel: 'Di Diskominfo',
    });
    assert.equal(storedState(trackingNo), 'at_kominfo', 'stored state');
    assert.deepEqual(await offeredActions(page), [], 'the regency admin has no action left');
  });

  await step('regency admin logs out', pemkab.page, async () => {
    const page = pemkab.page;
    await logOut(page);
    // Without a session the desk URL returns the login form with status 403.
    expectedErrorResponses.add(`GET ${baseUrl}/staf/meja 403`);
    await page.goto(`${baseUrl}/staf/meja`);
    assert.notEqual(await page.locator('main h1').innerText(), 'Meja kerja', 'the desk is closed after logging out');
    assert.equal(await page.getByLabel('Kata sandi', { exact: true }).count(), 1,
      'the desk URL shows the login form after logging out');
  });

  // --- Diskominfo forwards it to an agency ------------------------------------

  await step('Diskominfo admin forwards it to DPUPR', kominfo.page, async () => {
    const page = kominfo.page;
    await logIn(page, staff.kominfo);
    await openFromDesk(page, trackingNo);
    await expectState(page, 'Di Diskominfo');
    const form = actionForm(page, 'forward_to_opd');
    const choices = await form.getByLabel('OPD tujuan').locator('option').allInnerTexts();
    assert.ok(choices.includes('Pilih OPD'), `the agency list starts with "Pilih OPD"; got ${choices.slice(0, 3)}`);
    assert.ok(choices.some((choice) => choice.endsWith('(DPUPR)')), 'the agency list offers DPUPR');
    await form.getByLabel('OPD tujuan').selectOption('DPUPR');
    await form.getByLabel(/^Catatan/).fill(forwardNote);
    await screenshot(page, 'complaint-diskominfo-forward');
    const complaintUrl = page.url();
    await clickAndLoad(page, form.getByRole('button', { name: 'Teruskan ke OPD', exact: true }));
    expectUrl(page, complaintUrl);
    await expectState(page, 'Di OPD');
    assert.match(await definitionValue(page, 'OPD') ?? '', /\(DPUPR\)$/, 'the complaint\'s agency');
    assert.equal(storedState(trackingNo), 'at_opd', 'stored state');
    await logOut(page);
  });

  // --- DPUPR accepts it and reports the follow-up ----------------------------

  await step('agency admin does not see the identity', dpupr.page, async () => {
    const page = dpupr.page;
    await logIn(page, staff.dpupr);
    await openFromDesk(page, trackingNo);
    await expectState(page, 'Di OPD');
    const text = await mainText(page);
    assert.ok(text.includes('Pelapor meminta identitasnya dirahasiakan.'), 'the agency is told the identity is hidden');
    assert.ok(!text.includes(complaint.name), 'the agency does not see the reporter\'s name');
    assert.ok(!text.includes(complaint.nik), 'the agency does not see the reporter\'s NIK');
    assert.ok(text.includes(forwardNote), 'the agency sees Diskominfo\'s note');
  });

  await step('agency admin accepts it', dpupr.page, async () => {
    await performAction(dpupr.page, {
      action: 'accept', buttonLabel: 'Terima untuk ditindaklanjuti', stateLabel: 'Sedang ditindaklanjuti',
    });
    assert.equal(storedState(trackingNo), 'in_follow_up', 'stored state');
  });

  await step('agency admin reports the follow-up', dpupr.page, async () => {
    const page = dpupr.page;
    const form = actionForm(page, 'report_follow_up');
    // The agency writes the result the reporter will read, not a reason.
    const resultField = form.getByLabel('Hasil tindak lanjut, dibaca pelapor setelah diverifikasi (wajib)', { exact: true });
    assert.equal(await resultField.getAttribute('required'), '', 'the result text is required');
    await resultField.fill(followUpResult);
    await screenshot(page, 'complaint-agency-report');
    const complaintUrl = page.url();
    await clickAndLoad(page, form.getByRole('button', { name: 'Laporkan hasil tindak lanjut', exact: true }));
    expectUrl(page, complaintUrl);
    await expectState(page, 'Tindak lanjut dilaporkan');
    assert.ok((await mainText(page)).includes(followUpResult), 'the timeline shows the result');
    assert.equal(storedState(trackingNo), 'follow_up_reported', 'stored state');
    await logOut(page);
  });

  // --- Diskominfo confirms, the regency admin forwards the answer -------------

  await step('Diskominfo admin confirms the follow-up', kominfo.page, async () => {
    const page = kominfo.page;
    await logIn(page, staff.kominfo);
    await openFromDesk(page, trackingNo);
    await performAction(page, {
      action: 'confirm_follow_up', buttonLabel: 'Konfirmasi hasil tindak lanjut',
      stateLabel: 'Menunggu verifikasi Admin Pemkab',
    });
    assert.equal(storedState(trackingNo), 'awaiting_verification', 'stored state');
    await logOut(page);
  });

  await step('regency admin forwards the answer to the reporter', pemkab.page, async () => {
    const page = pemkab.page;
    await logIn(page, staff.pemkab);
    await openFromDesk(page, trackingNo);
    await expectState(page, 'Menunggu verifikasi Admin Pemkab');
    await performAction(page, {
      action: 'forward_to_reporter', buttonLabel: 'Teruskan jawaban ke pelapor', stateLabel: 'Dijawab',
    });
    assert.equal(storedState(trackingNo), 'answered', 'stored state');
    const timelineRows = page.locator('main table.list tbody tr');
    assert.equal(await timelineRows.count(), 7, 'the staff timeline has the 7 events so far');
    await screenshot(page, 'complaint-answered');
  });

  await step('reports page draws the charts', pemkab.page, async () => {
    const page = pemkab.page;
    await ensureLoggedIn(page, staff.pemkab);
    await clickAndLoad(page, page.locator('header nav').getByRole('link', { name: 'Laporan', exact: true }));
    expectUrl(page, `${baseUrl}/staf/laporan`);
    await expectHeading(page, 'Laporan');
    assert.equal(await page.locator('main svg.chart').count(), 2, 'two SVG charts');
    assert.ok(await page.locator('main svg.chart rect.bar').count() >= 1, 'the state chart has bars');
    const box = await page.locator('main svg.chart').first().boundingBox();
    assert.ok(box, 'the state chart is visible');
    assert.ok(box.width > 300, `the state chart is wider than 300 px; got ${box.width}`);
    assert.ok(box.height > 100, `the state chart is higher than 100 px; got ${box.height}`);
    await screenshot(page, 'reports');
  }, { independent: true });

  await step('reports chart texts fit the charts', pemkab.page, async () => {
    const page = pemkab.page;
    if (page.url() !== `${baseUrl}/staf/laporan`) {
      await ensureLoggedIn(page, staff.pemkab);
      await clickAndLoad(page, page.locator('header nav').getByRole('link', { name: 'Laporan', exact: true }));
    }
    // Each legend text of the agency chart must end before the next legend swatch starts.
    const legendOverlaps = await page.locator('main svg.chart').nth(1).evaluate((chart) => {
      const swatches = [...chart.querySelectorAll(':scope > rect[class^="seg-"]')]
        .filter((rect) => rect.querySelector('title') === null);
      const texts = [...chart.querySelectorAll(':scope > text.legend')];
      const overlaps = [];
      for (let i = 0; i + 1 < texts.length && i + 1 < swatches.length; i++) {
        const textRight = texts[i].getBoundingClientRect().right;
        const nextLeft = swatches[i + 1].getBoundingClientRect().left;
        if (textRight > nextLeft) {
          overlaps.push(`"${texts[i].textContent}" ends ${Math.round(textRight - nextLeft)} px past the next swatch`);
        }
      }
      return overlaps;
    });
    assert.deepEqual(legendOverlaps, [], 'legend texts of the chart "Standar pelayanan menurut OPD"');
    // Every text of both charts lies inside its chart, because an <svg> hides
    // what runs past its edges.
    const clippedTexts = await page.locator('main svg.chart').evaluateAll((charts) => charts.flatMap((chart) => {
      const bounds = chart.getBoundingClientRect();
      return [...chart.querySelectorAll('text')]
        .filter((text) => {
          const box = text.getBoundingClientRect();
          return box.left < bounds.left - 0.5 || box.right > bounds.right + 0.5;
        })
        .map((text) => `"${text.textContent}" (${chart.getAttribute('aria-labelledby')})`);
    }));
    assert.deepEqual(clippedTexts, [], 'chart texts that run past the left or right edge of their chart');
  }, { independent: true });

  await step('list of all complaints shows it', pemkab.page, async () => {
    const page = pemkab.page;
    await ensureLoggedIn(page, staff.pemkab);
    await clickAndLoad(page, page.locator('header nav').getByRole('link', { name: 'Semua aduan', exact: true }));
    expectUrl(page, `${baseUrl}/staf/semua`);
    await expectHeading(page, 'Semua aduan');
    if (trackingNo !== null) {
      const row = deskRow(page, trackingNo);
      assert.equal(await row.count(), 1, 'the list of all complaints has the complaint');
      if (brokenStep === null) {
        assert.ok((await row.innerText()).includes('Dijawab'), 'the list shows it as answered');
      }
    }
    await screenshot(page, 'all-complaints');
    await logOut(page);
  }, { independent: true });

  // --- the citizen tracks and acknowledges ------------------------------------

  await step('citizen tracks it and sees the answer', citizen.page, async () => {
    const page = citizen.page;
    await page.goto(`${baseUrl}/`);
    await clickAndLoad(page, page.locator('main ul.cards').getByRole('link', { name: 'Lacak aduan', exact: true }));
    expectUrl(page, `${baseUrl}/lacak`);
    await expectHeading(page, 'Lacak aduan');
    await page.getByLabel('Nomor aduan', { exact: true }).fill(trackingNo);
    await page.getByLabel('Kode akses', { exact: true }).fill(accessCode);
    await clickAndLoad(page, page.locator('main').getByRole('button', { name: 'Lacak', exact: true }));
    expectUrl(page, `${baseUrl}/lacak/status`);
    await expectHeading(page, 'Status aduan');
    // A reload shows the page again from the tracking session, without the code.
    await page.reload();
    expectUrl(page, `${baseUrl}/lacak/status`);
    await expectHeading(page, 'Status aduan');
    assert.equal(await definitionValue(page, 'Nomor aduan'), trackingNo, 'tracking number on the status page');
    await expectState(page, 'Dijawab');
    assert.equal((await page.locator('main section.answer .note').innerText()).trim(), followUpResult,
      'the answer');
    const events = await page.locator('main ol.timeline li .event').allInnerTexts();
    assert.deepEqual(events, procedureEvents.slice(0, 7), 'the timeline\'s events');
    const text = await mainText(page);
    assert.ok(!text.includes(disposeNote), 'the regency admin\'s internal note is not shown to the reporter');
    assert.ok(!text.includes(forwardNote), 'Diskominfo\'s internal note is not shown to the reporter');
    assert.equal(await page.locator('main form[action="/lacak/konfirmasi"]').count(), 1,
      'the page offers the acknowledgement');
    await screenshot(page, 'tracking-timeline');
  });

  await step('citizen acknowledges and the complaint is closed', citizen.page, async () => {
    const page = citizen.page;
    const form = page.locator('main form[action="/lacak/konfirmasi"]');
    await form.getByLabel('Catatan (opsional)', { exact: true }).fill(acknowledgeNote);
    await clickAndLoad(page, form.getByRole('button', { name: 'Jawaban sudah saya terima', exact: true }));
    expectUrl(page, `${baseUrl}/lacak/status?v=8&konfirmasi=1`);
    await expectHeading(page, 'Status aduan');
    assert.equal((await page.locator('main .notice.ok').innerText()).trim(),
      'Terima kasih. Konfirmasi Anda tercatat dan aduan ini selesai.', 'the confirmation notice');
    await expectState(page, 'Selesai');
    const events = await page.locator('main ol.timeline li .event').allInnerTexts();
    assert.deepEqual(events, procedureEvents, 'the timeline\'s events');
    assert.equal(await page.locator('main form[action="/lacak/konfirmasi"]').count(), 0,
      'a closed complaint offers no acknowledgement');
    await screenshot(page, 'tracking-closed');

    // Tracking another complaint ends this tracking session.
    await clickAndLoad(page, page.locator('main').getByRole('button', { name: 'Lacak aduan lain', exact: true }));
    expectUrl(page, `${baseUrl}/lacak`);
    await expectHeading(page, 'Lacak aduan');
    await page.goto(`${baseUrl}/lacak/status`);
    expectUrl(page, `${baseUrl}/lacak`);

    assert.equal(storedState(trackingNo), 'closed', 'stored state');
    assert.equal(query(`SELECT string_agg(e.action, ' ' ORDER BY e.seq) FROM masbup.complaint_event e
        JOIN masbup.complaint c USING (complaint_id) WHERE c.tracking_no = '${trackingNo}'`),
    'submit dispose_to_kominfo forward_to_opd accept report_follow_up confirm_follow_up forward_to_reporter acknowledge',
    'the stored events');
  });

  await step('pages loaded without errors and only from 127.0.0.1', null, async () => {
    assert.deepEqual(outsideRequests, [], 'requests to other hosts (aborted)');
    assert.deepEqual(pageProblems, [], 'console errors, failed requests and HTTP errors');
  }, { independent: true });

  for (const person of [citizen, pemkab, kominfo, dpupr, visitor]) {
    await person.context.close();
  }
}

try {
  await main();
} catch (error) {
  failed++;
  console.log('not ok - the browser starts and the steps run');
  console.log(`  ${String(error?.stack ?? error).split('\n').slice(0, 8).join('\n  ')}`);
}
printSummary();
process.exit(failed === 0 ? 0 : 1);
