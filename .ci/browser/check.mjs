// The browser check. Given the address of a running site with an empty database, it:
//   1. makes a small registry through the JSON API (a service, two constellations, households
//      with a hub and satellites, a move between constellations, carers, children, placements);
//   2. opens every registry page at 375 and 1280 pixels in Chromium, and checks that each
//      answers 200, has one <h1>, does not scroll sideways, logs no error (such as a blocked
//      inline style or script) and has no axe violations of WCAG 2.0, 2.1 and 2.2 A and AA;
//   3. sends one form with an error and checks the error summary, the inline message and the
//      kept answers, then sends it again without the error and checks it lands on the record;
//   4. does the same for sleepovers (sleepovers.mjs): asks, answers and marks nights through the
//      API, opens the sleepover pages, sends the request form, and reads the calendar feed;
//   5. does the same for support contacts (support.mjs): logs contacts through the API and checks
//      its filters, opens the contacts pages, and sends the form to log a contact;
//   6. does the same for events (support.mjs): plans, answers, records who came to and cancels
//      events through the API and checks the list's filters, opens the events pages, sends the
//      forms to add an event and to record a household's answer, and checks each event is in the
//      calendar feed at its UK time;
//   7. does the same for concerns, the carers' survey and fidelity (outcomes.mjs), with accounts
//      it adds with the command line for a liaison worker and two carers: raises, links and
//      closes concerns, answers the survey and reads fidelity through the API, opens their
//      pages (the survey as staff, who are sent to its results, and as the two carers), and
//      sends the forms to raise, link and close a concern and to answer the survey;
//   8. does the same for sibling contact (siblings.mjs): links two children as brother and sister
//      and records and withdraws meetings through the API, checks the meeting found at an event
//      both their households brought children to, opens the child, list and form pages (the list
//      also as the liaison worker and the two carers), and sends the forms to link, take out,
//      record and withdraw;
//   9. does the same for the monthly return (returns.mjs): reads last month's and this month's
//      through the API, opens the list of the last twelve months and both months' pages (as the
//      service's staff, the liaison worker, and the hub carer, who gets 404), submits last
//      month's with the form, changes a record behind it, and sends the amendment with an error
//      and without; then opens the national roll-up of that month, which adds up the return as
//      last sent (the hub carer gets 404);
//  10. checks impact and cost, the roll-up's trends and the XLSX downloads (impact.mjs): opens the
//      unit costs, their forms, the year's impact and a trend before any return is sent; once last
//      month's return is sent, works the impact of its financial year out again from it and the
//      unit costs in force, sets a unit cost with the form (with an error and without) and the
//      programme's costs through the API, reads the impact as a second service's manager (small
//      counts withheld, no costs to set), opens the trend of support contacts, and downloads the
//      return and the roll-up as spreadsheets (the liaison worker and the hub carer get 404).
// It prints one line per check and ends with "N passed, M failed"; it exits 1 if any failed.
//
//   node check.mjs http://127.0.0.1:PORT

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import {
  feedButton,
  feedChecks,
  makeSleepovers,
  requestFormLands,
  requestFormWithAnError,
  sleepoverPages,
} from './sleepovers.mjs';
import {
  answerFormChecks,
  contactFormLands,
  contactFormWithAnError,
  contactPages,
  eventFeedProblems,
  eventFormLands,
  eventFormWithAnError,
  eventPages,
  makeContacts,
  makeEvents,
} from './support.mjs';
import {
  closeFormLands,
  closeFormWithAnError,
  closeRefusedToStaff,
  concernFormLands,
  concernFormWithAnError,
  concernPages,
  fidelityPages,
  formTwice,
  linkFormLands,
  makeConcerns,
  makeFidelity,
  makeSurveys,
  redFlagMailProblems,
  surveyFormLands,
  surveyFormWithAnError,
  surveyPages,
  surveyPagesOf,
} from './outcomes.mjs';
import { makeSiblings, siblingFormChecks, siblingPages, siblingPagesOf } from './siblings.mjs';
import { makeReturns, returnsFormChecks, returnsPages, returnsPagesOf } from './returns.mjs';
import { impactChecks, impactPages, impactPagesOf } from './impact.mjs';

const base = (process.argv[2] || '').replace(/\/+$/, '');
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(base)) {
  console.error('usage: node check.mjs http://127.0.0.1:PORT  (a site on this machine)');
  process.exit(2);
}

const WIDTHS = [375, 1280];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const SAVE_SHOTS = process.env.SCREENSHOTS !== '0';
const TIMEOUT = 30_000;
// The account run.sh made: its API token, its sign-in, and the database the CLI grants roles in
// (CHECK_DATABASE_URL); and the folder the site writes e-mail to (CHECK_MAIL_DIR).
const TOKEN = process.env.CHECK_TOKEN || '';
const EMAIL = process.env.CHECK_EMAIL || '';
const PASSWORD = process.env.CHECK_PASSWORD || '';

