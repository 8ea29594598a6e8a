// The browser measurements behind scripts/measure. See the README's "Measuring".

import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compressDirectory, serveDirectory } from '../tests/e2e/static-server.mjs';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium } from '../tests/e2e/chromium.mjs';
import { AUDITED_VIEWS, axeViolations } from '../tests/e2e/accessibility.mjs';
import { rankingReady } from '../tests/e2e/ranking.mjs';

const SLIDER_MOVES = 200;
// The timed moves and the floor's replay alternate in blocks of this many moves: whole cycles
// of the ten weights the moves go through, and a divisor of SLIDER_MOVES.
const ALTERNATION_BLOCK = 20;
const FLOOR_TRACE_MOVES = 60;
const DRAG_ENDS = 20;
const BAND_MOVES = 30;
/** Steps timed of each map gesture. */
const MAP_STEPS = 200;
// Lighthouse's simulated throttling scales the main-thread tasks it observed, so its performance
// score moves from run to run; it runs this many times and every run is reported.
const LIGHTHOUSE_RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 5);
const STRESS_CITIES = 10_000;
const OWN_PLACES = 100_000;
const OWN_INDICATORS = 12;
const dist = 'dist';

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (value, digits = 2) => Number(value.toFixed(digits));
/** The p50, p95 and largest of `values`, in ms. */
const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1)) };
};

/** Raw, gzip and brotli sizes of every file of `compressDirectory(dist)`. */
function fileSizes(files) {
  return Object.fromEntries(
    [...files].map(([name, file]) => [name, { raw: file.identity.length, gzip: file.gzip.length, brotli: file.br.length }]),
  );
}

/**
 * What the page loads once its first view is up, and so not part of it: the analysis worker
 * (its loader, glue and WebAssembly) and the whole dataset that the detail and methodology read.
 */
const AFTER_FIRST_VIEW = [
  [/analysis-worker/, 'analysis worker'],
  [/cities-full\.bin$/, 'whole dataset'],
];

/**
 * Loads the page fresh from `origin`; returns bytes transferred per file type (bodies as
 * encoded on the wire, plus headers) and the time to the first ranked row.
 */
async function firstView(browser, origin) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid=city-row]')) {
        window.__firstRow = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const responses = [];
  page.on('requestfinished', (request) => responses.push(request));
  await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
  await page.locator('[data-testid=city-row]').first().waitFor();
  const byType = {};
  const after = {};
  let total = 0;
  for (const request of responses) {
    const sizes = await request.sizes();
    const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
    const path = new URL(request.url()).pathname;
    const later = AFTER_FIRST_VIEW.find(([pattern]) => pattern.test(path));
    if (later) {
      after[later[1]] = (after[later[1]] ?? 0) + bytes;
      continue;
    }
    const type = path === '/' ? 'html' : (path.split('.').pop() ?? 'other');
    byType[type] = (byType[type] ?? 0) + bytes;
    total += bytes;
  }
  const timings = await page.evaluate(() => {
    const paints = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
    return { firstRow: window.__firstRow, firstContentfulPaint: paints['first-contentful-paint'] };
  });
  await page.close();
  return { bytesByType: byType, totalBytes: total, afterFirstView: after, requests: responses.length, ...timings };
}

/**
 * Gives the page `window.stepTiming`: `timeSteps(step, count)` times `step(i)` once per frame,
 * as `work` (the step and the next frame), its `input` and `frame` parts, and `wall`.
 */
const installStepTiming = (page) =>
  page.evaluate(() => {
    const nextTask = () =>
      new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      });
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    /** No timings yet, in the shape `timeSteps` returns. */
    const noTimes = () => ({ work: [], input: [], frame: [], wall: [] });
    /**
     * Times `step(i)` once per frame, `count` times, as `work`, its `input` and `frame` parts,
     * and `wall` (see above). A step run straight from a requestAnimationFrame callback would
     * be shown by that same frame, and the next frame timed would be an empty one; so each
     * step waits for the task after its frame.
     */
    const timeSteps = async (step, count) => {
      const times = noTimes();
      for (let i = 0; i < count; i += 1) {
        await nextFrame();
        await nextTask();
        const start = performance.now();
        step(i);
        const updated = await nextTask();
        const frameStart = await nextFrame();
        const frameEnd = await nextTask();
        times.input.push(updated - start);
        times.frame.push(frameEnd - frameStart);
        times.work.push(updated - start + (frameEnd - frameStart));
        times.wall.push(frameEnd - start);
      }
      return times;
    };
    window.stepTiming = { nextTask, nextFrame, noTimes, timeSteps };
  });

