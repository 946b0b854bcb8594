import { describe, expect, it } from 'vitest';
import { erasePersonalEventData } from './retention';

describe('erasePersonalEventData', () => {
  it('erases the names of the files a message, a request or a reply carries, and the reply’s words', () => {
    const file = { id: 'att_1', fileName: '张三身份证.jpg', contentType: 'image/jpeg', sizeBytes: 10 };
    const erased = (type: string, data: Record<string, unknown>) =>
      erasePersonalEventData(type, { object: {}, ...data });
    expect(
      erased('complaint.message_sent', { message: { body: '您好', attachments: [file] } }).message,
    ).toEqual({
      body: '您好',
      attachments: [{ ...file, fileName: '' }],
    });
    expect(
      erased('complaint.info_requested', { infoRequest: { body: '请补充', attachments: [file] } })
        .infoRequest,
    ).toEqual({ body: '请补充', attachments: [{ ...file, fileName: '' }] });
    expect(
      erased('complaint.consumer_replied', {
        reply: { body: '我的电话', via: 'consumer', attachments: [file] },
      }).reply,
    ).toEqual({ body: '', via: 'consumer', attachments: [{ ...file, fileName: '' }] });
    // Events written before messages carried files are erased as before.
    expect(erased('complaint.consumer_replied', { reply: { body: 'x', via: 'consumer' } }).reply).toEqual({
      body: '',
      via: 'consumer',
    });
  });
});
