// The impact and cost part of the browser check, with the roll-up's trends and the XLSX
// downloads; check.mjs runs it after the monthly return part, once last month's return is
// submitted and amended. Given the registry check.mjs made and the accounts it added:
//   1. names the pages for check.mjs to open at each width before any return is sent (the unit
//      costs at their published figures, the form to record the programme's costs, this
//      financial year's impact with nothing counted, a trend with no figure), and the pages the
//      liaison worker and the hub carer get 404 for (the form to set a unit cost is opened by
//      sending it, in 3);
//   2. raises three concerns last month that the liaison worker closes as stabilised by the
//      constellation's support (a placement, a carer and a move to residential care), and sends
//      them in an amendment of last month's return; reads the impact of the financial year last
//      month is in (April to March) through the JSON API and works it out again here from the
//      return as last sent and the unit costs in force: each count times its unit cost, the
//      working written out, the returns counted as the roll-up counts them; then opens its page
//      at 1280 and 375 pixels, and checks its notice counts the returns in words that agree;
//   3. sends the form to set a unit cost with an amount in words, then a good one, and checks
//      the cost in force, its history (saying when it was set in UK time) and the impact's
//      working; records the programme's costs for the year through the API and checks what was
//      spent and the return on each £1;
//   4. adds a second service and its manager, who reads the impact with counts of 1 to 4 of
//      the first service withheld ("fewer than 5"), may not set costs (403, and 404 for the
//      forms) and sees no action to;
//   5. checks every figure of last month's roll-up links to its trend, and the trend of
//      one-to-one support contacts: its chart and its table, ending with last month at the
//      roll-up's figure, through the API and on its page;
//   6. downloads last month's return and roll-up as spreadsheets from their pages' links.

import { formTwice, notice, says } from './outcomes.mjs';
import { opened } from './returns.mjs';
import {
  all, columns, heading, hides, holds, linksTo, monthFrom, monthLabel, refused, rows, shows, wallClock,
} from './support.mjs';

// Today as the site counts days: in London.
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const THIS_MONTH = TODAY.slice(0, 7);
const LAST_MONTH = monthFrom(THIS_MONTH, -1);

/** The calendar year in whose April the financial year holding `month` (YYYY-MM) starts. */
function yearOf(month) {
  const [year, m] = month.split('-').map(Number);
  return m >= 4 ? year : year - 1;
}

