// The page's layout at a phone's, a tablet's and a desktop's width, light and dark: screenshots
// under test-results/ for a reviewer to look at, and checks that no panel overflows its width.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { rankingReady } from './ranking.mjs';
import { ROOT, siteUnderTest } from './site.mjs';

const shots = join(ROOT, 'test-results', 'layout');

const WIDTHS = [320, 360, 768, 1440];
const SCHEMES = ['light', 'dark'];
const VIEWS = [
  ['main', ''],
  ['detail', '?city=toronto'],
  ['zoomed', '?map=633_5266_783&city=london'],
];

before(() => mkdir(shots, { recursive: true }));

const site = siteUnderTest();

/** The panels, and the page itself, that are wider inside than their box. */
const overflowing = (page) =>
  page.evaluate(() =>
    [document.documentElement, ...document.querySelectorAll('section, figure, .layout > *')]
      .filter((element) => element.scrollWidth > element.clientWidth + 1)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className} ${element.scrollWidth} > ${element.clientWidth}`),
  );

for (const width of WIDTHS) {
  for (const scheme of SCHEMES) {
    test(`at ${width} px, ${scheme}, no panel overflows and the views are photographed`, async () => {
      const page = await site.browser.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      for (const [name, query] of VIEWS) {
        await page.goto(`${site.server.origin}/${query}`);
        await rankingReady(page);
        if (name === 'detail') await page.locator('[data-testid=city-detail]').waitFor();
        assert.deepEqual(await overflowing(page), [], `${name} view`);
        await page.screenshot({ path: join(shots, `${name}-${width}-${scheme}.png`), fullPage: true });
      }
      await page.close();
    });
  }
}

test('at 1440 × 900 the weights panel fits on one screen', async () => {
  const page = await site.browser.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${site.server.origin}/`);
  await rankingReady(page);
  const height = await page.locator('section.weights').evaluate((element) => element.getBoundingClientRect().height);
  assert.ok(height <= 900, `the weights panel is ${height} px tall`);
  await page.close();
});
