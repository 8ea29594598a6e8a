// The offline copy: after a first visit, the page reloads, reranks, and opens its methodology
// with the network cut and the server gone; and a new deploy's service worker takes over from the
// old one without mixing the two, and deletes the old one's cache.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compressDirectory, serveDirectory } from './static-server.mjs';
import { launchChromium } from './chromium.mjs';
import { rankingReady } from './ranking.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const dist = join(root, 'dist');
let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** Resolves once `check`, an async function evaluated in `page`, resolves to true. */
async function until(page, check, timeout = 30_000) {
  for (const start = Date.now(); Date.now() - start < timeout; await new Promise((r) => setTimeout(r, 100))) {
    if (await page.evaluate(check)) return;
  }
  throw new Error(`timed out waiting for ${check}`);
}

/** Resolves once the page's service worker is active. */
const activated = (page) => until(page, async () => (await navigator.serviceWorker.ready).active.state === 'activated');

const rowIds = (page) =>
  page.locator('[data-testid=city-row]').evaluateAll((rows) => rows.map((row) => row.dataset.cityId));

test('after a first visit the page works offline: reload, rerank, methodology', async () => {
  const server = await serveDirectory(dist);
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${server.origin}/?city=toronto`);
  await rankingReady(page);
  // The service worker registers after the first view and stores the whole build.
  await activated(page);

  await browser.setOffline(true);
  await server.close();
  await page.reload();
  await rankingReady(page);
  assert.equal((await rowIds(page)).length, 61);
  assert.equal(await page.getByTestId('city-detail').locator('h2').textContent(), 'Toronto');

  const before = await rowIds(page);
  await page.getByRole('button', { name: 'Industry and startups', exact: true }).click();
  await page.waitForURL(/p=industry/);
  await page.waitForFunction((was) => {
    const now = [...document.querySelectorAll('[data-testid=city-row]')].map((row) => row.dataset.cityId);
    return now.join() !== was.join();
  }, before);
  // The analysis worker and the whole dataset come from the offline copy too.
  await page.waitForFunction(() => document.querySelector('[data-testid=band-status]').dataset.state === 'ready', null, { timeout: 30000 });
  await page.getByRole('button', { name: 'Methodology and sources' }).click();
  await page.getByTestId('methodology').locator('h3').first().waitFor();
  assert.deepEqual(problems, []);
  await page.close();
  await browser.setOffline(false);
});

test('a new deploy installs beside the old one, takes over when its pages are closed, and clears the old cache', async () => {
  const site = await compressDirectory(dist);
  const server = await serveDirectory(dist, { files: site });
  const first = await browser.newPage();
  await first.goto(`${server.origin}/`);
  await rankingReady(first);
  await activated(first);
  // Reloaded, the page is one the old worker controls.
  await first.reload();
  await rankingReady(first);
  const caches = (page) => page.evaluate(() => caches.keys());
  const [oldCache] = await caches(first);
  assert.match(oldCache, /^ai-cities-index-[0-9a-f]{16}$/);

  // The next deploy: the same files under a new version.
  const worker = site.get('service-worker.js').identity.toString();
  const version = worker.match(/const VERSION = "([0-9a-f]{16})"/)[1];
  const deployed = await mkdtemp(join(tmpdir(), 'ai-cities-deploy-'));
  await writeFile(join(deployed, 'service-worker.js'), worker.replace(version, 'f'.repeat(16)));
  site.set('service-worker.js', (await compressDirectory(deployed)).get('service-worker.js'));
  await rm(deployed, { recursive: true, force: true });

  await first.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await until(first, async () => (await navigator.serviceWorker.getRegistration()).waiting !== null);
  assert.deepEqual(await caches(first), [oldCache, `ai-cities-index-${'f'.repeat(16)}`].sort());
  await first.close();

  // With the old page gone, the new worker activates on its own; the next visit is its.
  const newCache = `ai-cities-index-${'f'.repeat(16)}`;
  const newWorkerActive = async () => {
    for (const worker of browser.serviceWorkers()) {
      const [cache, state] = await worker.evaluate(() => [CACHE, self.serviceWorker.state]).catch(() => []);
      if (cache === newCache && state === 'activated') return true;
    }
    return false;
  };
  for (const start = Date.now(); !(await newWorkerActive()); await new Promise((r) => setTimeout(r, 100))) {
    assert.ok(Date.now() - start < 30_000, 'the new worker activates once the old page is closed');
  }
  const next = await browser.newPage();
  await next.goto(`${server.origin}/`);
  await rankingReady(next);
  await until(next, async () => (await caches.keys()).length === 1);
  assert.deepEqual(await caches(next), [newCache]);
  await next.close();
  await server.close();
});
