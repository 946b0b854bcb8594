import { CompiledQuery } from 'kysely';
import type { DialectName } from './dialect';

/**
 * A statement of fixed text, written once for both dialects with `?` for each parameter
 * (numbered `$1, $2, …` for PostgreSQL here, once): run with `db.executeQuery(s(dialect, […]))`,
 * it skips Kysely's builder and compiler, which cost more than SQLite takes to run a small
 * statement (on a keyed write, each query built anew was ~25–45 µs of JavaScript). For the
 * hot path only; everything else reads better through the builder. The text must not contain
 * `?` other than its parameters.
 */
export function statement<R = unknown>(
  text: string,
): (dialect: DialectName, parameters: readonly unknown[]) => CompiledQuery<R> {
  let n = 0;
  const texts: Record<DialectName, string> = {
    sqlite: text,
    postgres: text.replace(/\?/g, () => `$${++n}`),
  };
  return (dialect, parameters) =>
    CompiledQuery.raw(texts[dialect], parameters as unknown[]) as CompiledQuery<R>;
}

const built = new Map<string, string>();

/**
 * A query built by Kysely once per `key`, then run as its SQL text with new `parameters`: for
 * a hot query whose text depends only on what `key` names (the dialect, the shape), where the
 * builder would otherwise rebuild and recompile the same text every time. `parameters` are the
 * values the built query binds, in its order; the first build checks that they are, so a key
 * that leaves something out fails at once rather than binding the wrong values.
 */
export function builtOnce<R>(
  key: string,
  parameters: readonly unknown[],
  build: () => { compile(): CompiledQuery<R> },
): CompiledQuery<R> {
  const text = built.get(key);
  if (text !== undefined) return CompiledQuery.raw(text, parameters as unknown[]) as CompiledQuery<R>;
  const compiled = build().compile();
  const same =
    compiled.parameters.length === parameters.length &&
    compiled.parameters.every((v, i) => v === parameters[i]);
  if (!same) {
    throw new Error(
      `builtOnce(${key}): the query binds ${JSON.stringify(compiled.parameters)}, not the parameters given`,
    );
  }
  if (built.size >= 1_000) built.clear();
  built.set(key, compiled.sql);
  return compiled;
}
