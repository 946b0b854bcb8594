import type { FC } from 'hono/jsx';
import { ASSET_PATHS } from '../web/assets';
import type { JsonSchema } from './convert';
import { fieldRows, parameterNotes, refName, typeLabel } from './describe';
import { DOCS_CSS } from './docs-style';
import type { OpenApiDocument } from './document';

interface Op {
  method: string;
  path: string;
  spec: JsonSchema;
}

const anchor = (name: string) => `schema-${name}`;

/** Text with `code spans`, as the document's descriptions are written. */
const Text: FC<{ text: unknown }> = ({ text }) => (
  <>
    {String(text ?? '')
      .split('`')
      .map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}
  </>
);

const Type: FC<{ schema: JsonSchema | undefined }> = ({ schema }) => {
  const name = schema ? refName(schema) : null;
  if (name) return <a href={`#${anchor(name)}`}>{name}</a>;
  // A list answer `{ data: [...], nextCursor }`: name what the page holds.
  const props = schema?.properties as Record<string, JsonSchema> | undefined;
  if (props?.data && props.nextCursor) {
    return (
      <>
        page of <Type schema={props.data.items as JsonSchema} />
      </>
    );
  }
  return <code>{typeLabel(schema)}</code>;
};

const Fields: FC<{ schema: JsonSchema }> = ({ schema }) => {
  const rows = fieldRows(schema);
  if (rows.length === 0) return null;
  return (
    <table class="fields">
      <thead>
        <tr>
          <th>field</th>
          <th>type</th>
          <th>description</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td>
              <code>{r.name}</code>
              {r.required ? <span class="req">required</span> : null}
            </td>
            <td>
              <code>{r.type}</code>
            </td>
            <td>{r.notes}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

const Parameters: FC<{ list: JsonSchema[]; doc: OpenApiDocument }> = ({ list, doc }) => {
  const shared = (doc.components.parameters ?? {}) as Record<string, JsonSchema>;
  const params = list.map((p) => (refName(p) ? (shared[refName(p)!] ?? p) : p));
  return (
    <table class="params">
      <thead>
        <tr>
          <th>parameter</th>
          <th>in</th>
          <th>type</th>
          <th>description</th>
        </tr>
      </thead>
      <tbody>
        {params.map((p) => (
          <tr>
            <td>
              <code>{String(p.name)}</code>
              {p.required ? <span class="req">required</span> : null}
            </td>
            <td>{String(p.in)}</td>
            <td>
              <Type schema={p.schema as JsonSchema} />
            </td>
            <td>
              <Text
                text={[p.description, parameterNotes(p.schema as JsonSchema)].filter(Boolean).join('; ')}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

const contentSchema = (content: unknown): [string, JsonSchema] | null => {
  const first = Object.entries((content ?? {}) as Record<string, { schema: JsonSchema }>)[0];
  return first ? [first[0], first[1].schema] : null;
};

const Operation: FC<{ op: Op; doc: OpenApiDocument }> = ({ op, doc }) => {
  const { spec } = op;
  const body = contentSchema((spec.requestBody as JsonSchema | undefined)?.content);
  const security = spec.security as unknown[];
  const scopes = (security[0] as { oauth2?: string[] } | undefined)?.oauth2 ?? [];
  return (
    <section class="op" id={String(spec.operationId)}>
      <h3>
        <span class={`method ${op.method}`}>{op.method.toUpperCase()}</span> <code>{op.path}</code>
      </h3>
      <p>
        <strong>{String(spec.summary)}</strong>
        {spec.description ? (
          <>
            {' — '}
            <Text text={spec.description} />
          </>
        ) : null}
      </p>
      <p class="meta">
        <code>{String(spec.operationId)}</code> ·{' '}
        {security.length === 0 ? 'no API token' : `token scope ${scopes.join(', ')} or a session`}
      </p>
      {Array.isArray(spec.parameters) ? (
        <Parameters list={spec.parameters as JsonSchema[]} doc={doc} />
      ) : null}
      {body ? (
        <p>
          Request body (<code>{body[0]}</code>): <Type schema={body[1]} />
        </p>
      ) : null}
      <ul class="responses">
        {Object.entries(spec.responses as Record<string, JsonSchema>).map(([status, res]) => {
          const content = contentSchema(res.content);
          return (
            <li>
              <code class={Number(status) < 400 ? 'ok' : 'err'}>{status}</code>{' '}
              <Text text={res.description} />
              {content ? (
                <>
                  {' '}
                  → <Type schema={content[1]} />
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
};

/**
 * The API reference at `/api/docs`: every operation of the document grouped by tag, with its
 * parameters, request body and answers, and every named schema with its fields. No scripts and
 * nothing fetched but the icon: it is rendered from the same document as `/api/v1/openapi.json`.
 * About 4,800 elements: the sections off screen are not laid out until scrolled to
 * (`content-visibility: auto` in docs-style.ts), and the tables have fixed column widths, so
 * the page is quick to show and does not move while it streams in.
 */
export const DocsPage: FC<{ doc: OpenApiDocument }> = ({ doc }) => {
  const ops: Op[] = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, spec]) => ({ method, path, spec })),
  );
  const tags = doc.tags as { name: string; description: string }[];
  const info = doc.info as { title: string; version: string; description: string };
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${info.title} reference`}</title>
        <link rel="icon" href={ASSET_PATHS.icon} type="image/svg+xml" />
        <style dangerouslySetInnerHTML={{ __html: DOCS_CSS }} />
      </head>
      <body>
        <nav>
          <strong>{info.title}</strong> <span class="meta">v{info.version}</span>
          {tags.map((t) => (
            <div>
              <a href={`#tag-${t.name}`}>{t.name}</a>
            </div>
          ))}
          <div>
            <a href="#schemas">Schemas</a>
          </div>
          <div>
            <a href="/api/v1/openapi.json">openapi.json</a>
          </div>
        </nav>
        <main>
          <h1>{info.title}</h1>
          <p>
            <Text text={info.description} />
          </p>
          {tags.map((t) => (
            <section id={`tag-${t.name}`}>
              <h2>{t.name}</h2>
              <p>{t.description}</p>
              {ops
                .filter((op) => (op.spec.tags as string[])[0] === t.name)
                .map((op) => (
                  <Operation op={op} doc={doc} />
                ))}
            </section>
          ))}
          <h2 id="schemas">Schemas</h2>
          {Object.entries(doc.components.schemas).map(([name, schema]) => (
            <section class="schema" id={anchor(name)}>
              <h3>{name}</h3>
              <Fields schema={schema} />
            </section>
          ))}
        </main>
      </body>
    </html>
  );
};
