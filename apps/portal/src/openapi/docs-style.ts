import { createHash } from 'node:crypto';

/**
 * The reference page's styles: inline, since the page loads nothing but its icon. The page's
 * Content-Security-Policy admits exactly this text by its hash (`DOCS_STYLE_HASH`), so it is put
 * in the page as it is (not HTML-escaped: quotes inside a style element are not entities).
 * Links are underlined (their red alone is 2.4:1 against the text, too close to tell apart);
 * targets in the side bar are at least 24 px high (WCAG 2.5.8).
 * Each operation and schema is `content-visibility: auto`: the browser lays out only the
 * sections near the screen, which turns about a second of style and layout on a slow phone
 * into a few milliseconds; `contain-intrinsic-size` keeps the scroll bar honest meanwhile.
 * Tables are `table-layout: fixed`, so their columns do not move as rows stream in.
 */
export const DOCS_CSS = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5d6878; --line: #e3e7ee; --accent: #b4232c; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); display: flex; }
nav { position: sticky; top: 0; height: 100vh; overflow: auto; width: 220px; padding: 1.2rem; border-right: 1px solid var(--line); background: #fafbfc; flex: none; }
nav a { display: block; padding: .25rem 0; text-decoration: none; }
nav a:hover, nav a:focus-visible { text-decoration: underline; }
main { padding: 1.2rem 2rem 4rem; max-width: 1000px; min-width: 0; flex: 1; }
a { color: var(--accent); text-decoration: underline; text-decoration-thickness: 1px; text-underline-offset: .15em; }
a:hover { text-decoration-thickness: 2px; }
h2 { margin-top: 2.5rem; border-bottom: 2px solid var(--ink); padding-bottom: .3rem; }
h3 { margin: 0 0 .4rem; font-size: 1rem; }
.op, .schema { border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; margin: 1rem 0; content-visibility: auto; contain-intrinsic-size: auto 420px; }
.schema { contain-intrinsic-size: auto 300px; }
.method { display: inline-block; min-width: 4.2em; text-align: center; border-radius: 4px; color: #fff; font-size: .8rem; padding: .1rem .4rem; }
.get { background: #2f6f3e; } .post { background: #1f5fa8; } .put, .patch { background: #9a6a00; } .delete { background: #a02525; }
.meta { color: var(--muted); font-size: .85rem; }
.req { color: var(--accent); font-size: .75rem; margin-left: .4rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .9rem; table-layout: fixed; }
.params th:nth-child(1) { width: 24%; } .params th:nth-child(2) { width: 9%; } .params th:nth-child(3) { width: 30%; }
.fields th:nth-child(1) { width: 28%; } .fields th:nth-child(2) { width: 34%; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: .25rem .5rem; vertical-align: top; overflow-wrap: anywhere; }
code { font: .85rem ui-monospace, SFMono-Regular, Menlo, monospace; }
.responses { list-style: none; padding: 0; margin: .4rem 0 0; }
.responses code.ok { color: #2f6f3e; } .responses code.err { color: #a02525; }
`;

/** The CSP source that admits the inline style element of `/api/docs` and nothing else. */
export const DOCS_STYLE_HASH = `'sha256-${createHash('sha256').update(DOCS_CSS).digest('base64')}'`;
