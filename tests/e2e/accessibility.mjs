// axe-core, shared by the end-to-end tests and scripts/measure: the views that must have no
// violations, and a run of axe on an open page.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/** The views audited: name and query string. */
export const AUDITED_VIEWS = [
  ['main', ''],
  ['detail', '?city=toronto'],
  ['comparison', '?city=london&vs=paris&pc=1&norm=pct&agg=geo'],
  ['methodology', '?view=method'],
  ['zoomed', '?map=633_5266_783&city=london'],
  ['embedded', '?p=research&embed=1'],
];

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on `page`; resolves to one line per violation: id, help and node count. */
export async function axeViolations(page) {
  // Evaluated, not added as a <script>: the page's policy refuses inline scripts it has no hash for.
  await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}`);
}
