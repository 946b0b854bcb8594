import { describe, expect, it } from 'vitest';
import { ENDED_STATUSES, hasEnded, OPEN_STATUSES, voiceOf } from './lifecycle';
import { STATUSES } from './taxonomy';

describe('hasEnded', () => {
  it('is true for settled, closed, referred and withdrawn, and for no open status', () => {
    expect([...ENDED_STATUSES].sort()).toEqual(['closed', 'referred', 'settled', 'withdrawn']);
    expect(STATUSES.filter(hasEnded)).toEqual(ENDED_STATUSES);
    for (const s of OPEN_STATUSES) expect(hasEnded(s), s).toBe(false);
  });
});

describe('voiceOf', () => {
  it('gives a recorded reply, answer or withdrawal to the consumer, with who recorded it', () => {
    expect(voiceOf('complaint.consumer_replied', { kind: 'user', role: 'merchant_agent' })).toEqual({
      by: 'consumer',
      recordedBy: 'merchant',
    });
    expect(voiceOf('complaint.consumer_replied', { kind: 'client', role: 'merchant_admin' })).toEqual({
      by: 'consumer',
      recordedBy: 'merchant',
    });
    expect(voiceOf('complaint.proposal_answered', { kind: 'user', role: 'commission_staff' })).toEqual({
      by: 'consumer',
      recordedBy: 'staff',
    });
    expect(voiceOf('complaint.withdrawn', { kind: 'user', role: 'commission_admin' })).toEqual({
      by: 'consumer',
      recordedBy: 'staff',
    });
  });

  it('leaves the consumer’s own acts and everyone else’s as they are', () => {
    expect(voiceOf('complaint.consumer_replied', { kind: 'consumer', role: null })).toEqual({
      by: 'consumer',
      recordedBy: null,
    });
    expect(voiceOf('complaint.message_sent', { kind: 'user', role: 'merchant_agent' })).toEqual({
      by: 'merchant',
      recordedBy: null,
    });
    expect(voiceOf('complaint.escalated', { kind: 'system', role: null })).toEqual({
      by: 'system',
      recordedBy: null,
    });
  });
});