let passed = 0;
let failed = 0;

function pass(name, detail = '') {
  passed += 1;
  console.log(`ok    ${name}${detail ? ` (${detail})` : ''}`);
}

function fail(name, problems) {
  failed += 1;
  console.log(`FAIL  ${name}`);
  for (const problem of [].concat(problems)) console.log(`        ${problem}`);
}

/** Runs one check: `body` returns a detail or throws / returns problems. */
async function check(name, body) {
  try {
    const result = await body();
    if (Array.isArray(result) && result.length > 0) fail(name, result);
    else pass(name, typeof result === 'string' ? result : '');
  } catch (error) {
    fail(name, String(error?.stack || error).split('\n').slice(0, 4));
  }
}

// ---------------------------------------------------------------------------------------------
// The JSON API

/** The JSON API as the account whose token this is; `status`, when given, lists the answers wanted. */
function apiAs(token) {
  return (method, path, body, status) => call(token, method, path, body, status);
}

const api = apiAs(TOKEN);

async function call(token, method, path, body, status) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT),
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const wanted = status || { POST: [200, 201], DELETE: [204] }[method] || [200];
  if (!wanted.includes(response.status)) {
    throw new Error(`${method} /api/v1${path} answered ${response.status}: ${text.slice(0, 400)}`);
  }
  return json;
}

/** Makes the registry the pages show. Every name here is invented. */
async function makeRegistry() {
  const r = {};
  r.service = await api('POST', '/services', {
    name: 'Northshire Fostering',
    kind: 'local_authority',
    region: 'North West',
    status: 'established',
    joined_on: '2023-04-01',
  });
  const service_id = r.service.id;
  // The programme lead adds the service; its people are for the service's manager.
  execFileSync(process.env.CONSTELLATE_BIN, [
    '--database-url', process.env.CHECK_DATABASE_URL,
    'user', 'grant', '--email', EMAIL, '--role', 'service_manager', '--service', service_id,
  ], { stdio: 'ignore', timeout: TIMEOUT });

  r.riverside = await api('POST', '/constellations', {
    service_id,
    name: 'Riverside',
    status: 'active',
    launched_on: '2023-06-01',
    liaison_worker: 'Sam Patel',
  });
  r.hillside = await api('POST', '/constellations', {
    service_id,
    name: 'Hillside',
    status: 'forming',
    launched_on: '2024-09-01',
  });
  // Closed: it has no events, and fidelity leaves it out.
  r.closed = await api('POST', '/constellations', {
    service_id,
    name: 'Millbrook',
    status: 'closed',
    launched_on: '2021-01-11',
    closed_on: '2024-03-29',
  });

  const household = (reference, display_name, postcode, extra = {}) =>
    api('POST', '/households', {
      service_id,
      reference,
      display_name,
      postcode,
      places: 2,
      sleepover_beds: 2,
      joined_on: '2023-05-01',
      ...extra,
    });
  r.hub = await household('NS-001', 'The Okafor family', 'M1 1AE', {
    approval_kinds: 'short breaks, long-term fostering',
  });
  r.sat1 = await household('NS-002', 'The Hughes household', 'M14 5RT');
  r.sat2 = await household('NS-003', 'The Kowalski family', 'M20 2PL');
  r.sat3 = await household('NS-004', 'The Begum family', 'SK4 1AA');
  r.alone = await household('NS-005', 'The Nolan household', 'OL1 1AA', { places: 1 });

  const member = (household_id, constellation_id, role, from_on) =>
    api('POST', '/memberships', { household_id, constellation_id, role, from_on });
  r.hubMembership = await member(r.hub.id, r.riverside.id, 'hub', '2023-06-01');
  r.sat1Membership = await member(r.sat1.id, r.riverside.id, 'satellite', '2023-06-01');
  r.sat2Membership = await member(r.sat2.id, r.riverside.id, 'satellite', '2023-07-15');
  await member(r.sat3.id, r.riverside.id, 'satellite', '2023-08-01');
  // A move keeps the history: the Begum family leaves Riverside for Hillside.
  r.moved = await api('POST', `/households/${r.sat3.id}/move`, {
    constellation_id: r.hillside.id,
    role: 'satellite',
    on: '2024-09-01',
  });

  const carer = (household_id, name, role, extra = {}) =>
    api('POST', '/carers', {
      household_id,
      name,
      role,
      approved_from: '2021-03-01',
      ...extra,
    });
  r.carer = await carer(r.hub.id, 'Grace Okafor', 'main_carer');
  await carer(r.hub.id, 'Daniel Okafor', 'second_carer');
  await carer(r.sat1.id, 'Ruth Hughes', 'main_carer');
  r.marek = await carer(r.sat2.id, 'Marek Kowalski', 'main_carer');
  r.retired = await carer(r.sat2.id, 'Irena Kowalski', 'second_carer', {
    approved_to: '2025-02-28',
    approval_end_reason: 'retired',
  });

  r.child = await api('POST', '/children', {
    service_id,
    household_id: r.sat1.id,
    name: 'J. M.',
    birth_month: '2014-09',
    arrangement: 'mainstream_foster',
    shareable_notes: 'Allergic to peanuts. Likes to read before bed.',
    da_granted_by: 'Social worker',
    da_granted_on: '2024-01-10',
    da_scope: 'Overnight stays with hub carers',
    da_review_on: '2030-01-10',
  });
  await api('POST', '/children', {
    service_id,
    household_id: r.hub.id,
    name: 'Tomi Okafor',
    birth_month: '2012-02',
    arrangement: 'birth_child',
  });
  r.kinshipChild = await api('POST', '/children', {
    service_id,
    household_id: r.sat2.id,
    name: 'A. K.',
    birth_month: '2018-11',
    arrangement: 'kinship',
  });
  // An ended placement and the current one, with SSDA903 codes.
  r.pastPlacement = await api('POST', '/placements', {
    child_id: r.child.id,
    household_id: r.sat2.id,
    from_on: '2023-02-01',
    to_on: '2023-12-31',
    place_code: 'U6',
    reason_code: 'CARPL',
    planned_ending: true,
  });
  r.placement = await api('POST', '/placements', {
    child_id: r.child.id,
    household_id: r.sat1.id,
    from_on: '2024-01-01',
    place_code: 'U4',
  });
  return r;
}

