// The height of each account's start page at a viewport width, in px:
// "ACCOUNT URL HEIGHT" per line (the measure of "every start page under
// 5,000 px at 1280 wide"; docs/ROLES.md).
//   node heights.mjs BASE_URL PASSWORD WIDTH ACCOUNT...
import { chromium } from 'playwright-core';

const [base, pw, width, ...users] = process.argv.slice(2);
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
try {
  for (const u of users) {
    const ctx = await browser.newContext({ viewport: { width: Number(width), height: 900 } });
    const page = await ctx.newPage();
    await page.goto(base + '/login');
    await page.fill('#username', u);
    await page.fill('#password', pw);
    await Promise.all([page.waitForNavigation({ timeout: 120000 }), page.click('form.login button')]);
    const h = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(`${u} ${page.url().replace(base, '')} ${h}`);
    await ctx.close();
  }
} finally {
  await browser.close();
}
