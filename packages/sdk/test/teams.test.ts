import { ConflictError, NotFoundError, Redress, ValidationError } from '@redress/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../apps/portal/src/http/principal';
import { createUser } from '../../../apps/portal/src/users/service';
import { type Portal, startPortal } from './portal';

let portal: Portal;
let merchant: Redress;
let other: Redress;
let staff: Redress;

beforeAll(async () => {
  portal = await startPortal();
  merchant = new Redress({ baseUrl: portal.url, ...portal.clients.merchantA });
  other = new Redress({ baseUrl: portal.url, ...portal.clients.merchantB });
  staff = new Redress({ baseUrl: portal.url, ...portal.clients.staff });
});
afterAll(async () => {
  await portal.close();
});

/** A user of a merchant, made as the commission admin would. */
function userOf(merchantId: string, email: string) {
  return createUser(
    { ...portal.runtime, principal: { ...SYSTEM, role: 'commission_admin' } },
    {
      email,
      name: email.split('@')[0],
      password: 'correct horse battery',
      role: 'merchant_agent',
      merchantId,
    },
  );
}

describe('owners', () => {
  it('sets, filters by and clears a complaint’s owner', async () => {
    const agent = await userOf(portal.merchantA.id, 'wang@jia.example');
    const mine = await portal.intake();
    const unowned = await portal.intake();

    const owned = await merchant.complaints.setOwner(mine.id, { userId: agent.id });
    expect(owned.owner).toEqual({ id: agent.id, name: 'wang' });
    expect(await portal.countEvents(mine.id, 'complaint.owner_changed')).toBe(1);

    const byAgent = await merchant.complaints.list({ owner: agent.id }).toArray();
    expect(byAgent.map((c) => c.id)).toEqual([mine.id]);
    const nobodys = await merchant.complaints.list({ owner: 'none' }).toArray();
    expect(nobodys.map((c) => c.id)).toContain(unowned.id);
    expect(nobodys.map((c) => c.id)).not.toContain(mine.id);

    const cleared = await merchant.complaints.clearOwner(mine.id);
    expect(cleared.owner).toBeNull();
    expect((await merchant.complaints.get(mine.id)).owner).toBeNull();
    expect(await portal.countEvents(mine.id, 'complaint.owner_changed')).toBe(2);
  });

  it('throws typed errors: another merchant’s user, another merchant’s complaint, `me` from a client', async () => {
    const c = await portal.intake();
    const stranger = await userOf(portal.merchantB.id, 'li@yi.example');
    const refused = await merchant.complaints
      .setOwner(c.id, { userId: stranger.id })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).errors[0]).toMatchObject({ path: 'userId', code: 'not_found' });
    await expect(other.complaints.setOwner(c.id, { userId: stranger.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(other.complaints.clearOwner(c.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(merchant.complaints.list({ owner: 'me' })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('internal notes', () => {
  it('adds a note and lists it; another merchant gets 404 and staff do not see it', async () => {
    const c = await portal.intake();
    const note = await merchant.complaints.addNote(c.id, { body: '已联系仓库核实发货记录。' });
    expect(note).toMatchObject({ complaintId: c.id, side: 'merchant', body: '已联系仓库核实发货记录。' });
    expect(note.id).toMatch(/^nte_/);
    expect(note.author).toMatchObject({ kind: 'client', id: portal.clients.merchantA.clientId });

    expect((await merchant.complaints.notes(c.id).toArray()).map((n) => n.id)).toEqual([note.id]);
    await expect(other.complaints.notes(c.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(other.complaints.addNote(c.id, { body: '看看' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await staff.complaints.notes(c.id).toArray()).toEqual([]);
  });

  it('keeps the note from the merchant the complaint is routed to next', async () => {
    const c = await portal.intake();
    await merchant.complaints.addNote(c.id, { body: '这单其实不是我们的门店。' });
    await staff.request('POST', `/api/v1/complaints/${c.id}/assign`, {
      body: { merchantId: portal.merchantB.id },
    });
    expect((await other.complaints.get(c.id)).id).toBe(c.id);
    expect(await other.complaints.notes(c.id).toArray()).toEqual([]);
    const timeline = await other.complaints.events(c.id).toArray();
    expect(timeline.map((e) => e.type)).not.toContain('complaint.note_added');
  });

  it('adds a note once when the same idempotency key is sent twice', async () => {
    const c = await portal.intake();
    const first = await merchant.complaints.addNote(
      c.id,
      { body: '回访一次' },
      { idempotencyKey: 'note-once' },
    );
    const again = await merchant.complaints.addNote(
      c.id,
      { body: '回访一次' },
      { idempotencyKey: 'note-once' },
    );
    expect(again.id).toBe(first.id);
    expect(await portal.countEvents(c.id, 'complaint.note_added')).toBe(1);
  });
});

describe('reply templates', () => {
  it('creates, lists, reads, changes and deletes templates; a name twice is a ConflictError', async () => {
    const t = await merchant.replyTemplates.create({ name: '已收到', body: '您好，我们已收到您的投诉。' });
    expect(t).toMatchObject({ merchantId: portal.merchantA.id, name: '已收到' });
    expect(t.id).toMatch(/^tpl_/);
    await expect(merchant.replyTemplates.create({ name: '已收到', body: '重复' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await merchant.replyTemplates.list().toArray()).map((x) => x.id)).toEqual([t.id]);
    expect(await merchant.replyTemplates.get(t.id)).toEqual(t);
    const changed = await merchant.replyTemplates.update(t.id, {
      body: '您好，已收到，两个工作日内联系您。',
    });
    expect(changed).toMatchObject({ id: t.id, name: '已收到', body: '您好，已收到，两个工作日内联系您。' });
    await merchant.replyTemplates.delete(t.id);
    await expect(merchant.replyTemplates.get(t.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await merchant.replyTemplates.list().toArray()).toEqual([]);
  });

  it('keeps each merchant’s templates to itself', async () => {
    const t = await merchant.replyTemplates.create({
      name: '退款说明',
      body: '退款将在3个工作日内原路退回。',
    });
    expect(await other.replyTemplates.list().toArray()).toEqual([]);
    await expect(other.replyTemplates.get(t.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(other.replyTemplates.update(t.id, { body: '改' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(other.replyTemplates.delete(t.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
