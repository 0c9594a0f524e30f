// The support part of the browser check: support contacts and events; check.mjs runs it. Given
// the registry check.mjs made:
//   1. logs one-to-one support contacts through the JSON API (now, and last month at a given
//      time), corrects one, and checks the list's filters by household, month and who made them;
//   2. names the contacts pages for check.mjs to open at each width, with what each must show;
//   3. sends the form to log a contact once with an error and once without, and checks the
//      page with the error at 375 pixels too;
//   4. plans events through the JSON API (one coming, one held two days ago with who came, one
//      cancelled, a planning meeting next month), answers for a satellite, checks the list's
//      filters and that an event that happened cannot be cancelled nor one to come attended;
//   5. names the events pages (among them the form to record a household's answer, and who
//      came before the event starts), sends the forms to add an event and to record a
//      household's answer once with an error and once without, and names what the calendar
//      feed must say of each event.
// Its checks of what a page shows (shows, rows, linksTo, holds…) are shared with outcomes.mjs,
// siblings.mjs, sleepovers.mjs and returns.mjs.

// Today as the site counts days: in London.
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** The months by name, January first. */
export const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** This month, as `2026-11`. */
const THIS_MONTH = TODAY.slice(0, 7);

/** The month `n` months after `month` (YYYY-MM); before it when `n` is negative. */
export function monthFrom(month, n) {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m - 1 + n, 1)).toISOString().slice(0, 7);
}

/** The month before `month` (YYYY-MM). */
function previousMonth(month) {
  return monthFrom(month, -1);
}

/** The month after `month` (YYYY-MM). */
function nextMonth(month) {
  return monthFrom(month, 1);
}

/** `date` (YYYY-MM-DD) moved by `days`. */
export function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A month as the site names it: "November 2026". */
export function monthLabel(month) {
  const [year, m] = month.split('-').map(Number);
  return `${MONTHS[m - 1]} ${year}`;
}

/** A day as the site shows it beside a time, weekday aside: "10 Oct 2026, 14:30". */
function shownAt(local) {
  const [date, time] = local.split('T');
  const [year, m, day] = date.split('-').map(Number);
  return `${day} ${MONTHS[m - 1].slice(0, 3)} ${year}, ${time}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** When an event is, as the site shows it: "Sat 5 Dec 2026, 10:30 to 13:00". */
function shownWhen(starts, ends) {
  const day = WEEKDAYS[new Date(`${starts.slice(0, 10)}T00:00:00Z`).getUTCDay()];
  return `${day} ${shownAt(starts)}${ends ? ` to ${ends.slice(11)}` : ''}`;
}

/** An instant from the API as UK wall-clock time, as a `datetime-local` box holds it. */
function ukMinute(at) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** An instant from the API as the site writes it (`wall_clock`): "Mon 23 Nov 2026, 19:30". */
export function wallClock(at) {
  return shownWhen(ukMinute(at));
}

/** Logs the contacts the pages show. Returns them, and what did not come back as asked. */
export async function makeContacts(api, r) {
  const c = {};
  c.month = THIS_MONTH;
  c.lastMonth = previousMonth(THIS_MONTH);
  c.lastMonthAt = `${c.lastMonth}-10T14:30`;
  const log = (household, channel, minutes, topics, extra = {}) =>
    api('POST', '/contacts', { household_id: household.id, channel, minutes, topics, ...extra });
  // Just now, with a note: `at` left out is now.
  c.phone = await log(r.sat1, 'phone', 15, ['emotional_support', 'advice'], {
    note: 'Talked through the new school run.',
  });
  // Last month, at a time given in UK time.
  c.visit = await log(r.sat2, 'in_person', 45, ['transport', 'practical_help'], { at: c.lastMonthAt });
  // This month, then corrected: the minutes change, the time it was made does not.
  const video = await log(r.sat2, 'video', 30, ['crisis'], { at: `${TODAY}T00:00` });
  c.video = await api('PUT', `/contacts/${video.id}`, {
    household_id: r.sat2.id,
    channel: 'video',
    minutes: 35,
    topics: ['crisis'],
  });

  const problems = [];
  if (c.phone.channel !== 'phone' || c.phone.minutes !== 15) {
    problems.push(`the phone call was saved as ${c.phone.channel}, ${c.phone.minutes} minutes`);
  }
  // Topics come back once each, in the form's order.
  if (c.phone.topics.join() !== 'advice,emotional_support') {
    problems.push(`the phone call's topics are ${c.phone.topics.join()}`);
  }
  if (c.phone.note !== 'Talked through the new school run.') problems.push(`the note is ${c.phone.note}`);
  if (c.phone.made_by !== 'Browser Check') problems.push(`the phone call was made by ${c.phone.made_by}`);
  if (c.phone.household_name !== r.sat1.display_name) {
    problems.push(`the phone call is with ${c.phone.household_name}`);
  }
  if (ukMinute(c.visit.at) !== c.lastMonthAt) {
    problems.push(`the visit is at ${c.visit.at} (${ukMinute(c.visit.at)} UK time), not ${c.lastMonthAt}`);
  }
  if (c.visit.topics.join() !== 'practical_help,transport') {
    problems.push(`the visit's topics are ${c.visit.topics.join()}`);
  }
  if (c.video.minutes !== 35) problems.push(`the corrected video call has ${c.video.minutes} minutes`);
  if (c.video.at !== video.at) problems.push(`correcting the video call moved it from ${video.at} to ${c.video.at}`);
  if (c.video.note !== null && c.video.note !== undefined) problems.push(`the video call has a note: ${c.video.note}`);

  // A contact cannot be logged before it has happened.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  try {
    await log(r.sat1, 'phone', 5, ['other'], { at: `${tomorrow}T12:00` });
    problems.push('a contact tomorrow was logged, not refused');
  } catch (error) {
    if (!/answered 422/.test(String(error))) problems.push(`a contact tomorrow: ${error}`);
  }

  const totals = [
    [`household_id=${r.sat1.id}`, 1],
    [`household_id=${r.sat2.id}`, 2],
    [`month=${c.month}`, 2],
    [`month=${c.lastMonth}`, 1],
    [`household_id=${r.sat2.id}&month=${c.month}`, 1],
    [`household_id=${r.hub.id}`, 0],
    ['made_by=me', 3],
    [`made_by=me&month=${c.lastMonth}`, 1],
  ];
  for (const [query, total] of totals) {
    const page = await api('GET', `/contacts?${query}`);
    if (page.total !== total) problems.push(`/contacts?${query} found ${page.total}, not ${total}`);
  }
  const mine = await api('GET', '/contacts?made_by=me');
  const me = mine.items[0]?.made_by_user;
  if (!me || mine.items.some((i) => i.made_by_user !== me)) {
    problems.push('made_by=me found contacts made by someone else');
  } else {
    const byId = await api('GET', `/contacts?made_by=${me}`);
    if (byId.total !== 3) problems.push(`made_by=${me} found ${byId.total}, not 3`);
  }
  // The latest first.
  const order = mine.items.map((i) => i.id).join();
  if (order !== [c.phone.id, c.video.id, c.visit.id].join()) problems.push('the list is not the latest first');
  const one = await api('GET', `/contacts/${c.visit.id}`);
  if (one.id !== c.visit.id || one.minutes !== 45) problems.push(`GET /contacts/${c.visit.id} answered another contact`);
  return { made: c, problems };
}

