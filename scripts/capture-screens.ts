// Screenshots of the main pages at 1280×800 for docs/screens/, taken with Debian's Chromium through
// playwright-core (as the e2e tests do) from a running Sift with a dataset that has a model.
//
//   npx tsx scripts/capture-screens.ts <base url> <token> <project> <dataset> [stream]
import { mkdirSync } from 'node:fs';

import { chromium, type Page } from 'playwright-core';

const [baseUrl, token, project, dataset, stream] = process.argv.slice(2);
if (
  baseUrl === undefined ||
  token === undefined ||
  project === undefined ||
  dataset === undefined
) {
  console.error('usage: capture-screens.ts <base url> <token> <project> <dataset> [stream]');
  process.exit(2);
}
const OUT = 'docs/screens';
mkdirSync(OUT, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const at = (path: string) => `${baseUrl}/datasets/${project}/${dataset}${path}`;

async function shot(name: string, page: Page) {
  // Let charts finish their first layout.
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${OUT}/${name}.png` });
  console.log(`${OUT}/${name}.png`);
}

await page.goto(`${baseUrl}/sign-in`);
await page.getByLabel('API token').fill(token);
await page.getByLabel('API token').press('Enter');
await page.getByRole('heading', { level: 1, name: 'Datasets' }).waitFor();

await page.goto(at('/train'));
await page.getByRole('heading', { level: 1, name: 'Train' }).waitFor();
await page.getByRole('button', { name: 'Confirm labels' }).waitFor();
await shot('train', page);

await page.getByRole('tab', { name: 'Discover' }).click();
await page
  .getByRole('button', { name: /^Open cluster / })
  .first()
  .click();
const boxes = page.getByRole('checkbox', { name: /^Tick comment / });
await boxes.first().waitFor();
await boxes.nth(0).check();
await boxes.nth(1).check();
await page.getByLabel('Predicted labels').first().waitFor({ timeout: 20_000 });
await shot('discover', page);

await page.goto(at('/validation'));
await page.getByRole('heading', { level: 1, name: 'Validation' }).waitFor();
await page.getByRole('slider', { name: 'Threshold' }).first().waitFor();
await shot('validation', page);

await page.goto(at('/streams'));
await page.getByRole('heading', { level: 1, name: 'Streams' }).waitFor();
if (stream !== undefined) {
  await page.getByRole('button', { name: `Manage stream ${stream}` }).click();
  await page.getByRole('button', { name: 'Preview next comments' }).click();
  await page.getByRole('table', { name: /^Next \d+ comments/ }).waitFor();
  await page.getByRole('heading', { name: `Stream ${stream}` }).scrollIntoViewIfNeeded();
}
await shot('streams', page);

await page.goto(at('/reports'));
await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
await page.getByText(/comments in range\./).waitFor();
await page.getByLabel('Resolution').selectOption('week');
await page.waitForTimeout(500);
await shot('reports', page);
await page.getByRole('heading', { name: 'Label volume' }).scrollIntoViewIfNeeded();
await page.mouse.move(640, 400);
await page.mouse.wheel(0, 330);
await shot('reports-labels', page);

await browser.close();
