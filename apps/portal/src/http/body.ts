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
