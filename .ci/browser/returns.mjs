// The monthly return part of the browser check; check.mjs runs it. Given the registry check.mjs
// made, with the support, concerns and sibling contact recorded on it, and the accounts it added
// (a liaison worker of Riverside and two carers):
//   1. reads last month's and this month's return through the JSON API: every figure in its
//      section, in order, linked to the records behind it, some counted again from the records;
//      checks that this month cannot be submitted before it ends, that the liaison worker reads
//      it and that the carers get 404;
//   2. names the pages for check.mjs to open at each width as the service's staff (the service's
//      link, the last twelve months, last month's return with its action to submit, this
//      month's without one, and the form to submit), as the liaison worker, and as the hub carer
//      (the 404 page);
//   3. submits last month's return with the form, logs a support contact in that month through
//      the API and checks the month shows what changed since it was sent, then sends the
//      amendment without a comment and with one, and checks both versions are kept.

import { formTwice, lands, looksRight, notice, says } from './outcomes.mjs';
import {
  all, columns, heading, hides, holds, linksTo, monthFrom, monthLabel, refused, rows, shows, wallClock,
} from './support.mjs';

// Today as the site counts days: in London.
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const THIS_MONTH = TODAY.slice(0, 7);

const LAST_MONTH = monthFrom(THIS_MONTH, -1);
// The months the list offers: the last twelve that have ended, the latest first.
const TWELVE_MONTHS = Array.from({ length: 12 }, (_, i) => monthFrom(LAST_MONTH, -i));

// The return's sections, in order, by the key the API gives them.
const SECTIONS = {
  homes: 'Constellations, homes and people',
  activities: 'Activities and support',
  sleepovers: 'Sleepovers, short breaks and sibling contact',
  outcomes: 'Concerns and what they prevented',
  carers: 'Carers who left, and carers kept',
  survey: "Carers' survey answers given in the month",
};
const TWELVE = 'The last twelve months';
const VERSIONS = 'Versions sent';
const CHANGED = 'Changed since it was submitted';
const AMENDED_BECAUSE = 'A phone call in the month was logged late.';

// ---------------------------------------------------------------------------------------------
// Through the API

/** What one return from the API has other than what every return must: its sections and links. */
function returnProblems(ret, service, month) {
  const problems = [];
  const where = `the return for ${month}`;
  if (ret.service_id !== service.id || ret.service_name !== service.name || ret.month !== month) {
    problems.push(`${where} is ${ret.service_name}'s for ${ret.month}`);
  }
  const order = ret.figures.map((f) => f.section).filter((x, i, all) => all[i - 1] !== x);
  if (order.join() !== Object.keys(SECTIONS).join()) problems.push(`${where}'s sections come as ${order.join(', ')}`);
  for (const f of ret.figures) {
    if (!f.key || !f.label || !/^\/[a-z]/.test(f.records || '')) problems.push(`${where}: the figure ${JSON.stringify(f)}`);
    if (f.value !== null && !Number.isInteger(f.value)) problems.push(`${where}: ${f.key} is ${f.value}`);
  }
  return problems;
}

/** A figure of a return, by its key. */
function figure(ret, key) {
  return ret.figures.find((f) => f.key === key)?.value;
}

/** Reads the returns through the API, as the service's staff and as others. */
export async function makeReturns(api, r, people) {
  const path = (month) => `/services/${r.service.id}/returns/${month}`;
  const problems = [];
  const last = await api('GET', path(LAST_MONTH));
  const now = await api('GET', path(THIS_MONTH));
  for (const [ret, month] of [[last, LAST_MONTH], [now, THIS_MONTH]]) {
    problems.push(...returnProblems(ret, r.service, month));
    if (ret.status !== 'draft' || ret.versions.length || ret.changed_since_submission.length) {
      problems.push(`the return for ${month} is ${ret.status}, with ${ret.versions.length} versions`);
    }
    // Counted again from the records: the month's contacts, and the concerns raised in it.
    const contacts = (await api('GET', `/contacts?month=${month}`)).total;
    if (figure(ret, 'contacts') !== contacts) problems.push(`${month} counts ${figure(ret, 'contacts')} contacts, not ${contacts}`);
    const raised = (await api('GET', '/concerns?status=all')).items.filter((k) => k.opened_on.startsWith(month)).length;
    if (figure(ret, 'concerns_opened') !== raised) problems.push(`${month} counts ${figure(ret, 'concerns_opened')} concerns raised, not ${raised}`);
  }
  const sent = await api('GET', `/services/${r.service.id}/returns`);
  if (sent.length !== 0) problems.push(`returns are listed as sent: ${JSON.stringify(sent)}`);
  problems.push(
    ...(await refused('this month submitted before it ends', 'month', () => api('POST', `${path(THIS_MONTH)}/submit`, {}))),
    ...(await refused('a month that is no month', 'month', () => api('GET', path(`${THIS_MONTH.slice(0, 4)}-13`)))),
    ...(await refused('the return read by the hub carer', null, () => people.hubCarer.api('GET', path(LAST_MONTH)), 404)),
    ...(await refused('the returns listed for a satellite carer', null, () =>
      people.satelliteCarer.api('GET', `/services/${r.service.id}/returns`), 404,
    )),
  );
  const liaison = await people.liaison.api('GET', path(LAST_MONTH));
  if (JSON.stringify(liaison.figures) !== JSON.stringify(last.figures)) problems.push('the liaison worker reads other figures');
  return { made: { lastContacts: figure(last, 'contacts') }, problems };
}

