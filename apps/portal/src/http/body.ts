import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';

/**
 * The form body of a request (hono's `parseBody`), or a 400 when it cannot be read: a multipart
 * body without its boundary, or cut short, makes the platform's parser throw, and that is the
 * sender's mistake, not the portal's.
 */
export async function parseForm(
  c: Pick<Context, 'req'>,
  options: { all?: boolean } = {},
): Promise<Record<string, string | File | (string | File)[]>> {
  try {
    return await c.req.parseBody(options);
  } catch {
    throw new HTTPException(400, { message: 'the body could not be read: malformed form' });
  }
}

/**
 * The requests whose body streams into their route: exempt from the 1 MiB body limit (app.ts),
 * and a page form among them carries its form token in the query (`?_csrf=`, web/csrf.ts) so
 * that nothing reads its body before the route does. Every other request keeps both as they are.
 * The import of complaints: the API's and the imports page's upload.
 */
export const STREAMED_BODIES: readonly { method: string; path: string }[] = [
  { method: 'POST', path: '/api/v1/complaints/import' },
  { method: 'POST', path: '/imports' },
];

export function streamsItsBody(method: string, path: string): boolean {
  return STREAMED_BODIES.some((s) => s.method === method && s.path === path);
}
