// The user's own data in Chromium against dist/: a CSV loaded through the file picker ranks,
// survives a reload and opens again from its link; a link to a file this browser does not keep
// says so and offers the bundled data; a malformed file names its problems and keeps the view;
// names full of markup stay text.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { compressDirectory } from './static-server.mjs';
import { collectProblems } from './chromium.mjs';
import { rankingReady } from './ranking.mjs';
import { DIST, siteUnderTest } from './site.mjs';

const PLACES = `name,country,lat,lon,papers,rent
#direction,,,,higher,lower
#transform,,,,log,linear
#source,,,,A survey of papers,A survey of rents
#preset Papers only,,,,5,0
Berlin,Germany,52.52,13.40,1234,18.5
Lisbon,Portugal,38.72,-9.14,310,
Tartu,Estonia,58.38,26.72,95,9.1
`;

const site = siteUnderTest({
  // The site, and a file of places beside it for `?data=`.
  serve: async () => {
    const files = await compressDirectory(DIST);
    const text = Buffer.from(PLACES);
    files.set('places.csv', { identity: text, br: brotliCompressSync(text), gzip: gzipSync(text) });
    return { files };
  },
  chromium: { serviceWorkers: 'block' },
});

/** Opens `query` and collects the page's errors. */
async function open(query = '') {
  const page = await site.browser.newPage();
  const problems = collectProblems(page);
  await page.goto(`${site.server.origin}/${query}`);
  return { page, problems };
}

/** Chooses a file named `name` holding `text` in the page's file picker. */
async function choose(page, name, text) {
  const mimeType = name.endsWith('.json') ? 'application/json' : 'text/csv';
  await page.getByLabel('Your own data: a CSV or JSON file of places').setInputFiles({
    name,
    mimeType,
    buffer: Buffer.from(text),
  });
}

const cityNames = (page) => page.locator('[data-testid=city-row] .city-row__city').allTextContents();