// ---------------------------------------------------------------------------------------------
// The pages

/** The figures shown in each section are the API's now, each name linking to its records, which open. */
function figuresShown(t, service, month) {
  return async (page) => {
    const ret = await t.api('GET', `/services/${service.id}/returns/${month}`);
    const problems = [];
    for (const [key, title] of Object.entries(SECTIONS)) {
      const want = ret.figures.filter((f) => f.section === key);
      problems.push(...(await columns(title, ['Figure', 'Value'])(page)));
      problems.push(...(await rows(title, want.map((f) => [f.label, f.value === null ? '–' : String(f.value)]))(page)));
      const hrefs = await page
        .locator('main section', { has: page.locator('h2', { hasText: title }) })
        .locator('tbody td:nth-child(1) a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      if (hrefs.join() !== want.map((f) => f.records).join()) problems.push(`"${title}" links to ${hrefs.join(', ')}`);
    }
    for (const href of new Set(ret.figures.map((f) => f.records))) {
      const response = await page.request.get(new URL(href, page.url()).href, { maxRedirects: 0 });
      if (response.status() !== 200) problems.push(`${href} answered ${response.status()}, not 200`);
    }
    return problems;
  };
}

/** The pages to open as the service's staff, by a short name, with what each must show. */
export function returnsPages(t, r) {
  const s = r.service.id;
  const list = `/services/${s}/returns`;
  return [
    ['service, with its monthly returns', `/services/${s}`, linksTo({ 'Monthly returns': list })],
    [
      'monthly returns',
      list,
      all(
        heading(`Monthly returns: ${r.service.name}`),
        columns(TWELVE, ['Month', 'Status', 'Versions', 'Last sent']),
        rows(TWELVE, TWELVE_MONTHS.map((m) => [monthLabel(m), 'Draft: not submitted', '0', '–'])),
        linksTo({
          [`This month so far (${monthLabel(THIS_MONTH)})`]: `${list}/${THIS_MONTH}`,
          [monthLabel(LAST_MONTH)]: `${list}/${LAST_MONTH}`,
          [monthLabel(TWELVE_MONTHS[11])]: `${list}/${TWELVE_MONTHS[11]}`,
          'The service': `/services/${s}`,
        }),
      ),
    ],
    [
      'monthly return, last month',
      `${list}/${LAST_MONTH}`,
      all(
        heading(`Monthly return: ${r.service.name}, ${monthLabel(LAST_MONTH)}`),
        notice('Not submitted yet.'),
        says({ Status: 'Draft: not submitted', [VERSIONS]: '0' }),
        figuresShown(t, r.service, LAST_MONTH),
        shows('No version sent yet.'),
        hides(CHANGED),
        linksTo({ 'Submit the return': `${list}/${LAST_MONTH}/submit`, 'All the monthly returns': list }),
      ),
    ],
    [
      'monthly return, this month so far',
      `${list}/${THIS_MONTH}`,
      all(
        heading(`Monthly return: ${r.service.name}, ${monthLabel(THIS_MONTH)}`),
        notice('Not submitted yet.'),
        figuresShown(t, r.service, THIS_MONTH),
        // The month has not ended.
        hides('Submit the return', 'Submit an amendment'),
      ),
    ],
    [
      'submit a monthly return',
      `${list}/${LAST_MONTH}/submit`,
      all(
        heading(`Submit ${r.service.name}'s return for ${monthLabel(LAST_MONTH)}`),
        shows('The figures are sent as they stand now', 'Comment for the programme (optional)'),
        holds({ '#comment': '' }),
        linksTo({ Cancel: `${list}/${LAST_MONTH}` }),
      ),
    ],
  ];
}

/** The pages to open as each of the people (by their key in check.mjs's `people`); a fourth item is the status wanted. */
export function returnsPagesOf(r) {
  const list = `/services/${r.service.id}/returns`;
  return {
    liaison: [['monthly returns, as the liaison worker', list, heading(`Monthly returns: ${r.service.name}`)]],
    hubCarer: [
      ['national roll-up, as the hub carer', '/rollup', all(heading('Page not found')), 404],
      [
        'monthly returns, as the hub carer',
        list,
        all(heading('Page not found'), hides(r.service.name), linksTo({ 'Go to the start page': '/' })),
        404,
      ],
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The forms

/** Opens `path` and checks it with `extra` at `width` and 375 (`name` for the screenshots): its problems. impact.mjs uses it too. */
export async function opened(t, context, width, name, path, extra) {
  const page = await context.newPage();
  const errors = t.watch(page);
  try {
    const response = await page.goto(`${t.base}${path}`, { waitUntil: 'load' });
    const problems = response.status() === 200 ? [] : [`answered ${response.status()}, not 200`];
    problems.push(...(await extra(page)));
    problems.push(...(await looksRight(t, page, width, name, errors)));
    return problems;
  } finally {
    await page.close();
  }
}

/** The "Versions sent" table's rows, as the API's versions read. */
function versionRows(ret) {
  return ret.versions.map((v) => [
    String(v.version),
    { submitted: 'Submitted', amended: 'Amended' }[v.status],
    wallClock(v.submitted_at),
    v.submitted_by,
    v.comment ?? '–',
  ]);
}

/** Submits last month's return, changes a record behind it, then amends it: as the service's staff. */
export async function returnsFormChecks(check, t, context, width, r, m) {
  const list = `/services/${r.service.id}/returns`;
  const month = `${list}/${LAST_MONTH}`;
  const read = () => t.api('GET', month);

  await check("last month's return, submitted with the form with no comment, lands on the month, saying so", async () => {
    const page = await context.newPage();
    await page.goto(`${t.base}${month}/submit`, { waitUntil: 'load' });
    return lands(t, page, width, 'return-submitted', month, async () => {}, async (p) => {
      const ret = await read();
      const [v] = ret.versions;
      if (ret.status !== 'submitted' || ret.versions.length !== 1 || v.comment !== null) {
        return [`saved as ${ret.status}, ${ret.versions.length} versions, comment ${v?.comment}`];
      }
      return all(
        notice(`Submitted on ${wallClock(v.submitted_at)} by Browser Check. Nothing behind it has changed since.`),
        says({ Status: 'Submitted', [VERSIONS]: '1' }),
        rows(VERSIONS, versionRows(ret)),
        hides(CHANGED, 'Submit the return', 'Submit an amendment'),
      )(p);
    });
  });

  await check('a support contact logged in that month shows on the month as changed since submission', async () => {
    const problems = await refused('submitting it again, with nothing changed', 'month', () => t.api('POST', `${month}/submit`, {}));
    await t.api('POST', '/contacts', {
      household_id: r.sat1.id,
      channel: 'phone',
      minutes: 10,
      topics: ['advice'],
      at: `${LAST_MONTH}-15T12:00`,
    });
    const ret = await read();
    const [v] = ret.versions;
    const change = ret.changed_since_submission.map((c) => `${c.key}:${c.before}->${c.after}`).join();
    const want = `contacts:${m.lastContacts}->${m.lastContacts + 1}`;
    if (change !== want) problems.push(`changed since submission: ${change}, not ${want}`);
    problems.push(
      ...(await refused('an amendment through the API with no comment', 'comment', () => t.api('POST', `${month}/submit`, {}))),
      ...(await opened(t, context, width, 'return-changed', month, all(
        notice(
          `Records changed since submission: 1 figure sent on ${wallClock(v.submitted_at)} differs from the records now. Submit an amendment to send them.`,
        ),
        says({ Status: 'Submitted', [VERSIONS]: '1' }),
        columns(CHANGED, ['Figure', 'Sent', 'Now']),
        rows(CHANGED, [['One-to-one support contacts', String(m.lastContacts), String(m.lastContacts + 1)]]),
        linksTo({ 'Submit an amendment': `${month}/submit` }),
      ))),
    );
    return problems;
  });

  await check('the form to amend a return says "1 figure differs from the version sent"', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${t.base}${month}/submit`, { waitUntil: 'load' });
      const intro = (await page.locator('main .lead').innerText()).trim();
      const wanted = '1 figure differs from the version sent. Both versions are kept.';
      return intro === wanted ? `says "${intro}"` : [`${month}/submit says "${intro}", not "${wanted}"`];
    } finally {
      await page.close();
    }
  });

  await formTwice(
    check, t, context, width,
    "the form to amend last month's return",
    `${month}/submit`,
    'return-amendment',
    async () => [],
    { comment: /^Comment for the programme is required for an amendment: say what was corrected/ },
    all(heading(`Amend ${r.service.name}'s return for ${monthLabel(LAST_MONTH)}`), holds({ '#comment': '' })),
    [
      month,
      (page) => page.fill('#comment', AMENDED_BECAUSE),
      async (page) => {
        const ret = await read();
        const v = ret.versions[1];
        if (ret.status !== 'amended' || ret.versions.length !== 2 || ret.changed_since_submission.length) {
          return [`saved as ${ret.status}, ${ret.versions.length} versions, ${ret.changed_since_submission.length} changed`];
        }
        return all(
          notice(`Amended on ${wallClock(v.submitted_at)} by Browser Check. Nothing behind it has changed since.`),
          says({ Status: 'Amended', [VERSIONS]: '2' }),
          rows(VERSIONS, versionRows(ret)),
          shows(AMENDED_BECAUSE),
          hides(CHANGED, 'Submit an amendment'),
        )(page);
      },
    ],
  );

  await check('the list of monthly returns shows last month amended, with both versions', async () => {
    const ret = await read();
    const last = ret.versions.at(-1);
    const problems = await opened(t, context, width, 'monthly-returns-amended', list, rows(TWELVE, [
      [monthLabel(LAST_MONTH), 'Amended', '2', last ? wallClock(last.submitted_at) : '(none)'],
      ...TWELVE_MONTHS.slice(1).map((m) => [monthLabel(m), 'Draft: not submitted', '0', '–']),
    ]));
    return problems.length ? problems : `${monthLabel(LAST_MONTH)}: Amended, 2 versions`;
  });

  await check("this month's form to submit, opened by its address, says in words why it cannot be sent", async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${t.base}${list}/${THIS_MONTH}/submit`, { waitUntil: 'load' });
      const intro = (await page.locator('main .lead').innerText()).trim();
      const response = await t.post(page, `${list}/${THIS_MONTH}/submit`);
      const summary = (await page.locator('main .error-summary').innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
      await t.screenshot(page, `${width}-return-this-month-sent`);
      const problems = [];
      const why = `${monthLabel(THIS_MONTH)} cannot be submitted before it ends, on `;
      if (!intro.startsWith(why)) problems.push(`says "${intro}", not "${why}…"`);
      if ((await page.locator('#comment').count()) !== 0) problems.push('it offers a comment to send');
      if (/^[a-z_]+: /.test(intro)) {
        problems.push(`${list}/${THIS_MONTH}/submit says "${intro}": the field's key "month:" before the words (pages/returns.rs, submit_page: e.to_string())`);
      }
      if (response.status() === 422 && (await page.locator('#comment-error').count()) === 1) {
        problems.push(`sent, it answers 422 and puts "${summary}" at the comment, which is not what is wrong (screenshot ${width}-return-this-month-sent)`);
      }
      return problems.length ? problems : `says "${intro}"`;
    } finally {
      await page.close();
    }
  });

  await check("the national roll-up of last month adds up the return as last sent, and opens at 375 and 1280", async () => {
    const rollup = await t.api('GET', `/rollup?period=${LAST_MONTH}`);
    const ret = await read();
    const latest = ret.versions[ret.versions.length - 1];
    const sent = (key) => latest.figures.find((f) => f.key === key).value;
    const line = (column, key) => column.lines.find((l) => l.key === key);
    const problems = [];
    if (rollup.national.returns !== 1) problems.push(`England counts ${rollup.national.returns} returns, not 1`);
    for (const key of ['contacts', 'satellite_homes', 'planned_sleepovers']) {
      const l = line(rollup.national, key);
      if (l.value !== sent(key) || l.fewer_than_five) {
        problems.push(`England's ${key} is ${l.value}, not ${sent(key)} as last sent`);
      }
    }
    const headline = ['satellite_homes', 'children', 'contacts', 'planned_sleepovers', 'breakdowns_prevented'];
    problems.push(
      ...(await opened(t, context, width, 'national-rollup', `/rollup?period=${LAST_MONTH}`, all(
        heading(`National roll-up: ${monthLabel(LAST_MONTH)}`),
        shows(`1 monthly return submitted for ${monthLabel(LAST_MONTH)}.`),
        rows('By service', [[r.service.name, '1', ...headline.map((k) => String(sent(k)))]]),
        linksTo({ 'Download as CSV': `/api/v1/rollup/csv?period=${LAST_MONTH}` }),
      ))),
    );
    return problems.length ? problems : `England: ${sent('contacts')} contacts, as last sent`;
  });
}
