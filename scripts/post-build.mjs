// Trunk's post-build hook (Trunk.toml). The build's index.html is final when it runs: it writes
// the Content-Security-Policy into it and beside it (scripts/csp.mjs), then the offline copy's
// service worker, whose list and hash take in the page as it is served
// (scripts/service-worker.mjs).

import { HEADERS_FILE, writePolicy } from './csp.mjs';
import { writeServiceWorker } from './service-worker.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: this runs as a trunk hook');
await writePolicy(staging);
await writeServiceWorker(staging, [HEADERS_FILE]);
