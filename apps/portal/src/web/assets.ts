import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);

/**
 * Pico CSS from node_modules, our own stylesheet and the icon (favicon.svg, and favicon.ico
 * made from it by scripts/favicon.ts), read once at startup.
 */
const FILES = {
  pico: readFileSync(require.resolve('@picocss/pico/css/pico.min.css'), 'utf8'),
  redress: readFileSync(new URL('./assets/redress.css', import.meta.url), 'utf8'),
  icon: readFileSync(new URL('./assets/favicon.svg', import.meta.url), 'utf8'),
};
const FAVICON_ICO = new Uint8Array(readFileSync(new URL('./assets/favicon.ico', import.meta.url)));

const version = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

/** The addresses carry a hash of the content, so they can be cached for good. */
export const ASSET_PATHS = {
  pico: `/assets/pico.min.css?v=${version(FILES.pico)}`,
  redress: `/assets/redress.css?v=${version(FILES.redress)}`,
  icon: `/assets/favicon.svg?v=${version(FILES.icon)}`,
} as const;

const TYPES = { pico: 'text/css; charset=utf-8', redress: 'text/css; charset=utf-8', icon: 'image/svg+xml' };

/**
 * `GET /assets/pico.min.css`, `/assets/redress.css`, `/assets/favicon.svg`, and `/favicon.ico`
 * for the clients that ask for it without reading the page's `<link rel="icon">`.
 */
export function assetRoutes() {
  const serve = (name: keyof typeof FILES) => () =>
    new Response(FILES[name], {
      headers: {
        'Content-Type': TYPES[name],
        'Cache-Control': 'public, max-age=31536000, immutable',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  return new Hono()
    .get('/assets/pico.min.css', serve('pico'))
    .get('/assets/redress.css', serve('redress'))
    .get('/assets/favicon.svg', serve('icon'))
    .get(
      '/favicon.ico',
      () =>
        new Response(FAVICON_ICO, {
          headers: {
            'Content-Type': 'image/x-icon',
            'Cache-Control': 'public, max-age=86400',
            'X-Content-Type-Options': 'nosniff',
          },
        }),
    );
}
