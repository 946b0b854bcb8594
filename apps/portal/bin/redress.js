#!/usr/bin/env node
// The `redress` command: runs the TypeScript CLI through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
process.env.REDRESS_CLI = '1';
await import('../src/cli.ts');
