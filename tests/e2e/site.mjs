// The site under test for one test file: the built dist/ served, and a Chromium to open it,
// started before the file's tests and closed after them.

import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { serveDirectory } from './static-server.mjs';
import { launchChromium } from './chromium.mjs';

/** The repository's root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built site. */
export const DIST = join(ROOT, 'dist');

/**
 * Serves DIST and launches Chromium before the calling file's tests, and closes both after them.
 * `serve` holds `serveDirectory`'s options, or is an async function that makes them; `chromium`
 * holds `launchChromium`'s. The object returned holds `server` and `browser` once the tests run.
 */
export function siteUnderTest({ serve = {}, chromium = {} } = {}) {
  const site = {};
  before(async () => {
    site.server = await serveDirectory(DIST, typeof serve === 'function' ? await serve() : serve);
    site.browser = await launchChromium(chromium);
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
