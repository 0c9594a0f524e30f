// The sibling contact part of the browser check; check.mjs runs it. Given the registry check.mjs
// made, the events held on it and the accounts it added (a liaison worker of Riverside and two
// carers):
//   1. links J. M. (the Hughes household) and A. K. (the Kowalski family) as brother and sister
//      through the JSON API, adds a child in the Nolan household, links and takes it out again,
//      and checks the meeting found in the training both households brought children to, records
//      one more and withdraws another, what is refused, and what the liaison worker and the
//      carers see of the list;
//   2. names the pages for check.mjs to open at each width as the service's staff: the children
//      list's link to this month's, the child pages' "Brothers and sisters" and "Sibling contact
//      in the last year" (who met, from where; a link to withdraw what was recorded), the forms
//      to link and take out, the month list, the forms to record and withdraw a meeting; and the
//      pages to open as the liaison worker, the hub carer (first names only, nothing to
//      withdraw) and a satellite carer (told who keeps it: no meetings);
//   3. sends the forms once with an error and once without (formTwice, from outcomes.mjs):
//      linking a brother or sister, taking a child out of a group, recording a meeting and
//      withdrawing one, each landing with a notice of what it did.

import {
  addDays, all, box, columns, heading, hides, holds, linksTo, monthFrom, monthLabel, refused, rows, shows,
} from './support.mjs';
import { formTwice, lands, longDay, notice } from './outcomes.mjs';

// Today as the site counts days: in London.
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const THIS_MONTH = TODAY.slice(0, 7);

const SUBMIT = 'main form[method="post"] button[type="submit"]';
const RECORDED_NOTE = 'Tea at the hub, then the park.';
const FORM_NOTE = 'Swimming together at the leisure centre.';
const SATELLITE_SAYS = 'Sibling contact is kept by the hub carer and the liaison worker.';

// ---------------------------------------------------------------------------------------------
// Through the API

/**
 * Links the siblings, checks the meeting found at the training and records one, as the check's
 * account (the service's staff). Returns what the pages show, and what did not come back as asked.
 */
