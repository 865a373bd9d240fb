// Screenshots of pages of a running Dossier, in Debian's Chromium, for looking
// at what a change did: node scripts/screenshots.mjs http://127.0.0.1:3000 / /collections/x …
// PNGs go to ./screenshots/ (not committed). WIDTH=390 gives a phone-sized view;
// FULL=0 keeps to the first screen (HEIGHT px tall, 900 by default) instead of the whole page.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error('usage: node scripts/screenshots.mjs <base-url> <path>…');
  process.exit(2);
}
const width = Number(process.env.WIDTH ?? 1280);
const height = Number(process.env.HEIGHT ?? 900);
const fullPage = process.env.FULL !== '0';
mkdirSync('screenshots', { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width, height } });
for (const path of paths) {
  await page.goto(new URL(path, base).href, { waitUntil: 'load' });
  const name = `${width}-${path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home'}.png`;
  await page.screenshot({ path: `screenshots/${name}`, fullPage });
  console.log(`screenshots/${name}`);
}
await browser.close();