describe('your own data in Chromium', () => {
  test('a CSV ranks, survives a reload and opens again from its link', async () => {
    const { page, problems } = await open('?p=research');
    await rankingReady(page);
    await choose(page, 'places.csv', PLACES);
    await page.waitForURL(/[?&]own=[0-9a-f]{16}/);
    await rankingReady(page);
    assert.match(await page.getByTestId('own-note').textContent(), /Your own data/);
    assert.deepEqual(await cityNames(page), ['Berlin', 'Tartu', 'Lisbon']);
    assert.equal(await page.locator('input[type=range][id^=weight-]').count(), 2, 'a slider per indicator');
    await page.getByRole('button', { name: 'Papers only' }).click();
    await page.waitForURL(/p=papers-only/);
    // The bands come from the worker, which reads the same file from where the browser keeps it.
    await page.getByTestId('band-status').filter({ hasText: '90% of the weightings' }).waitFor({ timeout: 30000 });
    const link = page.url();

    await page.reload();
    await rankingReady(page);
    assert.equal(page.url(), link);
    assert.deepEqual(await cityNames(page), ['Berlin', 'Lisbon', 'Tartu']);

    const again = await site.browser.newPage();
    await again.goto(link);
    await rankingReady(again);
    assert.deepEqual(await cityNames(again), ['Berlin', 'Lisbon', 'Tartu']);
    await again.getByRole('button', { name: 'Back to the bundled data' }).click();
    await rankingReady(again);
    assert.equal(await again.locator('[data-testid=city-row]').count(), 61);
    assert.equal(new URL(again.url()).search, '');
    await again.close();

    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a link to a file this browser does not keep says so and offers the bundled data', async () => {
    const { page } = await open('?own=0123456789abcdef');
    const missing = page.getByTestId('own-unavailable');
    await missing.waitFor();
    assert.match(await missing.textContent(), /not in this browser/);
    await page.getByRole('button', { name: 'Use the bundled data' }).click();
    await rankingReady(page);
    assert.equal(await page.locator('[data-testid=city-row]').count(), 61);
    await page.close();
  });

  test('?data= ranks the file at that address on the site, and says so when there is none', async () => {
    const { page, problems } = await open('?data=places.csv&p=papers-only');
    await rankingReady(page);
    assert.deepEqual(await cityNames(page), ['Berlin', 'Lisbon', 'Tartu']);
    assert.match(page.url(), /data=places\.csv/);
    assert.match(await page.getByTestId('own-note').textContent(), /Your own data/);
    await page.goto(`${site.server.origin}/?data=missing.csv`);
    const unavailable = page.getByTestId('own-unavailable');
    await unavailable.waitFor();
    assert.match(await unavailable.textContent(), /the server answered 404 for missing\.csv/);
    assert.deepEqual(problems.filter((p) => !p.includes('404')), []);
    await page.close();
  });

  const MALFORMED = [
    ['not-a-number.csv', 'name,lat,lon,papers\nBerlin,52.5,13.4,lots\n', 'line 2, column 4: “lots” in “papers” is not a number'],
    ['off-the-globe.csv', 'name,lat,lon,papers\nBerlin,95,13.4,1\n', 'line 2, column 2: lat 95 is off the globe'],
    ['no-coordinates.csv', 'name,lat,lon,papers\nBerlin,,13.4,1\n', 'line 2, column 2: no lat'],
    ['duplicate.csv', 'name,lat,lon,p\nBerlin,1,1,1\nBerlin,2,2,2\n', 'line 3: a second place named “Berlin” (the first is at line 2)'],
    ['ragged.csv', 'name,lat,lon,p\nBerlin,1,1\n', 'line 2: 3 fields where the header has 4'],
    ['empty.csv', '', 'The file is empty.'],
    ['binary.csv', 'name,lat\n\u0000\u0001', 'a zero byte: this is a binary file'],
    ['broken.json', '{"indicators": [', 'line 1, column 16: EOF while parsing a list'],
  ];

  for (const [name, text, expected] of MALFORMED) {
    test(`${name} is refused with its problem, and the view is kept`, async () => {
      const { page } = await open('?p=industry&r=eu');
      await rankingReady(page);
      const before = await cityNames(page);
      await choose(page, name, text);
      const problems = page.getByTestId('own-data-problems');
      await problems.waitFor();
      assert.ok((await problems.textContent()).includes(expected), await problems.textContent());
      assert.equal(new URL(page.url()).search, '?p=industry&r=eu');
      assert.deepEqual(await cityNames(page), before);
      await page.close();
    });
  }

  test('a file that is not UTF-8 is refused at its first bad byte', async () => {
    const { page } = await open();
    await rankingReady(page);
    await page.getByLabel('Your own data: a CSV or JSON file of places').setInputFiles({
      name: 'latin1.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([...Buffer.from('name,lat,lon,p\nK'), 0xf6, ...Buffer.from('ln,50.9,6.9,1\n')]),
    });
    const problems = page.getByTestId('own-data-problems');
    await problems.waitFor();
    assert.match(await problems.textContent(), /line 2, column 2: bytes that are not UTF-8/);
    await page.close();
  });

  test('names and fields full of markup stay text', async () => {
    const { page, problems } = await open();
    await rankingReady(page);
    await page.evaluate(() => {
      window.alerted = false;
      window.alert = () => (window.alerted = true);
    });
    const markup = [
      'name,country,lat,lon,<img src=x onerror=alert(1)>',
      '"<script>alert(1)</script>",<b>bold</b>,1,1,1',
      '<img src=x onerror=alert(2)>,"<svg onload=alert(3)>",2,2,2',
      '',
    ].join('\n');
    await choose(page, 'markup.csv', markup);
    await page.waitForURL(/own=/);
    await rankingReady(page);
    assert.deepEqual((await cityNames(page)).sort(), ['<img src=x onerror=alert(2)>', '<script>alert(1)</script>']);
    assert.equal(await page.locator('main script, main img[src=x], main svg[onload], main b').count(), 0);
    assert.equal(await page.evaluate(() => window.alerted), false);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
