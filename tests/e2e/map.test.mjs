// The map as an explorer: zoom and pan by buttons, keys, wheel, drag and pinch, region presets,
// names that never overlap, and a selection that the map follows.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectProblems } from './chromium.mjs';
import { rankingReady } from './ranking.mjs';
import { siteUnderTest } from './site.mjs';

const site = siteUnderTest({ chromium: { serviceWorkers: 'block' } });

async function open(query = '', viewport = { width: 1440, height: 900 }) {
  const page = await site.browser.newPage();
  await page.setViewportSize(viewport);
  const problems = collectProblems(page);
  await page.goto(`${site.server.origin}/${query}`);
  await rankingReady(page);
  await page.locator('[data-testid=world-map] circle[data-city-id]').first().waitFor();
  return { page, problems };
}

const settled = (page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/** The `map` parameter of the page's URL as zoom and centre, or null for the whole world. */
const mapParameter = (page) => {
  const value = new URL(page.url()).searchParams.get('map');
  return value === null ? null : value.split('_').map(Number).map((n, i) => n / (i === 0 ? 100 : 10));
};

/** Waits until the URL's `map` parameter passes `check`. */
const mapInUrl = (page, check) => page.waitForURL((url) => check(url.searchParams.get('map')));

/** The centre of a city's marker on screen. */
async function markerCentre(page, id) {
  const box = await page.locator(`[data-testid=world-map] circle[data-city-id=${id}]`).boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, width: box.width };
}

/** The viewport's box on screen. */
const viewportBox = (page) => page.getByTestId('map-viewport').boundingBox();

/** Whether `point` is inside `box`. */
const inside = (point, box) =>
  point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height;

/** The boxes of the names on the map, in screen pixels. */
const nameBoxes = (page) =>
  page.locator('.map__names .map__name text').evaluateAll((texts) =>
    texts.map((text) => {
      const box = text.getBoundingClientRect();
      return { name: text.textContent, x: box.x, y: box.y, width: box.width, height: box.height };
    }),
  );

function assertApart(boxes) {
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      assert.ok(apart, `${a.name} overlaps ${b.name}`);
    }
  }
}

