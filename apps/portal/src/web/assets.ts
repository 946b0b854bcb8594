import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);

/** Pico CSS from node_modules and our own stylesheet, read once at startup. */
const FILES = {
  pico: readFileSync(require.resolve('@picocss/pico/css/pico.min.css'), 'utf8'),
  redress: readFileSync(new URL('./assets/redress.css', import.meta.url), 'utf8'),
};

const version = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

/** The addresses carry a hash of the content, so they can be cached for good. */
export const ASSET_PATHS = {
  pico: `/assets/pico.min.css?v=${version(FILES.pico)}`,
  redress: `/assets/redress.css?v=${version(FILES.redress)}`,
} as const;

/** `GET /assets/pico.min.css` and `/assets/redress.css`. */
export function assetRoutes() {
  const serve = (name: keyof typeof FILES) => () =>
    new Response(FILES[name], {
      headers: {
        'Content-Type': 'text/css; charset=utf-8',
        'Cache-Control': 'public, max-age=31536000, immutable',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  return new Hono().get('/assets/pico.min.css', serve('pico')).get('/assets/redress.css', serve('redress'));
}
