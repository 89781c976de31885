// Browser tests of attain serve: Debian's chromium driven by
// playwright-core. For each role: sign in through the form, open each of
// the role's pages, check the key figures, that the page weighs under
// 150 KB and fits a 360 px wide screen without sideways scrolling, save a
// screenshot, and run axe-core (no serious or critical violations).
// Also: a page works with JavaScript off.
//   node run.mjs BASE_URL SCREENSHOT_DIR
// Prints "ok N - ..." / "not ok N - ..." lines (counted by tests/run.sh).
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

// role, password, pages: [path, figure id, expected figure text, name]
const plan = JSON.parse(fs.readFileSync(new URL('./plan.json', import.meta.url), 'utf8'));

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'attain-e2e-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 360, height: 800 },
  bypassCSP: true,
});

async function signIn(page, user, pw) {
  await page.goto(base + '/login');
  await page.fill('#username', user);
  await page.fill('#password', pw);
  await Promise.all([page.waitForNavigation(), page.click('form.login button')]);
}

try {
  for (const acct of plan.accounts) {
    await browser.clearCookies();
    const page = await browser.newPage();
    await signIn(page, acct.user, acct.password);
    ok(!page.url().includes('/login'), `${acct.user} signs in through the form`);
    for (const pg of acct.pages) {
      const resp = await page.goto(base + pg.path);
      const body = await resp.body();
      ok(resp.status() === 200, `${acct.user} opens ${pg.path} (${resp.status()})`);
      ok(body.length < 150 * 1024, `${pg.path} weighs ${body.length} bytes (< 150 KB)`);
      for (const [sel, want] of Object.entries(pg.expect || {})) {
        const got = (await page.locator(sel).first().textContent() || '').trim();
        ok(got === want, `${pg.path} ${sel} shows "${got}" (want "${want}")`);
      }
      for (const text of pg.contains || []) {
        ok(body.toString().includes(text), `${pg.path} contains "${text}"`);
      }
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      ok(width <= 362, `${pg.path} fits 360 px (scroll width ${width})`);
      const shot = path.join(shots, `${acct.user}-${pg.name}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      await page.addScriptTag({ content: axeSource });
      const res = await page.evaluate(async () => await window.axe.run(document,
        { resultTypes: ['violations'] }));
      const bad = res.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
      ok(bad.length === 0, `${pg.path} has no serious axe violations` +
        (bad.length ? ': ' + bad.map(v => `${v.id} (${v.nodes.length}) ${v.nodes[0].target}`).join('; ') : ''));
    }
    await page.close();
  }
  // Without JavaScript: sign in and read a page.
  await browser.clearCookies();
  const ctx = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const nojs = await ctx.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
  const p2 = await nojs.newPage();
  const a = plan.accounts[0];
  await signIn(p2, a.user, a.password);
  const r2 = await p2.goto(base + a.pages[0].path);
  ok(r2.status() === 200 && (await p2.content()).includes('<table'),
    'pages work with JavaScript off');
  await ctx.close();
} catch (e) {
  ok(false, 'browser run: ' + e.message.split('\n')[0]);
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`${n - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
