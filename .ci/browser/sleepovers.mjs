// The sleepover part of the browser check; check.mjs runs it. Given the registry check.mjs made:
//   1. asks for sleepovers through the JSON API (planned and emergency, from satellites to the
//      hub), confirms one, declines one, cancels one, and marks three of the hub's nights away;
//   2. names the sleepover pages for check.mjs to open at each width, with what each must show,
//      among them a month's sleepovers (what a monthly return's sleepover figures link to);
//   3. sends the request form once with an error and once without;
//   4. makes calendar addresses (on the account page and through the API), reads the feed with
//      ical.js (with what else must be in it, such as events), revokes them, and checks every
//      address is then gone.

import ICAL from 'ical.js';
import { longDay } from './outcomes.mjs';
import { MONTHS, all, heading, linksTo, rows } from './support.mjs';

// Today as the site counts days: in London.
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** `date` (YYYY-MM-DD) moved by `days`. */
function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first day of the month after next: past any notice rule, with a whole month ahead. */
function monthAfterNext() {
  const [year, month] = TODAY.split('-').map(Number);
  return new Date(Date.UTC(year, month + 1, 1)).toISOString().slice(0, 10);
}

/** The month `n` months after `month` (YYYY-MM), and its name: ["2026-12", "December 2026"]. */
function monthFrom(month, n) {
  const [year, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(year, m - 1 + n, 1));
  return [d.toISOString().slice(0, 7), `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`];
}

/** A month's page: its heading, its sleepovers (`want`: rows, or what it says of none) and the months either side. */
function monthPage(month, want) {
  const [, label] = monthFrom(month, 0);
  const [before, beforeLabel] = monthFrom(month, -1);
  const [after, afterLabel] = monthFrom(month, 1);
  return all(
    heading(`Sleepovers and short breaks: ${label}`),
    typeof want === 'string' ? shows(want) : rows('Asked for, booked or held', want),
    linksTo({
      [`Previous month (${beforeLabel})`]: `/sleepovers?month=${before}`,
      [`Next month (${afterLabel})`]: `/sleepovers?month=${after}`,
      'Sleepovers to act on': '/sleepovers',
    }),
  );
}

/** Makes the sleepovers the pages show. Returns them, and what did not come back as asked. */
export async function makeSleepovers(api, r) {
  const s = {};
  const first = monthAfterNext();
  s.month = first.slice(0, 7);
  const ask = (household, child, first_night, nights, kind, reason, extra = {}) =>
    api('POST', '/sleepovers', {
      from_household_id: household.id,
      child_ids: [child.id],
      first_night,
      nights,
      kind,
      reason,
      ...extra,
    });
  // J. M. has delegated authority for overnight stays, so the hub can confirm at once.
  s.planned = await ask(r.sat1, r.child, addDays(first, 4), 2, 'planned', 'respite', {
    note: 'Brings a night light.',
  });
  s.confirmed = await api('POST', `/sleepovers/${s.planned.id}/confirm`, {
    reason: 'The small room is ready.',
  });
  // A. K. has none recorded: the emergency waits, and its page offers the override.
  s.emergency = await ask(r.sat2, r.kinshipChild, addDays(TODAY, 1), 1, 'emergency', 'crisis', {
    note: 'Carer called away overnight.',
  });
  const declined = await ask(r.sat1, r.child, addDays(first, 14), 1, 'planned', 'sibling_time');
  s.declined = await api('POST', `/sleepovers/${declined.id}/decline`, {
    reason: 'We are at a family wedding that night.',
  });
  const cancelled = await ask(r.sat2, r.kinshipChild, addDays(first, 20), 1, 'planned', 'respite');
  s.cancelled = await api('POST', `/sleepovers/${cancelled.id}/cancel`, {
    reason: 'The family no longer needs it.',
  });
  s.away = await api('POST', `/households/${r.hub.id}/unavailable`, {
    from_on: addDays(first, 9),
    to_on: addDays(first, 11),
    reason: 'Family holiday',
  });

  const problems = [];
  const statuses = [
    [s.confirmed, 'confirmed'],
    [s.emergency, 'requested'],
    [s.declined, 'declined'],
    [s.cancelled, 'cancelled'],
  ];
  for (const [made, status] of statuses) {
    if (made.status !== status) problems.push(`${made.id} is ${made.status}, not ${status}`);
    if (made.host_household_id !== r.hub.id) problems.push(`${made.id} is not hosted at the hub`);
  }
  const month = await api('GET', `/households/${r.hub.id}/calendar?month=${s.month}`);
  const night = (date) => month.nights.find((n) => n.night === date) || {};
  if (night(s.planned.first_night).free !== 1) {
    problems.push(`the confirmed first night has ${night(s.planned.first_night).free} beds free, not 1`);
  }
  if (night(addDays(first, 14)).free !== 2) problems.push('the declined night still holds a bed');
  if (!night(addDays(first, 10)).unavailable) problems.push('the hub is not away on the 11th');
  return { made: s, problems };
}

