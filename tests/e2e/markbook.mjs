// Browser test of the markbook at real sizes (tests/t/t0730-markbook-browser.sh):
// Debian's chromium driven by playwright-core under the server's real
// Content Security Policy. A teacher creates a diagnostic test with 12
// items and one with 40 for a class of 60, fills every column by pasting
// it (the entry script fills a column from its first box), saves, and
// every value is read back; then corrects one item of a scaled
// assessment: the 272/600 total stays and is marked to review, and
// ticking it keeps it.
//   node markbook.mjs BASE_URL SCREENSHOT_DIR
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
// the mark of the i-th student on the page in item column j
const mark = (code, j) => ((Number(code.slice(3)) - 1001) * 7 + j * 3) % 6;

try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(base + '/login');
  await page.fill('#username', 'teacher1');
  await page.fill('#password', 'pw-teacher1-1');
  await Promise.all([page.waitForNavigation(), page.click('form.login button')]);

  for (const items of [12, 40]) {
    await page.goto(`${base}/classes/CL1W/marks`);
    await page.fill('#n', `Diagnostic ${items}`);
    await page.selectOption('#k', 'diagnostic');
    await page.fill('#it', Array.from({ length: items }, (_, j) => `I${j + 1} 5`).join('\n'));
    await Promise.all([page.waitForNavigation(), page.click('form.entry button[type=submit]')]);
    const url = page.url();
    ok(url.includes('/classes/CL1W/marks/'), `a ${items}-item assessment opens its markbook`);
    const codes = await page.$$eval('tbody input[type=hidden][name^=s]', es => es.map(e => e.value));
    ok(codes.length === 60, `the markbook lists the 60 students (${codes.length})`);
    // paste each column into its first box, as copied from a spreadsheet
    for (let j = 0; j < items; j++) {
      const text = codes.map(c => String(mark(c, j))).join('\n') + '\n';
      await page.evaluate(([j, text]) => {
        const dt = new DataTransfer();
        dt.setData('text/plain', text);
        document.querySelector(`input[name=c0_${j}]`).dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      }, [j, text]);
    }
    const filled = await page.$$eval('input[data-r]', es => es.filter(e => e.value !== '').length);
    ok(filled === 60 * items, `pasting ${items} columns fills all ${60 * items} boxes (${filled})`);
    const [resp] = await Promise.all([page.waitForNavigation(), page.click('form.marks button[type=submit]')]);
    ok(resp.status() === 200 && (await page.content()).includes(`Marks saved: ${60 * items} values changed.`),
      `the full 60 x ${items} markbook saves and says how many values changed`);
    await page.screenshot({ path: path.join(shots, `markbook-60x${items}.png`) });
    const api = url.replace(base, base + '/api');
    const j = await (await page.request.get(api)).json();
    let right = 0;
    for (const s of j.students)
      s.items.forEach((v, k) => { if (v === mark(s.student, k)) right++; });
    ok(right === 60 * items, `every one of the ${60 * items} values landed (${right})`);
    const sums = j.students.filter(s => s.total === s.items.reduce((a, b) => a + b, 0)).length;
    ok(sums === 60 && j.total === 'sum', `every total is the sum of its items (${sums})`);
  }

  // a scaled total: correct one item, the total stays and is flagged
  await page.goto(`${base}/classes/CL1A/marks/A25S`);
  ok((await page.content()).includes('scaled score'), 'the scaled markbook says how its total behaves');
  const row = await page.$$eval('tbody input[type=hidden][name^=s]', es => es.findIndex(e => e.value === 'STU0001'));
  await page.fill(`input[name=c${row}_2]`, '1');
  await Promise.all([page.waitForNavigation(), page.click('form.marks button[type=submit]')]);
  let html = await page.content();
  ok(html.includes('1 scaled totals kept and marked to review'), 'the save says the total was kept and flagged');
  ok(await page.inputValue(`input[name=c${row}_12]`) === '272', 'the total shows 272, not the sum of the items');
  ok(await page.locator(`td.review input[name=c${row}_12]`).count() === 1, 'and is marked to review');
  await page.screenshot({ path: path.join(shots, 'markbook-scaled-review.png') });
  await page.check(`input[name=k${row}]`);
  await Promise.all([page.waitForNavigation(), page.click('form.marks button[type=submit]')]);
  html = await page.content();
  ok(html.includes('1 totals confirmed.') && (await page.locator('td.review').count()) === 0,
    'ticking it keeps the total and clears the mark');
  await ctx.close();
} catch (e) {
  ok(false, 'browser run: ' + e.message.split('\n')[0]);
} finally {
  await browser.close();
}
console.log(`${n - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
