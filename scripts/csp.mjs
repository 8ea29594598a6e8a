// The site's Content-Security-Policy, written into the build by trunk's post-build hook
// (scripts/post-build.mjs): as a <meta> at the top of index.html, for hosts that set no headers,
// and as a `_headers` file, for hosts that read one (Netlify, Cloudflare Pages).
//
// Everything comes from the site's own origin. WebAssembly may compile ('wasm-unsafe-eval'),
// nothing may eval JavaScript, and the only inline code is index.html's start-up script and its
// inlined stylesheet, each allowed by the SHA-256 of its text as this build writes it.

import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The base64 SHA-256 of `text` as a CSP hash source. */
const hashSource = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The text of every inline `<tag>` element in `html`, in document order. */
function inlineTexts(html, tag) {
  const texts = [];
  const pattern = new RegExp(`<${tag}(\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  for (const [, attributes = '', text] of html.matchAll(pattern)) {
    if (!/\ssrc=/.test(attributes)) texts.push(text);
  }
  return texts;
}

/** The policy for a page whose inline scripts and styles are those of `html`. */
export function policyFor(html) {
  const scripts = inlineTexts(html, 'script').map(hashSource);
  const styles = inlineTexts(html, 'style').map(hashSource);
  return [
    "default-src 'self'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...scripts].join(' '),
    ["style-src 'self'", ...styles].join(' '),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The `_headers` file's name in the build. */
export const HEADERS_FILE = '_headers';

/** Writes the policy of `dist`'s index.html into it and into `dist/_headers`. */
export async function writePolicy(dist) {
  const page = join(dist, 'index.html');
  const html = await readFile(page, 'utf8');
  if (html.includes('http-equiv="Content-Security-Policy"')) throw new Error('index.html has a policy already');
  const policy = policyFor(html);
  // Right after the character set, before anything the policy governs. The minifier leaves out
  // the optional <head> tag, so that is the landmark.
  const charset = /<meta charset=[^>]*>/i.exec(html);
  if (!charset) throw new Error('index.html declares no character set');
  const at = charset.index + charset[0].length;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  await writeFile(page, html.slice(0, at) + meta + html.slice(at));
  // frame-ancestors, which only a header can carry, is left open: the embedded view is made to
  // be framed by any page.
  await writeFile(join(dist, HEADERS_FILE), `/*\n  Content-Security-Policy: ${policy}\n`);
}