/** A financial year as an address writes it: `2025-26`. */
function yearKey(year) {
  return `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
}

/** A financial year as the site names it: "April 2025 to March 2026". */
function yearLabel(year) {
  return `April ${year} to March ${year + 1}`;
}

// Last month's financial year: the one before today's when today is in April.
const YEAR = yearOf(LAST_MONTH);
const PERIOD = yearKey(YEAR);
const THIS_YEAR = yearOf(THIS_MONTH);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SPREADSHEET = 'Download as a spreadsheet (XLSX)';
const NOT_FOUND = 'Page not found';

// The unit costs, in the site's order, with its words for each.
const KINDS = {
  breakdown: 'A placement breakdown prevented',
  resignation: "A carer's resignation avoided",
  children_home_week: "A week in a children's home",
  foster_care_week: 'A week in foster care',
  residential_weeks: "Weeks in a children's home each residential placement avoided saves",
};
// The figures published to start from, in pence (in weeks for residential_weeks).
const PUBLISHED = {
  breakdown: 104000,
  resignation: 1640000,
  children_home_week: 300000,
  foster_care_week: 64600,
  residential_weeks: 12,
};

// The sections of the pages.
const WORKING = 'England: the working';
const USED = 'The unit costs used';
const BY_SERVICE = 'By service';
const IN_FORCE = 'Unit costs in force';
const HISTORY = 'Every unit cost set, newest first';
const PROGRAMME = 'What the programme costs per constellation, newest first';
const CHART_TABLE = 'The figures in the chart';
const SET_COST = 'Set a unit cost';
const RECORD_COSTS = "Record the programme's costs for a year";
const PROGRAMME_COST = 'What the programme cost';
const NOT_RECORDED = "The programme's costs for this year are not recorded.";

// What the check sets: a unit cost with the form, and the programme's costs through the API.
const SOURCE = 'A regional study of placement endings';
const COSTS = { hub_fees: '60,000', liaison: '30000', licence: '£6,000.50', note: 'Hub fees, liaison time and licence, per constellation' };
const PER_CONSTELLATION = 6_000_000 + 3_000_000 + 600_050;

// ---------------------------------------------------------------------------------------------
// Working it out again

/** Money in pence as the site writes it: `£1,040`, `£1,250.50`. */
function pounds(pence) {
  const sign = pence < 0 ? '−' : '';
  const whole = String(Math.floor(Math.abs(pence) / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  const rest = Math.abs(pence) % 100;
  return `${sign}£${whole}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`;
}

/** A unit cost's amount as the site writes it: money, or weeks. */
function written(kind, amount) {
  if (kind !== 'residential_weeks') return pounds(amount);
  return amount === 1 ? '1 week' : `${amount} weeks`;
}

/** A unit cost as a step cites it. */
function cited(c) {
  return `${KINDS[c.kind]}: ${written(c.kind, c.amount)} (${c.source}, ${c.year})`;
}

/** A count of 1 to 4 is withheld unless every return counted is the caller's own service's. */
const small = (count, exact) => !exact && count >= 1 && count <= 4;

/**
 * What the impact of the returns sent (each a list of figures, as last sent) must be at the
 * cost book's unit costs in force and the year's programme costs (`programme`, or null);
 * `exact` when every return is the caller's own service's.
 */
function expectedOutcome(sent, book, programme, exact) {
  const total = (key) => sent.reduce((sum, figures) => sum + (figures.find((f) => f.key === key)?.value ?? 0), 0);
  const cost = (kind) => book.unit_costs.find((c) => c.kind === kind);
  const step = (key, label, count, avoided, working, sources) =>
    small(count, exact)
      ? { key, label, count: null, fewer_than_five: true, avoided: null, working: 'Not shown: fewer than 5.', sources }
      : { key, label, count, fewer_than_five: false, avoided, working, sources };
  const steps = [];
  for (const [key, label, kind] of [
    ['breakdowns_prevented', 'Placement breakdowns prevented', 'breakdown'],
    ['resignations_avoided', 'Carer resignations avoided', 'resignation'],
  ]) {
    const count = total(key);
    const c = cost(kind);
    const avoided = count * c.amount;
    steps.push(step(key, label, count, avoided, `${count} × ${pounds(c.amount)} = ${pounds(avoided)}`, [cited(c)]));
  }
  const [weeks, home, foster] = [cost('residential_weeks'), cost('children_home_week'), cost('foster_care_week')];
  const count = total('residential_avoided');
  const avoided = count * weeks.amount * (home.amount - foster.amount);
  steps.push(step(
    'residential_avoided',
    'Residential placements avoided',
    count,
    avoided,
    `${count} × ${written(weeks.kind, weeks.amount)} × (${pounds(home.amount)} − ${pounds(foster.amount)}) = ${pounds(avoided)}`,
    [cited(weeks), cited(home), cited(foster)],
  ));
  const atLeast = steps.reduce((sum, s) => sum + (s.avoided ?? 0), 0);
  const withheldSteps = steps.some((s) => s.fewer_than_five);
  // One return a month here: the month's constellations are the return's.
  const months = total('constellations');
  const withheldSpend = sent.some((figures) => small(figures.find((f) => f.key === 'constellations')?.value ?? 0, exact));
  const per = programme ? programme.hub_fees + programme.liaison + programme.licence : null;
  // Rounded to the nearest penny, a half up.
  const spent = per === null || withheldSpend ? null : Math.floor((months * per + 6) / 12);
  let spentWorking = NOT_RECORDED;
  if (programme && withheldSpend) spentWorking = 'Not shown: it would show fewer than 5 constellations.';
  else if (programme) {
    spentWorking =
      `${months} constellation-months ÷ 12 × ${pounds(per)} a constellation a year ` +
      `(hub fees ${pounds(programme.hub_fees)}, liaison ${pounds(programme.liaison)}, licence ${pounds(programme.licence)}) = ${pounds(spent)}`;
  }
  const ratio = (a) => (a !== null && spent ? Math.round((a / spent) * 100) / 100 : null);
  const all = withheldSteps ? null : atLeast;
  return {
    returns: sent.length,
    steps,
    avoided: all,
    avoided_at_least: atLeast,
    constellation_months: withheldSpend ? null : months,
    spent,
    spent_working: spentWorking,
    per_pound: ratio(all),
    per_pound_at_least: ratio(atLeast),
    withheld: withheldSteps || withheldSpend,
  };
}

/** Where an outcome from the API differs from the one worked out here. */
function outcomeProblems(where, got, want) {
  const problems = [];
  if (!got) return [`${where} is missing`];
  for (const key of ['returns', 'avoided', 'avoided_at_least', 'constellation_months', 'spent', 'spent_working', 'per_pound', 'per_pound_at_least', 'withheld']) {
    if (JSON.stringify(got[key]) !== JSON.stringify(want[key])) {
      problems.push(`${where}: ${key} is ${JSON.stringify(got[key])}, not ${JSON.stringify(want[key])}`);
    }
  }
  const keys = (got.steps || []).map((s) => s.key).join();
  if (keys !== want.steps.map((s) => s.key).join()) problems.push(`${where}'s steps are ${keys}`);
  for (const s of want.steps) {
    const step = (got.steps || []).find((x) => x.key === s.key);
    if (!step) continue;
    for (const key of ['label', 'count', 'fewer_than_five', 'avoided', 'working', 'sources']) {
      if (JSON.stringify(step[key]) !== JSON.stringify(s[key])) {
        problems.push(`${where}, ${s.key}: ${key} is ${JSON.stringify(step[key])}, not ${JSON.stringify(s[key])}`);
      }
    }
  }
  return problems;
}

/** The costs avoided as the pages write them: all, or the part shown as a floor. */
function avoidedText(o) {
  return o.avoided !== null ? pounds(o.avoided) : `At least ${pounds(o.avoided_at_least)}: a part counting fewer than 5 is not shown`;
}

function perPoundText(o) {
  if (o.per_pound !== null) return `£${o.per_pound.toFixed(2)}`;
  if (o.avoided === null && o.per_pound_at_least !== null) return `At least £${o.per_pound_at_least.toFixed(2)}`;
  return '–';
}

const money = (pence) => (pence === null ? '–' : pounds(pence));

/**
 * The impact page of `PERIOD` shows the outcome `o` for England, with `service` its one service.
 * Its notice is checked on its own (see workedOut).
 */
