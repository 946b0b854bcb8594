import { Redress } from '@redress/sdk';
import { CrmStore } from './store';
import { syncComplaints } from './sync';

/**
 * `npm start -w @redress/example-crm-sync`, with REDRESS_BASE_URL, REDRESS_CLIENT_ID and
 * REDRESS_CLIENT_SECRET of a merchant's API client, and CRM_DB (default ./crm.db).
 * Ctrl-C stops it; the next start resumes from the saved cursor.
 */
const store = new CrmStore(process.env.CRM_DB ?? 'crm.db');
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());
console.log(`syncing from ${store.cursor() ?? 'the beginning of the feed'}`);
await syncComplaints({
  redress: new Redress({ logger: process.env.DEBUG ? console : undefined }),
  store,
  signal: stop.signal,
  onEvent: (e) =>
    console.log(`${e.createdAt} ${e.type} ${String(e.data.object.reference ?? e.data.object.id ?? '')}`),
});
store.close();
console.log('stopped');