export async function makeSiblings(api, base, r, e, people) {
  const s = { jm: r.child, ak: r.kinshipChild, trainingId: e.training.id };
  // The training, two days ago: both satellites brought children.
  s.foundOn = e.trainingAt.slice(0, 10);
  s.month = s.foundOn.slice(0, 7);
  s.recordedOn = addDays(TODAY, -1).startsWith(s.month) ? addDays(TODAY, -1) : s.foundOn;
  const problems = [];

  const doc = await (await fetch(`${base}/api/openapi.json`, { signal: AbortSignal.timeout(30_000) })).json();
  for (const path of ['/api/v1/children/{id}/siblings', '/api/v1/sibling-contacts', '/api/v1/sibling-contacts/{id}/withdraw']) {
    if (!(path in (doc.paths || {}))) problems.push(`the OpenAPI document has no path ${path}`);
  }

  const link = (child, sibling, who = api) => who('POST', `/children/${child.id}/siblings`, { sibling_id: sibling.id });
  const siblingsOf = async (child) => (await api('GET', `/children/${child.id}/siblings`)).map((k) => k.name).join(', ');
  const linked = await link(s.jm, s.ak);
  if (linked.map((k) => k.id).join() !== s.ak.id) problems.push(`linking answered ${linked.map((k) => k.name).join(', ')}`);
  if ((await siblingsOf(s.ak)) !== 'J. M.') problems.push(`A. K.'s siblings are ${await siblingsOf(s.ak)}`);
  problems.push(
    ...(await refused('a child linked to itself', 'sibling_id', () => link(s.jm, s.jm))),
    ...(await refused('a link made by the hub carer', null, () => link(s.jm, s.ak, people.hubCarer.api), 403)),
  );

  // A child in no constellation, for the form to link: linked, then taken out again.
  s.bn = await api('POST', '/children', {
    service_id: r.service.id,
    household_id: r.alone.id,
    name: 'B. N.',
    birth_month: '2016-03',
    arrangement: 'mainstream_foster',
  });
  const three = await link(s.jm, s.bn);
  if (three.map((k) => k.name).join(', ') !== 'A. K., B. N.') problems.push(`J. M.'s group is ${three.map((k) => k.name).join(', ')}`);
  await api('DELETE', `/children/${s.bn.id}/siblings`);
  if ((await siblingsOf(s.jm)) !== 'A. K.') problems.push(`taken out, J. M.'s siblings are ${await siblingsOf(s.jm)}`);
  if ((await siblingsOf(s.bn)) !== '') problems.push(`taken out, B. N.'s siblings are ${await siblingsOf(s.bn)}`);
  problems.push(
    ...(await refused('a child in no group taken out', null, () => api('DELETE', `/children/${s.bn.id}/siblings`))),
  );

  // Found, not recorded: the training both households brought children to.
  const found = await api('GET', `/sibling-contacts?child_id=${s.jm.id}`);
  const atTraining = found.filter((c) => c.source === 'event');
  if (atTraining.length !== 1) {
    problems.push(`${atTraining.length} meetings found in events, not 1: ${JSON.stringify(found)}`);
  } else {
    const [c] = atTraining;
    if (c.record_id !== e.training.id || c.what !== 'Therapeutic parenting' || c.on !== s.foundOn) {
      problems.push(`the meeting found is ${c.record_id}, ${c.what}, on ${c.on}`);
    }
    const who = c.children.map((k) => `${k.name}@${k.household_id}`).join();
    if (who !== `A. K.@${r.sat2.id},J. M.@${r.sat1.id}`) problems.push(`at the training were ${who}`);
    if (c.recorded_by !== null) problems.push(`the meeting found was recorded by ${c.recorded_by}`);
  }

  const record = (child_ids, on, note, who = api) => who('POST', '/sibling-contacts', { child_ids, on, note });
  const pair = [s.jm.id, s.ak.id];
  problems.push(
    ...(await refused('a meeting of one child', 'child_ids', () => record([s.jm.id], TODAY, RECORDED_NOTE))),
    ...(await refused('a meeting tomorrow', 'on', () => record(pair, addDays(TODAY, 1), RECORDED_NOTE))),
    ...(await refused('a meeting with no note', 'note', () => record(pair, TODAY, ' '))),
    ...(await refused('a child in no group', 'child_ids', () => record([s.jm.id, s.bn.id], TODAY, RECORDED_NOTE))),
  );
  s.recorded = await record(pair, s.recordedOn, RECORDED_NOTE);
  if (s.recorded.source !== 'recorded' || s.recorded.what !== RECORDED_NOTE || s.recorded.on !== s.recordedOn) {
    problems.push(`recorded as ${s.recorded.source}, ${s.recorded.what}, on ${s.recorded.on}`);
  }
  if (s.recorded.recorded_by !== 'Browser Check') problems.push(`recorded by ${s.recorded.recorded_by}`);
  // One more, withdrawn: kept, and no longer listed.
  const twice = await record(pair, s.recordedOn, 'Entered twice by mistake.');
  const withdraw = (body) => api('POST', `/sibling-contacts/${twice.record_id}/withdraw`, body, [204]);
  problems.push(...(await refused('withdrawn with no reason', 'reason', () => withdraw({}))));
  // Whoever recorded it may withdraw it, and the service's staff; not the hub carer.
  const byHub = await refused('a meeting withdrawn by the hub carer, who did not record it', null, () =>
    people.hubCarer.api('POST', `/sibling-contacts/${twice.record_id}/withdraw`, { reason: 'Mine to withdraw.' }, [204]), 403,
  );
  problems.push(...byHub);
  if (!byHub.length) await withdraw({ reason: 'Entered twice.' });
  problems.push(...(await refused('withdrawn twice', 'reason', () => withdraw({ reason: 'Again.' }), 409)));

  // The month's list, the latest first: as staff, the liaison worker, the hub carer, a satellite carer.
  const names = (list) => list.map((c) => `${c.source}:${c.children.map((k) => k.name).join('+')}`).join(', ');
  const want = (a, b) =>
    [
      [s.recordedOn, RECORDED_NOTE, `recorded:${a}+${b}`],
      [s.foundOn, 'Therapeutic parenting', `event:${a}+${b}`],
    ]
      .sort((x, y) => (x[0] === y[0] ? x[1].localeCompare(y[1]) : y[0].localeCompare(x[0])))
      .map((x) => x[2])
      .join(', ');
  const lists = [
    ['the service', api, want('A. K.', 'J. M.')],
    ['the liaison worker', people.liaison.api, want('A. K.', 'J. M.')],
    ['the hub carer', people.hubCarer.api, want('A.', 'J.')],
    ['a satellite carer', people.satelliteCarer.api, ''],
  ];
  for (const [who, as, wanted] of lists) {
    const got = names(await as('GET', `/sibling-contacts?month=${s.month}`));
    if (got !== wanted) problems.push(`to ${who}, ${monthLabel(s.month)} lists [${got}], not [${wanted}]`);
  }
  const ofAk = names(await api('GET', `/sibling-contacts?child_id=${s.ak.id}`));
  if (ofAk !== want('A. K.', 'J. M.')) problems.push(`A. K.'s last year lists [${ofAk}]`);
  return { made: s, problems };
}

