// Writes public/service-worker.js into the build, as trunk's post-build hook
// (scripts/post-build.mjs) runs it: with the paths of every file of the site and a hash of their
// contents, so that each build's worker caches that build.

import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const WORKER = 'service-worker.js';

/** Every file under `directory`, as paths relative to `root` with forward slashes. */
async function filesUnder(directory, root = directory) {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(directory, entry.name);
      return entry.isDirectory() ? filesUnder(path, root) : [relative(root, path).split(sep).join('/')];
    }),
  );
  return nested.flat();
}

/**
 * Writes the worker into `staging`, the build's folder, with every file of the site there but
 * `skipped` (files a host reads but does not serve).
 */
export async function writeServiceWorker(staging, skipped = []) {
  // Trunk's own lock file, the worker itself and the skipped files are not part of the site
  // the worker caches.
  const cached = (path) => path !== WORKER && !path.startsWith('.') && !skipped.includes(path);
  const files = (await filesUnder(staging)).filter(cached).sort();
  const hash = createHash('sha256');
  for (const path of files) {
    hash.update(path);
    hash.update(await readFile(join(staging, path)));
  }
  const version = hash.digest('hex').slice(0, 16);
  // The document is cached as the folder's address, which is how pages ask for it.
  const paths = files.map((path) => (path === 'index.html' ? './' : path));
  const template = await readFile(new URL(`../public/${WORKER}`, import.meta.url), 'utf8');
  const worker = template.replace("'__VERSION__'", JSON.stringify(version)).replace('__FILES__', JSON.stringify(paths));
  await writeFile(join(staging, WORKER), worker);
}
