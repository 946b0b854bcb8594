/** Reference 1: a bare Hono route on @hono/node-server — the framework's own ceiling on this machine. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { announce } from './ipc';

const app = new Hono().get('/', (c) => c.text('hello'));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
  announce(info.port, () => new Promise((done) => server.close(() => done()))),
);