/**
 * Moves a slider SLIDER_MOVES times, one move per frame, and times each move two ways:
 * - `work`: the main thread's work for the move, without idle time. Each move runs in a task
 *   of its own between two frames, so the next frame is the one that shows it. `work` is the
 *   sum of `input` (the input event and every reactive update it schedules, up to the next
 *   task) and `frame` (that next frame's style, layout, paint and commit, from the frame's
 *   requestAnimationFrame callback to the task after it);
 * - `wall`: input event to the end of that next frame, idle wait for the frame included. The
 *   input comes just after a frame, so this is about one frame interval (as headless Chromium
 *   paces requestAnimationFrame) plus the next frame's work.
 * Beside them:
 * - `idle`: the same `work` of a step that does nothing, what the timing itself costs;
 * - `floor`: the same `work` for the DOM writes the moves make (text and attributes, recorded
 *   with a MutationObserver; canvas drawing is not a DOM write and is left out), replayed by
 *   plain JavaScript, with the slider's thumb moved as each move moves it. It is what this
 *   browser on this machine needs to show the changes at all, with no framework and no
 *   scoring. The moves and the floor are timed in alternating blocks of ALTERNATION_BLOCK
 *   moves, so a drift in the machine's speed does not fall on one of them. `floor.phases`
 *   splits its main-thread time by frame phase, from a Chromium trace of FLOOR_TRACE_MOVES
 *   more replayed moves (traced apart, so tracing does not slow the timed runs), and
 *   `floor.relayerizations` counts the traced moves that worked out the compositing layers anew;
 * - `dragEnd`: the `work` of the `change` that ends a drag of one move, over DRAG_ENDS drags.
 *   The timed moves are one drag (`input` events, no `change`), in which the list updates only
 *   the rows in sight; from the drag's end the rows out of sight catch up, a step a frame, and
 *   this times the `change` and the frame that shows its first step.
 */