/** Each text must appear in the page's main part. */
export function shows(...texts) {
  return async (page) => {
    const main = await page.locator('main').innerText();
    return texts.filter((t) => !main.includes(t)).map((t) => `does not show "${t}"`);
  };
}

/** No text may appear in the page's main part. */
export function hides(...texts) {
  return async (page) => {
    const main = await page.locator('main').innerText();
    return texts.filter((t) => main.includes(t)).map((t) => `shows "${t}"`);
  };
}

/** All the checks, their problems together. */
export function all(...checks) {
  return async (page) => {
    const problems = [];
    for (const check of checks) problems.push(...(await check(page)));
    return problems;
  };
}

/** The links to the month before and after go there, keeping the other filters. */
function monthLinks(month, keep = '', path = '/contacts') {
  return async (page) => {
    const problems = [];
    const months = [
      ['Previous month', previousMonth(month)],
      ['Next month', nextMonth(month)],
    ];
    for (const [words, to] of months) {
      const link = page.locator('main a', { hasText: `${words} (${monthLabel(to)})` });
      if ((await link.count()) !== 1) {
        problems.push(`no link "${words} (${monthLabel(to)})"`);
        continue;
      }
      const href = await link.getAttribute('href');
      const want = `${path}?month=${to}${keep}`;
      if (href !== want) problems.push(`"${words}" links to ${href}, not ${want}`);
    }
    return problems;
  };
}

/** Each field (a selector) holds its value, and each box (a selector) is ticked or not. */
export function holds(values, ticked = {}) {
  return async (page) => {
    const problems = [];
    for (const [selector, value] of Object.entries(values)) {
      const actual = await page.inputValue(selector);
      if (actual !== value) problems.push(`${selector} holds "${actual}", not "${value}"`);
    }
    for (const [selector, want] of Object.entries(ticked)) {
      if ((await page.isChecked(selector)) !== want) {
        problems.push(`${selector} is ${want ? 'not ticked' : 'ticked'}`);
      }
    }
    return problems;
  };
}

export const box = (name, value) => `input[name="${name}"][value="${value}"]`;

/** Every contacts page, by a short name, with what it must show. */
export function contactPages(r, c) {
  return [
    [
      'support contacts',
      '/contacts',
      all(
        shows(
          `Support contacts: ${monthLabel(c.month)}`,
          'Phone, 15 min',
          'Advice, Emotional support',
          'Video, 35 min',
          r.sat1.display_name,
          'Browser Check',
          'Log a contact',
        ),
        hides('In person, 45 min'),
        monthLinks(c.month),
      ),
    ],
    [
      'support contacts with a household',
      `/contacts?household_id=${r.sat1.id}`,
      all(
        shows(`Support contacts with ${r.sat1.display_name}: ${monthLabel(c.month)}`, 'Phone, 15 min'),
        hides('Video, 35 min'),
        holds({ '#household_id': r.sat1.id }),
        monthLinks(c.month, `&household_id=${r.sat1.id}`),
      ),
    ],
    [
      'support contacts, last month',
      `/contacts?month=${c.lastMonth}`,
      all(
        shows(
          `Support contacts: ${monthLabel(c.lastMonth)}`,
          'In person, 45 min',
          'Practical help, Transport',
          shownAt(c.lastMonthAt),
        ),
        hides('Phone, 15 min'),
        holds({ '#month': c.lastMonth }),
      ),
    ],
    [
      'support contacts you made',
      '/contacts?made_by=me',
      all(shows('Phone, 15 min', 'Video, 35 min'), holds({ '#made_by': c.phone.made_by_user })),
    ],
    [
      'support contacts, a month with none',
      '/contacts?month=2020-01',
      shows('No contacts logged in January 2020 with these filters.'),
    ],
    ['log a contact', '/contacts/new', holds({ '#household_id': '' })],
    [
      'log a contact with a household',
      `/contacts/new?household_id=${r.sat1.id}`,
      holds({ '#household_id': r.sat1.id }),
    ],
    [
      'support contact, just logged',
      `/contacts/${c.phone.id}?status=logged`,
      shows(
        'Contact logged.',
        `Phone call with ${r.sat1.display_name}`,
        'Advice, Emotional support',
        'Talked through the new school run.',
        'Correct this contact',
      ),
    ],
    [
      'support contact, last month',
      `/contacts/${c.visit.id}`,
      all(
        shows(`Visit with ${r.sat2.display_name}`, shownAt(c.lastMonthAt), 'In person, 45 min'),
        hides('Contact logged.'),
      ),
    ],
    [
      'correct a contact',
      `/contacts/${c.video.id}/edit`,
      all(
        shows('Correct the contact'),
        holds(
          { '#household_id': r.sat2.id, '#minutes': '35', '#at': ukMinute(c.video.at), '#note': '' },
          { [box('channel', 'video')]: true, [box('topics', 'crisis')]: true, [box('topics', 'advice')]: false },
        ),
      ),
    ],
  ];
}

