// A static file server for dist/, as a static host or CDN would serve it: gzip where the
// client accepts it, correct content types, no server logic. Used by the end-to-end tests and
// by scripts/measure. Listens on 127.0.0.1 on a free port.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** Starts serving `root`; resolves to `{ origin, close }`. */
export async function serveDirectory(root) {
  const cache = new Map();
  const load = async (path) => {
    if (!cache.has(path)) {
      const body = await readFile(path);
      cache.set(path, { body, gzipped: gzipSync(body, { level: 9 }) });
    }
    return cache.get(path);
  };
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const path = normalize(join(root, relative));
    if (!path.startsWith(normalize(root) + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const file = await load(path);
      const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      const headers = {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': relative === 'index.html' ? 'no-cache' : 'public, max-age=31536000',
        vary: 'accept-encoding',
      };
      if (gzip) headers['content-encoding'] = 'gzip';
      const body = gzip ? file.gzipped : file.body;
      headers['content-length'] = body.length;
      response.writeHead(200, headers);
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