function impactShown(o, service, book) {
  return all(
    heading(`Impact and cost: ${yearLabel(YEAR)}`),
    says({
      'Costs avoided': avoidedText(o),
      [PROGRAMME_COST]: money(o.spent),
      'Avoided for each £1 spent': perPoundText(o),
    }),
    columns(WORKING, ['What was prevented', 'How many', 'Working', 'Avoided']),
    rows(WORKING, [
      ...o.steps.map((s) => [s.label, s.fewer_than_five ? 'fewer than 5' : String(s.count), s.working, money(s.avoided)]),
      [PROGRAMME_COST, o.constellation_months === null ? '–' : `${o.constellation_months} constellation-months`, o.spent_working, money(o.spent)],
    ]),
    rows(USED, book.unit_costs.map((c) => [KINDS[c.kind], written(c.kind, c.amount), c.source, String(c.year)])),
    columns(BY_SERVICE, ['Service', 'Returns', 'Costs avoided', 'Programme cost', 'For each £1']),
    rows(BY_SERVICE, [[service.name, String(o.returns), avoidedText(o), money(o.spent), perPoundText(o)]]),
    linksTo({ 'Unit costs and programme costs': '/costs', 'The national roll-up': `/rollup?period=${PERIOD}` }),
  );
}

/** What the impact page's notice says once `n` returns are sent. */
function workedOut(n) {
  return (
    `Worked out from the ${n === 1 ? '1 monthly return' : `${n} monthly returns`} submitted for ${yearLabel(YEAR)}: ` +
    'each thing prevented, times what one costs, against what the constellations cost the programme. ' +
    'Counts of 1 to 4 from services other than your own are not shown, nor any total that would show them.'
  );
}

const AMENDED_BECAUSE = "Three concerns closed last month were put down to the constellation's support.";

// ---------------------------------------------------------------------------------------------
// The pages, before any return is sent

/** The pages to open as the check's account before any return is sent, by a short name, with what each must show. */
export function impactPages() {
  return [
    [
      'unit costs and programme costs',
      '/costs',
      all(
        heading('Unit costs and programme costs'),
        notice('Until the programme lead sets its own, each unit cost is a published figure, shown with its source. Every change is kept.'),
        columns(IN_FORCE, ['Unit cost', 'Amount', 'Source', 'Year', 'Set by']),
        rows(IN_FORCE, Object.entries(PUBLISHED).map(([kind, amount]) => [KINDS[kind], written(kind, amount)])),
        async (page) => {
          // Each published figure says so, with its source.
          const setBy = await page
            .locator('main section', { has: page.locator('h2', { hasText: IN_FORCE }) })
            .locator('tbody td:nth-child(5)')
            .evaluateAll((tds) => tds.map((td) => td.innerText.trim()));
          return setBy.every((s) => s === 'Published figure') ? [] : [`"Set by" says ${setBy.join(', ')}`];
        },
        shows(
          'No unit cost has been set: the published figures are used.',
          'No programme costs are recorded yet, so no return per £1 can be worked out.',
        ),
        linksTo({ [SET_COST]: '/costs/unit-costs', [RECORD_COSTS]: '/costs/programme-costs', 'Impact and cost': '/impact' }),
      ),
    ],
    [
      "record the programme's costs",
      '/costs/programme-costs',
      all(
        heading(RECORD_COSTS),
        // This financial year, to start with.
        holds({ '#year': yearKey(THIS_YEAR), '#hub_fees': '', '#liaison': '', '#licence': '', '#note': '' }),
        linksTo({ Cancel: '/costs' }),
      ),
    ],
    [
      'impact and cost, this year, nothing sent',
      '/impact',
      all(
        heading(`Impact and cost: ${yearLabel(THIS_YEAR)}`),
        notice(`No return has been submitted for ${yearLabel(THIS_YEAR)} yet, so nothing is counted.`),
        says({ 'Costs avoided': '£0', [PROGRAMME_COST]: '–', 'Avoided for each £1 spent': '–' }),
        shows('No service has sent a return for the year.'),
        linksTo({
          'Unit costs and programme costs': '/costs',
          [yearLabel(THIS_YEAR - 1)]: `/impact?period=${yearKey(THIS_YEAR - 1)}`,
          'The national roll-up': `/rollup?period=${yearKey(THIS_YEAR)}`,
        }),
      ),
    ],
    [
      'trend, no return sent',
      `/rollup/trend?period=${LAST_MONTH}&figure=contacts`,
      all(
        heading('One-to-one support contacts: England'),
        chartShown('One-to-one support contacts', `No month from ${monthLabel(monthFrom(LAST_MONTH, -11))} to ${monthLabel(LAST_MONTH)} has a figure to show.`, 0),
        rows(CHART_TABLE, Array.from({ length: 12 }, (_, i) => [monthLabel(monthFrom(LAST_MONTH, i - 11)), '–', '0'])),
        linksTo({ 'Back to the roll-up': `/rollup?period=${LAST_MONTH}` }),
      ),
    ],
  ];
}

/** The chart: an image named `title`, described by `summary` (or its start), with `points` points. */
function chartShown(title, summary, points) {
  return async (page) => {
    const svg = page.locator('main figure.chart > svg[role="img"]');
    if ((await svg.count()) !== 1) return [`${await svg.count()} charts (figure.chart > svg[role="img"]), not 1`];
    const problems = [];
    const said = await svg.evaluate((s) => ({
      title: s.querySelector('title')?.textContent,
      desc: s.querySelector('desc')?.textContent,
      labelledBy: (s.getAttribute('aria-labelledby') || '').split(/\s+/).map((id) => document.getElementById(id)?.tagName),
      circles: s.querySelectorAll('circle').length,
      width: s.getBoundingClientRect().width,
      room: s.closest('main').getBoundingClientRect().width,
    }));
    if (said.title !== title) problems.push(`the chart's <title> is "${said.title}", not "${title}"`);
    if (!said.desc?.startsWith(summary)) problems.push(`the chart's <desc> is "${said.desc}", not "${summary}…"`);
    if (said.labelledBy.join() !== 'title,desc') problems.push(`the chart is labelled by ${said.labelledBy.join(', ')}, not its title and desc`);
    if (said.circles !== points) problems.push(`the chart has ${said.circles} points, not ${points}`);
    if (!(said.width > 0 && said.width <= said.room + 1)) problems.push(`the chart is ${said.width}px wide in a page ${said.room}px wide`);
    return problems;
  };
}