/** What a page's alert must say: the one emergency, linked to its page. */
function emergencyAlert(s) {
  return async (page) => {
    const link = page.locator('main .notice-urgent[role="alert"] a');
    if ((await link.count()) !== 1) return ['no emergency alert'];
    const problems = [];
    const text = (await link.innerText()).trim();
    if (text !== '1 emergency request is waiting for an answer') problems.push(`the alert says: ${text}`);
    const href = await link.getAttribute('href');
    if (href !== `/sleepovers/${s.emergency.id}`) problems.push(`the alert links to ${href}`);
    return problems;
  };
}

/** Each text must appear in the page's main part. */
function shows(...texts) {
  return async (page) => {
    const main = await page.locator('main').innerText();
    return texts.filter((t) => !main.includes(t)).map((t) => `does not show "${t}"`);
  };
}

/** Both checks, their problems together. */
function both(first, second) {
  return async (page) => [...(await first(page)), ...(await second(page))];
}

/** Every sleepover page, by a short name, with what it must show. */
export function sleepoverPages(r, s) {
  const e = s.emergency.id;
  const p = s.planned.id;
  const calendar = `/households/${r.hub.id}/calendar`;
  return [
    ['home, with an emergency waiting', '/', emergencyAlert(s)],
    [
      'sleepovers',
      '/sleepovers',
      both(emergencyAlert(s), shows('Answered and closed', '· Declined', '· Cancelled')),
    ],
    ['ask for a sleepover: which household', '/sleepovers/new'],
    ['ask for a sleepover', `/sleepovers/new?household_id=${r.sat1.id}`],
    [
      'emergency sleepover',
      `/sleepovers/${e}`,
      shows(
        'Emergency sleepover: ',
        'A. K.',
        'Each child needs delegated authority for overnight stays',
        'Confirm',
        'Decline',
        'Cancel',
        'Override the rules',
      ),
    ],
    ['confirm a sleepover', `/sleepovers/${e}/confirm`, shows('This takes 1 bed on each night.')],
    ['decline a sleepover', `/sleepovers/${e}/decline`],
    ['cancel a sleepover', `/sleepovers/${e}/cancel`],
    ['override the rules', `/sleepovers/${e}/override`],
    ['sleepover, confirmed', `/sleepovers/${p}`, shows('Confirmed', 'J. M.', 'Brings a night light.')],
    ['cancel a confirmed sleepover', `/sleepovers/${p}/cancel`],
    ['sleepover, declined', `/sleepovers/${s.declined.id}`, shows('Declined', 'family wedding')],
    ['hub calendar', `${calendar}?month=${s.month}`, shows('1 of 2', 'Unavailable', 'Family holiday')],
    ['hub calendar, this month', calendar],
    ['mark nights unavailable', `/households/${r.hub.id}/unavailable/new`],
    ['open nights again', `/unavailable/${s.away.id}/withdraw`],
    ['sleepover rules', `/services/${r.service.id}/sleepover-rules`],
    // Only what holds or held nights: the declined and cancelled stays are left out.
    [
      'sleepovers, a month',
      `/sleepovers?month=${s.month}`,
      monthPage(s.month, [
        [`2 nights from ${longDay(s.planned.first_night)}`, 'J. M.', r.sat1.display_name, r.hub.display_name, 'Sleepover · Confirmed'],
      ]),
    ],
    ['sleepovers, a month with none', '/sleepovers?month=2020-01', monthPage('2020-01', 'No sleepover has a night in January 2020.')],
    ['e-mails you get', '/account/notifications'],
  ];
}

