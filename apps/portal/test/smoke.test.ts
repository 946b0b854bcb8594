import { describe, expect, it } from 'vitest';
import { testWorld } from './harness';

describe('smoke', () => {
  it('takes a complaint in and the merchant acknowledges it', async () => {
    const w = await testWorld();
    const c = await w.intake();
    expect(c.status).toBe('assigned');
    expect(c.reference).toMatch(/^PD-2026-\d{6}$/);
    const ack = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
    const list = await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints');
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0].consumer.phone).toBe('138****5678');
  });
});