// ---------------------------------------------------------------------------------------------
// The form to log a contact

const SUBMIT = 'main form[method="post"] button[type="submit"]';
const NOTE = 'Asked about the sleepover next month.';

/** No channel and minutes in words: both in the summary and at their fields, answers kept. */
export async function contactFormWithAnError(t, context, width, r) {
  const page = await context.newPage();
  const errors = t.watch(page);
  try {
    await page.goto(`${t.base}/contacts/new`, { waitUntil: 'load' });
    await page.selectOption('#household_id', r.sat1.id);
    await page.fill('#minutes', 'ten');
    await page.check(box('topics', 'advice'));
    await page.check(box('topics', 'crisis'));
    await page.fill('#note', NOTE);
    const response = await t.post(page, '/contacts/new');
    const problems = [];
    if (response.status() !== 422) problems.push(`answered ${response.status()}, not 422`);
    if (!(await page.title()).startsWith('Error:')) problems.push(`the title is ${await page.title()}`);
    const summary = page.locator('main .error-summary[role="alert"]');
    if ((await summary.count()) !== 1) {
      problems.push('no error summary with role="alert"');
    } else if (!(await summary.innerText()).includes('There is a problem')) {
      problems.push(`the summary says: ${await summary.innerText()}`);
    }
    const wanted = { channel: /^How .*required/, minutes: /^Minutes .*whole number/ };
    for (const [field, says] of Object.entries(wanted)) {
      const link = summary.locator(`a[href="#${field}"]`);
      const inline = page.locator(`#${field}-error`);
      if ((await link.count()) !== 1) {
        problems.push(`the summary has no link to #${field}`);
        continue;
      }
      if ((await inline.count()) !== 1) {
        problems.push(`no inline message at #${field}`);
        continue;
      }
      // The inline message starts with "Error:" for screen readers only.
      const texts = [await link.innerText(), (await inline.innerText()).replace(/^Error:\s*/, '')];
      for (const text of texts) {
        if (!says.test(text)) problems.push(`the message for ${field} does not say what is wrong: ${text}`);
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
    const kept = { '#household_id': r.sat1.id, '#minutes': 'ten', '#at': '', '#note': NOTE };
    problems.push(...(await t.keptProblems(page, kept)));
    const ticked = {
      [box('topics', 'advice')]: true,
      [box('topics', 'crisis')]: true,
      [box('topics', 'transport')]: false,
      [box('channel', 'phone')]: false,
    };
    for (const [selector, want] of Object.entries(ticked)) {
      if ((await page.isChecked(selector)) !== want) {
        problems.push(`${selector} is ${want ? 'no longer ticked' : 'ticked'}`);
      }
    }
    problems.push(...(await t.layoutProblems(page, width, errors)));
    problems.push(...(await t.axeProblems(page, `the contact form with an error at ${width}px`)));
    await t.screenshot(page, `${width}-contact-form-with-an-error`);
    // On a phone too: the messages must not push the form sideways.
    if (width !== 375) {
      await page.setViewportSize({ width: 375, height: 900 });
      problems.push(...(await t.layoutProblems(page, 375, [])));
      problems.push(...(await t.axeProblems(page, 'the contact form with an error at 375px')));
      await t.screenshot(page, '375-contact-form-with-an-error');
      await page.setViewportSize({ width, height: 900 });
    }
    return { problems, page };
  } catch (error) {
    await page.close();
    throw error;
  }
}

/** The same form, corrected: it lands on the new contact, saying so, saved as typed. */
export async function contactFormLands(t, page, width, r) {
  try {
    await page.check(box('channel', 'video'));
    await page.fill('#minutes', '20');
    await Promise.all([
      page.waitForURL(/\/contacts\/[0-9a-f-]{36}\?status=logged$/i),
      page.click(SUBMIT),
    ]);
    await page.waitForLoadState('load');
    const problems = [];
    const h1 = (await page.locator('h1').innerText()).trim();
    if (h1 !== `Video call with ${r.sat1.display_name}`) problems.push(`the page's heading is "${h1}"`);
    const notice = page.locator('main .notice[role="status"]');
    if ((await notice.count()) !== 1 || (await notice.innerText()).trim() !== 'Contact logged.') {
      problems.push('the page does not say "Contact logged." in a status notice');
    }
    const id = new URL(page.url()).pathname.split('/').pop();
    const c = await t.api('GET', `/contacts/${id}`);
    if (c.household_id !== r.sat1.id) problems.push(`saved with ${c.household_name}`);
    if (c.channel !== 'video' || c.minutes !== 20) problems.push(`saved as ${c.channel}, ${c.minutes} minutes`);
    if (c.topics.join() !== 'advice,crisis') problems.push(`saved topics are ${c.topics.join()}`);
    if (c.note !== NOTE) problems.push(`saved note is ${c.note}`);
    // Left blank, the time is now.
    const ago = Date.now() - Date.parse(c.at);
    if (!(ago >= -60_000 && ago < 10 * 60_000)) problems.push(`saved at ${c.at}, not now`);
    problems.push(...(await t.layoutProblems(page, width, [])));
    problems.push(...(await t.axeProblems(page, 'the new contact')));
    await t.screenshot(page, `${width}-contact-logged`);
    return problems.length ? problems : `landed on ${new URL(page.url()).pathname}?status=logged`;
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Events

const KINDS = {
  social: 'Social activity',
  training: 'Training',
  peer_support: 'Peer support',
  planning: 'Planning meeting',
};

/** A UK time (`2026-12-05T10:30`) `hours` later, the same day. */
function laterBy(local, hours) {
  return new Date(Date.parse(`${local}:00Z`) + hours * 3_600_000).toISOString().slice(0, 16);
}

/** The first 15 July at least 60 days away: an evening in British Summer Time, after the rest. */
function summerEvening() {
  const year = Number(TODAY.slice(0, 4));
  const july = `${year}-07-15`;
  return `${july >= addDays(TODAY, 60) ? july : `${year + 1}-07-15`}T19:00`;
}

/** Refused with `status` (422 unless given), naming `field` if given; a problem otherwise. */
export async function refused(what, field, call, status = 422) {
  try {
    await call();
    return [`${what} was not refused`];
  } catch (error) {
    const text = String(error);
    if (!text.includes(`answered ${status}`)) return [`${what}: ${text}`];
    if (field && !text.includes(`"field":"${field}"`)) return [`${what} was refused, but not at ${field}: ${text}`];
    return [];
  }
}

/** Plans the events the pages show. Returns them, and what did not come back as asked. */
export async function makeEvents(api, r) {
  const e = {};
  e.month = nextMonth(THIS_MONTH);
  const plan = (constellation, kind, title, starts_at, extra = {}) =>
    api('POST', '/events', { constellation_id: constellation.id, kind, title, starts_at, ...extra });
  // A week ahead, with an end, a place and a note; two satellites answer, one twice.
  e.socialAt = [`${addDays(TODAY, 7)}T14:00`, `${addDays(TODAY, 7)}T16:30`];
  const social = await plan(r.riverside, 'social', 'Games afternoon', e.socialAt[0], {
    ends_at: e.socialAt[1],
    place: "St Anne's church hall",
    note: 'Bring a plate to share.',
  });
  const reply = (household, answer) =>
    api('POST', `/events/${social.id}/reply`, { household_id: household.id, answer });
  await reply(r.sat1, 'maybe');
  await reply(r.sat1, 'coming');
  e.social = await reply(r.sat2, 'not_coming');
  // Held two days ago, recorded now, with no end: who came from two satellites.
  e.trainingAt = `${addDays(TODAY, -2)}T10:00`;
  const training = await plan(r.riverside, 'training', 'Therapeutic parenting', e.trainingAt, {
    place: 'Online',
  });
  const came = (household, adults, children, sons_daughters) =>
    api('POST', `/events/${training.id}/attendance`, {
      household_id: household.id,
      adults,
      children,
      sons_daughters,
    });
  await came(r.sat1, 2, 3, 1);
  e.training = await came(r.sat2, 1, 1, 0);
  // In Hillside, on a summer evening (British Summer Time), then cancelled.
  e.cancelledAt = summerEvening();
  const coffee = await plan(r.hillside, 'peer_support', 'Coffee and a chat', e.cancelledAt);
  e.cancelled = await api('POST', `/events/${coffee.id}/cancel`, {
    reason: 'The hall is closed for repairs.',
  });
  // Next month, with neither place nor note.
  e.planningAt = `${e.month}-12T19:30`;
  e.planning = await plan(r.riverside, 'planning', 'Spring planning meeting', e.planningAt);

  const problems = [];
  const times = [
    [e.social, e.socialAt[0], e.socialAt[1]],
    [e.training, e.trainingAt, null],
    [e.cancelled, e.cancelledAt, null],
    [e.planning, e.planningAt, null],
  ];
  for (const [made, starts, ends] of times) {
    if (ukMinute(made.starts_at) !== starts) {
      problems.push(`${made.title} starts at ${made.starts_at} (${ukMinute(made.starts_at)} UK time), not ${starts}`);
    }
    const end = made.ends_at ? ukMinute(made.ends_at) : null;
    if (end !== ends) problems.push(`${made.title} ends at ${end}, not ${ends}`);
  }
  // 19:00 in British Summer Time is 18:00 UTC.
  const summer = `${e.cancelledAt.slice(0, 10)}T18:00:00Z`;
  if (Date.parse(e.cancelled.starts_at) !== Date.parse(summer)) {
    problems.push(`the summer evening is stored as ${e.cancelled.starts_at}, not ${summer}`);
  }
  if (e.social.place !== "St Anne's church hall" || e.social.note !== 'Bring a plate to share.') {
    problems.push(`the social is at ${e.social.place}, noted ${e.social.note}`);
  }
  if (e.social.constellation_name !== 'Riverside' || e.cancelled.constellation_name !== 'Hillside') {
    problems.push('an event is in the wrong constellation');
  }
  if (e.planning.kind !== 'planning' || e.planning.place !== null || e.planning.note !== null) {
    problems.push(`the planning meeting is ${e.planning.kind}, at ${e.planning.place}, noted ${e.planning.note}`);
  }
  // A later answer replaces the first; the answers come by household name.
  const answers = e.social.replies.map((a) => `${a.household_id}:${a.answer}:${a.replied_by}`).join();
  const wantAnswers = [
    `${r.sat1.id}:coming:Browser Check`,
    `${r.sat2.id}:not_coming:Browser Check`,
  ].join();
  if (answers !== wantAnswers) problems.push(`the answers are ${answers}, not ${wantAnswers}`);
  const counts = e.training.attendance.map((a) => `${a.household_id}:${a.adults}/${a.children}/${a.sons_daughters}`);
  const wantCounts = [`${r.sat1.id}:2/3/1`, `${r.sat2.id}:1/1/0`];
  if (counts.join() !== wantCounts.join()) problems.push(`who came is ${counts.join()}, not ${wantCounts.join()}`);
  if (!e.cancelled.cancelled || e.cancelled.cancelled_reason !== 'The hall is closed for repairs.') {
    problems.push(`the coffee morning is cancelled: ${e.cancelled.cancelled}, ${e.cancelled.cancelled_reason}`);
  }

  // An event that happened is not cancelled; who came is not recorded before it starts, nor
  // an answer given after it starts or for no household.
  problems.push(
    ...(await refused('cancelling the training who came to', 'reason', () =>
      api('POST', `/events/${training.id}/cancel`, { reason: 'Nobody came.' }),
    )),
    ...(await refused('who came to the social before it starts', 'household_id', () =>
      api('POST', `/events/${social.id}/attendance`, { household_id: r.sat1.id, adults: 2 }),
    )),
    ...(await refused('an answer to the training once it started', 'answer', () =>
      api('POST', `/events/${training.id}/reply`, { household_id: r.sat1.id, answer: 'coming' }),
    )),
    // The check's account lives in no household: it must say which one is answering.
    ...(await refused('an answer for no household', 'household_id', () =>
      api('POST', `/events/${social.id}/reply`, { answer: 'coming' }),
    )),
  );
  const held = await api('GET', `/events/${training.id}`);
  if (held.cancelled || held.attendance.length !== 2) problems.push('a refusal changed the training');

  const made = [e.social, e.training, e.cancelled, e.planning];
  const inMonth = (month, constellation) =>
    made.filter(
      (x) =>
        ukMinute(x.starts_at).startsWith(month) && (!constellation || x.constellation_id === constellation.id),
    ).length;
  const totals = [
    ['status=upcoming', 3],
    ['status=past', 1],
    [`month=${e.month}`, inMonth(e.month)],
    [`month=${THIS_MONTH}`, inMonth(THIS_MONTH)],
    [`constellation_id=${r.riverside.id}`, 3],
    [`constellation_id=${r.hillside.id}`, 1],
    [`constellation_id=${r.riverside.id}&status=upcoming`, 2],
    [`constellation_id=${r.hillside.id}&status=past`, 0],
    [`constellation_id=${r.hillside.id}&month=${e.month}`, inMonth(e.month, r.hillside)],
  ];
  for (const [query, total] of totals) {
    const page = await api('GET', `/events?${query}`);
    if (page.total !== total) problems.push(`/events?${query} found ${page.total}, not ${total}`);
  }
  // The soonest first, the cancelled one among them.
  const upcoming = await api('GET', '/events?status=upcoming');
  const order = upcoming.items.map((i) => i.title).join();
  if (order !== 'Games afternoon,Spring planning meeting,Coffee and a chat') {
    problems.push(`the upcoming events come as ${order}`);
  }
  return { made: e, problems };
}

/** The table under the heading `heading`: its rows begin with these cells, in this order. */
export function rows(heading, want) {
  return async (page) => {
    const table = heading
      ? page.locator('main section', { has: page.locator('h2', { hasText: heading }) }).locator('table')
      : page.locator('main table');
    if ((await table.count()) !== 1) return [`no table${heading ? ` under "${heading}"` : ''}`];
    const got = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())),
    );
    const shown = got.map((cells, i) => cells.slice(0, (want[i] || cells).length).join(' | '));
    const wanted = want.map((cells) => cells.join(' | '));
    if (shown.join('\n') === wanted.join('\n')) return [];
    return [`the ${heading ? `"${heading}" ` : ''}table shows [${shown.join('; ')}], not [${wanted.join('; ')}]`];
  };
}

/** Each link (by its words) in the page's main part goes where it should. */
export function linksTo(links) {
  return async (page) => {
    const problems = [];
    for (const [words, want] of Object.entries(links)) {
      const link = page.locator('main').getByRole('link', { name: words, exact: true });
      if ((await link.count()) !== 1) {
        problems.push(`${await link.count()} links "${words}", not 1`);
        continue;
      }
      // "/events?" is the same address as "/events".
      const href = await link.getAttribute('href');
      const { pathname, search } = new URL(href, 'http://site');
      if (pathname + search !== want) problems.push(`"${words}" links to ${href}, not ${want}`);
    }
    return problems;
  };
}

/** The select `selector` offers exactly these choices (by their words), after its blank one. */
function offers(selector, want) {
  return async (page) => {
    const got = await page
      .locator(`${selector} option`)
      .evaluateAll((os) => os.filter((o) => o.value).map((o) => o.textContent.trim()));
    return got.join() === want.join() ? [] : [`${selector} offers ${got.join(', ')}, not ${want.join(', ')}`];
  };
}

/** The page's one heading says exactly this. */
export function heading(want) {
  return async (page) => {
    const h1 = (await page.locator('h1').innerText()).trim();
    return h1 === want ? [] : [`the heading is "${h1}", not "${want}"`];
  };
}

/** The table under the heading `heading` has these column headings, in this order. */
export function columns(heading, want) {
  return async (page) => {
    const table = page.locator('main section', { has: page.locator('h2', { hasText: heading }) }).locator('table');
    if ((await table.count()) !== 1) return [`no table under "${heading}"`];
    const got = await table.locator('thead th').evaluateAll((ths) => ths.map((th) => th.innerText.trim()));
    return got.join(' | ') === want.join(' | ')
      ? []
      : [`the "${heading}" table's columns are [${got.join(' | ')}], not [${want.join(' | ')}]`];
  };
}

/** Each field (by name) has this hint under its label. */
export function hints(want) {
  return async (page) => {
    const problems = [];
    for (const [field, text] of Object.entries(want)) {
      const hint = page.locator(`#${field}-hint`);
      const got = (await hint.count()) === 1 ? (await hint.innerText()).trim() : '(none)';
      if (got !== text) problems.push(`the hint at #${field} is "${got}", not "${text}"`);
      const describedBy = (await page.getAttribute(`#${field}`, 'aria-describedby')) || '';
      if (!describedBy.split(/\s+/).includes(`${field}-hint`)) problems.push(`#${field} is not described by its hint`);
    }
    return problems;
  };
}

/** Each field (by name) is labelled exactly so, "(optional)" aside. */
export function labelled(want) {
  return async (page) => {
    const problems = [];
    for (const [field, text] of Object.entries(want)) {
      const label = page.locator(`main label[for="${field}"]`);
      const got = (await label.count()) === 1 ? (await label.innerText()).trim().replace(/ \(optional\)$/, '') : '(none)';
      if (got !== text) problems.push(`#${field} is labelled "${got}", not "${text}"`);
    }
    return problems;
  };
}

// The event page's action to take a household's answer, and the answers it takes.
const ANSWER = "Record a household's answer";
const REPLIES = ['coming', 'not_coming', 'maybe'];

// The events pages' words for the totals row of who came, and for its last column.
const TOTAL = 'All households (total)';
const SONS_DAUGHTERS = "Carers' own sons and daughters (of the children)";

/** Every events page, by a short name, with what it must show. */
export function eventPages(r, e) {
  const social = e.social.id;
  const training = e.training.id;
  const riverside = r.riverside.id;
  const hillside = r.hillside.id;
  // A list's row: when, what (saying so when cancelled), its kind and constellation.
  const row = (made, at) => [
    shownWhen(...at),
    made.cancelled ? `${made.title} (cancelled)` : made.title,
    KINDS[made.kind],
    made.constellation_name,
  ];
  const soon = [row(e.social, e.socialAt), row(e.planning, [e.planningAt]), row(e.cancelled, [e.cancelledAt])];
  const starts = [e.socialAt[0], e.planningAt, e.cancelledAt];
  const nextMonths = soon.filter((_, i) => starts[i].startsWith(e.month));
  // Riverside's: the social and the planning meeting.
  const riversideNextMonth = soon.filter((_, i) => i < 2 && starts[i].startsWith(e.month));
  return [
    [
      'events',
      '/events',
      all(
        shows('Upcoming events'),
        rows(null, soon),
        linksTo({
          "This month's events": `/events?month=${THIS_MONTH}`,
          'Past events': '/events?status=past',
          'Add an event': '/events/new',
        }),
      ),
    ],
    [
      'events, past',
      '/events?status=past',
      all(
        shows('Past events'),
        rows(null, [row(e.training, [e.trainingAt])]),
        linksTo({ 'Upcoming events': '/events' }),
      ),
    ],
    [
      'events, next month',
      `/events?month=${e.month}`,
      all(
        shows(`Events: ${monthLabel(e.month)}`),
        rows(null, nextMonths),
        monthLinks(e.month, '', '/events'),
        linksTo({ 'Upcoming events': '/events' }),
      ),
    ],
    [
      'events, a month with none',
      '/events?month=2020-01',
      all(shows('Events: January 2020', 'No events in January 2020.'), hides('Games afternoon')),
    ],
    [
      'events of a constellation',
      `/events?constellation_id=${riverside}`,
      all(
        shows('Upcoming events in Riverside'),
        rows(null, soon.slice(0, 2)),
        holds({ '#constellation_id': riverside }),
        linksTo({
          "This month's events": `/events?month=${THIS_MONTH}&constellation_id=${riverside}`,
          'Past events': `/events?status=past&constellation_id=${riverside}`,
          'Add an event': `/events/new?constellation_id=${riverside}`,
        }),
      ),
    ],
    [
      'events of a constellation, past',
      `/events?status=past&constellation_id=${riverside}`,
      all(
        shows('Past events in Riverside'),
        rows(null, [row(e.training, [e.trainingAt])]),
        linksTo({ 'Upcoming events': `/events?constellation_id=${riverside}` }),
      ),
    ],
    [
      'events of a constellation, none past',
      `/events?status=past&constellation_id=${hillside}`,
      all(shows('Past events in Hillside', 'No past events in Hillside.'), hides('Coffee and a chat')),
    ],
    [
      'events of a closed constellation',
      `/events?constellation_id=${r.closed.id}`,
      shows(`Upcoming events in ${r.closed.name}`, `No events planned in ${r.closed.name} yet.`),
    ],
    [
      'events of a constellation, a month',
      `/events?month=${e.month}&constellation_id=${riverside}`,
      all(
        shows(`Events in Riverside: ${monthLabel(e.month)}`),
        rows(null, riversideNextMonth),
        monthLinks(e.month, `&constellation_id=${riverside}`, '/events'),
      ),
    ],
    [
      'events of a constellation, next month',
      `/events?month=${e.month}&constellation_id=${hillside}`,
      all(
        shows(`Events in Hillside: ${monthLabel(e.month)}`, `No events in Hillside in ${monthLabel(e.month)}.`),
        hides('Games afternoon', 'Spring planning meeting'),
        holds({ '#constellation_id': hillside }),
        monthLinks(e.month, `&constellation_id=${hillside}`, '/events'),
      ),
    ],
    [
      'add an event',
      '/events/new',
      all(
        holds(
          { '#constellation_id': '', '#title': '', '#starts_at': '', '#ends_at': '', '#place': '', '#note': '' },
          { [box('kind', 'social')]: false, [box('kind', 'planning')]: false },
        ),
        hints({ starts_at: 'UK time', ends_at: 'UK time, within a day of the start' }),
      ),
    ],
    [
      'add an event to a constellation',
      `/events/new?constellation_id=${riverside}`,
      holds({ '#constellation_id': riverside }),
    ],
    [
      'event, to come',
      `/events/${social}`,
      all(
        shows(
          'Social activity',
          shownWhen(...e.socialAt),
          "St Anne's church hall",
          'Riverside',
          'Bring a plate to share.',
          'Recorded once the event starts.',
        ),
        hides(TOTAL, 'Record who came', 'Cancelled'),
        rows('Answers', [
          [r.sat1.display_name, 'Coming'],
          [r.sat2.display_name, 'Not coming'],
        ]),
        linksTo({
          Change: `/events/${social}/edit`,
          'Cancel the event': `/events/${social}/cancel`,
          "The constellation's events": `/events?constellation_id=${riverside}`,
          [ANSWER]: `/events/${social}/answer`,
        }),
      ),
    ],
    [
      "record a household's answer",
      `/events/${social}/answer`,
      all(
        heading("A household's answer to Games afternoon"),
        shows(`${shownWhen(...e.socialAt)}. For an answer given by phone or in person; a later answer replaces it.`),
        offers('#household_id', [r.hub.display_name, r.sat1.display_name, r.sat2.display_name].sort()),
        holds({ '#household_id': '' }, Object.fromEntries(REPLIES.map((a) => [box('answer', a), false]))),
      ),
    ],
    [
      'record who came, before the event',
      `/events/${social}/attendance`,
      shows(`${shownWhen(...e.socialAt)}. Who came is recorded once the event has started.`),
    ],
    [
      'event, held',
      `/events/${training}`,
      all(
        shows('Training', shownWhen(e.trainingAt), 'Online', 'No household answered.'),
        hides('Cancel the event', 'Recorded once the event starts.', 'No answers yet.', ANSWER),
        columns('Who came', ['Household', 'Adults', 'Children', SONS_DAUGHTERS]),
        rows('Who came', [
          [r.sat1.display_name, '2', '3', '1'],
          [r.sat2.display_name, '1', '1', '0'],
          [TOTAL, '3', '4', '1'],
        ]),
        linksTo({ Change: `/events/${training}/edit`, 'Record who came': `/events/${training}/attendance` }),
      ),
    ],
    [
      'event, cancelled',
      `/events/${e.cancelled.id}`,
      all(
        heading(`${e.cancelled.title} (cancelled)`),
        shows('Cancelled: The hall is closed for repairs.', 'Peer support', shownWhen(e.cancelledAt), 'Hillside'),
        hides('Change', 'Cancel the event', 'Record who came'),
        async (page) => {
          const notice = page.locator('main .notice[role="status"]');
          const text = (await notice.count()) === 1 ? (await notice.innerText()).trim() : '';
          return text === 'Cancelled: The hall is closed for repairs.' ? [] : ['no status notice saying it is cancelled'];
        },
      ),
    ],
    [
      'event, planning meeting',
      `/events/${e.planning.id}`,
      all(
        heading(e.planning.title),
        shows('Planning meeting', shownWhen(e.planningAt), 'No answers yet.'),
        hides(TOTAL, 'No household answered.'),
      ),
    ],
    [
      'change an event',
      `/events/${social}/edit`,
      all(
        shows('Change the event'),
        holds(
          {
            '#constellation_id': riverside,
            '#title': 'Games afternoon',
            '#starts_at': e.socialAt[0],
            '#ends_at': e.socialAt[1],
            '#place': "St Anne's church hall",
            '#note': 'Bring a plate to share.',
          },
          { [box('kind', 'social')]: true, [box('kind', 'training')]: false },
        ),
      ),
    ],
    [
      'cancel an event',
      `/events/${social}/cancel`,
      all(
        shows('Cancel Games afternoon', `${shownWhen(...e.socialAt)}. The households see the reason.`),
        holds({ '#reason': '' }),
      ),
    ],
    [
      'record who came',
      `/events/${training}/attendance`,
      all(
        shows('Who came to Therapeutic parenting', `${shownWhen(e.trainingAt)}. One household at a time`),
        holds({ '#household_id': '', '#adults': '', '#children': '', '#sons_daughters': '' }),
        labelled({ sons_daughters: SONS_DAUGHTERS }),
        offers('#household_id', [r.hub.display_name, r.sat1.display_name, r.sat2.display_name].sort()),
      ),
    ],
    [
      'record who came from a household',
      `/events/${training}/attendance?household_id=${r.sat1.id}`,
      holds({ '#household_id': r.sat1.id }),
    ],
  ];
}

// ---------------------------------------------------------------------------------------------
// The form to add an event

const QUIZ_DAY = addDays(TODAY, 14);
const QUIZ = {
  '#title': 'Quiz night',
  '#starts_at': `${QUIZ_DAY}T19:00`,
  '#ends_at': `${QUIZ_DAY}T18:00`,
  '#place': 'The Crown, upstairs room',
  '#note': 'Teams of four. Soft drinks and crisps.',
};

/** No kind and an end before the start: both in the summary and at their fields, answers kept. */
export async function eventFormWithAnError(t, context, width, r) {
  const page = await context.newPage();
  const errors = t.watch(page);
  try {
    await page.goto(`${t.base}/events/new`, { waitUntil: 'load' });
    await page.selectOption('#constellation_id', r.riverside.id);
    for (const [selector, value] of Object.entries(QUIZ)) await page.fill(selector, value);
    const response = await t.post(page, '/events/new');
    const problems = [];
    if (response.status() !== 422) problems.push(`answered ${response.status()}, not 422`);
    if (!(await page.title()).startsWith('Error:')) problems.push(`the title is ${await page.title()}`);
    const summary = page.locator('main .error-summary[role="alert"]');
    if ((await summary.count()) !== 1) {
      problems.push('no error summary with role="alert"');
    } else if (!(await summary.innerText()).includes('There is a problem')) {
      problems.push(`the summary says: ${await summary.innerText()}`);
    }
    const wanted = {
      kind: /^Kind of event is required: choose social activity, training, peer support or planning meeting/,
      ends_at: /^Ends must be after the start/,
    };
    for (const [field, says] of Object.entries(wanted)) {
      const link = summary.locator(`a[href="#${field}"]`);
      const inline = page.locator(`#${field}-error`);
      if ((await link.count()) !== 1) {
        problems.push(`the summary has no link to #${field}`);
        continue;
      }
      if ((await inline.count()) !== 1) {
        problems.push(`no inline message at #${field}`);
        continue;
      }
      // The inline message starts with "Error:" for screen readers only.
      const texts = [await link.innerText(), (await inline.innerText()).replace(/^Error:\s*/, '')];
      for (const text of texts) {
        if (!says.test(text)) problems.push(`the message for ${field} does not say what is wrong: ${text}`);
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
    problems.push(...(await t.keptProblems(page, { '#constellation_id': r.riverside.id, ...QUIZ })));
    for (const kind of Object.keys(KINDS)) {
      if (await page.isChecked(box('kind', kind))) problems.push(`${box('kind', kind)} is ticked`);
    }
    problems.push(...(await t.layoutProblems(page, width, errors)));
    problems.push(...(await t.axeProblems(page, `the event form with an error at ${width}px`)));
    await t.screenshot(page, `${width}-event-form-with-an-error`);
    // On a phone too: the messages must not push the form sideways.
    if (width !== 375) {
      await page.setViewportSize({ width: 375, height: 900 });
      problems.push(...(await t.layoutProblems(page, 375, [])));
      problems.push(...(await t.axeProblems(page, 'the event form with an error at 375px')));
      await t.screenshot(page, '375-event-form-with-an-error');
      await page.setViewportSize({ width, height: 900 });
    }
    return { problems, page };
  } catch (error) {
    await page.close();
    throw error;
  }
}

/** The same form, corrected: it lands on the new event, saved as typed. */
export async function eventFormLands(t, page, width, r) {
  try {
    const ends = `${QUIZ_DAY}T21:30`;
    await page.check(box('kind', 'social'));
    await page.fill('#ends_at', ends);
    // Newer builds land with ?status=saved and say so.
    await Promise.all([page.waitForURL(/\/events\/[0-9a-f-]{36}(\?status=saved)?$/i), page.click(SUBMIT)]);
    await page.waitForLoadState('load');
    const problems = [];
    const h1 = (await page.locator('h1').innerText()).trim();
    if (h1 !== 'Quiz night') problems.push(`the page's heading is "${h1}"`);
    if (new URL(page.url()).search === '?status=saved') {
      const notice = page.locator('main .notice[role="status"]');
      if ((await notice.count()) !== 1 || (await notice.innerText()).trim() !== 'Saved.') {
        problems.push('the page does not say "Saved." in a status notice');
      }
    }
    const main = await page.locator('main').innerText();
    const shown = ['Social activity', shownWhen(QUIZ['#starts_at'], ends), QUIZ['#place'], 'Riverside', QUIZ['#note']];
    for (const text of shown) if (!main.includes(text)) problems.push(`the page does not show "${text}"`);
    const id = new URL(page.url()).pathname.split('/').pop();
    const e = await t.api('GET', `/events/${id}`);
    if (e.constellation_id !== r.riverside.id) problems.push(`saved in ${e.constellation_name}`);
    if (e.kind !== 'social' || e.title !== 'Quiz night') problems.push(`saved as ${e.kind}, ${e.title}`);
    if (ukMinute(e.starts_at) !== QUIZ['#starts_at']) problems.push(`saved starting ${e.starts_at}`);
    if (!e.ends_at || ukMinute(e.ends_at) !== ends) problems.push(`saved ending ${e.ends_at}`);
    if (e.place !== QUIZ['#place'] || e.note !== QUIZ['#note']) problems.push(`saved at ${e.place}, noted ${e.note}`);
    if (e.cancelled || e.replies.length || e.attendance.length) problems.push('saved cancelled, answered or attended');
    problems.push(...(await t.layoutProblems(page, width, [])));
    problems.push(...(await t.axeProblems(page, 'the new event')));
    await t.screenshot(page, `${width}-event-added`);
    const landed = new URL(page.url());
    return problems.length ? problems : `landed on ${landed.pathname}${landed.search}`;
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The form to record a household's answer

/**
 * The answer form sent with an answer but no household (the check's account lives in none),
 * then for the hub household: it lands on the event, saying so, the answer among the others.
 */
export async function answerFormChecks(check, t, context, width, r, e) {
  const social = e.social.id;
  await t.formTwice(
    check, t, context, width,
    "the form to record a household's answer",
    `/events/${social}/answer`,
    'event-answer',
    (page) => page.check(box('answer', 'maybe')),
    { household_id: /^Household is required: say which household is answering/ },
    holds({ '#household_id': '' }, { [box('answer', 'maybe')]: true, [box('answer', 'coming')]: false }),
    [
      `/events/${social}?status=saved`,
      (page) => page.selectOption('#household_id', r.hub.id),
      async (page) => {
        const problems = await all(
          shows('Saved.'),
          rows('Answers', [
            [r.sat1.display_name, 'Coming'],
            [r.sat2.display_name, 'Not coming'],
            [r.hub.display_name, 'Maybe'],
          ].sort((a, b) => a[0].localeCompare(b[0]))),
        )(page);
        const saved = await t.api('GET', `/events/${social}`);
        const hub = saved.replies.find((a) => a.household_id === r.hub.id);
        if (hub?.answer !== 'maybe' || hub?.replied_by !== 'Browser Check') problems.push(`the hub's answer is ${JSON.stringify(hub)}`);
        return problems;
      },
    ],
  );
  // Sent with no answer at all: its message is kept for check.mjs's check of how messages read.
  const page = await context.newPage();
  try {
    await page.goto(`${t.base}/events/${social}/answer`, { waitUntil: 'load' });
    await t.post(page, `/events/${social}/answer`);
    e.answerMessage = (await page.locator('main .error-summary a[href="#answer"]').innerText()).trim();
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Events in the calendar feed

/**
 * What the calendar feed (read by ical.js, a VCALENDAR component) must say of the events made:
 * each at its UK time with TZID Europe/London, two hours long when it has no end, its title
 * and kind as the summary, and the cancelled one CANCELLED.
 */
export function eventFeedProblems(e) {
  return (calendar) => {
    const problems = [];
    const byUid = new Map(
      calendar.getAllSubcomponents('vevent').map((v) => [v.getFirstPropertyValue('uid'), v]),
    );
    const wanted = [
      [e.social, e.socialAt[0], e.socialAt[1]],
      [e.training, e.trainingAt, laterBy(e.trainingAt, 2)],
      [e.cancelled, e.cancelledAt, laterBy(e.cancelledAt, 2)],
      [e.planning, e.planningAt, laterBy(e.planningAt, 2)],
    ];
    for (const [made, starts, ends] of wanted) {
      const where = `the event ${made.title}`;
      const vevent = byUid.get(`event-${made.id}@constellate`);
      if (!vevent) {
        problems.push(`${where} is not in the feed as event-${made.id}@constellate`);
        continue;
      }
      for (const [name, local] of [['dtstart', starts], ['dtend', ends]]) {
        const property = vevent.getFirstProperty(name);
        if (!property) {
          problems.push(`${where} has no ${name.toUpperCase()}`);
          continue;
        }
        const zone = property.getParameter('tzid');
        if (zone !== 'Europe/London' || property.type !== 'date-time') {
          problems.push(`${where}: ${name.toUpperCase()} is a ${property.type} in ${zone}, not a UK date-time`);
        }
        const shown = property.getFirstValue().toString().slice(0, 16);
        if (shown !== local) problems.push(`${where}: ${name.toUpperCase()} is ${shown}, not ${local} UK time`);
      }
      const summary = vevent.getFirstPropertyValue('summary');
      if (summary !== `${made.title} (${KINDS[made.kind]})`) problems.push(`${where}: the summary is ${summary}`);
      const status = vevent.getFirstPropertyValue('status');
      const want = made.cancelled ? 'CANCELLED' : 'CONFIRMED';
      if (status !== want) problems.push(`${where} is ${status}, not ${want}`);
    }
    const place = byUid.get(`event-${e.social.id}@constellate`)?.getFirstPropertyValue('location');
    if (place !== e.social.place) problems.push(`the social's LOCATION is ${place}`);
    return problems;
  };
}