/** Adds an account with the command line, with one role over one place (`--constellation …`). */
function account(email, name, role, place) {
  const cli = (args, input) =>
    execFileSync(process.env.CONSTELLATE_BIN, ['--database-url', process.env.CHECK_DATABASE_URL, 'user', ...args], {
      input,
      encoding: 'utf8',
      timeout: TIMEOUT,
    });
  const password = `${PASSWORD} ${role}`;
  cli(['add', '--email', email, '--name', name, '--role', role, ...place, '--password-stdin'], `${password}\n`);
  const token = cli(['token', '--email', email]).trim();
  return { email, name, password, api: apiAs(token) };
}

/** The people who are not the service's staff: Riverside's liaison worker and two carers. */
function makePeople(r) {
  return {
    // Named as Riverside's record names its liaison worker.
    liaison: account('sam.patel@example.org', 'Sam Patel', 'liaison_worker', ['--constellation', r.riverside.id]),
    satelliteCarer: account('ruth.hughes@example.org', 'Ruth Hughes', 'satellite_carer', ['--household', r.sat1.id]),
    hubCarer: account('grace.okafor@example.org', 'Grace Okafor', 'hub_carer', ['--constellation', r.riverside.id]),
  };
}

/** Every registry page, by a short name. */
function registryPages(r) {
  const s = r.service.id;
  return [
    ['home', '/'],
    ['services', '/services'],
    ['services, searched', '/services?q=Northshire'],
    ['service', `/services/${s}`],
    ['new service', '/services/new'],
    ['edit service', `/services/${s}/edit`],
    ['constellations', '/constellations'],
    ['constellations of a service', `/constellations?service_id=${s}`],
    ['constellation', `/constellations/${r.riverside.id}`],
    ['constellation, forming', `/constellations/${r.hillside.id}`],
    ['new constellation', '/constellations/new'],
    ['new constellation for a service', `/constellations/new?service_id=${s}`],
    ['edit constellation', `/constellations/${r.riverside.id}/edit`],
    ['households', '/households'],
    ['households, paged', '/households?per_page=2&page=2'],
    ['households, searched with no match', '/households?q=nobody-here'],
    ['households of a constellation', `/households?constellation_id=${r.riverside.id}`],
    ['household, hub', `/households/${r.hub.id}`],
    ['household, moved', `/households/${r.sat3.id}`],
    ['household, in no constellation', `/households/${r.alone.id}`],
    ['new household', '/households/new'],
    ['new household for a service', `/households/new?service_id=${s}`],
    ['edit household', `/households/${r.hub.id}/edit`],
    ['move household', `/households/${r.sat2.id}/move`],
    ['household joins a constellation', `/households/${r.alone.id}/move`],
    ['new membership', `/memberships/new?constellation_id=${r.riverside.id}`],
    ['end membership', `/memberships/${r.sat2Membership.id}/end`],
    ['correct membership', `/memberships/${r.sat2Membership.id}/edit`],
    ['carers', '/carers'],
    ['carers of a household', `/carers?household_id=${r.hub.id}`],
    ['carer', `/carers/${r.carer.id}`],
    ['carer, approval ended', `/carers/${r.retired.id}`],
    ['new carer', `/carers/new?household_id=${r.hub.id}`],
    ['edit carer', `/carers/${r.carer.id}/edit`],
    ['end carer approval', `/carers/${r.carer.id}/end`],
    ['children', '/children'],
    ['child', `/children/${r.child.id}`],
    ['new child', '/children/new'],
    ['new child in a household', `/children/new?household_id=${r.sat1.id}&service_id=${s}`],
    ['edit child', `/children/${r.child.id}/edit`],
    ['new placement', `/children/${r.child.id}/placements/new`],
    ['end placement', `/placements/${r.placement.id}/end`],
    ['correct placement', `/placements/${r.placement.id}/edit`],
    ['your account', '/account'],
    ['change your password', '/account/password'],
    ['make an API token', '/account/tokens/new'],
  ];
}

