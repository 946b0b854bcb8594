// The CRM script's entry for workerd, bundled by the test as a deployment tool would: the
// settings come as the worker's text bindings, the portal is reached through the outbound
// network service the config names.
import * as sdk from '@redress/sdk';
import * as standardwebhooks from 'standardwebhooks';
import { crm } from './crm.mjs';

export default {
  async fetch(_request, env) {
    try {
      return Response.json({ module: 'esm', ...(await crm(sdk, standardwebhooks, env)) });
    } catch (err) {
      return new Response(String(err?.stack ?? err), { status: 500 });
    }
  },
};
