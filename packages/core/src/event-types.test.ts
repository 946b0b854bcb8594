import { describe, expect, it } from 'vitest';
import { messageOf, type TypedEvent } from './event-types';

const event = (type: string, data: Record<string, unknown>) => ({ type, data }) as unknown as TypedEvent;
const file = {
  id: 'att_01JD3Z6Y8G5C4F0QK3W2A1B9XE',
  fileName: 'a.png',
  contentType: 'image/png',
  sizeBytes: 9,
};

describe('messageOf', () => {
  it('reads the message of a message, an information request and a consumer’s reply, and nothing else', () => {
    expect(
      messageOf(event('complaint.message_sent', { message: { body: 'm', attachments: [file] } })),
    ).toEqual({
      body: 'm',
      attachments: [file],
    });
    expect(
      messageOf(event('complaint.info_requested', { infoRequest: { body: 'i', attachments: [] } })),
    ).toEqual({
      body: 'i',
      attachments: [],
    });
    expect(
      messageOf(event('complaint.consumer_replied', { reply: { body: 'r', via: 'consumer' } }))?.body,
    ).toBe('r');
    expect(messageOf(event('complaint.note_added', { note: { body: 'internal' } }))).toBeUndefined();
    expect(messageOf(event('complaint.proposed', { proposal: { terms: 't' } }))).toBeUndefined();
  });
});