// ---------------------------------------------------------------------------------------------
// The pages

/** A name as a hub carer reads it: all but the family name at the end ("A. K." is "A."). */
function firstNames(name) {
  const words = name.split(/\s+/).filter(Boolean);
  return words.length > 1 ? words.slice(0, -1).join(' ') : name;
}

/**
 * The rows of a table of sibling contact, the latest first, as `who` reads them: the service's
 * staff and the liaison worker whole, with a link to withdraw what was recorded; the hub carer
 * (`hub`) by first names, withdrawing nothing it did not record.
 */
function rowsOf(s, r, who = 'staff') {
  const name = who === 'hub' ? firstNames : (n) => n;
  const met = `${name('A. K.')} (${name(r.sat2.display_name)}) and ${name('J. M.')} (${name(r.sat1.display_name)})`;
  const withdraw = who === 'hub' ? '–' : 'Withdraw';
  return [
    [s.recordedOn, [longDay(s.recordedOn), met, RECORDED_NOTE, 'Recorded by Browser Check', withdraw]],
    [s.foundOn, [longDay(s.foundOn), met, 'Therapeutic parenting', 'The event', '–']],
  ]
    .sort((x, y) => (x[0] === y[0] ? x[1][2].localeCompare(y[1][2]) : y[0].localeCompare(x[0])))
    .map((x) => x[1]);
}

const CONTACT = 'Sibling contact in the last year';
const SIBLINGS = 'Brothers and sisters';
const THIS_MONTHS = 'Sibling contact this month';

/** The select `selector` offers exactly these choices (by their words), after its blank one. */
function offers(selector, want) {
  return async (page) => {
    const got = await page
      .locator(`${selector} option`)
      .evaluateAll((os) => os.filter((o) => o.value).map((o) => o.textContent.trim()));
    return got.join() === want.join() ? [] : [`${selector} offers ${got.join(', ')}, not ${want.join(', ')}`];
  };
}

/** The boxes named `name` are labelled so, and ticked or not, in this order. */
function boxes(name, want) {
  return async (page) => {
    const got = await page.evaluate((n) =>
      [...document.querySelectorAll(`input[name="${n}"]`)].map(
        (i) => `${document.querySelector(`label[for="${i.id}"]`)?.textContent.trim()}:${i.checked ? 'ticked' : 'not ticked'}`,
      ), name);
    return got.join() === want.join() ? [] : [`the boxes ${name} are ${got.join(', ')}, not ${want.join(', ')}`];
  };
}

/** The page's main part has no table rows. */
async function noRows(page) {
  const n = await page.locator('main table tbody tr').count();
  return n === 0 ? [] : [`shows ${n} rows`];
}

/** The page's main part has no form (no search, no filters). */
async function noForm(page) {
  const n = await page.locator('main form').count();
  return n === 0 ? [] : [`shows ${n} forms`];
}