async function sliderLatency(browser, origin, query, sliderId) {
  const page = await browser.newPage();
  await page.goto(`${origin}/${query}`);
  await rankingReady(page);
  // The moves are timed with the rank bands on: they follow the drag.
  await bandsReady(page);
  await installStepTiming(page);
  const samples = await page.evaluate(
    async ({ sliderId, moves, dragEnds, block }) => {
      const slider = document.getElementById(sliderId);
      const { nextTask, nextFrame, noTimes, timeSteps } = window.stepTiming;
      // What the user's drag does to the slider itself: the thumb moves.
      const moveThumb = (i) => {
        slider.value = String((i % 10) + 1);
      };
      const move = (i) => {
        moveThumb(i);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
      };
      // The moves cycle through ten weights. Two cycles bring the page to where a cycle starts
      // and ends, so the cycle recorded next holds every write of its wrap-around move.
      for (let i = 0; i < 20; i += 1) {
        move(i);
        await nextTask();
      }

      // The floor: record the DOM writes of one cycle, to replay them by plain JavaScript, one
      // move per frame, as the moves made them. The page sets styles a property at a time
      // through the CSSOM, so a style is replayed as its properties.
      const cycle = [];
      const declarations = (style) => [...style].map((name) => [name, style.getPropertyValue(name)]);
      const observer = new MutationObserver((records) => {
        for (const r of records) {
          const value =
            r.type === 'characterData'
              ? r.target.data
              : r.attributeName === 'style'
                ? declarations(r.target.style)
                : r.target.getAttribute(r.attributeName);
          cycle.at(-1).push([r.target, r.type === 'characterData' ? null : r.attributeName, value]);
        }
      });
      observer.observe(document.body, { subtree: true, characterData: true, attributes: true });
      for (let i = 0; i < 10; i += 1) {
        cycle.push([]);
        move(i);
        await nextTask();
      }
      observer.disconnect();
      const replay = (i) => {
        moveThumb(i);
        for (const [node, attribute, value] of cycle[i % cycle.length]) {
          if (attribute === null) node.data = value;
          else if (attribute === 'style') for (const [name, set] of value) node.style.setProperty(name, set);
          else if (value === null) node.removeAttribute(attribute);
          else node.setAttribute(attribute, value);
        }
      };
      const writes = cycle.reduce((sum, records) => sum + records.length, 0) / cycle.length;
      // The moves and the floor are timed in alternating blocks of whole cycles, so a change in
      // the machine's speed falls on both alike; each block ends where a cycle starts.
      const app = noTimes();
      const floor = noTimes();
      for (let done = 0; done < moves; done += block) {
        for (const [times, step] of [[app, move], [floor, replay]]) {
          const timed = await timeSteps(step, block);
          for (const key of Object.keys(times)) times[key].push(...timed[key]);
        }
      }
      const idle = await timeSteps(() => {}, moves);
      // For the traced replay below.
      window.replayFloor = (count) => timeSteps(replay, count);
      // The end of a drag: one move, then the `change` that brings the rows out of sight up to
      // date, timed.
      const dragEnd = { work: [] };
      for (let i = 0; i < dragEnds; i += 1) {
        await nextFrame();
        move(i);
        await nextTask();
        const ended = await timeSteps(() => slider.dispatchEvent(new Event('change', { bubbles: true })), 1);
        dragEnd.work.push(...ended.work);
      }
      return { app, idle, floor, writes, dragEnd };
    },
    { sliderId, moves: SLIDER_MOVES, dragEnds: DRAG_ENDS, block: ALTERNATION_BLOCK },
  );
  const trace = await startTrace(page);
  await page.evaluate((count) => window.replayFloor(count), FLOOR_TRACE_MOVES);
  const traced = await trace.stop();
  const phases = framePhases(traced, FLOOR_TRACE_MOVES);
  const rows = await page.locator('[data-testid=city-row]').count();
  await page.close();
  return {
    work: stats(samples.app.work),
    input: stats(samples.app.input),
    frame: stats(samples.app.frame),
    wall: stats(samples.app.wall),
    floor: {
      work: stats(samples.floor.work),
      frame: stats(samples.floor.frame),
      writesPerMove: round(samples.writes, 0),
      phases,
      relayerizations: relayerizations(traced),
      tracedMoves: FLOOR_TRACE_MOVES,
    },
    idle: stats(samples.idle.work),
    dragEnd: stats(samples.dragEnd.work),
    rowsInDocument: rows,
  };
}

/**
 * A zoom or pan gesture on the map of `query`: each step is one wheel event over the map's
 * centre (zooming in for 10 steps, then out), or one pointer move of a drag, timed as a slider
 * move is, from the event to the end of the next frame.
 */
