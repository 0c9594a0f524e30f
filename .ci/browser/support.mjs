// The support contacts part of the browser check; check.mjs runs it. Given the registry check.mjs
// made:
//   1. logs one-to-one support contacts through the JSON API (now, and last month at a given
//      time), corrects one, and checks the list's filters by household, month and who made them;
//   2. names the contacts pages for check.mjs to open at each width, with what each must show;
//   3. sends the form to log a contact once with an error and once without, and checks the
//      page with the error at 375 pixels too.

// Today as the site counts days: in London.
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** This month, as `2026-11`. */
const THIS_MONTH = TODAY.slice(0, 7);

/** The month before `month` (YYYY-MM). */
function previousMonth(month) {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m - 2, 1)).toISOString().slice(0, 7);
}

/** A month as the site names it: "November 2026". */
function monthLabel(month) {
  const [year, m] = month.split('-').map(Number);
  return `${MONTHS[m - 1]} ${year}`;
}

/** A day as the site shows it beside a time, weekday aside: "10 Oct 2026, 14:30". */
function shownAt(local) {
  const [date, time] = local.split('T');
  const [year, m, day] = date.split('-').map(Number);
  return `${day} ${MONTHS[m - 1].slice(0, 3)} ${year}, ${time}`;
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
function shows(...texts) {
  return async (page) => {
    const main = await page.locator('main').innerText();
    return texts.filter((t) => !main.includes(t)).map((t) => `does not show "${t}"`);
  };
}

/** No text may appear in the page's main part. */
function hides(...texts) {
  return async (page) => {
    const main = await page.locator('main').innerText();
    return texts.filter((t) => main.includes(t)).map((t) => `shows "${t}"`);
  };
}

/** All the checks, their problems together. */
function all(...checks) {
  return async (page) => {
    const problems = [];
    for (const check of checks) problems.push(...(await check(page)));
    return problems;
  };
}

/** The links to the month before and after go there, keeping the other filters. */
function monthLinks(month, keep = '') {
  return async (page) => {
    const problems = [];
    const months = [
      ['Previous month', previousMonth(month)],
      ['Next month', (() => {
        const [year, m] = month.split('-').map(Number);
        return new Date(Date.UTC(year, m, 1)).toISOString().slice(0, 7);
      })()],
    ];
    for (const [words, to] of months) {
      const link = page.locator('main a', { hasText: `${words} (${monthLabel(to)})` });
      if ((await link.count()) !== 1) {
        problems.push(`no link "${words} (${monthLabel(to)})"`);
        continue;
      }
      const href = await link.getAttribute('href');
      const want = `/contacts?month=${to}${keep}`;
      if (href !== want) problems.push(`"${words}" links to ${href}, not ${want}`);
    }
    return problems;
  };
}

/** Each field (a selector) holds its value, and each box (a selector) is ticked or not. */
function holds(values, ticked = {}) {
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

const box = (name, value) => `input[name="${name}"][value="${value}"]`;

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
        `Phone with ${r.sat1.display_name}`,
        'Advice, Emotional support',
        'Talked through the new school run.',
        'Correct this contact',
      ),
    ],
    [
      'support contact, last month',
      `/contacts/${c.visit.id}`,
      all(
        shows(`In person with ${r.sat2.display_name}`, shownAt(c.lastMonthAt), 'In person, 45 min'),
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
    if (h1 !== `Video with ${r.sat1.display_name}`) problems.push(`the page's heading is "${h1}"`);
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