/** The pages to open as the service's staff, by a short name, with what each must show. */
export function siblingPages(r, s) {
  const jm = s.jm.id;
  const month = s.month;
  const withdraw = `/sibling-contacts/${s.recorded.record_id}/withdraw`;
  return [
    ['children, with sibling contact', '/children', linksTo({ [THIS_MONTHS]: '/sibling-contacts' })],
    [
      'child with a brother or sister',
      `/children/${jm}`,
      all(
        rows(SIBLINGS, [['A. K.', r.sat2.display_name]]),
        columns(CONTACT, ['Day', 'Who met, from where', 'How', 'Found in', 'Withdraw']),
        rows(CONTACT, rowsOf(s, r)),
        linksTo({
          'A. K.': `/children/${s.ak.id}`,
          'Link a brother or sister': `/children/${jm}/siblings/new`,
          'Take out of this sibling group': `/children/${jm}/siblings/leave`,
          'Record a sibling contact': `/sibling-contacts/new?child_id=${jm}`,
          'All sibling contact this month': '/sibling-contacts',
          'The event': `/events/${s.trainingId}`,
          Withdraw: withdraw,
        }),
      ),
    ],
    [
      'child, the other sibling',
      `/children/${s.ak.id}`,
      all(rows(SIBLINGS, [['J. M.', r.sat1.display_name]]), rows(CONTACT, rowsOf(s, r))),
    ],
    [
      'child with no brother or sister',
      `/children/${s.bn.id}`,
      all(
        shows('No brother or sister linked in Constellate.'),
        hides(CONTACT, 'Take out of this sibling group'),
        linksTo({ 'Link a brother or sister': `/children/${s.bn.id}/siblings/new` }),
      ),
    ],
    [
      'link a brother or sister',
      `/children/${jm}/siblings/new`,
      all(
        heading('Link a brother or sister to J. M.'),
        holds({ '#sibling_id': '' }),
        // A. K. is in the group already.
        offers('#sibling_id', [`B. N. (${r.alone.display_name})`, `Tomi Okafor (${r.hub.display_name})`]),
      ),
    ],
    [
      'take out of a sibling group',
      `/children/${jm}/siblings/leave`,
      all(
        heading('Take J. M. out of their sibling group'),
        shows('Sibling contact already recorded is kept', 'Take out of the group'),
        linksTo({ Cancel: `/children/${jm}` }),
      ),
    ],
    [
      'sibling contact, a month',
      `/sibling-contacts?month=${month}`,
      all(
        heading(`Sibling contact: ${monthLabel(month)}`),
        shows('found in events (both households brought children)'),
        rows(null, rowsOf(s, r)),
        holds({ '#month': month }),
        linksTo({
          [`Previous month (${monthLabel(monthFrom(month, -1))})`]: `/sibling-contacts?month=${monthFrom(month, -1)}`,
          [`Next month (${monthLabel(monthFrom(month, 1))})`]: `/sibling-contacts?month=${monthFrom(month, 1)}`,
          'The event': `/events/${s.trainingId}`,
          Withdraw: withdraw,
        }),
      ),
    ],
    ['sibling contact, this month', '/sibling-contacts', heading(`Sibling contact: ${monthLabel(THIS_MONTH)}`)],
    [
      'sibling contact, a month with none',
      '/sibling-contacts?month=2020-01',
      all(shows('No sibling contact found or recorded in January 2020.'), noRows),
    ],
    [
      'record a sibling contact',
      `/sibling-contacts/new?child_id=${jm}`,
      all(
        heading('Record a sibling contact for J. M.'),
        boxes('child_ids', ['J. M.:ticked', 'A. K.:ticked']),
        holds({ '#on': TODAY, '#note': '' }),
      ),
    ],
    [
      'withdraw a sibling contact',
      withdraw,
      all(
        heading('Withdraw a recorded sibling contact'),
        // The note's own full stop ends the sentence: no second one.
        shows(`A. K. and J. M. met on ${longDay(s.recordedOn)}: ${RECORDED_NOTE} For a meeting recorded by mistake`),
        hides(`${RECORDED_NOTE}.`),
        holds({ '#reason': '' }),
      ),
    ],
  ];
}