// ---------------------------------------------------------------------------------------------
// The request form

const SUBMIT = 'main form[method="post"] button[type="submit"]';

/** A message reads clearly: it does not run a question's label into a lower-case clause. */
function unclear(text) {
  return /\?\s+[a-z]/.test(text);
}

/** No child ticked and no nights: both in the summary and at their fields, answers kept. */
export async function requestFormWithAnError(t, context, width, r) {
  const page = await context.newPage();
  const errors = t.watch(page);
  const first = addDays(monthAfterNext(), 24);
  try {
    await page.goto(`${t.base}/sleepovers/new?household_id=${r.sat1.id}`, { waitUntil: 'load' });
    await page.fill('#first_night', first);
    await page.fill('#nights', '0');
    await page.selectOption('#kind', 'planned');
    await page.selectOption('#reason', 'respite');
    await page.fill('#note', 'Likes to read before bed.');
    const response = await t.post(page, '/sleepovers/new');
    const problems = [];
    if (response.status() !== 422) problems.push(`answered ${response.status()}, not 422`);
    if (!(await page.title()).startsWith('Error:')) problems.push(`the title is ${await page.title()}`);
    const summary = page.locator('main .error-summary[role="alert"]');
    if ((await summary.count()) !== 1) problems.push('no error summary with role="alert"');
    const wanted = { child_ids: /child/i, nights: /nights.*between 1 and/i };
    for (const [field, says] of Object.entries(wanted)) {
      const link = summary.locator(`a[href="#${field}"]`);
      const inline = page.locator(`#${field}-error`);
      if ((await link.count()) !== 1) {
        problems.push(`the summary has no link to #${field}`);
        continue;
      }
      const texts = [await link.innerText(), await inline.innerText()];
      for (const text of texts) {
        if (!says.test(text)) problems.push(`the message for ${field} does not say what is wrong: ${text}`);
        if (unclear(text)) problems.push(`the message for ${field} does not read clearly: ${text}`);
      }
      const describedBy = (await page.getAttribute(`#${field}`, 'aria-describedby')) || '';
      if (!describedBy.split(/\s+/).includes(`${field}-error`)) {
        problems.push(`#${field} is not described by its error message`);
      }
    }
    if ((await summary.locator('a').count()) !== 2) {
      problems.push(`the summary lists ${await summary.locator('a').count()} errors, not 2`);
    }
    if ((await page.locator('.form-group-error').count()) !== 2) {
      problems.push(`${await page.locator('.form-group-error').count()} fields marked in error, not 2`);
    }
    const kept = {
      '#first_night': first,
      '#nights': '0',
      '#kind': 'planned',
      '#reason': 'respite',
      '#note': 'Likes to read before bed.',
    };
    problems.push(...(await t.keptProblems(page, kept)));
    problems.push(...(await t.layoutProblems(page, width, errors)));
    problems.push(...(await t.axeProblems(page, 'the sleepover request form with an error')));
    await t.screenshot(page, `${width}-sleepover-request-with-an-error`);
    return { problems, page };
  } catch (error) {
    await page.close();
    throw error;
  }
}

