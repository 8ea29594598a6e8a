// The built dist/ served from a folder of a host (`/ai-cities/`), as well as from its root: every
// file the page loads, the analysis worker's and the whole dataset's included, comes from that
// folder, and the view's address stays in it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankingReady } from './ranking.mjs';
import { siteUnderTest } from './site.mjs';

const BASE = '/ai-cities/';

const site = siteUnderTest({ serve: { base: BASE } });

test('under a sub-path the page, its worker and its whole dataset load from that folder', async () => {
  const page = await site.browser.newPage();
  const problems = [];
  const outside = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('requestfinished', async (request) => {
    const response = await request.response();
    if (!new URL(request.url()).pathname.startsWith(BASE) || response?.status() !== 200) {
      outside.push(`${request.url()} ${response?.status()}`);
    }
  });
  await page.goto(`${site.server.origin}${BASE}?city=toronto`);
  await rankingReady(page);
  // The rank bands come from the worker; the detail's research sources from the whole dataset.
  await page.getByTestId('band-status').filter({ hasText: '90% of the weightings' }).waitFor({ timeout: 30000 });
  await page.getByRole('button', { name: 'Methodology and sources' }).click();
  await page.getByTestId('methodology').locator('h3').first().waitFor();
  assert.equal(new URL(page.url()).pathname, BASE);
  assert.deepEqual(outside, []);
  assert.deepEqual(problems, []);
  await page.close();
});