describe('the map', () => {
  test('the zoom buttons zoom in and out, markers keep their size, and Back returns to the world', async () => {
    const { page, problems } = await open();
    const before = await markerCentre(page, 'london');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await mapInUrl(page, (map) => map !== null);
    assert.equal(mapParameter(page)[0], 1.5);
    await settled(page);
    const after = await markerCentre(page, 'london');
    assert.ok(Math.abs(after.width - before.width) < 1, `a marker keeps its size: ${before.width} → ${after.width}`);

    await page.goBack();
    await mapInUrl(page, (map) => map === null);
    await settled(page);
    assert.equal(await page.getByTestId('map-region').inputValue(), '0', 'the presets say World');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the keyboard pans and zooms the focused map, and 0 shows the world', async () => {
    const { page, problems } = await open();
    await page.getByTestId('map-viewport').focus();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await mapInUrl(page, (map) => map?.startsWith('225_'));
    const [, x] = mapParameter(page);
    await page.keyboard.press('ArrowRight');
    await mapInUrl(page, (map) => map !== null && Number(map.split('_')[1]) / 10 > x);
    await page.keyboard.press('0');
    await mapInUrl(page, (map) => map === null);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the wheel zooms about the pointer, and a drag pans without selecting', async () => {
    const { page, problems } = await open();
    const london = await markerCentre(page, 'london');
    // Just beside London, over the sea, so the wheel's place is near a known point.
    const pointer = { x: london.x - 12, y: london.y + 6 };
    await page.mouse.move(pointer.x, pointer.y);
    await page.mouse.wheel(0, -400);
    await mapInUrl(page, (map) => map !== null);
    await settled(page);
    const zoomed = await markerCentre(page, 'london');
    const [zoom] = mapParameter(page);
    assert.ok(zoom > 2, `zoomed to ${zoom}`);
    // The place under the pointer stays, so London moves away from it by the zoom.
    const expected = { x: pointer.x + (london.x - pointer.x) * zoom, y: pointer.y + (london.y - pointer.y) * zoom };
    assert.ok(Math.abs(zoomed.x - expected.x) < 3 && Math.abs(zoomed.y - expected.y) < 3, `London at ${zoomed.x},${zoomed.y}, expected ${expected.x},${expected.y}`);

    const box = await viewportBox(page);
    const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 120, start.y + 40, { steps: 6 });
    await page.mouse.up();
    await settled(page);
    const dragged = await markerCentre(page, 'london');
    assert.ok(Math.abs(dragged.x - zoomed.x - 120) < 2 && Math.abs(dragged.y - zoomed.y - 40) < 2, 'the map follows the drag');
    assert.equal(new URL(page.url()).searchParams.get('city'), null, 'a drag selects nothing');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a pinch zooms', async () => {
    const { page, problems } = await open('', { width: 390, height: 844 });
    const box = await viewportBox(page);
    const y = box.y + box.height / 2;
    await page.getByTestId('map-viewport').evaluate((element, { left, right, y }) => {
      const send = (type, pointerId, clientX) =>
        element.dispatchEvent(
          new PointerEvent(type, { pointerId, pointerType: 'touch', clientX, clientY: y, bubbles: true, isPrimary: pointerId === 1 }),
        );
      send('pointerdown', 1, left);
      send('pointerdown', 2, right);
      for (let step = 1; step <= 10; step += 1) send('pointermove', 2, right + step * 10);
      send('pointerup', 2, right + 100);
      send('pointerup', 1, left);
    }, { left: box.x + box.width / 2 - 40, right: box.x + box.width / 2 + 40, y });
    await mapInUrl(page, (map) => map !== null);
    const zoom = mapParameter(page)[0];
    assert.ok(zoom > 1.5 && zoom < 2.5, `two fingers from 80 to 180 px apart zoom about 2.25×: ${zoom}`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a region preset shows its region, and the names stay apart at every zoom', async () => {
    const { page, problems } = await open();
    const world = await nameBoxes(page);
    assert.ok(world.length >= 3 && world.length <= 8, `names on the whole map: ${world.length}`);
    assertApart(world);

    await page.getByTestId('map-region').selectOption({ label: 'Europe' });
    await mapInUrl(page, (map) => map !== null);
    await settled(page);
    const box = await viewportBox(page);
    assert.ok(inside(await markerCentre(page, 'london'), box), 'London is on screen');
    assert.ok(!inside(await markerCentre(page, 'toronto'), box), 'Toronto is not');
    const europe = await nameBoxes(page);
    assert.ok(europe.length > world.length, `more names when zoomed: ${europe.length}`);
    assertApart(europe);
    for (const name of europe) assert.ok(inside({ x: name.x, y: name.y }, box) && inside({ x: name.x + name.width, y: name.y + name.height }, box), `${name.name} is on the map`);
    assert.equal(await page.getByTestId('map-region').inputValue(), '3');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('selecting a city off the zoomed map brings it into view, ringed and named', async () => {
    const { page, problems } = await open();
    await page.getByTestId('map-region').selectOption({ label: 'Europe' });
    await mapInUrl(page, (map) => map !== null);
    await page.locator('[data-testid=city-row][data-city-id=toronto] button').click();
    await page.waitForURL(/city=toronto/);
    await settled(page);
    assert.ok(inside(await markerCentre(page, 'toronto'), await viewportBox(page)), 'Toronto is on screen');
    assert.equal(await page.locator('.map__selected text').textContent(), 'Toronto');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a link keeps the zoom, and a bad one is named and left out', async () => {
    const { page, problems } = await open('?map=400_4800_1300');
    assert.equal(await page.locator('.map__world').evaluate((e) => e.style.transform.startsWith('scale(4)')), true);
    await page.close();

    const bad = await open('?map=400_x_1300');
    assert.match(await bad.page.getByTestId('url-notice').textContent(), /map=400_x_1300/);
    assert.deepEqual(problems, []);
    await bad.page.close();
  });

  test('the stress mode draws its dots for the zoomed view', async () => {
    const page = await site.browser.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/?stress=10000&map=400_5000_2000`);
    await rankingReady(page);
    const canvas = page.locator('canvas.map__dots');
    await canvas.waitFor();
    const drawn = await canvas.evaluate((c) => {
      const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let count = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count += 1;
      return count;
    });
    assert.ok(drawn > 0, 'dots are drawn');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