/** The pages to open as each of the people (by their key in check.mjs's `people`); a fourth item is the status wanted. */
export function impactPagesOf() {
  const gone = (name, path) => [name, path, all(heading(NOT_FOUND), hides('Costs avoided', 'Unit cost')), 404];
  return {
    // The rest of what they may not see is refused through the API.
    liaison: [gone('impact and cost, as the liaison worker', '/impact')],
    hubCarer: [
      gone('impact and cost, as the hub carer', `/impact?period=${PERIOD}`),
      gone('unit costs, as the hub carer', '/costs'),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Once last month's return is sent

/**
 * Opens `path` and runs `body` on it, without the layout and axe checks (opened does those, at
 * two widths: used once a page's state is checked there). It must answer `want` (200 unless told).
 */
async function onPage(t, context, path, body, want = 200) {
  const page = await context.newPage();
  try {
    const response = await page.goto(`${t.base}${path}`, { waitUntil: 'load' });
    if (response.status() !== want) return [`${path} answered ${response.status()}, not ${want}`];
    return await body(page);
  } finally {
    await page.close();
  }
}

/** The link `words` in the page's main part goes to `want`, and downloads an XLSX workbook. */
function downloads(words, want) {
  return async (page) => {
    const problems = await linksTo({ [words]: want })(page);
    if (problems.length) return problems;
    const response = await page.request.get(new URL(want, page.url()).href);
    const body = await response.body();
    const type = response.headers()['content-type'];
    const disposition = response.headers()['content-disposition'] || '';
    if (response.status() !== 200) problems.push(`${want} answered ${response.status()}, not 200`);
    if (type !== XLSX) problems.push(`${want} is ${type}, not ${XLSX}`);
    if (body.subarray(0, 2).toString('latin1') !== 'PK') problems.push(`${want} does not start as a zip file (PK): ${JSON.stringify(body.subarray(0, 8).toString('latin1'))}`);
    if (!/attachment;.*\.xlsx/.test(disposition)) problems.push(`${want} is sent as "${disposition}", not an .xlsx attachment`);
    return problems;
  };
}

/**
 * The checks of impact and cost, the trends and the downloads, as the check's account (the
 * programme lead, and the manager of the registry's service), once last month's return is sent.
 */
export async function impactChecks(check, t, context, width, r, people) {
  const returnPath = `/services/${r.service.id}/returns/${LAST_MONTH}`;
  // The return as last sent, the figures impact counts.
  const sent = async () => (await t.api('GET', returnPath)).versions.at(-1)?.figures;
  const state = {};

  await check("concerns closed last month, put down to the constellation's support, are sent in an amendment of last month's return", async () => {
    const before = await sent();
    if (!before) return ["last month's return has not been sent"];
    const raise = (household, kind, opened_on, extra) =>
      t.api('POST', '/concerns', { household_id: household.id, kind, opened_on, ...extra });
    // Days apart, so that none is a red flag of another.
    const raised = [
      await raise(r.sat1, 'placement_at_risk', `${LAST_MONTH}-03`, { child_id: r.child.id, note: 'A run of missed school days.' }),
      await raise(r.hub, 'carer_may_resign', `${LAST_MONTH}-08`, { carer_id: r.carer.id }),
      await raise(r.sat1, 'residential_risk', `${LAST_MONTH}-15`, { child_id: r.child.id }),
    ];
    const problems = [];
    for (const k of raised) {
      if (k.red_flag !== null) problems.push(`the ${k.kind} concern is a red flag: ${k.red_flag}`);
      const closed = await people.liaison.api('POST', `/concerns/${k.id}/close`, {
        outcome: 'stabilised',
        attributed: true,
        closed_on: `${LAST_MONTH}-20`,
      });
      if (closed.closed_on !== `${LAST_MONTH}-20` || closed.outcome !== 'stabilised' || closed.attributed !== true) {
        problems.push(`the ${k.kind} concern closed as ${closed.closed_on}, ${closed.outcome}, attributed ${closed.attributed}`);
      }
    }
    const ret = await t.api('POST', `${returnPath}/submit`, { comment: AMENDED_BECAUSE });
    const after = ret.versions.at(-1).figures;
    const value = (figures, key) => figures.find((f) => f.key === key)?.value;
    for (const key of ['breakdowns_prevented', 'resignations_avoided', 'residential_avoided']) {
      if (value(after, key) !== value(before, key) + 1) problems.push(`${key} was sent as ${value(after, key)}, not ${value(before, key) + 1}`);
    }
    if (ret.changed_since_submission.length) problems.push(`${ret.changed_since_submission.length} figures still differ from those sent`);
    state.figures = after;
    return problems.length ? problems : `version ${ret.versions.length}: 1 more of each, prevented`;
  });

  await check(`impact and cost for ${PERIOD} counts last month's return as last sent, each count times the unit cost in force, through the API`, async () => {
    const book = await t.api('GET', '/costs');
    const impact = await t.api('GET', `/impact?period=${PERIOD}`);
    const rollup = await t.api('GET', `/rollup?period=${PERIOD}`);
    const figures = await sent();
    const problems = [];
    if (!figures) return ["last month's return has not been sent"];
    for (const [kind, amount] of Object.entries(PUBLISHED)) {
      const c = book.unit_costs.find((x) => x.kind === kind);
      if (c?.amount !== amount || c?.set_by !== null) problems.push(`the unit cost in force for ${kind} is ${JSON.stringify(c)}, not the published ${amount}`);
    }
    if (book.unit_costs.map((c) => c.kind).join() !== Object.keys(KINDS).join()) problems.push(`the unit costs in force come as ${book.unit_costs.map((c) => c.kind).join()}`);
    if (book.unit_cost_history.length || book.programme_costs.length) problems.push('costs are set before any was');
    if (impact.year !== PERIOD || impact.label !== yearLabel(YEAR)) problems.push(`the impact is of ${impact.year}, "${impact.label}"`);
    if (JSON.stringify(impact.unit_costs) !== JSON.stringify(book.unit_costs)) problems.push('the impact uses other unit costs than those in force');
    if (impact.programme_cost !== null) problems.push(`the programme's costs are ${JSON.stringify(impact.programme_cost)}`);
    // The roll-up of the same year counts the same returns, and the same things prevented.
    if (impact.national.returns !== rollup.national.returns || impact.national.returns !== 1) {
      problems.push(`impact counts ${impact.national.returns} returns, the roll-up of ${PERIOD} ${rollup.national.returns}, not 1`);
    }
    for (const s of impact.national.steps) {
      const line = rollup.national.lines.find((l) => l.key === s.key);
      if (line?.value !== s.count) problems.push(`${s.key}: impact counts ${s.count}, the roll-up ${line?.value}`);
    }
    const want = expectedOutcome([figures], book, null, true);
    problems.push(...outcomeProblems('England', impact.national, want));
    if (impact.services.length !== 1) problems.push(`${impact.services.length} services, not 1`);
    else {
      if (impact.services[0].name !== r.service.name || impact.services[0].service_id !== r.service.id) problems.push(`the service is ${impact.services[0].name}`);
      problems.push(...outcomeProblems(r.service.name, impact.services[0], want));
    }
    if (impact.national.name !== 'England' || impact.national.service_id !== null) problems.push(`the country is ${impact.national.name}`);
    problems.push(
      ...(await refused('a month asked for as a financial year', 'period', () => t.api('GET', `/impact?period=${LAST_MONTH}`))),
      ...(await refused('a quarter asked for as a financial year', 'period', () => t.api('GET', `/impact?period=${LAST_MONTH.slice(0, 4)}-Q1`))),
      ...(await refused('impact read by the hub carer', null, () => people.hubCarer.api('GET', `/impact?period=${PERIOD}`), 404)),
      ...(await refused('the costs read by the hub carer', null, () => people.hubCarer.api('GET', '/costs'), 404)),
      ...(await refused('impact read by the liaison worker', null, () => people.liaison.api('GET', '/impact'), 404)),
      ...(await refused('a unit cost set by the liaison worker', null, () =>
        people.liaison.api('POST', '/costs/unit-costs', { kind: 'breakdown', amount: '900', source: 'Ours', year: '2024' }), 404,
      )),
      ...(await refused('a unit cost of 12.5 weeks', 'amount', () =>
        t.api('POST', '/costs/unit-costs', { kind: 'residential_weeks', amount: '12.5', source: 'Ours', year: '2024' }),
      )),
    );
    state.figures = figures;
    return problems.length ? problems : `England: ${pounds(want.avoided)} avoided, from 1 return; no programme costs yet`;
  });

  await check(`the impact page of ${PERIOD} shows the three sums, the working and the unit costs used`, async () => {
    const book = await t.api('GET', '/costs');
    const o = await t.api('GET', `/impact?period=${PERIOD}`);
    return onPage(t, context, `/impact?period=${PERIOD}`, impactShown(o.national, r.service, book));
  });

  await check(`the impact page's notice counts "1 monthly return" in words that agree`, () =>
    onPage(t, context, `/impact?period=${PERIOD}`, async (page) => {
      const problems = await notice(workedOut(1))(page);
      if (problems.length && (await page.locator('main .notice').innerText()).includes('the 1 monthly returns')) {
        problems.push('the count and its noun do not agree: pages/impact.rs, impact(), writes "the {} monthly returns" whatever the number (the roll-up writes "1 monthly return")');
      }
      return problems.length ? problems : workedOut(1).split(':')[0];
    }),
  );

  await formTwice(
    check, t, context, width,
    'the form to set a unit cost',
    '/costs/unit-costs',
    'unit-cost',
    async (page) => {
      await page.selectOption('#kind', 'breakdown');
      await page.fill('#amount', 'ten');
      await page.fill('#source', SOURCE);
      await page.fill('#year', '2024');
    },
    { amount: /^Amount must be in pounds, such as 1,040 or 646\.50/ },
    all(heading(SET_COST), holds({ '#kind': 'breakdown', '#amount': 'ten', '#source': SOURCE, '#year': '2024' })),
    [
      '/costs',
      (page) => page.fill('#amount', '1,250.50'),
      async (page) => {
        const book = await t.api('GET', '/costs');
        const [c] = book.unit_cost_history;
        const problems = [];
        if (book.unit_cost_history.length !== 1 || c.kind !== 'breakdown' || c.amount !== 125050 || c.source !== SOURCE || c.year !== 2024 || c.set_by !== 'Browser Check') {
          return [`the unit costs set are ${JSON.stringify(book.unit_cost_history)}`];
        }
        if (JSON.stringify(book.unit_costs[0]) !== JSON.stringify(c)) problems.push(`the breakdown in force is ${JSON.stringify(book.unit_costs[0])}`);
        // When it was set is checked on its own, below.
        const row = [KINDS.breakdown, '£1,250.50', SOURCE, '2024'];
        const published = book.unit_costs.slice(1).map((x) => [KINDS[x.kind], written(x.kind, x.amount), x.source, String(x.year), 'Published figure']);
        problems.push(
          ...(await all(
            rows(IN_FORCE, [row, ...published]),
            columns(HISTORY, ['Unit cost', 'Amount', 'Source', 'Year', 'Set by']),
            rows(HISTORY, [row]),
            linksTo({ [SET_COST]: '/costs/unit-costs', [RECORD_COSTS]: '/costs/programme-costs' }),
          )(page)),
        );
        return problems;
      },
    ],
  );

  await check('the impact works with the unit cost set, naming its source, in the API and on the page', async () => {
    const book = await t.api('GET', '/costs');
    const impact = await t.api('GET', `/impact?period=${PERIOD}`);
    if (!book.unit_cost_history.length) return ['no unit cost was set'];
    const want = expectedOutcome([state.figures ?? (await sent())], book, null, true);
    const problems = outcomeProblems('England', impact.national, want);
    const working = impact.national.steps[0]?.working || '';
    if (!working.includes('× £1,250.50 = ')) problems.push(`the breakdowns' working is "${working}"`);
    if (!impact.national.steps[0]?.sources[0]?.includes(SOURCE)) problems.push(`the breakdowns' source is ${impact.national.steps[0]?.sources}`);
    problems.push(...(await onPage(t, context, `/impact?period=${PERIOD}`, impactShown(want, r.service, book))));
    return problems.length ? problems : working;
  });

  await check(`the programme's costs for ${PERIOD} recorded through the API give what was spent and the return on each £1, at 1280 and 375`, async () => {
    const problems = await refused('programme costs for a year written as a year', 'year', () =>
      t.api('POST', '/costs/programme-costs', { ...COSTS, year: String(YEAR) }),
    );
    const book = await t.api('POST', '/costs/programme-costs', { ...COSTS, year: PERIOD }, [201]);
    const [p] = book.programme_costs;
    if (book.programme_costs.length !== 1 || p.year !== PERIOD || p.hub_fees !== 6_000_000 || p.liaison !== 3_000_000 || p.licence !== 600_050 || p.note !== COSTS.note || p.set_by !== 'Browser Check') {
      return [...problems, `the programme's costs are ${JSON.stringify(book.programme_costs)}`];
    }
    const impact = await t.api('GET', `/impact?period=${PERIOD}`);
    if (JSON.stringify(impact.programme_cost) !== JSON.stringify(p)) problems.push(`the impact uses the programme's costs ${JSON.stringify(impact.programme_cost)}`);
    const want = expectedOutcome([state.figures ?? (await sent())], book, p, true);
    problems.push(...outcomeProblems('England', impact.national, want));
    problems.push(...outcomeProblems(r.service.name, impact.services[0], want));
    problems.push(
      ...(await opened(t, context, width, 'impact-with-programme-costs', `/impact?period=${PERIOD}`, impactShown(want, r.service, book))),
      ...(await opened(t, context, width, 'costs-set', '/costs', all(
        columns(PROGRAMME, ['Year', 'Hub fees', 'Liaison', 'Licence', 'A constellation', 'Note', 'Set by']),
        rows(PROGRAMME, [[PERIOD, '£60,000', '£30,000', '£6,000.50', pounds(PER_CONSTELLATION), COSTS.note]]),
      ))),
    );
    return problems.length ? problems : `${want.constellation_months} constellation-months: ${pounds(want.spent)} spent; ${perPoundText(want)} avoided for each £1`;
  });

  await check('the costs page says when each cost was set in UK time, as the rest of the site does ("Mon 23 Nov 2026, 19:30")', async () => {
    const book = await t.api('GET', '/costs');
    const [c] = book.unit_cost_history;
    const [p] = book.programme_costs;
    if (!c || !p) return ['no unit cost or programme cost was set'];
    return onPage(t, context, '/costs', async (page) => {
      const setBy = (title) =>
        page
          .locator('main section', { has: page.locator('h2', { hasText: title }) })
          .locator('tbody tr:first-child td:last-child')
          .innerText();
      const problems = [];
      for (const [title, at] of [[IN_FORCE, c.set_at], [HISTORY, c.set_at], [PROGRAMME, p.set_at]]) {
        const got = (await setBy(title)).trim();
        const want = `Browser Check, ${wallClock(at)}`;
        if (got !== want) {
          problems.push(
            `/costs, "${title}": "Set by" says "${got}", not "${want}"` +
              (got.endsWith('Z') ? ' (pages/impact.rs writes it with instant(), the machine form in UTC, not wall_clock())' : ''),
          );
        }
      }
      return problems.length ? problems : wallClock(c.set_at);
    });
  });

  // A second service, with a manager: the first service's counts are not theirs.
  let other;
  await check("a second service's manager reads the impact with the first service's counts of 1 to 4 withheld, and may not set costs", async () => {
    const service = await t.api('POST', '/services', {
      name: 'Southshire Fostering',
      kind: 'ifa',
      region: 'South West',
      status: 'established',
      joined_on: '2024-04-01',
    });
    other = { service, ...t.account('priya.shah@example.org', 'Priya Shah', 'service_manager', ['--service', service.id]) };
    const book = await other.api('GET', '/costs');
    const impact = await other.api('GET', `/impact?period=${PERIOD}`);
    const want = expectedOutcome([state.figures ?? (await sent())], book, book.programme_costs[0], false);
    const problems = outcomeProblems('England, for the other manager', impact.national, want);
    problems.push(...outcomeProblems(`${r.service.name}, for the other manager`, impact.services[0], want));
    const trend = await other.api('GET', `/rollup/trend?period=${LAST_MONTH}&figure=contacts`);
    const lead = await t.api('GET', `/rollup/trend?period=${LAST_MONTH}&figure=contacts`);
    const last = trend.points.at(-1);
    const value = lead.points.at(-1).value;
    if (small(value, false) ? last.value !== null || !last.fewer_than_five : last.value !== value || last.fewer_than_five) {
      problems.push(`the other manager's trend of contacts ends with ${JSON.stringify(last)}; the programme lead's with ${value}`);
    }
    problems.push(
      ...(await refused('a unit cost set by a service manager', null, () =>
        other.api('POST', '/costs/unit-costs', { kind: 'resignation', amount: '2200', source: 'Keep evaluation', year: '2019' }), 403,
      )),
      ...(await refused("the programme's costs set by a service manager", null, () =>
        other.api('POST', '/costs/programme-costs', { ...COSTS, year: PERIOD }), 403,
      )),
    );
    const after = await t.api('GET', '/costs');
    if (after.unit_cost_history.length !== 1 || after.programme_costs.length !== 1) problems.push('a refused cost was kept');
    state.other = { want, book, contacts: value };
    const withheld = want.steps.filter((s) => s.fewer_than_five).map((s) => s.key);
    return problems.length ? problems : `withheld: ${[...withheld, ...(want.spent === null ? ['spent'] : [])].join(', ') || 'nothing (no count of 1 to 4)'}`;
  });

  if (other) {
    const theirs = await context.browser().newContext({ viewport: { width, height: 900 }, locale: 'en-GB' });
    theirs.setDefaultTimeout(t.TIMEOUT);
    try {
      await t.signIn(theirs, other);
      await check("the second service's manager sees the costs with no action to set them, and gets 404 for the forms", async () => {
        const problems = await onPage(t, theirs, '/costs', all(
          heading('Unit costs and programme costs'),
          hides(SET_COST, RECORD_COSTS),
          rows(PROGRAMME, [[PERIOD, '£60,000', '£30,000', '£6,000.50', pounds(PER_CONSTELLATION), COSTS.note]]),
        ));
        for (const path of ['/costs/unit-costs', '/costs/programme-costs']) {
          problems.push(...(await onPage(t, theirs, path, heading(NOT_FOUND), 404)));
        }
        return problems;
      });
      await check("the impact page, as the second service's manager, says \"fewer than 5\" for the first service's small counts, at 1280 and 375", async () => {
        const { want, book, contacts } = state.other || {};
        if (!want) return ['the impact was not read as the other manager'];
        const problems = await opened(t, theirs, width, 'impact-as-another-manager', `/impact?period=${PERIOD}`, impactShown(want, r.service, book));
        const last = [monthLabel(LAST_MONTH), small(contacts, false) ? 'fewer than 5' : String(contacts), '1'];
        problems.push(...(await onPage(t, theirs, `/rollup/trend?period=${LAST_MONTH}&figure=contacts`, async (page) => {
          const got = await page
            .locator('main section', { has: page.locator('h2', { hasText: CHART_TABLE }) })
            .locator('tbody tr:last-child td')
            .evaluateAll((tds) => tds.map((td) => td.innerText.trim()));
          return got.join(' | ') === last.join(' | ') ? [] : [`the table ends with [${got.join(' | ')}], not [${last.join(' | ')}]`];
        })));
        return problems;
      });
    } finally {
      await theirs.close();
    }
  }

  await check(`every figure of the roll-up of ${monthLabel(LAST_MONTH)} links to its trend`, async () => {
    const rollup = await t.api('GET', `/rollup?period=${LAST_MONTH}`);
    return onPage(t, context, `/rollup?period=${LAST_MONTH}`, async (page) => {
      const got = await page
        .locator('main section')
        .filter({ hasNot: page.locator('h2', { hasText: /^By (region|service)$/ }) })
        .locator('tbody td:nth-child(1) a')
        .evaluateAll((as) => as.map((a) => `${a.innerText.trim()} -> ${a.getAttribute('href')}`));
      const want = rollup.national.lines.map((l) => `${l.label} -> /rollup/trend?period=${LAST_MONTH}&figure=${l.key}`);
      const problems = [];
      const missing = want.filter((w) => !got.includes(w));
      const extra = got.filter((g) => !want.includes(g));
      if (missing.length) problems.push(`no link ${missing.join('; ')}`);
      if (extra.length) problems.push(`links ${extra.join('; ')}`);
      problems.push(...(await linksTo({ 'Impact and cost': `/impact?period=${yearKey(THIS_YEAR)}` })(page)));
      return problems.length ? problems : `${got.length} figures`;
    });
  });

  await check(`the trend of one-to-one support contacts to ${monthLabel(LAST_MONTH)} ends with the roll-up's figure, through the API`, async () => {
    const trend = await t.api('GET', `/rollup/trend?period=${LAST_MONTH}&figure=contacts`);
    const rollup = await t.api('GET', `/rollup?period=${LAST_MONTH}`);
    const line = rollup.national.lines.find((l) => l.key === 'contacts');
    const problems = [];
    if (trend.key !== 'contacts' || trend.label !== line.label) problems.push(`the trend is of ${trend.key}, "${trend.label}"`);
    const months = trend.points.map((p) => p.month).join();
    const twelve = Array.from({ length: 12 }, (_, i) => monthFrom(LAST_MONTH, i - 11)).join();
    if (months !== twelve) problems.push(`the months are ${months}, not ${twelve}`);
    const last = trend.points.at(-1);
    if (last.value !== line.value || last.fewer_than_five || last.returns !== 1) {
      problems.push(`${LAST_MONTH} is ${JSON.stringify(last)}, not ${line.value} from 1 return as the roll-up has it`);
    }
    const before = trend.points.slice(0, -1).filter((p) => p.value !== null || p.returns !== 0);
    if (before.length) problems.push(`months with no return sent have figures: ${JSON.stringify(before)}`);
    // A quarter or a financial year ends its twelve months with its own last month.
    const year = await t.api('GET', `/rollup/trend?period=${PERIOD}&figure=contacts`);
    if (year.points.at(-1).month !== `${YEAR + 1}-03`) problems.push(`the trend of ${PERIOD} ends with ${year.points.at(-1).month}`);
    problems.push(
      ...(await refused('a trend of no such figure', 'figure', () => t.api('GET', `/rollup/trend?period=${LAST_MONTH}&figure=tea_and_biscuits`))),
      ...(await refused('a trend of no figure', 'figure', () => t.api('GET', `/rollup/trend?period=${LAST_MONTH}`))),
      ...(await refused('a trend read by the hub carer', null, () => people.hubCarer.api('GET', `/rollup/trend?period=${LAST_MONTH}&figure=contacts`), 404)),
    );
    state.trend = trend;
    return problems.length ? problems : `${monthLabel(LAST_MONTH)}: ${last.value}`;
  });

  await check(`the trend page of one-to-one support contacts links to its region's and its service's, which show their own`, async () => {
    const rollup = await t.api('GET', `/rollup?period=${LAST_MONTH}`);
    const [region, service] = [rollup.regions[0], rollup.services[0]];
    if (!region || !service) return ['the roll-up has no region or service'];
    const problems = [];
    for (const [name, param] of [[region.name, `region=${encodeURIComponent(region.name)}`], [service.name, `service_id=${service.service_id}`]]) {
      const api = await t.api('GET', `/rollup/trend?period=${LAST_MONTH}&figure=contacts&${param}`);
      const line = (region.name === name ? region : service).lines.find((l) => l.key === 'contacts');
      if (api.of !== name || api.points.at(-1).value !== line.value) {
        problems.push(`the API's trend of ${name} is of ${api.of} and ends with ${api.points.at(-1).value}, not ${line.value}`);
      }
      problems.push(...(await onPage(t, context, `/rollup/trend?period=${LAST_MONTH}&figure=contacts`, async (page) => {
        const link = page.locator('main a', { hasText: name }).first();
        await Promise.all([page.waitForURL(/(region|service_id)=/), link.click()]);
        const found = [];
        const h1 = (await page.locator('h1').innerText()).trim();
        if (h1 !== `${api.label}: ${name}`) found.push(`the link to ${name}'s trend opened "${h1}"`);
        const marked = await page.locator('main td', { hasText: `${name} (this chart)` }).count();
        if (marked !== 1) found.push(`${name}'s trend does not mark it as this chart`);
        return found;
      })));
    }
    problems.push(...(await refused('a trend of a region that sent nothing', 'region', () => t.api('GET', `/rollup/trend?period=${LAST_MONTH}&figure=contacts&region=Atlantis`))));
    return problems.length ? problems : `${region.name}; ${service.name}`;
  });

  await check(`the trend page of one-to-one support contacts shows its chart and the same figures as a table, at 1280 and 375`, async () => {
    const trend = state.trend;
    if (!trend) return ['the trend was not read'];
    const value = trend.points.at(-1).value;
    const first = monthLabel(trend.points[0].month);
    return opened(t, context, width, 'trend', `/rollup/trend?period=${LAST_MONTH}&figure=contacts`, all(
      heading(`${trend.label}: England`),
      chartShown(trend.label, `A line chart of the 1 month with a figure, from ${first} to ${monthLabel(LAST_MONTH)}: the lowest is ${value}, the highest ${value}.`, 1),
      columns(CHART_TABLE, ['Month', 'Figure', 'Returns sent']),
      rows(CHART_TABLE, trend.points.map((p) => [monthLabel(p.month), p.value === null ? '–' : String(p.value), String(p.returns)])),
      linksTo({ 'Back to the roll-up': `/rollup?period=${LAST_MONTH}` }),
    ));
  });

  await check("last month's return and its roll-up download as spreadsheets from their pages", async () => {
    const problems = [
      ...(await onPage(t, context, returnPath, downloads(SPREADSHEET, `/api/v1${returnPath}/xlsx`))),
      ...(await onPage(t, context, `/rollup?period=${LAST_MONTH}`, downloads(SPREADSHEET, `/api/v1/rollup/xlsx?period=${LAST_MONTH}`))),
      ...(await refused("the return's spreadsheet read by the hub carer", null, () => people.hubCarer.api('GET', `${returnPath}/xlsx`), 404)),
      ...(await refused("the roll-up's spreadsheet read by the hub carer", null, () => people.hubCarer.api('GET', `/rollup/xlsx?period=${LAST_MONTH}`), 404)),
    ];
    return problems.length ? problems : XLSX;
  });
}