async function mapGesture(browser, origin, query) {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${origin}/${query}`);
  await rankingReady(page);
  await installStepTiming(page);
  const samples = await page.evaluate(async (steps) => {
    const { timeSteps } = window.stepTiming;
    const viewport = document.querySelector('[data-testid=map-viewport]');
    const box = viewport.getBoundingClientRect();
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
    const zoom = await timeSteps((i) => {
      const deltaY = i % 20 < 10 ? -100 : 100;
      viewport.dispatchEvent(new WheelEvent('wheel', { deltaY, clientX: x, clientY: y, bubbles: true, cancelable: true }));
    }, steps);
    const pointer = (type, i) =>
      viewport.dispatchEvent(
        new PointerEvent(type, { pointerId: 7, pointerType: 'mouse', button: 0, buttons: 1, clientX: x + (i % 40 < 20 ? i % 20 : 20 - (i % 20)) * 6, clientY: y, bubbles: true }),
      );
    pointer('pointerdown', 0);
    const pan = await timeSteps((i) => pointer('pointermove', i + 1), steps);
    pointer('pointerup', 0);
    return { zoom: zoom.work, pan: pan.work };
  }, MAP_STEPS);
  await page.close();
  return { zoom: stats(samples.zoom), pan: stats(samples.pan) };
}

/** Resolves once the page shows the rank bands of its view. */
const bandsReady = (page) => page.waitForFunction(() => document.querySelector('[data-testid=band-status]')?.dataset.state === 'ready', null, { timeout: 60_000 });

/**
 * How long after a slider's move the page shows the rank bands of the new weights, over
 * BAND_MOVES moves of one drag, each made once the bands of the one before are up: from the
 * `input` event to the band status turning `ready`, which the page sets in the same task that
 * draws the bands.
 */
async function bandsAfterMove(browser, origin, sliderId) {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  await rankingReady(page);
  await bandsReady(page);
  const times = await page.evaluate(
    async ({ sliderId, moves }) => {
      const slider = document.getElementById(sliderId);
      const status = document.querySelector('[data-testid=band-status]');
      const ready = () =>
        new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            if (status.dataset.state === 'ready') {
              observer.disconnect();
              resolve(performance.now());
            }
          });
          observer.observe(status, { attributes: true, attributeFilter: ['data-state'] });
        });
      const times = [];
      for (let moved = 0; moved < moves; moved += 1) {
        // Always a new weight, so that every move asks for new bands.
        slider.value = String((Number(slider.value) % 10) + 1);
        const start = performance.now();
        const shown = ready();
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        times.push((await shown) - start);
      }
      slider.dispatchEvent(new Event('change', { bubbles: true }));
      return times;
    },
    { sliderId, moves: BAND_MOVES },
  );
  await page.close();
  return stats(times);
}

/**
 * A CSV of OWN_PLACES places and OWN_INDICATORS indicators from a seeded generator: counts
 * spread over orders of magnitude, one value in ten missing, as a user's file might be.
 */
function ownCsv() {
  let seed = 2026;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const columns = Array.from({ length: OWN_INDICATORS }, (_, i) => `indicator ${i + 1}`);
  const lines = [`name,lat,lon,${columns.join(',')}`];
  for (let place = 1; place <= OWN_PLACES; place += 1) {
    const values = columns.map(() => (random() < 0.1 ? '' : (Math.exp(random() * 12) - 1).toFixed(2)));
    lines.push(`Place ${place},${(random() * 120 - 55).toFixed(4)},${(random() * 360 - 180).toFixed(4)},${values.join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * How long a user's 100,000-place file takes from being chosen in the file picker (its `change`
 * event) to its first ranked rows on screen, all rows in; and the query of the page that ranks
 * it, which the browser's IndexedDB now holds the file for.
 */
async function ownDataRead(browser, origin) {
  const csv = Buffer.from(ownCsv());
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  await rankingReady(page);
  await page.evaluate(() => {
    document.addEventListener('change', () => (window.__chosen = performance.now()), { capture: true, once: true });
  });
  await page.getByLabel('Your own data: a CSV or JSON file of places').setInputFiles({ name: 'places.csv', mimeType: 'text/csv', buffer: csv });
  await page.waitForURL(/[?&]own=/, { timeout: 60_000 });
  await page.waitForFunction(
    () => document.querySelector('[data-testid=city-row]') && !document.querySelector('[data-testid=ranked-list][aria-busy]'),
    null,
    { timeout: 60_000 },
  );
  const ms = await page.evaluate(() => performance.now() - window.__chosen);
  const query = new URL(page.url()).search;
  // The worker keeps the file after the page ranks it; the next page reads it from there.
  await bandsReady(page);
  await page.close();
  return { ms: round(ms, 0), bytes: csv.length, query };
}

/** Starts a Chromium trace of `page`; `stop()` resolves to its events. */
async function startTrace(page) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.on('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink',
    transferMode: 'ReportEvents',
  });
  return {
    stop: async () => {
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      return events;
    },
  };
}

