import type { Context, MiddlewareHandler } from 'hono';

/** A percent-encoded C0 control character or DEL: what no query parameter of the portal takes. */
const ENCODED_CONTROL = /%(?:[01][0-9a-f]|7f)/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The name of the first query parameter (or name) holding a control character, or null. A raw
 * control character cannot reach here (the URL parser percent-encodes it), so a look for
 * `%00`–`%1F` and `%7F` in the raw query settles almost every request without decoding it.
 */
export function controlCharacterParameter(url: string): string | null {
  const start = url.indexOf('?');
  if (start < 0) return null;
  const query = url.slice(start + 1).split('#')[0]!;
  if (!ENCODED_CONTROL.test(query)) return null;
  for (const pair of query.split('&')) {
    const [name = '', value = ''] = pair.split(/=(.*)/s, 2);
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s; // a malformed escape is left as it is: no control character comes out of it
      }
    };
    const key = decode(name);
    if (CONTROL.test(key) || CONTROL.test(decode(value))) return CONTROL.test(key) ? '(name)' : key;
  }
  return null;
}

/**
 * Refuses a request whose query carries a control character (NUL, line breaks, tabs…): no
 * parameter of the portal has a use for one, PostgreSQL refuses NUL in text, and a line break
 * in a parameter copied into a header or a log line is an injection. A 422 problem naming the
 * parameter (as for any parameter of the API that does not fit).
 */
export function refuseControlCharacters(
  refuse: (c: Context, parameter: string) => Response | Promise<Response>,
): MiddlewareHandler {
  return async function refuseControlCharacters(c, next) {
    const parameter = controlCharacterParameter(c.req.url);
    if (parameter === null) return next();
    return refuse(c, parameter);
  };
}