// ---------------------------------------------------------------------------------------------
// Pages

function slug(text) {
  return text.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
}

async function screenshot(page, name) {
  if (!SAVE_SHOTS) return;
  try {
    await page.screenshot({ path: join(SHOTS, `${slug(name)}.png`), fullPage: true, timeout: TIMEOUT });
  } catch {
    // A screenshot is a convenience, never a failure.
  }
}

/**
 * The axe violations on the page, one line each (and one per element); the list's `passes` is
 * how many rules passed.
 */
async function axeProblems(page, where) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  if (results.passes.length === 0) return [`axe checked no rule on ${where}`];
  const lines = [];
  lines.passes = results.passes.length;
  for (const v of results.violations) {
    for (const node of v.nodes) {
      lines.push(
        `axe ${v.id} [${v.impact}] at ${JSON.stringify(node.target)} on ${where}: ${v.help}` +
          (node.failureSummary ? ` (${node.failureSummary.replace(/\s+/g, ' ').trim()})` : ''),
      );
    }
  }
  return lines;
}

/** What every page must be: one h1, no sideways scroll, nothing logged as an error. */
async function layoutProblems(page, width, errors) {
  const problems = [];
  const h1 = await page.locator('h1').count();
  if (h1 !== 1) problems.push(`expected one <h1>, found ${h1}`);
  else if (!(await page.locator('h1').innerText()).trim()) problems.push('the <h1> is empty');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  if (overflow > 0) problems.push(`scrolls sideways by ${overflow}px at ${width}px`);
  for (const e of errors) problems.push(`logged: ${e}`);
  return problems;
}

/** Collects what a page logs as an error, and every part of it that fails to load. */
function watch(page) {
  const errors = [];
  page.on('console', (m) => {
    // Failed loads are reported with their address by the response listener below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      errors.push(m.text());
    }
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    // The browser asks for /favicon.ico by itself; the site has none.
    if (r.status() >= 400 && r.request().resourceType() !== 'document' && path !== '/favicon.ico') {
      errors.push(`${r.status()} for ${path}`);
    }
  });
  page.on('requestfailed', (r) => errors.push(`${r.failure()?.errorText} for ${r.url()}`));
  return errors;
}

/**
 * Opens a page and checks it; `extra`, if given, returns what else is wrong with it. It must
 * answer `want` (200 unless told, such as 404 for a page someone may not see).
 */
async function openPage(context, width, name, path, extra, want = 200) {
  const page = await context.newPage();
  const errors = watch(page);
  try {
    const response = await page.goto(base + path, { waitUntil: 'load', timeout: TIMEOUT });
    const problems = [];
    const status = response ? response.status() : 0;
    if (status !== want) problems.push(`answered ${status}, not ${want}`);
    problems.push(...(await layoutProblems(page, width, errors)));
    if (extra) problems.push(...(await extra(page)));
    const axe = await axeProblems(page, `${path} at ${width}px`);
    problems.push(...axe);
    await screenshot(page, `${width}-${name}`);
    return problems.length ? problems : `axe: 0 violations, ${axe.passes} rules passed`;
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Signing in

/** Signs the context in through the sign-in page, as a person would: the check's account unless told. */
async function signIn(context, who = { email: EMAIL, password: PASSWORD }) {
  const page = await context.newPage();
  try {
    await page.goto(`${base}/sign-in`, { waitUntil: 'load', timeout: TIMEOUT });
    await page.fill('#email', who.email);
    await page.fill('#password', who.password);
    await Promise.all([
      page.waitForURL(`${base}/`, { timeout: TIMEOUT }),
      page.click('main form[method="post"] button[type="submit"]'),
    ]);
  } finally {
    await page.close();
  }
}

/** Each field (a selector) that does not hold the value typed into it. */
async function keptProblems(page, kept) {
  const problems = [];
  for (const [selector, value] of Object.entries(kept)) {
    const actual = await page.inputValue(selector);
    if (actual !== value) problems.push(`${selector} was not kept: "${actual}", not "${value}"`);
  }
  return problems;
}

/** Sends the page's form and waits for the answer to its POST (to `pathname`, when given). */
async function post(page, pathname) {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) =>
        r.request().method() === 'POST' && (!pathname || new URL(r.url()).pathname === pathname),
      { timeout: TIMEOUT },
    ),
    page.click('main form[method="post"] button[type="submit"]'),
  ]);
  await page.waitForLoadState('load', { timeout: TIMEOUT });
  return response;
}