/** Frame phases by the names of the trace slices that spend their time, first match wins. */
const PHASES = [
  ['style', /recalcStyle|UpdateLayoutTree|updateStyle|Style\.UpdateTime/],
  ['layout', /[Ll]ayout|InlineNode|ShapeText/],
  ['compositing', /PrePaint|Compositing|PaintArtifactCompositor|Commit|Layerize|CullRect|UpdateLayer/],
  ['paint', /Paint/],
  ['script', /FunctionCall|EvaluateScript|RunMicrotasks|V8|v8|AsyncTask|FireAnimationFrame|TimerFire|EventDispatch|MessagePort/],
];

/** The page's renderer main-thread slices in `events`, in order. */
function pageMainSlices(events) {
  // The trace may hold more than one renderer; the page's is the busiest.
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const slicesOf = (thread) => events.filter((e) => e.ph === 'X' && e.pid === thread.pid && e.tid === thread.tid);
  return mains
    .map(slicesOf)
    .reduce((busiest, candidate) => (candidate.length > busiest.length ? candidate : busiest), [])
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
}

/**
 * How many frames in `events` worked out the page's compositing layers anew (a full
 * PaintArtifactCompositor update) instead of only repainting them: one does whenever something
 * repainted changes its painted bounds, and costs every frame it happens in.
 */
function relayerizations(events) {
  return pageMainSlices(events).filter((slice) => slice.name === 'PaintArtifactCompositor::Update').length;
}

/**
 * The renderer main thread's time in `events`, by frame phase, in ms per move over `moves`
 * moves. Each slice counts its self time (its duration less its children's), under the phase
 * its name matches; the rest is `other`.
 */
function framePhases(events, moves) {
  const slices = pageMainSlices(events);
  const selfTime = new Map(slices.map((slice) => [slice, slice.dur]));
  const open = [];
  for (const slice of slices) {
    while (open.length && open.at(-1).ts + open.at(-1).dur <= slice.ts) open.pop();
    if (open.length) selfTime.set(open.at(-1), selfTime.get(open.at(-1)) - slice.dur);
    open.push(slice);
  }
  const totals = Object.fromEntries([...PHASES.map(([phase]) => phase), 'other'].map((phase) => [phase, 0]));
  for (const [slice, time] of selfTime) {
    const phase = PHASES.find(([, pattern]) => pattern.test(slice.name))?.[0] ?? 'other';
    totals[phase] += time / 1000 / moves;
  }
  return Object.fromEntries(Object.entries(totals).map(([phase, ms]) => [phase, round(ms)]));
}

async function axe(browser, origin) {
  const results = {};
  for (const [view, query] of AUDITED_VIEWS) {
    const page = await browser.newPage();
    await page.goto(`${origin}/${query}`);
    await rankingReady(page);
    results[view] = await axeViolations(page);
    await page.close();
  }
  return results;
}

/** One Lighthouse run (mobile preset, simulated throttling): category scores and paint timings. */
async function lighthouse(origin) {
  const { stdout } = await promisify(execFile)(
    join('node_modules', '.bin', 'lighthouse'),
    [
      `${origin}/`,
      '--only-categories=performance,accessibility,best-practices,seo',
      '--output=json',
      '--quiet',
      `--chrome-flags=${CHROMIUM_FLAGS.join(' ')}`,
    ],
    { env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, maxBuffer: 64 * 1024 * 1024 },
  );
  const report = JSON.parse(stdout);
  const scores = Object.fromEntries(Object.entries(report.categories).map(([id, c]) => [id, Math.round(c.score * 100)]));
  const audit = (id) => report.audits[id]?.numericValue;
  return {
    scores,
    firstContentfulPaintMs: round(audit('first-contentful-paint') ?? NaN, 0),
    largestContentfulPaintMs: round(audit('largest-contentful-paint') ?? NaN, 0),
    totalBlockingTimeMs: round(audit('total-blocking-time') ?? NaN, 0),
    failing: Object.values(report.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => a.id),
  };
}

