// The CRM script's entry for Node (CommonJS): the SDK's `require` build.
const sdk = require('@redress/sdk');
const standardwebhooks = require('standardwebhooks');

import('./crm.mjs')
  .then(({ crm }) => crm(sdk, standardwebhooks, process.env))
  .then((result) => console.log(JSON.stringify({ module: 'cjs', ...result })))
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
