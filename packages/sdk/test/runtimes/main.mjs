// The CRM script's entry for Node (ESM), Bun and Deno: the SDK's `import` build.
import * as sdk from '@redress/sdk';
import * as standardwebhooks from 'standardwebhooks';
import { crm } from './crm.mjs';

const result = await crm(sdk, standardwebhooks, process.env);
console.log(JSON.stringify({ module: 'esm', ...result }));