/** `runs` Lighthouse runs, one after another. */
async function lighthouseRuns(origin, runs) {
  const results = [];
  for (let run = 0; run < runs; run += 1) results.push(await lighthouse(origin));
  return results;
}

/** `values` as "median (min–max)". */
function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return sorted.length > 1 ? `${median} (${sorted[0]}–${sorted.at(-1)})` : String(median);
}

const site = await compressDirectory(dist);
const server = await serveDirectory(dist, { files: site });
const gzipOnlyServer = await serveDirectory(dist, { encodings: ['gzip'], files: site });
const browser = await launchChromium();
let results;
try {
  const files = fileSizes(site);
  const wasm = Object.entries(files).find(([name]) => name.endsWith('.wasm') && !name.includes('analysis-worker'));
  const workerWasm = Object.entries(files).find(([name]) => name.endsWith('.wasm') && name.includes('analysis-worker'));
  results = {
    date: new Date().toISOString(),
    chromium: browser.browser()?.version() ?? 'unknown',
    wasm: { file: wasm[0], ...wasm[1] },
    workerWasm: workerWasm && { file: workerWasm[0], ...workerWasm[1] },
    files,
    firstView: await firstView(browser, server.origin),
    firstViewGzip: await firstView(browser, gzipOnlyServer.origin),
    slider61: await sliderLatency(browser, server.origin, '', 'weight-paph'),
    slider10k: await sliderLatency(browser, server.origin, `?stress=${STRESS_CITIES}`, 'weight-a'),
    bandsAfterMove: await bandsAfterMove(browser, server.origin, 'weight-paph'),
    map61: await mapGesture(browser, server.origin, '?map=200_5000_2400'),
    map10k: await mapGesture(browser, server.origin, `?stress=${STRESS_CITIES}&map=200_5000_2400`),
    ownData: await ownDataRead(browser, server.origin),
    axe: await axe(browser, server.origin),
  };
  results.sliderOwn = await sliderLatency(browser, server.origin, results.ownData.query, 'weight-a');
  await browser.close();
  results.lighthouse = await lighthouseRuns(server.origin, LIGHTHOUSE_RUNS);
} finally {
  await browser.close().catch(() => {});
  await server.close();
  await gzipOnlyServer.close();
}

/** A size in KiB, 1,024 bytes: the unit the targets' "KB" are read in. */
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const phaseText = (phases) =>
  Object.entries(phases)
    .map(([phase, ms]) => `${phase} ${ms}`)
    .join(', ') + ' ms';
const p50p95 = (stats) => `${stats.p50} / ${stats.p95} ms`;
/** The table's rows for one `sliderLatency` result; `floorNote` says what the floor leaves out. */
const sliderRows = (cities, slider, target, floorNote) => [
  [`slider move, ${cities}, work p50 / p95`, p50p95(slider.work), target],
  ['  of which the input event and its updates, p50 / p95', p50p95(slider.input), ''],
  ['  of which the next frame, p50 / p95', p50p95(slider.frame), ''],
  ['  input → end of next frame, p50 / p95', p50p95(slider.wall), ''],
  [`  floor: its ${slider.floor.writesPerMove} DOM writes in plain JS${floorNote}`, p50p95(slider.floor.work), ''],
  ['  floor, of which the next frame, p50 / p95', p50p95(slider.floor.frame), ''],
  ['  floor, main thread per move by phase', phaseText(slider.floor.phases), ''],
  ['  floor, moves that re-layerize the page', `${slider.floor.relayerizations} of ${slider.floor.tracedMoves}`, ''],
  ['  the same timing of a step that does nothing', p50p95(slider.idle), ''],
  ['  drag end: its change and the next frame, p50 / p95', p50p95(slider.dragEnd), ''],
];
/** The table's rows for the Lighthouse runs, or one saying that none ran (LIGHTHOUSE_RUNS=0). */
const lighthouseRows = (runs) =>
  runs.length === 0
    ? [['Lighthouse', 'not run (LIGHTHOUSE_RUNS=0)', '']]
    : [
      ...Object.keys(runs[0].scores).map((id) => [
        `Lighthouse ${id}, each of ${runs.length} runs`,
        runs.map((run) => run.scores[id]).join(' '),
        '100',
      ]),
      ...[
        ['FCP', 'firstContentfulPaintMs'],
        ['LCP', 'largestContentfulPaintMs'],
        ['TBT', 'totalBlockingTimeMs'],
      ].map(([name, key]) => [`  ${name}, median (min–max)`, `${spread(runs.map((run) => run[key]))} ms`, '']),
    ];