/** The pages to open as each of the people (by their key in check.mjs's `people`). */
export function siblingPagesOf(r, s) {
  const month = `/sibling-contacts?month=${s.month}`;
  return {
    liaison: [
      ['sibling contact, as the liaison worker', month, all(rows(null, rowsOf(s, r, 'liaison')), hides(SATELLITE_SAYS))],
    ],
    hubCarer: [
      ['children, with sibling contact, as the hub carer', '/children', linksTo({ [THIS_MONTHS]: '/sibling-contacts' })],
      [
        'sibling contact, as the hub carer',
        month,
        all(rows(null, rowsOf(s, r, 'hub')), hides('A. K.', 'J. M.', SATELLITE_SAYS)),
      ],
      [
        'child with a brother or sister, as the hub carer',
        `/children/${s.jm.id}`,
        all(
          rows(SIBLINGS, [['A.']]),
          rows(CONTACT, rowsOf(s, r, 'hub')),
          hides('A. K.', 'Link a brother or sister', 'Take out of this sibling group'),
          linksTo({
            'Record a sibling contact': `/sibling-contacts/new?child_id=${s.jm.id}`,
            'All sibling contact this month': '/sibling-contacts',
          }),
        ),
      ],
    ],
    satelliteCarer: [
      ['children, as a satellite carer', '/children', hides(THIS_MONTHS)],
      [
        'sibling contact, as a satellite carer',
        month,
        all(
          heading('Sibling contact'),
          notice(SATELLITE_SAYS),
          noRows,
          noForm,
          hides('A. K.', 'Therapeutic parenting', RECORDED_NOTE),
        ),
      ],
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The forms

/** Each form sent with an error, then corrected, as the service's staff, at `width` (and 375). */
export async function siblingFormChecks(check, t, context, width, r, s) {
  const jm = s.jm.id;
  const names = async (child) => (await t.api('GET', `/children/${child.id}/siblings`)).map((k) => k.name).join(', ');
  const twoForms = (...args) => formTwice(check, t, context, width, ...args);

  await twoForms(
    'the form to link a brother or sister',
    `/children/${jm}/siblings/new`,
    'sibling-link',
    async () => [],
    { sibling_id: /^Brother or sister is required: choose the brother or sister to link/ },
    holds({ '#sibling_id': '' }),
    [
      `/children/${jm}?status=linked`,
      (page) => page.selectOption('#sibling_id', s.bn.id),
      async (page) => {
        const problems = await all(
          notice('Linked: they are brothers and sisters in Constellate.'),
          rows(SIBLINGS, [['A. K.'], ['B. N.']]),
        )(page);
        if ((await names(s.jm)) !== 'A. K., B. N.') problems.push(`J. M.'s siblings are ${await names(s.jm)}`);
        return problems;
      },
    ],
  );

  await check('the form to take a child out of its sibling group lands on the child, with no group', async () => {
    const page = await context.newPage();
    await page.goto(`${t.base}/children/${s.bn.id}/siblings/leave`, { waitUntil: 'load' });
    return lands(t, page, width, 'sibling-left', `/children/${s.bn.id}?status=left`, async () => {}, async (p) => {
      const problems = await all(notice('Taken out of the sibling group.'), shows('No brother or sister linked in Constellate.'))(p);
      if ((await names(s.bn)) !== '') problems.push(`B. N.'s siblings are ${await names(s.bn)}`);
      if ((await names(s.jm)) !== 'A. K.') problems.push(`J. M.'s siblings are ${await names(s.jm)}`);
      return problems;
    });
  });

  await twoForms(
    'the form to record a sibling contact',
    `/sibling-contacts/new?child_id=${jm}`,
    'sibling-contact',
    async (page) => {
      const before = await boxes('child_ids', ['J. M.:ticked', 'A. K.:ticked'])(page);
      await page.uncheck(box('child_ids', s.ak.id));
      await page.fill('#note', '');
      return before;
    },
    {
      child_ids: /^Who met must name at least two children/,
      note: /^How they met is required: say how they met, such as an afternoon at the hub/,
    },
    all(boxes('child_ids', ['J. M.:ticked', 'A. K.:not ticked']), holds({ '#on': TODAY, '#note': '' })),
    [
      `/children/${jm}?status=recorded`,
      async (page) => {
        await page.check(box('child_ids', s.ak.id));
        await page.fill('#note', FORM_NOTE);
      },
      async (page) => {
        const problems = await notice('Sibling contact recorded.')(page);
        const table = page.locator('main section', { has: page.locator('h2', { hasText: CONTACT }) });
        if (!(await table.innerText()).includes(FORM_NOTE)) problems.push(`the "${CONTACT}" table does not show the note`);
        const made = (await t.api('GET', `/sibling-contacts?child_id=${jm}`)).filter((c) => c.what === FORM_NOTE);
        if (made.length !== 1 || made[0].on !== TODAY) problems.push(`recorded ${JSON.stringify(made)}`);
        else s.formRecorded = made[0];
        return problems;
      },
    ],
  );

  if (!s.formRecorded) return;
  // Withdrawn, it lands on the month of the meeting (today's), saying so.
  await twoForms(
    'the form to withdraw a sibling contact',
    `/sibling-contacts/${s.formRecorded.record_id}/withdraw`,
    'sibling-contact-withdraw',
    async () => [],
    { reason: /^Why it is withdrawn is required: say why/ },
    holds({ '#reason': '' }),
    [
      `/sibling-contacts?month=${s.formRecorded.on.slice(0, 7)}&status=withdrawn`,
      (page) => page.fill('#reason', 'Recorded on the wrong child.'),
      async (page) => {
        const problems = await all(notice('Withdrawn: the record is kept, and no longer counted.'), hides(FORM_NOTE))(page);
        const left = (await t.api('GET', `/sibling-contacts?child_id=${jm}`)).filter((c) => c.what === FORM_NOTE);
        if (left.length) problems.push('the withdrawn meeting is still listed');
        return problems;
      },
    ],
  );
}
