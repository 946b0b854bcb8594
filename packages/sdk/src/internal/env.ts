/**
 * An environment variable where the runtime has one (Node, Bun, Deno); undefined in browsers
 * and edge runtimes. Only `globalThis.process?.env` is read, so nothing breaks where there is
 * no `process`, and Deno without `--allow-env` (which throws) reads as unset.
 */
export function readEnv(name: string): string | undefined {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    const value = env?.[name]?.trim();
    return value ? value : undefined;
  } catch {
    return undefined;
  }
}