/** The same form, corrected: it lands on the new request, saved as typed. */
export async function requestFormLands(t, page, width, r) {
  try {
    await page.check('#child_ids-1');
    await page.fill('#nights', '1');
    await Promise.all([
      page.waitForURL(/\/sleepovers\/[0-9a-f-]{36}$/i),
      page.click(SUBMIT),
    ]);
    const problems = [];
    const h1 = (await page.locator('h1').innerText()).trim();
    if (!h1.startsWith('Sleepover: ')) problems.push(`the page's heading is "${h1}"`);
    const id = new URL(page.url()).pathname.split('/').pop();
    const s = await t.api('GET', `/sleepovers/${id}`);
    if (s.status !== 'requested') problems.push(`saved as ${s.status}`);
    if (s.children.map((c) => c.id).join() !== r.child.id) problems.push('saved for the wrong child');
    if (s.from_household_id !== r.sat1.id) problems.push('saved from the wrong household');
    if (s.host_household_id !== r.hub.id) problems.push('not hosted at the hub');
    if (s.first_night !== addDays(monthAfterNext(), 24)) problems.push(`first night ${s.first_night}`);
    if (s.nights !== 1 || s.kind !== 'planned' || s.reason !== 'respite') {
      problems.push(`saved ${s.nights} nights, ${s.kind}, ${s.reason}`);
    }
    if (s.note !== 'Likes to read before bed.') problems.push(`saved note is ${s.note}`);
    problems.push(...(await t.layoutProblems(page, width, [])));
    problems.push(...(await t.axeProblems(page, 'the new sleepover')));
    await t.screenshot(page, `${width}-sleepover-request-saved`);
    return problems.length ? problems : `landed on ${new URL(page.url()).pathname}`;
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The calendar feed

// Every calendar address made, so the check can see each one gone once revoked.
const addresses = [];

async function get(t, path) {
  return fetch(`${t.base}${path}`, { redirect: 'manual', signal: AbortSignal.timeout(t.TIMEOUT) });
}

/** The account page's button: a page that shows the new address once, and the address works. */
export async function feedButton(t, context, width) {
  const page = await context.newPage();
  const errors = t.watch(page);
  try {
    await page.goto(`${t.base}/account`, { waitUntil: 'load' });
    await Promise.all([
      page.waitForURL(`${t.base}/account/calendar-feed`),
      page.click('main form[action="/account/calendar-feed"] button[type="submit"]'),
    ]);
    await page.waitForLoadState('load');
    const problems = [];
    const h1 = (await page.locator('h1').innerText()).trim();
    if (h1 !== 'Your calendar address') problems.push(`the page's heading is "${h1}"`);
    const main = await page.locator('main').innerText();
    if (!/shown only once/.test(main)) problems.push('the page does not say the address is shown once');
    const path = (main.match(/\/calendar\/[A-Za-z0-9_-]+\.ics/) || [])[0];
    if (!path) {
      problems.push('the page shows no calendar address');
    } else if (!main.includes(`${t.base}${path}`)) {
      problems.push(`the address is not whole, ready to copy: no ${t.base}${path}`);
    } else {
      addresses.push(path);
      const response = await get(t, path);
      if (response.status !== 200) problems.push(`${path} answered ${response.status}`);
      if (!/^BEGIN:VCALENDAR\r\n/.test(await response.text())) problems.push('the address is no calendar');
    }
    problems.push(...(await t.layoutProblems(page, width, errors)));
    problems.push(...(await t.axeProblems(page, `the calendar address at ${width}px`)));
    await t.screenshot(page, `${width}-calendar-address`);
    return problems.length ? problems : `axe: 0 violations, address works`;
  } finally {
    await page.close();
  }
}

/**
 * What is wrong with a feed, read by ical.js: its time zone, each event's times, and what
 * `more` finds wrong with the rest (given the VCALENDAR).
 */
function feedProblems(text, s, more) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const problems = [];
  if (calendar.name !== 'vcalendar') problems.push(`the feed is a ${calendar.name}, not a VCALENDAR`);
  const zones = calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
  if (!zones.includes('Europe/London')) problems.push(`no VTIMEZONE Europe/London, only ${zones}`);
  const events = calendar.getAllSubcomponents('vevent');
  if (events.length === 0) problems.push('no VEVENT');
  const byUid = new Map();
  for (const [i, event] of events.entries()) {
    const uid = event.getFirstPropertyValue('uid');
    const where = `VEVENT ${uid || i + 1}`;
    for (const name of ['uid', 'dtstamp', 'dtstart', 'dtend']) {
      if (!event.hasProperty(name)) problems.push(`${where} has no ${name.toUpperCase()}`);
    }
    const stamp = event.getFirstPropertyValue('dtstamp');
    if (stamp && (stamp.isDate || stamp.zone !== ICAL.Timezone.utcTimezone)) {
      problems.push(`${where}: DTSTAMP is not a UTC date-time`);
    }
    const start = event.getFirstPropertyValue('dtstart');
    const end = event.getFirstPropertyValue('dtend');
    // A sleepover is all-day; the rest (events) are at a time of day, which `more` checks.
    const allDay = (uid || '').startsWith('sleepover-');
    for (const [name, time] of [['DTSTART', start], ['DTEND', end]]) {
      if (allDay && time && !(time.isDate && event.getFirstProperty(name.toLowerCase()).type === 'date')) {
        problems.push(`${where}: ${name} is not a DATE value`);
      }
    }
    if (start && end && end.compare(start) <= 0) problems.push(`${where}: DTEND is not after DTSTART`);
    byUid.set(uid, event);
  }
  // The confirmed stay covers its two nights, ending the morning after; what was declined or
  // cancelled is not there.
  const confirmed = byUid.get(`sleepover-${s.planned.id}@constellate`);
  if (!confirmed) {
    problems.push('the confirmed sleepover is not in the feed');
  } else {
    const start = confirmed.getFirstPropertyValue('dtstart').toString();
    const end = confirmed.getFirstPropertyValue('dtend').toString();
    if (start !== s.planned.first_night) problems.push(`the confirmed stay starts ${start}`);
    if (end !== addDays(s.planned.last_night, 1)) problems.push(`the confirmed stay ends ${end}`);
    if (confirmed.getFirstPropertyValue('status') !== 'CONFIRMED') problems.push('it is not CONFIRMED');
  }
  const emergency = byUid.get(`sleepover-${s.emergency.id}@constellate`);
  if (emergency?.getFirstPropertyValue('status') !== 'TENTATIVE') {
    problems.push('the waiting emergency is not in the feed as TENTATIVE');
  }
  for (const gone of [s.declined, s.cancelled]) {
    if (byUid.has(`sleepover-${gone.id}@constellate`)) problems.push(`the ${gone.status} stay is in the feed`);
  }
  problems.push(...more(calendar));
  return { problems, events: events.length };
}

/**
 * A calendar address through the API, its feed read by ical.js, then every address revoked.
 * `more`, given the feed's VCALENDAR, returns what else is wrong with it.
 */
export async function feedChecks(check, t, s, more = () => []) {
  await check('the calendar feed parses with ical.js: Europe/London, all-day sleepovers, timed events', async () => {
    const { path } = await t.api('POST', '/account/calendar-feed');
    if (!/^\/calendar\/[A-Za-z0-9_-]+\.ics$/.test(path || '')) return [`the address is ${path}`];
    addresses.push(path);
    const response = await get(t, path);
    if (response.status !== 200) return [`${path} answered ${response.status}`];
    const type = response.headers.get('content-type') || '';
    const problems = type.startsWith('text/calendar') ? [] : [`served as ${type}`];
    const { problems: wrong, events } = feedProblems(await response.text(), s, more);
    problems.push(...wrong);
    return problems.length ? problems : `${events} events`;
  });
  await check('a revoked calendar address answers 404', async () => {
    if (addresses.length === 0) return ['no calendar address was made'];
    await t.api('DELETE', '/account/calendar-feed');
    const problems = [];
    for (const address of addresses) {
      const response = await get(t, address);
      if (response.status !== 404) problems.push(`${address} answered ${response.status}, not 404`);
    }
    return problems.length ? problems : `${addresses.length} addresses gone`;
  });
}
