// Browser test of the officer's school visit (tests/t/t0771-visit-browser.sh):
// Debian's chromium driven by playwright-core under the server's real
// Content Security Policy, clicking only links and buttons on the pages,
// never typing an address after the sign-in page. A block officer goes
// from the start page to a school, records a visit with a lesson
// observation, two facilities and two actions, and sees them on the
// school page; the school's principal finds the actions from the start
// page and marks one done. Each role's start page is measured at 1280 px
// wide (its height in px is printed as "# height ROLE PX").
//   node visit.mjs BASE_URL SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [base, shots] = process.argv.slice(2);
fs.mkdirSync(shots, { recursive: true });
let n = 0, failed = 0;
const ok = (c, d) => { n++; if (!c) failed++; console.log(`${c ? 'ok' : 'not ok'} ${n} - ${d}`); };
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });

// sign in as user; the page lands on the account's start page
async function signIn(user) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(base + '/login');
  await page.fill('#username', user);
  await page.fill('#password', `pw-${user}-1`);
  await Promise.all([page.waitForNavigation(), page.click('form.login button')]);
  const h = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(`# height ${user} ${h}`);
  return [ctx, page];
}
// follow the first link named `name` (inside `within`, a CSS selector)
async function follow(page, name, within = 'main') {
  const link = page.locator(within).getByRole('link', { name, exact: true }).first();
  await Promise.all([page.waitForNavigation(), link.click()]);
  return page.url();
}
const text = async (page, sel) => (await page.locator(sel).innerText()).replace(/\s+/g, ' ');

try {
  // --- the officer records a visit --------------------------------------------
  let [ctx, page] = await signIn('officer_b1');
  ok(page.url().endsWith('/orgs/B1'), `the officer's start page is the block (${page.url()})`);
  ok(await page.locator('header a[href="/me/lang"]').count() === 1, 'the page links to the language');
  const due = await text(page, '#t-visits_due');
  ok(due.includes('Alpha School') && due.includes('Never'), 'the block lists the visits due: Alpha School, never visited');
  ok((await follow(page, 'Alpha School', '#t-visits_due')).endsWith('/orgs/SCH1'), 'a click opens the school');
  ok((await text(page, '#t-last_visit')).includes('No visits recorded yet'), 'the school has no visit yet');
  ok((await follow(page, 'Record a visit', 'nav.actions')).endsWith('/orgs/SCH1/visits/new'), 'a click opens the visit form');
  await page.fill('textarea[name=notes]', 'Met the head teacher; assembly observed.');
  await page.selectOption('select[name=teacher]', 'T1');
  await page.check('input[name=r_planning][value="3"]');
  await page.check('input[name=r_feedback][value="2"]');
  await page.fill('textarea[name=obs_notes]', 'Clear lesson goals on the board.');
  await page.check('input[name=f_drinking_water][value="1"]');
  await page.check('input[name=f_library][value="0"]');
  await page.fill('input[name=action1]', 'Open the library every day');
  await page.fill('input[name=owner1]', 'Head teacher');
  await page.fill('input[name=due1]', '2025-12-01');
  await page.fill('input[name=action2]', 'Group work in grade 5 mathematics');
  await page.fill('input[name=owner2]', 'Meera Teachone');
  await page.fill('input[name=due2]', '2026-01-15');
  await page.screenshot({ path: path.join(shots, 'visit-form.png'), fullPage: true });
  let [resp] = await Promise.all([page.waitForNavigation(), page.click('form#visit button[type=submit], form.entry button[type=submit]')]);
  ok(resp.status() === 200 && page.url().includes('/orgs/SCH1/visits'), `the visit saves and opens the school's visits (${page.url()})`);
  ok((await page.content()).includes('Saved.'), 'saying it was saved');
  const acts = await text(page, '#t-actions');
  ok(acts.includes('Open the library every day') && acts.includes('Group work in grade 5 mathematics'), 'both actions are listed');
  ok((await text(page, '#t-visits')).includes('officer_b1'), 'the visit is listed with its officer');
  ok((await text(page, '#t-facilities')).includes('Not working'), 'the library is seen not working');
  ok((await follow(page, 'Alpha School', 'nav.crumbs')).endsWith('/orgs/SCH1'), 'the breadcrumb leads back to the school');
  const last = await text(page, '#t-last_visit');
  ok(last.includes('officer_b1') && last.includes('Met the head teacher'), 'the school page shows the last visit');
  ok((await text(page, '#t-open_actions')).includes('Open the library every day'), 'and its open actions');
  await page.screenshot({ path: path.join(shots, 'visit-school-officer.png'), fullPage: true });
  ok((await follow(page, 'Lesson observations', 'nav.actions')).endsWith('/orgs/SCH1/observations'), 'the observations page is a click away');
  // the fixture holds one observation of the school; the visit adds one
  ok((await text(page, '#f-observations')).trim().endsWith(' 2'), 'and counts the lesson observed (2 with the fixture\'s)');
  await ctx.close();

  // --- the principal marks an action done ----------------------------------------
  [ctx, page] = await signIn('principal1');
  ok(page.url().endsWith('/orgs/SCH1'), `the principal's start page is the school (${page.url()})`);
  const nav = await text(page, 'nav.actions');
  for (const l of ['Visits and actions', 'Lesson observations', 'Registers', 'Data collection', 'Surveys'])
    ok(nav.includes(l), `the principal's page links to ${l}`);
  ok(!nav.includes('Record a visit'), 'but not to record a visit');
  ok((await follow(page, 'Visits and actions', 'nav.actions')).endsWith('/orgs/SCH1/visits'), "a click opens the school's visits");
  const label = await page.locator('select[name=action] option', { hasText: 'Open the library every day' }).innerText();
  await page.selectOption('select[name=action]', { label });
  await page.fill('textarea[name=followup]', 'The library opens at lunch.');
  [resp] = await Promise.all([page.waitForNavigation(), page.click('form#action_done button[type=submit], form.entry button[type=submit]')]);
  ok(resp.status() === 200, 'the principal marks the action done');
  const row = await page.locator('#t-actions tr', { hasText: 'Open the library every day' }).innerText();
  ok(row.includes('Done') && row.includes('The library opens at lunch.'), 'the action shows done with what was done');
  await page.screenshot({ path: path.join(shots, 'visit-principal.png'), fullPage: true });
  await ctx.close();

  // --- the other start pages, measured -----------------------------------------------
  for (const u of ['teacher1', 'parent1', 'student1', 'admin']) {
    [ctx, page] = await signIn(u);
    ok(await page.locator('header a[href="/me"]').count() === 1, `${u}'s start page links to the account`);
    await ctx.close();
  }
} catch (e) {
  ok(false, 'browser run: ' + e.message.split('\n')[0]);
} finally {
  await browser.close();
}
console.log(`${n - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
