// End-to-end tests in Debian's Chromium against the release build in dist/, served on
// 127.0.0.1 the way a static host serves it. Run by scripts/test after `trunk build --release`.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { collectProblems } from './chromium.mjs';
import { AUDITED_VIEWS, axeViolations } from './accessibility.mjs';
import { rankingReady } from './ranking.mjs';
import { siteUnderTest } from './site.mjs';

const site = siteUnderTest({
  // The offline copy's service worker would answer the requests these tests reroute, once a
  // page has registered it; it has a test of its own (offline.test.mjs).
  chromium: { serviceWorkers: 'block' },
});

/** Opens `query` on a fresh page, waits for the ranked list, and collects problems. */
async function open(query = '') {
  const page = await site.browser.newPage();
  const problems = collectProblems(page);
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`${site.server.origin}/${query}`);
  await rankingReady(page);
  return { page, problems, requests };
}

/** Waits until the page has rendered what the last change scheduled (two animation frames). */
const settled = (page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

const rowIds = (page) =>
  page.locator('[data-testid=city-row]').evaluateAll((rows) => rows.map((row) => row.dataset.cityId));

/** What every weight slider holds, in page order. */
const sliderValues = (page) => page.locator('input[type=range]').evaluateAll((sliders) => sliders.map((s) => s.value));

/** Each row's text, less its coverage line: that line also shows the rank band, which follows
 * the worker's answers on their own time, and has tests of its own. */
const rowTexts = (page) =>
  page.locator('[data-testid=city-row]').evaluateAll((rows) =>
    rows.map((row) =>
      [...row.childNodes]
        .filter((node) => !(node instanceof Element && node.classList.contains('city-row__coverage')))
        .map((node) => node.textContent)
        .join(''),
    ),
  );

/** Presses the mouse on the left end of the slider `id`; `to(fraction)` drags it along its track. */
async function grabSlider(page, id) {
  const slider = page.locator(`#${id}`);
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  const at = (fraction) => box.x + 2 + fraction * (box.width - 4);
  await page.mouse.move(at(0), y);
  await page.mouse.down();
  return { to: (fraction) => page.mouse.move(at(fraction), y, { steps: 8 }) };
}

/** Opens the weights panel's disclosure of the method's choices. */
const openMethod = (page) => page.locator('.weights__method-disclosure > summary').click();

const markerIds = (page) =>
  page
    .locator('[data-testid=world-map] circle[data-city-id]')
    .evaluateAll((markers) => markers.map((marker) => marker.dataset.cityId));

describe('the AI Cities Index in Chromium', () => {
  test('loads with every city, no console errors and nothing from another origin', async () => {
    const { page, problems, requests } = await open();
    assert.equal((await rowIds(page)).length, 61);
    assert.equal((await markerIds(page)).length, 61);
    assert.equal(await page.locator('#loading-shell').count(), 0, "index.html's stand-in is gone");
    assert.equal(await page.locator('h1').count(), 1);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(problems, []);
    const foreign = requests.filter((url) => !url.startsWith(site.server.origin) && !url.startsWith('data:'));
    assert.deepEqual(foreign, []);
    await page.close();
  });

  test('moving a slider reorders the list and updates the URL; reloading keeps the order', async () => {
    const { page, problems } = await open();
    const before = await rowIds(page);
    await page.locator('#weight-seed').fill('10');
    await page.waitForURL(/[?&]w=[a-z0-9]*seed10/);
    await settled(page);
    const after = await rowIds(page);
    assert.notDeepEqual(after, before);
    assert.equal(await page.locator('#weight-seed + output').textContent(), '10');
    // A city that moved up shows it as a symbol and says it in words.
    const risen = page.getByRole('img', { name: /^up \d+ places? from the default weights$/ }).first();
    assert.match(await risen.textContent(), /^▲\d+$/);
    await page.reload();
    await rankingReady(page);
    assert.deepEqual(await rowIds(page), after);
    assert.equal(await page.locator('#weight-seed').inputValue(), '10');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('every score fits its box: "100.0", "no score" and "too little data" take a wider one', async () => {
    // Only TOP500 compute counts: US cities score 100.0, and Hong Kong, which the list does not
    // name apart from China, has no score; with a little weight on papers too, its data covers
    // too little of the weight to rank it.
    for (const [query, unscored] of [
      ['?w=top0paph0uai0uni0seed0rmax10', 'no score'],
      ['?w=top1paph0uai0uni0seed0rmax10', 'too little data'],
    ]) {
      const { page, problems } = await open(query);
      const scores = await page.locator('.city-row__value').evaluateAll((boxes) =>
        boxes.map((box) => ({
          text: box.textContent,
          wide: box.classList.contains('city-row__value--wide'),
          overflow: box.scrollWidth - box.clientWidth,
        })),
      );
      assert.equal(scores[0].text, '100.0');
      assert.ok(scores.some((score) => score.text === unscored), `${query}: ${unscored}`);
      for (const score of scores) {
        assert.equal(score.wide, score.text.length > 4, score.text);
        assert.ok(score.overflow <= 0, `${score.text} overflows its box by ${score.overflow} px`);
      }
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  test('the coverage rule and the per-capita view are kept in the URL and said on the page', async () => {
    const { page, problems } = await open('?w=top1paph0uai0uni0seed0rmax10');
    const count = page.getByTestId('ranked-count');
    assert.match(await count.textContent(), /^60 of 61 cities ranked/);
    const hongKong = page.locator('[data-testid=city-row][data-city-id=hong-kong]');
    assert.match(await hongKong.textContent(), /too little data/);
    assert.equal(await hongKong.locator('.city-row__rank').textContent(), '–');
    await openMethod(page);
    await page.locator('#min-coverage').fill('0');
    await page.waitForURL(/[?&]cov=0/);
    await settled(page);
    assert.match(await count.textContent(), /^61 of 61 cities ranked/);

    await page.getByRole('checkbox', { name: 'Per million inhabitants' }).check();
    await page.waitForURL(/[?&]pc=1/);
    await settled(page);
    assert.match(await count.textContent(), /Per-capita view/);
    assert.match(await page.locator('.map__legend').textContent(), /Per-capita view/);
    await page.locator('[data-city-id=london] .city-row__name').click();
    await page.waitForURL(/city=london/);
    await page.getByTestId('city-detail').getByText('What its research count rests on').waitFor();
    const detail = await page.getByTestId('city-detail').textContent();
    assert.match(detail, /per million inhabitants/);
    assert.match(detail, /not applicable per capita/);
    assert.match(detail, /placed by site, .* by the company-HQ rule/);
    assert.match(detail, /What its research count rests on/);
    await page.goBack();
    await page.goBack();
    await settled(page);
    assert.equal(await page.getByRole('checkbox', { name: 'Per million inhabitants' }).isChecked(), false);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a drag updates the rows in sight at once, and every row and the URL when the pointer is released', async () => {
    const { page, problems } = await open();
    const before = await rowTexts(page);
    const slider = await grabSlider(page, 'weight-seed');
    await slider.to(1);
    await page.locator('#weight-seed + output', { hasText: '10' }).waitFor();
    await settled(page);
    const dragging = await rowTexts(page);
    assert.equal(await page.locator('[data-testid=ranked-list]').getAttribute('aria-busy'), 'true');
    assert.doesNotMatch(page.url(), /seed10/, 'the URL waits for the drag to end');
    await page.mouse.up();
    await page.waitForURL(/seed10/);
    await rankingReady(page);
    await settled(page);
    const released = await rowTexts(page);

    const fresh = await site.browser.newPage();
    await fresh.goto(page.url());
    await rankingReady(fresh);
    const expected = await rowTexts(fresh);
    assert.notDeepEqual(expected, before);
    assert.deepEqual(dragging.slice(0, 5), expected.slice(0, 5), 'the top rows follow the drag');
    assert.deepEqual(released, expected);
    assert.deepEqual(problems, []);
    await fresh.close();
    await page.close();
  });

  test('a page scroll in mid-drag brings the rows it reveals up to date', async () => {
    const { page, problems } = await open();
    // The rows on screen, in the browser's window and the list's scroller, as [position, text].
    const rowsOnScreen = () =>
      page.locator('[data-testid=city-row]').evaluateAll((rows) => {
        const scroller = document.querySelector('.ranking__scroller').getBoundingClientRect();
        const top = Math.max(0, scroller.top);
        const bottom = Math.min(innerHeight, scroller.bottom);
        return rows
          .filter((row) => {
            const box = row.getBoundingClientRect();
            return box.bottom > top && box.top < bottom;
          })
          .map((row) => [
            Number(row.getAttribute('aria-posinset')),
            [...row.childNodes]
              .filter((node) => !(node instanceof Element && node.classList.contains('city-row__coverage')))
              .map((node) => node.textContent)
              .join(''),
          ]);
      });
    const slider = await grabSlider(page, 'weight-seed');
    await page.evaluate(() => window.scrollTo(0, 0));
    await slider.to(1);
    await page.locator('#weight-seed + output', { hasText: '10' }).waitFor();
    await settled(page);
    const lastBefore = (await rowsOnScreen()).at(-1)[0];
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await settled(page);
    const scrolled = await rowsOnScreen();
    assert.ok(scrolled.at(-1)[0] > lastBefore, `the scroll reveals rows past ${lastBefore}`);
    await page.mouse.up();
    await page.waitForURL(/seed10/);

    const fresh = await site.browser.newPage();
    await fresh.goto(page.url());
    await rankingReady(fresh);
    const expected = await rowTexts(fresh);
    for (const [position, text] of scrolled) assert.equal(text, expected[position - 1], `row ${position}`);
    assert.deepEqual(problems, []);
    await fresh.close();
    await page.close();
  });

  test('a drag back to where it started, which fires no change, still ends and leaves every row right', async () => {
    const { page, problems } = await open();
    const before = await rowTexts(page);
    // The machine-learning papers weight starts at 0, the slider's left end, behind the
    // research group's disclosure of the indicators the defaults leave at 0.
    assert.equal(await page.locator('#weight-ml').inputValue(), '0');
    await page.locator('[data-group=research] .weights__more > summary').click();
    const slider = await grabSlider(page, 'weight-ml');
    await slider.to(1);
    await page.locator('#weight-ml + output', { hasText: '10' }).waitFor();
    await slider.to(0);
    await page.mouse.up();
    await page.waitForURL((url) => !/ml[1-9]/.test(url.search), { timeout: 5000 });
    await rankingReady(page);
    await settled(page);
    assert.equal(await page.locator('#weight-ml').inputValue(), '0');
    assert.deepEqual(await rowTexts(page), before);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('presets and filters push history entries that back and forward walk through', async () => {
    const { page, problems } = await open();
    const defaults = await rowIds(page);
    const defaultWeights = await sliderValues(page);
    await page.getByRole('button', { name: 'Research', exact: true }).click();
    await page.waitForURL(/p=research/);
    await settled(page);
    const research = await rowIds(page);
    const researchWeights = await sliderValues(page);
    assert.notDeepEqual(researchWeights, defaultWeights, 'the preset moves the sliders');
    await page.getByLabel('Europe').check();
    await page.waitForURL(/r=eu/);
    await settled(page);
    const europe = await rowIds(page);
    assert.ok(europe.length < research.length);

    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('r=eu'));
    await settled(page);
    assert.deepEqual(await rowIds(page), research);
    assert.equal(await page.getByLabel('Europe').isChecked(), false);
    await page.goBack();
    await page.waitForURL((url) => url.search === '');
    await settled(page);
    assert.deepEqual(await rowIds(page), defaults);
    assert.deepEqual(await sliderValues(page), defaultWeights);
    await page.goForward();
    await page.waitForURL(/p=research/);
    await settled(page);
    assert.deepEqual(await rowIds(page), research);
    assert.deepEqual(await sliderValues(page), researchWeights);
    assert.equal(await page.getByRole('button', { name: 'Research', exact: true }).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a garbage query string still renders, and a notice names what was ignored', async () => {
    const { page, problems } = await open('?w=pap99zz3%25%25&city=atlantis&r=mars.eu&view=x&utm=1&stress=lots');
    const notice = page.getByTestId('url-notice');
    await notice.waitFor();
    const text = await notice.textContent();
    for (const part of ['pap99', 'zz3', 'atlantis', 'mars', 'view=x', 'utm=1', 'stress=lots']) {
      assert.ok(text.includes(part), `the notice names ${part}: ${text}`);
    }
    assert.ok(await page.getByLabel('Europe').isChecked(), 'the valid region is kept');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('map markers equal list rows after filtering', async () => {
    const { page } = await open();
    await page.getByLabel('Asia').check();
    await page.waitForURL(/r=as/);
    await settled(page);
    let rows = await rowIds(page);
    assert.ok(rows.length > 0 && rows.length < 61);
    assert.deepEqual([...(await markerIds(page))].sort(), [...rows].sort());

    await page.getByLabel('Search cities or countries').fill('china');
    await page.waitForURL(/q=china/);
    await settled(page);
    rows = await rowIds(page);
    assert.ok(rows.includes('beijing'));
    assert.deepEqual([...(await markerIds(page))].sort(), [...rows].sort());
    await page.close();
  });

  test('a map marker highlights its row and names its city while pointed at, and a click selects it', async () => {
    const { page, problems } = await open();
    // São Paulo's marker stands alone on the map, so nothing else is under the pointer.
    const marker = page.locator('[data-testid=world-map] circle[data-city-id=sao-paulo]');
    const row = page.locator('[data-testid=city-row][data-city-id=sao-paulo]');
    await marker.hover();
    await settled(page);
    assert.match(await row.getAttribute('class'), /\bis-highlighted\b/);
    assert.match(await page.locator('.map__hover text').textContent(), /^São Paulo · #\d+ · \d+\.\d$/);

    await page.mouse.move(0, 0);
    await settled(page);
    assert.doesNotMatch(await row.getAttribute('class'), /\bis-highlighted\b/);
    assert.equal(await page.locator('.map__hover').count(), 0);

    await marker.click();
    await page.waitForURL(/city=sao-paulo/);
    await settled(page);
    assert.match(await marker.getAttribute('class'), /\bis-selected\b/);
    assert.match(await page.getByTestId('city-detail').textContent(), /São Paulo/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the methodology loads after the first view and states the rules', async () => {
    const { page, problems } = await open('?view=method');
    const method = page.getByTestId('methodology');
    // The analysis worker writes its body once it is up.
    await method.locator('.method__body h3').first().waitFor();
    const text = await method.textContent();
    for (const heading of ['What a city is', 'Lists read as lists', 'Missing data and the coverage rule', 'Per-capita view', 'Licences']) {
      assert.ok(text.includes(heading), heading);
    }
    assert.match(text, /no licence stated by the source; this site redistributes only aggregated counts, with attribution/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('without the whole dataset the methodology says so and the ranking works on', async () => {
    const page = await site.browser.newPage();
    await page.route('**/data/cities-full.bin', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(`${site.server.origin}/?view=method`);
    await rankingReady(page);
    await page.getByText(/The methodology could not be loaded: the server answered 404/).waitFor();
    assert.equal((await rowIds(page)).length, 61);
    await page.close();
  });

  test('two cities compare side by side from a link, and the choice is kept in the URL', async () => {
    const { page, problems } = await open('?city=london&vs=paris');
    const pair = page.getByTestId('pair');
    await pair.locator('table').waitFor();
    assert.match(await pair.textContent(), /^(London is above Paris|Paris is above London) mainly because of /);
    assert.match(await page.getByTestId('dominance').textContent(), /weighting/);
    await page.getByLabel('Compare London with').selectOption('toronto');
    await page.waitForURL(/[?&]vs=toronto/);
    assert.match(await pair.textContent(), /Toronto/);
    await page.goBack();
    await page.waitForURL(/[?&]vs=paris/);
    assert.equal(await page.getByLabel('Compare London with').inputValue(), 'paris');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the method choices rescore the cities and are kept in the URL', async () => {
    const { page, problems } = await open();
    const before = await rowTexts(page);
    await openMethod(page);
    await page.getByLabel('Scores from values').selectOption('pct');
    await page.waitForURL(/[?&]norm=pct/);
    await page.getByLabel('Combine scores by').selectOption('geo');
    await page.waitForURL(/[?&]agg=geo/);
    await settled(page);
    assert.notDeepEqual(await rowTexts(page), before);
    await page.reload();
    await rankingReady(page);
    assert.equal(await page.getByLabel('Scores from values').inputValue(), 'pct');
    assert.equal(await page.getByLabel('Combine scores by').inputValue(), 'geo');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('rank bands come from the worker, follow a drag as it goes and never show a stale answer', async () => {
    const { page, problems } = await open('?city=toronto');
    const status = page.getByTestId('band-status');
    await page.waitForFunction(() => document.querySelector('[data-testid=band-status]').textContent.startsWith('“#'));
    assert.match(await page.getByTestId('city-band').textContent(), /^Rank band: \d+ to \d+ \(median \d+\)/);
    // The worker also finds Toronto's best and worst ranks; applying the best one's weights
    // changes the view, and so the URL.
    const reach = page.getByTestId('reach');
    await reach.getByRole('button', { name: 'Show me the weights for best rank' }).waitFor();
    assert.match(await reach.textContent(), /Best rank( found)?: \d+/);
    await reach.getByRole('button', { name: 'Show me the weights for best rank' }).click();
    await page.waitForURL(/[?&]w=/);
    await page.goBack();
    await page.waitForURL((url) => !/[?&]w=/.test(url.search));
    const slider = await grabSlider(page, 'weight-seed');
    for (const fraction of [0.2, 0.9, 0.1, 1, 0.5, 0.8]) await slider.to(fraction);
    // The bands follow the drag: before the pointer is released, those of the weights it
    // rests on are up, under one status line for the whole drag.
    await page.waitForFunction(() => document.querySelector('[data-testid=band-status]').dataset.state === 'ready');
    assert.equal(await status.textContent(), 'Rank bands: following the weights as you drag.');
    const inDrag = await page.getByTestId('city-band').textContent();
    await page.mouse.up();
    await page.waitForURL(/[?&]w=[a-z0-9]*seed\d/);
    await page.waitForFunction(() => document.querySelector('[data-testid=band-status]').textContent.startsWith('“#'));
    const shown = await page.getByTestId('city-band').textContent();
    assert.equal(shown, inDrag);
    // The same view opened afresh computes its bands from scratch: they must match.
    const fresh = await site.browser.newPage();
    await fresh.goto(page.url());
    await rankingReady(fresh);
    await fresh.waitForFunction(() => document.querySelector('[data-testid=band-status]').textContent.startsWith('“#'));
    assert.equal(await fresh.getByTestId('city-band').textContent(), shown);
    assert.match(await status.textContent(), /^“#3–7”/);
    assert.deepEqual(problems, []);
    await fresh.close();
    await page.close();
  });

  test('without its worker the page ranks as before and says the bands are unavailable', async () => {
    const page = await site.browser.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.route('**/analysis-worker*', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(`${site.server.origin}/?p=research`);
    await rankingReady(page);
    await page.waitForFunction(() => /unavailable/.test(document.querySelector('[data-testid=band-status]').textContent));
    assert.equal((await rowIds(page)).length, 61);
    const before = await rowIds(page);
    await page.getByRole('button', { name: 'Industry and startups', exact: true }).click();
    await page.waitForURL(/p=industry/);
    await settled(page);
    assert.notDeepEqual(await rowIds(page), before, 'the ranking still follows the weights');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('selecting a city shows its sourced figures and the seed articles’ quotes', async () => {
    const { page, problems } = await open();
    await page.locator('[data-city-id=toronto] .city-row__name').click();
    await page.waitForURL(/city=toronto/);
    await settled(page);
    const detail = page.getByTestId('city-detail');
    await detail.getByText('What its research count rests on').waitFor();
    assert.match(await detail.textContent(), /Vector Institute/);
    assert.ok((await detail.locator('table a[href^="https://"]').count()) > 0);

    await page.locator('[data-city-id=hong-kong] .city-row__name').click();
    await page.waitForURL(/city=hong-kong/);
    await settled(page);
    assert.match(await page.getByTestId('city-detail').textContent(), /no data/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('everything works from the keyboard', async () => {
    const { page } = await open();
    await page.locator('#weight-seed').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/seed2/);
    await settled(page);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'INPUT');
    await page.close();
  });

  test('after a preset, one line names the cities that moved most, and none on the first view', async () => {
    const { page, problems } = await open();
    const summary = page.getByTestId('change-summary');
    assert.equal(await summary.textContent(), '');
    const ranks = () =>
      page.locator('[data-testid=city-row]').evaluateAll((rows) =>
        Object.fromEntries(
          rows.map((row) => [row.querySelector('.city-row__city').textContent, Number(row.querySelector('.city-row__rank').textContent)]),
        ),
      );
    const before = await ranks();
    await page.getByRole('button', { name: 'Research', exact: true }).click();
    await page.waitForURL(/p=research/);
    await summary.filter({ hasText: 'Moved most:' }).waitFor();
    await settled(page);
    const after = await ranks();
    const moved = (name) => before[name] - after[name];
    const largest = Math.max(...Object.keys(before).map((name) => Math.abs(moved(name))));
    const shown = await summary.locator('[aria-hidden=true]').textContent();
    const named = shown.split(', ').map((part) => part.match(/^(.*) ([▲▼])(\d+)$/));
    assert.ok(named.length >= 1 && named.length <= 3, shown);
    for (const [, name, arrow, places] of named) {
      assert.equal(arrow === '▲' ? Number(places) : -Number(places), moved(name), name);
    }
    assert.equal(Math.abs(moved(named[0][1])), largest, 'the first named moved most');
    assert.match(await summary.locator('.visually-hidden').textContent(), /(up|down) \d+ place/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a city opened from a link or the map brings its row into sight, without taking focus', async () => {
    const { page: first } = await open();
    const last = (await rowIds(first)).at(-1);
    await first.close();
    const { page, problems } = await open(`?city=${last}`);
    // Its row is wholly inside the list's window.
    await page.waitForFunction(
      (id) => {
        const row = document.querySelector(`[data-testid=city-row][data-city-id="${id}"]`)?.getBoundingClientRect();
        const list = document.querySelector('.ranking__scroller').getBoundingClientRect();
        return row && row.top >= list.top - 1 && row.bottom <= list.bottom + 1;
      },
      last,
    );
    assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'focus stays where it was');
    // From the map: the first city's marker brings the list back to its row.
    const top = (await rowIds(page))[0];
    await page.locator(`[data-testid=world-map] circle[data-city-id=${top}]`).dispatchEvent('click');
    await page.waitForURL(new RegExp(`city=${top}`));
    await page.waitForFunction(
      (id) => {
        const row = document.querySelector(`[data-testid=city-row][data-city-id="${id}"]`).getBoundingClientRect();
        return row.top >= document.querySelector('.ranking__scroller').getBoundingClientRect().top - 1;
      },
      top,
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('"Download CSV" saves the view as the page shows it, with its link in a comment', async () => {
    const { page, problems } = await open('?p=research&r=eu.na');
    // The bands are in the export once the page shows them.
    await page.getByTestId('band-status').filter({ hasText: '90% of the weightings' }).waitFor({ timeout: 30000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'ai-cities-index.csv');
    const text = await readFile(await download.path(), 'utf8');
    const lines = text.split('\n');
    assert.ok(lines.includes(`# View: ${page.url()}`), 'the view\'s link');
    const records = lines.filter((line) => line && !line.startsWith('#'));
    assert.match(records[0], /^rank,city,country,score,status,/);
    const shown = await page.locator('[data-testid=city-row]').evaluateAll((rows) =>
      rows.map((row) => [
        row.querySelector('.city-row__rank').textContent,
        row.querySelector('.city-row__city').textContent,
        row.querySelector('.city-row__score').textContent,
        row.querySelector('.city-row__coverage').textContent.match(/#(\d+)–(\d+)/)?.slice(1) ?? [],
      ]),
    );
    assert.equal(records.length - 1, shown.length);
    // Names hold no commas or quotes in the bundled data, so a plain split reads these rows.
    for (const [index, [rank, city, score, band]] of shown.entries()) {
      const fields = records[index + 1].split(',');
      assert.equal(fields[0], rank === '–' ? '' : rank, `rank of ${city}`);
      assert.equal(fields[1], city);
      assert.equal(fields[3], /^\d/.test(score) ? score : '', `score of ${city}`);
      if (band.length) assert.deepEqual([fields[6], fields[8]], band, `band of ${city}`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the embedded view fits 320 px: the map, the top 10, the weights in words and a link out', async () => {
    const { page, problems, requests } = await open('?p=research&r=eu.na&embed=1');
    await page.setViewportSize({ width: 320, height: 900 });
    await settled(page);
    assert.equal(await page.locator('[data-testid=city-row]').count(), 10);
    assert.equal(await page.locator('[data-testid=world-map]').count(), 1);
    assert.equal(await page.locator('input[type=range]').count(), 0, 'no weights panel');
    assert.match(await page.getByTestId('embed-weights').textContent(), /^Research weights: /);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320, 'no sideways scroll');
    const names = await page.locator('.city-row__city').evaluateAll((cities) =>
      cities.map((city) => city.getBoundingClientRect().right <= city.parentElement.getBoundingClientRect().right),
    );
    assert.ok(names.filter(Boolean).length >= 8, `most names fit their box (${names})`);
    const full = new URL(await page.getByTestId('embed-full-view').getAttribute('href'), page.url());
    assert.equal(full.searchParams.get('embed'), null);
    assert.equal(full.searchParams.get('p'), 'research');
    assert.equal(full.searchParams.get('r'), 'eu.na');
    assert.deepEqual(requests.filter((url) => !url.startsWith(site.server.origin)), []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('"Get embed code" writes an iframe of the view on screen, and Escape closes it', async () => {
    const { page } = await open('?p=research&r=eu.na');
    const button = page.getByRole('button', { name: 'Get embed code' });
    await button.click();
    const code = page.getByLabel('Embed code');
    await code.waitFor();
    const src = (await code.inputValue()).match(/<iframe src="([^"]+)"/)?.[1];
    assert.ok(src, 'an iframe with a src');
    const embedded = new URL(src.replaceAll('&amp;', '&'));
    assert.equal(embedded.origin, site.server.origin);
    assert.equal(embedded.searchParams.get('embed'), '1');
    assert.equal(embedded.searchParams.get('p'), 'research');
    assert.equal(embedded.searchParams.get('r'), 'eu.na');
    await page.keyboard.press('Escape');
    await code.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Get embed code', 'focus goes back');
    // What the code embeds opens as the compact view.
    await page.goto(embedded.href);
    await rankingReady(page);
    assert.equal(await page.locator('[data-testid=city-row]').count(), 10);
    await page.close();
  });

  test('the whole app runs under its Content-Security-Policy with no violation', async () => {
    const page = await site.browser.newPage();
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        window.cspViolations.push(`${event.effectiveDirective}: ${event.blockedURI || event.sample}`),
      );
    });
    const refused = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    const response = await page.goto(`${site.server.origin}/?city=toronto&vs=london`);
    const header = response.headers()['content-security-policy'];
    assert.match(header, /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    assert.doesNotMatch(header, /'unsafe-inline'|'unsafe-eval'/);
    const meta = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
    assert.equal(meta, header, 'the <meta> and the header are one policy');
    await rankingReady(page);
    // What runs after the first view: the full dataset, the worker's WebAssembly, a drag, the
    // methodology, the dialogs and the export.
    await page.getByTestId('band-status').filter({ hasText: '90% of the weightings' }).waitFor({ timeout: 30000 });
    const violations = [];
    const collect = async () => violations.push(...(await page.evaluate(() => window.cspViolations)));
    const drag = await grabSlider(page, 'weight-seed');
    await drag.to(0.9);
    await page.mouse.up();
    await page.getByRole('button', { name: 'Get embed code' }).click();
    await page.keyboard.press('Escape');
    await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    await collect();
    await page.goto(`${site.server.origin}/?view=method`);
    await page.waitForFunction(() => !document.querySelector('[data-testid=methodology-loading]'));
    await collect();
    await page.goto(`${site.server.origin}/?p=research&embed=1`);
    await rankingReady(page);
    await settled(page);
    await collect();
    assert.deepEqual(violations, []);
    assert.deepEqual(refused, []);
    await page.close();
  });

  test('"Download picture (SVG)" draws the map and the list as the page shows them, with the link', async () => {
    const { page, problems } = await open('?p=industry&r=eu.na');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download picture (SVG)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'ai-cities-index.svg');
    const svg = await readFile(await download.path(), 'utf8');
    assert.ok(svg.includes(`View: ${page.url().replaceAll('&', '&amp;')}`), "the view's link");
    // Chromium reads the picture back, as a reader's image viewer would.
    const pictured = await page.evaluate((text) => {
      const document = new DOMParser().parseFromString(text, 'image/svg+xml');
      if (document.querySelector('parsererror')) return null;
      return {
        circles: document.querySelectorAll('[data-part=map] circle').length,
        rows: [...document.querySelectorAll('[data-city-id]')].map((row) =>
          ['rank', 'city', 'score'].map((field) => row.querySelector(`[data-field=${field}]`).textContent),
        ),
      };
    }, svg);
    assert.ok(pictured, 'the picture is well-formed');
    const shown = await page.locator('[data-testid=city-row]').evaluateAll((rows) =>
      rows.map((row) => ['.city-row__rank', '.city-row__city', '.city-row__score'].map((field) => row.querySelector(field).textContent)),
    );
    assert.equal(pictured.circles, shown.length, 'a marker per city the view shows');
    assert.deepEqual(pictured.rows, shown.slice(0, 20));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('"Download picture (PNG)" paints the same picture as the SVG, at twice its size', async () => {
    const { page, problems } = await open('?p=research');
    const save = async (name) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
    };
    const png = await save('Download picture (PNG)');
    const svg = await save('Download picture (SVG)');
    assert.equal(png.name, 'ai-cities-index.png');
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    // In a page of its own, without the app's policy: each row's bar in the PNG has the colour
    // and the length the SVG gives it.
    const viewer = await site.browser.newPage();
    const checked = await viewer.evaluate(
      async ({ png, svg }) => {
        const bitmap = await createImageBitmap(new Blob([new Uint8Array(png)], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d');
        context.drawImage(bitmap, 0, 0);
        const picture = new DOMParser().parseFromString(svg, 'image/svg+xml');
        const [, , width, height] = picture.documentElement.getAttribute('viewBox').split(' ').map(Number);
        const bars = [...picture.querySelectorAll('[data-city-id] rect')].map((rect) => {
          const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => Number(rect.getAttribute(a)));
          const at = (px) => [...context.getImageData(Math.round(px * 2), Math.round((y + h / 2) * 2), 1, 1).data.slice(0, 3)];
          const hex = (rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
          return { fill: rect.getAttribute('fill'), inside: hex(at(x + w - 2)), after: hex(at(x + w + 2)) };
        });
        return { size: [bitmap.width, bitmap.height], expected: [Math.ceil(width * 2), Math.ceil(height * 2)], bars };
      },
      { png: [...png.bytes], svg: svg.bytes.toString('utf8') },
    );
    await viewer.close();
    assert.deepEqual(checked.size, checked.expected);
    assert.ok(checked.bars.length >= 10);
    for (const bar of checked.bars) {
      assert.equal(bar.inside, bar.fill, 'the bar is painted in its shade');
      assert.equal(bar.after, '#ffffff', 'and ends where the SVG ends it');
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a focused row keeps focus on its city when the ranking moves it', async () => {
    const { page } = await open('?p=industry');
    const before = (await rowIds(page)).indexOf('toronto');
    await page.locator('[data-city-id=toronto] .city-row__name').focus();
    // A script click applies the preset without taking focus from the row.
    await page.getByRole('button', { name: 'Research', exact: true }).evaluate((button) => button.click());
    await page.waitForURL(/p=research/);
    await settled(page);
    assert.notEqual((await rowIds(page)).indexOf('toronto'), before, 'the preset moves Toronto');
    const focused = await page.evaluate(() => document.activeElement?.closest('li')?.dataset.cityId);
    assert.equal(focused, 'toronto');
    await page.close();
  });

  test('Copy link puts the URL on the clipboard and says so', async () => {
    await site.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.server.origin });
    const { page } = await open('?p=research');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
    await page.close();
  });

  test('a damaged dataset file gives a clear message and a retry, not a blank page', async () => {
    const page = await site.browser.newPage();
    // The schema version (2) and then a truncated dataset.
    await page.route('**/data/cities.bin', (route) => route.fulfill({ status: 200, body: Buffer.from([2, 7, 0xff]) }));
    await page.goto(`${site.server.origin}/?p=research`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /damaged/);
    await page.unroute('**/data/cities.bin');
    await page.getByRole('button', { name: 'Try again' }).click();
    await rankingReady(page);
    assert.match(page.url(), /p=research/);
    await page.close();
  });

  test('the app starts in a tab opened hidden and in a browser without paint timing', async () => {
    const variants = {
      hidden: () => Object.defineProperty(Document.prototype, 'visibilityState', { get: () => 'hidden' }),
      'no paint timing': () => Object.defineProperty(PerformanceObserver, 'supportedEntryTypes', { get: () => [] }),
    };
    for (const [name, variant] of Object.entries(variants)) {
      const page = await site.browser.newPage();
      await page.addInitScript(variant);
      await page.goto(`${site.server.origin}/`);
      await rankingReady(page);
      assert.equal((await rowIds(page)).length, 61, name);
      await page.close();
    }
  });

  test('an app that cannot download says so where the loading message was', async () => {
    const page = await site.browser.newPage();
    await page.route('**/*.wasm', (route) => route.abort());
    await page.goto(`${site.server.origin}/`);
    const status = page.locator('#loading-shell [role=status]', { hasText: 'could not load' });
    await status.waitFor();
    assert.match(await status.textContent(), /reload the page/);
    assert.equal(await page.locator('h1').textContent(), 'AI Cities Index');
    await page.close();
  });

  test('stress mode ranks synthetic cities, labelled, with a virtualised list', async () => {
    const { page, problems } = await open('?stress=5000');
    await page.getByText('Stress mode: synthetic cities.').waitFor();
    const rows = await page.locator('[data-testid=city-row]').count();
    assert.ok(rows > 0 && rows < 200, `only a window of rows is rendered (${rows})`);
    assert.equal(await page.locator('canvas.map__dots').count(), 1);
    assert.equal(await page.locator('[data-testid=world-map] circle[data-city-id]').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  for (const [view, query] of AUDITED_VIEWS) {
    test(`axe-core finds no violations on the ${view} view`, async () => {
      const { page } = await open(query);
      // The methodology and the detail's institutions come with the whole dataset, after the
      // first view.
      await page.waitForFunction(() => !document.querySelector('[data-testid=methodology-loading]'));
      assert.deepEqual(await axeViolations(page), []);
      await page.close();
    });
  }
});