/** A wrong password: the page says so, in the summary and at the field, and keeps the address. */
async function wrongPassword(context, width) {
  const page = await context.newPage();
  const errors = watch(page);
  try {
    await page.goto(`${base}/sign-in`, { waitUntil: 'load', timeout: TIMEOUT });
    await page.fill('#email', EMAIL);
    await page.fill('#password', 'not the right password');
    await post(page);
    const problems = [];
    const summary = await page.locator('main .error-summary').innerText();
    if (!/not right/.test(summary)) problems.push(`the summary says: ${summary}`);
    if ((await page.inputValue('#email')) !== EMAIL) problems.push('the address was not kept');
    if ((await page.inputValue('#password')) !== '') problems.push('the password was sent back');
    problems.push(...(await layoutProblems(page, width, errors)));
    const axe = await axeProblems(page, 'sign-in with a wrong password');
    problems.push(...axe);
    await screenshot(page, `${width}-sign-in-wrong-password`);
    return problems.length ? problems : `axe: 0 violations, ${axe.passes} rules passed`;
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Forms

/** New household with no name: the summary at the top, the message at the field, answers kept. */
async function formWithAnError(context, width, serviceId) {
  const page = await context.newPage();
  const errors = watch(page);
  try {
    await page.goto(`${base}/households/new`, { waitUntil: 'load', timeout: TIMEOUT });
    await page.selectOption('#service_id', serviceId);
    await page.fill('#reference', 'NS-900');
    await page.fill('#display_name', '');
    await page.fill('#postcode', 'm1 2ab');
    await page.fill('#joined_on', '2025-03-01');
    const response = await post(page, '/households');
    const problems = [];
    if (response.status() !== 422) problems.push(`answered ${response.status()}, not 422`);
    if (!(await page.title()).startsWith('Error:')) {
      problems.push(`the title does not start with "Error:": ${await page.title()}`);
    }
    const summary = page.locator('main .error-summary');
    if ((await summary.count()) !== 1) {
      problems.push('no error summary');
    } else {
      const first = await page.evaluate(() => {
        const main = document.querySelector('main');
        return main.firstElementChild && main.firstElementChild.classList.contains('error-summary');
      });
      if (!first) problems.push('the error summary is not at the top of the page');
      if ((await summary.getAttribute('role')) !== 'alert') {
        problems.push('the error summary does not have role="alert"');
      }
      const link = summary.locator('a[href="#display_name"]');
      if ((await link.count()) !== 1) problems.push('the summary has no link to #display_name');
      else if (!/name/i.test(await link.innerText())) {
        problems.push(`the summary link does not name the field: ${await link.innerText()}`);
      }
      if ((await summary.locator('a').count()) !== 1) {
        problems.push(`the summary lists ${await summary.locator('a').count()} errors, not 1`);
      }
    }
    const group = page.locator('.form-group', { has: page.locator('#display_name') });
    if (!(await group.evaluate((g) => g.classList.contains('form-group-error')))) {
      problems.push('the name field is not marked as in error');
    }
    const inline = group.locator('#display_name-error');
    if ((await inline.count()) !== 1) problems.push('no inline error at the name field');
    const describedBy = (await page.getAttribute('#display_name', 'aria-describedby')) || '';
    if (!describedBy.split(/\s+/).includes('display_name-error')) {
      problems.push('the name field is not described by its error message');
    }
    const kept = {
      '#service_id': serviceId,
      '#reference': 'NS-900',
      '#postcode': 'm1 2ab',
      '#joined_on': '2025-03-01',
    };
    problems.push(...(await keptProblems(page, kept)));
    if ((await page.locator('.form-group-error').count()) !== 1) {
      problems.push(`${await page.locator('.form-group-error').count()} fields marked in error, not 1`);
    }
    problems.push(...(await layoutProblems(page, width, errors)));
    problems.push(...(await axeProblems(page, 'the household form with an error')));
    await screenshot(page, `${width}-form-with-an-error`);
    return { problems, page };
  } catch (error) {
    await page.close();
    throw error;
  }
}

/** The same form, corrected: it lands on the new household, saved as typed. */
async function landsOnTheRecord(page, width) {
  try {
    await page.fill('#display_name', 'The Adeyemi family');
    await Promise.all([
      page.waitForURL(/\/households\/[0-9a-f-]{36}$/i, { timeout: TIMEOUT }),
      page.click('main form[method="post"] button[type="submit"]'),
    ]);
    const problems = [];
    const h1 = (await page.locator('h1').innerText()).trim();
    if (h1 !== 'The Adeyemi family') problems.push(`the page's heading is "${h1}"`);
    const id = new URL(page.url()).pathname.split('/').pop();
    const record = await api('GET', `/households/${id}`);
    if (record.reference !== 'NS-900') problems.push(`saved reference is ${record.reference}`);
    if (record.postcode !== 'M1 2AB') problems.push(`saved postcode is ${record.postcode}`);
    if (record.joined_on !== '2025-03-01') problems.push(`saved joined_on is ${record.joined_on}`);
    problems.push(...(await layoutProblems(page, width, [])));
    problems.push(...(await axeProblems(page, 'the new household')));
    await screenshot(page, `${width}-form-saved`);
    return problems.length ? problems : `landed on ${new URL(page.url()).pathname}`;
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (SAVE_SHOTS) mkdirSync(SHOTS, { recursive: true });

  let registry;
  await check('the OpenAPI document describes the registry', async () => {
    const response = await fetch(`${base}/api/openapi.json`, { signal: AbortSignal.timeout(TIMEOUT) });
    if (response.status !== 200) return [`answered ${response.status}`];
    const doc = await response.json();
    const wanted = [
      '/api/v1/services',
      '/api/v1/constellations',
      '/api/v1/households',
      '/api/v1/households/{id}/move',
      '/api/v1/memberships',
      '/api/v1/carers',
      '/api/v1/children',
      '/api/v1/placements',
      '/api/v1/sleepovers',
      '/api/v1/sleepovers/{id}/confirm',
      '/api/v1/households/{id}/calendar',
      '/api/v1/households/{id}/unavailable',
      '/api/v1/services/{id}/sleepover-rules',
      '/api/v1/account/calendar-feed',
      '/api/v1/contacts',
      '/api/v1/contacts/{id}',
      '/api/v1/events',
      '/api/v1/events/{id}',
      '/api/v1/events/{id}/cancel',
      '/api/v1/events/{id}/attendance',
      '/api/v1/events/{id}/reply',
      '/api/v1/concerns',
      '/api/v1/concerns/{id}',
      '/api/v1/concerns/{id}/actions',
      '/api/v1/concerns/{id}/close',
      '/api/v1/surveys',
      '/api/v1/surveys/mine',
      '/api/v1/surveys/results',
      '/api/v1/services/{id}/fidelity',
      '/api/v1/constellations/{id}/fidelity',
      '/api/v1/services/{id}/returns',
      '/api/v1/services/{id}/returns/{month}',
      '/api/v1/services/{id}/returns/{month}/submit',
      '/api/v1/services/{id}/returns/{month}/xlsx',
      '/api/v1/rollup/xlsx',
      '/api/v1/rollup/trend',
      '/api/v1/impact',
      '/api/v1/costs',
      '/api/v1/costs/unit-costs',
      '/api/v1/costs/programme-costs',
    ];
    const missing = wanted.filter((p) => !(p in (doc.paths || {})));
    return missing.length ? missing.map((p) => `no path ${p}`) : `${Object.keys(doc.paths).length} paths`;
  });
  await check('the site starts with an empty database', async () => {
    const page = await api('GET', '/services');
    return page.total === 0 ? '' : [`found ${page.total} services: is demo data on?`];
  });
  await check('the registry is made through the API', async () => {
    registry = await makeRegistry();
    const households = await api('GET', `/households?constellation_id=${registry.riverside.id}`);
    const problems = [];
    if (households.total !== 3) problems.push(`Riverside has ${households.total} households, not 3`);
    const riverside = await api('GET', `/constellations/${registry.riverside.id}`);
    if (riverside.hub_household_id !== registry.hub.id) problems.push('Riverside has the wrong hub');
    const history = await api('GET', `/households/${registry.sat3.id}/memberships`);
    if (history.length !== 2) problems.push(`the moved household has ${history.length} memberships, not 2`);
    return problems.length ? problems : 'service, 3 constellations, 5 households, 5 carers, 3 children, 2 placements';
  });
  let sleepovers;
  if (registry) {
    await check("sleepovers are asked for, answered and the hub's nights marked through the API", async () => {
      const { made, problems } = await makeSleepovers(api, registry);
      sleepovers = made;
      return problems.length ? problems : 'confirmed, declined, cancelled, 1 emergency waiting, 3 nights away';
    });
  }
  let contacts;
  if (registry) {
    await check('support contacts are logged and corrected, and the list filters them, through the API', async () => {
      const { made, problems } = await makeContacts(api, registry);
      contacts = made;
      return problems.length ? problems : '3 contacts, this month and last, by household, month and maker';
    });
  }
  let events;
  if (registry) {
    await check('events are planned, answered, attended and cancelled, and the list filters them, through the API', async () => {
      const { made, problems } = await makeEvents(api, registry);
      events = made;
      return problems.length ? problems : '4 events, 2 answers, 2 households came, by status, month and constellation';
    });
  }
  let people;
  if (registry) {
    await check('a liaison worker of Riverside and two of its carers get accounts from the command line', async () => {
      people = makePeople(registry);
      return 'Sam Patel, liaison worker; Ruth Hughes, satellite carer; Grace Okafor, hub carer';
    });
  }
  const support = { contacts, sleepovers, events };
  let concerns;
  if (registry && people && contacts && sleepovers && events) {
    await check('concerns are raised, linked to support and closed by the liaison worker only, and the list filters them, through the API', async () => {
      const { made, problems } = await makeConcerns(api, people.liaison.api, registry, support);
      concerns = made;
      return problems.length ? problems : '3 concerns, 1 a red flag, 3 kinds of support linked, 1 closed, by status and household';
    });
  }
  if (concerns) {
    await check("the red flag is e-mailed to Riverside's liaison worker, naming no one", async () => {
      const problems = await redFlagMailProblems(process.env.CHECK_MAIL_DIR, registry, concerns);
      return problems.length ? problems : 'to sam.patel@example.org, saying why, linking to the concern';
    });
  }
  let surveys;
  if (registry && people) {
    await check("a carer answers the survey once a quarter, staff may not, and the results count it, through the API", async () => {
      const { made, problems } = await makeSurveys(api, people);
      surveys = made;
      return problems.length ? problems : `answered for ${made.answer.quarter}; staff refused 403; a second answer 409`;
    });
  }
  let fidelity;
  if (registry && people) {
    await check('fidelity judges each criterion of each open constellation, for staff only, through the API', async () => {
      const { made, problems } = await makeFidelity(api, registry, people);
      fidelity = made;
      return problems.length ? problems : '2 open constellations, 7 criteria each, with reasons and pages';
    });
  }
  let siblings;
  if (registry && events && people) {
    await check('brothers and sisters are linked, and their meetings found, recorded and withdrawn, through the API', async () => {
      const { made, problems } = await makeSiblings(api, base, registry, events, people);
      siblings = made;
      return problems.length ? problems : '2 linked, 1 linked and taken out; 1 meeting found at an event, 1 recorded, 1 withdrawn';
    });
  }
  let returns;
  if (registry && people && contacts) {
    await check('monthly returns are counted from the records, for the service\'s staff only, through the API', async () => {
      const { made, problems } = await makeReturns(api, registry, people);
      returns = made;
      return problems.length ? problems : 'last month and this, 6 sections each; this month not yet; carers refused 404';
    });
  }
  if (!registry || !sleepovers || !contacts || !events || !people || !concerns || !surveys || !fidelity) {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(1);
  }
  const tools = { base, api, post, keptProblems, screenshot, layoutProblems, axeProblems, watch, formTwice, signIn, account, TIMEOUT };

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: TIMEOUT * 2,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    await check('axe finds a known violation (the check can fail)', async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.setContent('<html lang="en"><title>t</title><main><h1>t</h1><img src="data:,"></main></html>');
        const lines = await axeProblems(page, 'a page made to fail');
        return lines.some((l) => l.startsWith('axe image-alt ')) ? 'image-alt' : ['axe missed image-alt'];
      } finally {
        await context.close();
      }
    });
    const pages = [
      ...registryPages(registry),
      ...sleepoverPages(registry, sleepovers),
      ...contactPages(registry, contacts),
      ...eventPages(registry, events),
      ...concernPages(registry, concerns, support),
      ...surveyPages(),
      ...fidelityPages(registry, fidelity),
      ...(siblings ? siblingPages(registry, siblings) : []),
      ...(returns ? returnsPages(tools, registry) : []),
      ...(returns ? impactPages() : []),
    ];
    // The two widths at once, each in a context of its own: the pages only read.
    const contexts = {};
    try {
      await Promise.all(WIDTHS.map(async (width) => {
        const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-GB' });
        context.setDefaultTimeout(TIMEOUT);
        contexts[width] = context;
        await check(`${String(width).padStart(4)}px  sign in  /sign-in`, () =>
          openPage(context, width, 'sign in', '/sign-in'),
        );
        await check(`${String(width).padStart(4)}px  sign in with a wrong password`, () =>
          wrongPassword(context, width),
        );
        await signIn(context);
        for (const [name, path, extra] of pages) {
          await check(`${String(width).padStart(4)}px  ${name}  ${path}`, () =>
            openPage(context, width, name, path, extra),
          );
        }
      }));
      // One after the other: a new calendar address replaces the one before.
      for (const width of WIDTHS) {
        await check(`${String(width).padStart(4)}px  make a calendar address from the account page`, () =>
          feedButton(tools, contexts[width], width),
        );
      }
    } finally {
      await Promise.all(Object.values(contexts).map((c) => c.close()));
    }

    // The survey, sibling contact, the monthly returns and impact as the liaison worker and the two carers.
    const theirs = {};
    for (const of of [
      surveyPagesOf(),
      siblings ? siblingPagesOf(registry, siblings) : {},
      returns ? returnsPagesOf(registry) : {},
      returns ? impactPagesOf() : {},
    ]) {
      for (const [key, list] of Object.entries(of)) theirs[key] = [...(theirs[key] || []), ...list];
    }
    for (const [key, list] of Object.entries(theirs)) {
      await Promise.all(WIDTHS.map(async (width) => {
        const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-GB' });
        context.setDefaultTimeout(TIMEOUT);
        try {
          await signIn(context, people[key]);
          for (const [name, path, extra, want] of list) {
            await check(`${String(width).padStart(4)}px  ${name}  ${path}`, () =>
              openPage(context, width, name, path, extra, want),
            );
          }
        } finally {
          await context.close();
        }
      }));
    }

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    context.setDefaultTimeout(TIMEOUT);
    try {
      await signIn(context);
      let saved;
      await check('a form with an error shows the summary and the message, and keeps the answers', async () => {
        const { problems, page } = await formWithAnError(context, 1280, registry.service.id);
        saved = page;
        return problems;
      });
      await check('the corrected form lands on the new household', async () => {
        if (!saved) return ['the form was not sent'];
        return landsOnTheRecord(saved, 1280);
      });
      let request;
      await check('the sleepover request form with an error shows both messages and keeps the answers', async () => {
        const { problems, page } = await requestFormWithAnError(tools, context, 1280, registry);
        request = page;
        return problems;
      });
      await check('the corrected request lands on the new sleepover', async () => {
        if (!request) return ['the form was not sent'];
        return requestFormLands(tools, request, 1280, registry);
      });
      let contact;
      await check('the form to log a contact with an error shows both messages and keeps the answers', async () => {
        const { problems, page } = await contactFormWithAnError(tools, context, 1280, registry);
        contact = page;
        return problems;
      });
      await check('the corrected contact lands on the new contact, saying it is logged', async () => {
        if (!contact) return ['the form was not sent'];
        return contactFormLands(tools, contact, 1280, registry);
      });
      let event;
      await check('the form to add an event with an error shows both messages and keeps the answers', async () => {
        const { problems, page } = await eventFormWithAnError(tools, context, 1280, registry);
        event = page;
        return problems;
      });
      await check('the corrected event lands on the new event', async () => {
        if (!event) return ['the form was not sent'];
        return eventFormLands(tools, event, 1280, registry);
      });
      await answerFormChecks(check, tools, context, 1280, registry, events);
      let concern;
      await check('the form to raise a concern with an error shows the message at the carer and keeps the answers', async () => {
        const { problems, page } = await concernFormWithAnError(tools, context, 1280, registry);
        concern = page;
        return problems;
      });
      await check('the corrected concern lands on the new concern', async () => {
        if (!concern) return ['the form was not sent'];
        return concernFormLands(tools, concern, 1280, registry);
      });
      await check('the form to link support lands on the concern with the contact linked', () =>
        linkFormLands(tools, context, 1280, concerns, contacts),
      );
      await check("the service's staff sending the form to close a concern are refused (403)", () =>
        closeRefusedToStaff(tools, context, 1280, concerns),
      );
      if (siblings) await siblingFormChecks(check, tools, context, 1280, registry, siblings);
      if (returns) await returnsFormChecks(check, tools, context, 1280, registry, returns);
      if (returns) await impactChecks(check, tools, context, 1280, registry, people);
    } finally {
      await context.close();
    }

    // The liaison worker closes a concern; the hub carer answers the survey.
    for (const [who, forms] of [
      [people.liaison, async (context) => {
        let close;
        await check('the liaison worker closing a concern as stabilised, not saying whether support helped, is asked to', async () => {
          const { problems, page } = await closeFormWithAnError(tools, context, 1280, concerns);
          close = page;
          return problems;
        });
        await check('the corrected closing lands on the closed concern, its red flag no longer shown', async () => {
          if (!close) return ['the form was not sent'];
          return closeFormLands(tools, close, 1280, concerns);
        });
      }],
      [people.hubCarer, async (context) => {
        let survey;
        await check('the survey sent with nothing chosen asks both questions again and keeps the comment', async () => {
          const { problems, page } = await surveyFormWithAnError(tools, context, 1280);
          survey = page;
          return problems;
        });
        await check('the answered survey thanks the carer, and the results count it', async () => {
          if (!survey) return ['the form was not sent'];
          return surveyFormLands(tools, survey, 1280);
        });
      }],
    ]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
      context.setDefaultTimeout(TIMEOUT);
      try {
        await signIn(context, who);
        await forms(context);
      } finally {
        await context.close();
      }
    }
    // A message must not run a question's label into a lower-case clause ("…difference? is required").
    await check('the forms to close a concern and to record an answer name the question in words, not "…? is required"', () => {
      const said = [
        ['/concerns/{id}/close (screenshot concern-close-with-an-error)', concerns.attributedMessage],
        ['/events/{id}/answer sent with nothing chosen', events.answerMessage],
      ];
      const problems = said
        .filter(([, text]) => text === undefined || /\?\s+[a-z]/.test(text))
        .map(([where, text]) => (text === undefined ? `${where}: the form was not sent` : `${where} says "${text}"`));
      return problems.length ? problems : said.map(([, text]) => text).join('; ');
    });
  } finally {
    await browser.close();
  }
  await feedChecks(check, tools, sleepovers, eventFeedProblems(events));

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
