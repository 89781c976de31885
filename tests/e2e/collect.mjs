// Browser tests of data entry (tests/t/t0710-collect-browser.sh): Debian's
// chromium driven by playwright-core, with the server's real Content
// Security Policy (the entry script must run under its hash). Each step as
// the right role: take a register (then the student's attendance shows
// it), fill a markbook by item with the keyboard and paste a column (then
// the class's item analysis shows it), record behaviour and attitude,
// define an anonymous survey and answer it twice (the second refused),
// record an observation (the teacher sees it, an officer only
// aggregates); a save with JavaScript off; a failed save keeps what was
// typed; axe-core on the entry pages.
//   node collect.mjs BASE_URL SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [base, shots] = process.argv.slice(2);
fs.mkdirSync(shots, { recursive: true });
let n = 0, failed = 0;
const ok = (c, d) => { n++; if (!c) failed++; console.log(`${c ? 'ok' : 'not ok'} ${n} - ${d}`); };
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
const DATE = '2025-12-18'; // past the fixture's imported attendance

async function session(user, opts = {}) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 800 }, ...opts });
  const page = await ctx.newPage();
  await page.goto(base + '/login');
  await page.fill('#username', user);
  await page.fill('#password', `pw-${user}-1`);
  await Promise.all([page.waitForNavigation(), page.click('form.login button')]);
  return { ctx, page };
}
async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `collect-${name}.png`), fullPage: true });
}
async function fits(page, what) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  ok(w <= 362, `${what} fits 360 px (scroll width ${w})`);
}
async function axe(page, what) {
  await page.addScriptTag({ content: axeSource });
  const res = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = res.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  ok(bad.length === 0, `${what} has no serious axe violations` +
    (bad.length ? ': ' + bad.map(v => `${v.id} ${v.nodes[0].target}`).join('; ') : ''));
}
const absentSum = async (page) => {
  const j = await (await page.request.get(base + '/api/students/STU0003')).text();
  return [...j.matchAll(/"absent":\s*(\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
};

try {
  // ---- register, as the class's teacher ----
  const t = await session('teacher1');
  const before = await absentSum(t.page);
  let r = await t.page.goto(`${base}/classes/CL1A/register?date=${DATE}`);
  ok(r.status() === 200, 'teacher opens the register');
  const present = await t.page.locator('input[type=radio][value=P]:checked').count();
  ok(present === 20, `all 20 students present by default (${present})`);
  const tap = t.page.locator('fieldset:has-text("Kid0003") label:has-text("Absent") span');
  const box = await tap.boundingBox();
  ok(box && box.height >= 44 && box.width >= 44, `tap targets are at least 44 px (${box && box.height})`);
  await fits(t.page, 'register');
  await tap.click();
  await Promise.all([t.page.waitForNavigation(), t.page.click('form.register button[type=submit]')]);
  ok((await t.page.content()).includes('Register saved.'), 'register saved');
  ok(await t.page.locator('fieldset:has-text("Kid0003") input[value=A]').isChecked(), 'the absence shows after saving');
  await shot(t.page, 'register');
  const after = await absentSum(t.page);
  ok(after === before + 1, `the student's attendance counts the absence (${before} -> ${after})`);

  // ---- markbook by item, keyboard and paste ----
  await t.page.goto(`${base}/classes/CL1A/marks`);
  await t.page.fill('#n', 'Fractions quiz');
  await t.page.fill('#it', 'Q1 5 M5.1\nQ2 5 M5.2');
  await Promise.all([t.page.waitForNavigation(), t.page.click('form.entry button[type=submit]')]);
  ok(t.page.url().includes('/classes/CL1A/marks/'), 'a new assessment opens its markbook');
  const c00 = t.page.locator('input[name=c0_0]');
  await c00.click();
  await c00.type('9');
  ok(await c00.getAttribute('aria-invalid') === 'true', 'a score above the maximum is flagged as it is typed');
  await c00.fill('');
  await c00.type('4');
  await c00.press('Enter');
  ok(await t.page.evaluate(() => document.activeElement.name) === 'c1_0', 'Enter moves down the column');
  await t.page.keyboard.type('3');
  await t.page.keyboard.press('Tab');
  await t.page.locator('input[name=c0_1]').focus();
  await t.page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', '5\n4\n3\n2\n1\n');
    document.querySelector('input[name=c0_1]').dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  const pasted = await t.page.evaluate(() => [0, 1, 2, 3, 4].map(i => document.querySelector(`input[name=c${i}_1]`).value).join(','));
  ok(pasted === '5,4,3,2,1', `a pasted column fills the column (${pasted})`);
  await fits(t.page, 'markbook');
  await Promise.all([t.page.waitForNavigation(), t.page.click('form.marks button[type=submit]')]);
  ok((await t.page.content()).includes('Marks saved: 7 values changed.'), 'marks saved, and the page says how many values changed');
  ok(await t.page.locator('input[name=c2_1]').inputValue() === '3', 'saved marks show on the markbook');
  await shot(t.page, 'markbook');
  await t.page.goto(`${base}/classes/CL1A`);
  ok((await t.page.content()).includes('Fractions quiz'), "the class's item analysis includes the new assessment");

  // ---- behaviour and attitude ----
  await t.page.goto(`${base}/classes/CL1A/behaviour`);
  await t.page.selectOption('#st', 'STU0003');
  await t.page.locator('label:has-text("negative") span').click();
  await t.page.fill('#cat', 'disruption');
  await t.page.fill('#pt', '-1');
  await t.page.fill('#nt', 'Talked over others during group work');
  await Promise.all([t.page.waitForNavigation(), t.page.click('form.entry button[type=submit]')]);
  let html = await t.page.content();
  ok(html.includes('Recorded.') && html.includes('Talked over others'), 'behaviour event recorded and listed');
  await shot(t.page, 'behaviour');
  await t.page.goto(`${base}/classes/CL1A/attitude`);
  const grades = t.page.locator('fieldset.mark');
  ok(await grades.count() === 20, 'attitude form lists the class');
  await t.page.locator('fieldset:has-text("Kid0001") label:has-text("Excellent") span').click();
  await t.page.locator('fieldset:has-text("Kid0002") label:has-text("Requires improvement") span').click();
  await Promise.all([t.page.waitForNavigation(), t.page.click('form.entry button[type=submit]')]);
  ok((await t.page.content()).includes('Grades saved.'), 'attitude grades saved');
  ok(await t.page.locator('fieldset:has-text("Kid0002") input[value="3"]').isChecked(), 'the grade shows after saving');

  // ---- a failed save keeps what was typed ----
  const mb = await t.page.goto(`${base}/classes/CL1A/marks/A25M`);
  ok(mb.status() === 200, 'teacher opens the shared markbook');
  await t.page.fill('input[name=c3_0]', '8');
  await t.ctx.clearCookies(); // the session is gone (expired, or signed out elsewhere)
  const resp = await Promise.all([t.page.waitForNavigation(), t.page.click('form.marks button[type=submit]')]);
  ok(resp[0] && resp[0].status() === 401, 'a save without a session is refused');
  await t.page.goto(base + '/login');
  await t.page.fill('#username', 'teacher1');
  await t.page.fill('#password', 'pw-teacher1-1');
  await Promise.all([t.page.waitForNavigation(), t.page.click('form.login button')]);
  await t.page.goto(`${base}/classes/CL1A/marks/A25M`);
  ok(await t.page.locator('#restored').isVisible(), 'after signing in again the page says it restored the typing');
  ok(await t.page.locator('input[name=c3_0]').inputValue() === '8', 'and the typed value is back');
  await t.ctx.close();

  // ---- without JavaScript: the register still saves; a bad score is
  // re-rendered with what was typed ----
  const nj = await session('teacher1', { javaScriptEnabled: false });
  await nj.page.goto(`${base}/classes/CL1A/register?date=2025-11-04`);
  await nj.page.locator('fieldset:has-text("Kid0005") label:has-text("Late")').click();
  await Promise.all([nj.page.waitForNavigation(), nj.page.click('form.register button[type=submit]')]);
  ok((await nj.page.content()).includes('Register saved.'), 'a register saves with JavaScript off');
  await nj.page.goto(`${base}/classes/CL1A/marks/A25M`);
  await nj.page.fill('input[name=c4_0]', '77');
  await nj.page.fill('input[name=c5_0]', '6');
  const bad = await Promise.all([nj.page.waitForNavigation(), nj.page.click('form.marks button[type=submit]')]);
  ok(bad[0].status() === 422, 'a score above the maximum is refused by the server');
  ok(await nj.page.locator('input[name=c4_0]').inputValue() === '77' &&
     await nj.page.locator('input[name=c5_0]').inputValue() === '6', 'the refused page keeps both typed values');
  await nj.ctx.close();

  // ---- survey: the principal defines it, a student answers twice ----
  const p = await session('principal1');
  await p.page.goto(`${base}/surveys/new`);
  await p.page.fill('#t', 'Pupil voice');
  await p.page.fill('#c', '2025-11-30');
  await p.page.fill('input[name=qt1]', 'I enjoy my lessons');
  await p.page.selectOption('select[name=qk2]', 'text');
  await p.page.fill('input[name=qt2]', 'What would make school better?');
  await Promise.all([p.page.waitForNavigation(), p.page.click('form.entry button[type=submit]')]);
  ok((await p.page.content()).includes('Survey created.'), 'principal defines an anonymous survey');
  const s = await session('student1');
  await s.page.goto(`${base}/surveys`);
  await Promise.all([s.page.waitForNavigation(), s.page.click('a:has-text("Pupil voice")')]);
  const second = await s.ctx.newPage();
  await second.goto(s.page.url());
  await s.page.locator('label:has-text("Agree") >> nth=1').click();
  await s.page.fill('textarea', 'More sport');
  await Promise.all([s.page.waitForNavigation(), s.page.click('form.entry button[type=submit]')]);
  ok((await s.page.content()).includes('your answers are saved'), 'student answers the survey');
  await second.locator('label:has-text("Disagree") >> nth=0').click();
  const twice = await Promise.all([second.waitForNavigation(), second.click('form.entry button[type=submit]')]);
  ok(twice[0].status() === 409 && (await second.content()).includes('already answered'),
    'a second answer (from a form opened earlier) is refused');
  await shot(second, 'survey-twice');
  await s.ctx.close();
  await p.page.goto(`${base}/surveys`);
  await Promise.all([p.page.waitForNavigation(), p.page.click('a[href$="/results"]:has-text("Pupil voice")')]);
  html = await p.page.content();
  ok(html.includes('Responses') && html.includes('Fewer than'), 'results show the count and suppress a single answer');

  // ---- observation: principal records; teacher sees own; officer aggregates ----
  await p.page.goto(`${base}/orgs/SCH1/observations/new`);
  await p.page.selectOption('#tc', 'T1');
  for (const crit of ['Lesson planning', 'Questioning', 'Feedback'])
    await p.page.locator(`fieldset:has-text("${crit}") label:has-text("3") span`).click();
  await p.page.fill('#nt', 'Pupils explained their methods to each other.');
  await p.page.fill('#ns', 'Use exit tickets to check understanding.');
  await Promise.all([p.page.waitForNavigation(), p.page.click('form.entry button[type=submit]')]);
  ok((await p.page.content()).includes('Observation recorded.'), 'principal records an observation');
  await shot(p.page, 'observations');
  await p.ctx.close();
  const t2 = await session('teacher1');
  await t2.page.goto(`${base}/observations`);
  ok((await t2.page.content()).includes('Use exit tickets'), 'the observed teacher sees the agreed next steps');
  const rem = await t2.page.goto(`${base}/todo`);
  ok(rem.status() === 200, 'the teacher has a to-do page');
  await t2.ctx.close();
  const o = await session('officer_b1');
  await o.page.goto(`${base}/orgs/SCH1/observations`);
  html = await o.page.content();
  ok(html.includes('Scores by criterion') && !html.includes('exit tickets'), 'an officer sees only aggregates');
  await o.page.goto(`${base}/orgs/B1/collection`);
  ok((await o.page.content()).includes('Windows'), 'an officer sees the collection windows');
  await shot(o.page, 'collection');
  await o.ctx.close();

  // ---- accessibility of the entry pages (axe needs its own script) ----
  const ax = await session('teacher1', { bypassCSP: true });
  for (const [pth, what] of [[`/classes/CL1A/register?date=${DATE}`, 'register'],
    ['/classes/CL1A/marks/A25M', 'markbook'], ['/classes/CL1A/behaviour', 'behaviour form'],
    ['/classes/CL1A/attitude', 'attitude form']]) {
    await ax.page.goto(base + pth);
    await axe(ax.page, what);
  }
  await ax.ctx.close();
} catch (e) {
  ok(false, 'browser run: ' + e.message.split('\n')[0]);
} finally {
  await browser.close();
}
console.log(`${n - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
