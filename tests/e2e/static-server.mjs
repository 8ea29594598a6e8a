// A static file server for dist/, as a static host or CDN would serve it: brotli or gzip where
// the client accepts it (compressed once at start-up, at the highest level, as hosts that
// precompress do), correct content types, the headers of the site's `_headers` file as Netlify
// and Cloudflare Pages read it, no server logic. Used by the end-to-end tests and by
// scripts/measure. Listens on 127.0.0.1 on a free port.

import { createServer } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, normalize, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

const COMPRESSORS = {
  br: (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: (body) => gzipSync(body, { level: 9 }),
};

/**
 * Every file of the site under `root` (dot files are not part of it), keyed by its path from
 * `root` with `/` separators: as it is (`identity`) and compressed as `br` and `gzip`.
 */
export async function compressDirectory(root) {
  const files = new Map();
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if (!entry.name.startsWith('.')) {
        const identity = await readFile(path);
        const file = { identity };
        for (const [encoding, compress] of Object.entries(COMPRESSORS)) file[encoding] = compress(identity);
        files.set(relative(root, path).split(sep).join('/'), file);
      }
    }
  };
  await walk(root);
  return files;
}

/**
 * The headers a `_headers` file sets, as `[pattern, { name: value }]` pairs: a line that starts
 * a block names the paths (`/*` for all, else one path), and each indented `Name: value` line
 * under it is a header for them.
 */
export function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push([line.trim(), {}]);
    } else if (rules.length) {
      const colon = line.indexOf(':');
      if (colon > 0) rules.at(-1)[1][line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  return rules;
}

/** The headers that `rules` set for the site path `path` (from the site's root, with a `/`). */
function headersFor(rules, path) {
  const headers = {};
  for (const [pattern, set] of rules) {
    const matches = pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
    if (matches) Object.assign(headers, set);
  }
  return headers;
}

/** The file a host reads its extra headers from, and does not serve. */
const HEADERS_FILE = '_headers';

/**
 * Starts serving `root`; resolves to `{ origin, close }`. `encodings` lists the content
 * encodings the server offers, in order of preference; the first one the request accepts wins.
 * `files` is `compressDirectory(root)`, when the caller has it already. `base` is the path the
 * site is served under, as a host that serves it from a folder (`/ai-cities/`) does; nothing
 * outside it is served.
 */
export async function serveDirectory(root, { encodings = ['br', 'gzip'], files, base = '/' } = {}) {
  const site = files ?? (await compressDirectory(root));
  const rules = parseHeadersFile(site.get(HEADERS_FILE)?.identity.toString('utf8') ?? '');
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    if (!url.pathname.startsWith(base)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const inside = url.pathname.slice(base.length);
    const name = inside === '' ? 'index.html' : decodeURIComponent(inside);
    const path = normalize(join(root, name));
    if (!path.startsWith(normalize(root) + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const sitePath = relative(root, path).split(sep).join('/');
      const file = sitePath === HEADERS_FILE ? undefined : site.get(sitePath);
      if (!file) throw new Error('not found');
      const accepted = (request.headers['accept-encoding'] ?? '').split(',').map((e) => e.split(';')[0].trim());
      const encoding = encodings.find((offered) => accepted.includes(offered));
      const body = encoding ? file[encoding] : file.identity;
      const headers = {
        ...headersFor(rules, `/${sitePath === 'index.html' ? '' : sitePath}`),
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': name === 'index.html' ? 'no-cache' : 'public, max-age=31536000',
        vary: 'accept-encoding',
      };
      if (encoding) headers['content-encoding'] = encoding;
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