const rows = [
  ['first view, bytes transferred (brotli)', kib(results.firstView.totalBytes), '≤ 250 KiB'],
  ...Object.entries(results.firstView.bytesByType).map(([type, bytes]) => [`  of which ${type}`, kib(bytes), '']),
  ['first view, from a gzip-only host', kib(results.firstViewGzip.totalBytes), '≤ 250 KiB'],
  ...Object.entries(results.firstView.afterFirstView).map(([what, bytes]) => [`after the first view: ${what} (brotli)`, kib(bytes), '']),
  ['release wasm, raw / gzip / brotli', `${kib(results.wasm.raw)} / ${kib(results.wasm.gzip)} / ${kib(results.wasm.brotli)}`, ''],
  ...(results.workerWasm
    ? [['analysis worker wasm, raw / gzip / brotli', `${kib(results.workerWasm.raw)} / ${kib(results.workerWasm.gzip)} / ${kib(results.workerWasm.brotli)}`, 'after the first view']]
    : []),
  ['time to first ranked row', `${round(results.firstView.firstRow, 0)} ms`, ''],
  ...sliderRows('61 cities', results.slider61, 'p95 ≤ 8 ms', ''),
  ...sliderRows(`${STRESS_CITIES} cities`, results.slider10k, 'p95 ≤ 16 ms', ' (no canvas)'),
  [`  rows in the document at ${STRESS_CITIES} cities`, String(results.slider10k.rowsInDocument), ''],
  [`your own CSV, ${OWN_PLACES.toLocaleString('en')} places × ${OWN_INDICATORS} indicators (${kib(results.ownData.bytes)}): chosen → ranked`, `${results.ownData.ms} ms`, '≤ 2000 ms'],
  ...sliderRows(`your own ${OWN_PLACES.toLocaleString('en')} places`, results.sliderOwn, 'p95 ≤ 16 ms', ' (no canvas)'),
  ['map zoom step (wheel), 61 cities, work p50 / p95', p50p95(results.map61.zoom), 'p95 ≤ 16 ms'],
  ['map pan step (drag), 61 cities, work p50 / p95', p50p95(results.map61.pan), 'p95 ≤ 16 ms'],
  [`map zoom step (wheel), ${STRESS_CITIES} cities, work p50 / p95`, p50p95(results.map10k.zoom), 'p95 ≤ 16 ms'],
  [`map pan step (drag), ${STRESS_CITIES} cities, work p50 / p95`, p50p95(results.map10k.pan), 'p95 ≤ 16 ms'],
  ['rank bands of the new weights after a move, 61 cities, p50 / p95 (max)', `${p50p95(results.bandsAfterMove)} (${results.bandsAfterMove.max} ms)`, '≤ 100 ms'],
  ...lighthouseRows(results.lighthouse),
  ...Object.entries(results.axe).map(([view, violations]) => [`axe-core violations, ${view} view`, String(violations.length), '0']),
];
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${'measure'.padEnd(width)} | result | target`);
for (const [name, value, target] of rows) console.log(`${name.padEnd(width)} | ${value} | ${target}`);
for (const [view, violations] of Object.entries(results.axe)) for (const v of violations) console.log(`axe ${view}: ${v}`);
const failing = [...new Set(results.lighthouse.flatMap((run) => run.failing))];
if (failing.length) console.log(`Lighthouse audits not passed: ${failing.join(', ')}`);

await mkdir('measurements', { recursive: true });
await writeFile('measurements/latest.json', `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results));
