import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SDK = fileURLToPath(new URL('..', import.meta.url));
const TSUP = fileURLToPath(new URL('../../../node_modules/.bin/tsup', import.meta.url));

/** Builds dist/ once per run, so that a fresh clone's `npm test` checks the package as published. */
export default function setup(): void {
  execFileSync(TSUP, [], { cwd: SDK, stdio: 'pipe' });
}
