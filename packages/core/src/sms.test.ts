import { describe, expect, it } from 'vitest';
import { fitSms, smsLength } from './sms';

const link = ' https://12315.example.cn/c/k3v9q2m8xa';

describe('smsLength', () => {
  it('counts Chinese in UCS-2: 70 in one message, 67 a part after', () => {
    expect(smsLength('消'.repeat(70))).toEqual({ encoding: 'ucs2', units: 70, segments: 1 });
    expect(smsLength('消'.repeat(71))).toEqual({ encoding: 'ucs2', units: 71, segments: 2 });
    expect(smsLength('消'.repeat(134)).segments).toBe(2);
    expect(smsLength('消'.repeat(135)).segments).toBe(3);
  });

  it('counts the GSM alphabet in septets, an extended character as two', () => {
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsLength('a'.repeat(161)).segments).toBe(2);
    expect(smsLength('{}').units).toBe(4);
    // One Chinese character makes the whole text UCS-2.
    expect(smsLength(`${'a'.repeat(69)}消`)).toEqual({ encoding: 'ucs2', units: 70, segments: 1 });
  });
});

describe('fitSms', () => {
  const head = '【消保委】您的投诉有新的回复（PD-2026-000123）';

  it('a notice without free text fits one message', () => {
    const text = fitSms({ head, detail: '', tail: link });
    expect(text).toBe(head + link);
    expect(smsLength(text).segments).toBe(1);
    expect(text.length).toBeLessThanOrEqual(70);
  });

  it('keeps a short detail whole', () => {
    const text = fitSms({ head, detail: '已退款', tail: link });
    expect(text).toBe(`${head}：已退款${link}`);
  });

  it('cuts a long Chinese detail on a word, with an ellipsis, in two parts at most', () => {
    const detail =
      '您好，我们已经核实了您的订单情况，商品确实存在质量问题，我们同意为您办理全额退款并承担往返运费，请您在收到短信后三日内寄回商品，谢谢您的耐心等待和理解支持。';
    const text = fitSms({ head, detail, tail: link });
    expect(smsLength(text).segments).toBe(2);
    expect(text.endsWith(`…${link}`)).toBe(true);
    const kept = text.slice(head.length + 1, text.length - link.length - 1);
    expect(detail.startsWith(kept)).toBe(true);
    // On a word: what follows the cut starts a word of the segmenter's.
    const ends = [...new Intl.Segmenter('zh-Hans', { granularity: 'word' }).segment(detail)].map(
      (s) => s.index + s.segment.length,
    );
    expect(ends.some((e) => detail.slice(0, e).replace(/[\s\p{P}]+$/u, '') === kept)).toBe(true);
    // Nothing longer on a word would have fitted.
    const next = ends.find(
      (e) => e > kept.length + 1 && detail.slice(0, e).replace(/[\s\p{P}]+$/u, '') !== kept,
    );
    if (next !== undefined) {
      const longer = `${head}：${detail.slice(0, next).replace(/[\s\p{P}]+$/u, '')}…${link}`;
      expect(smsLength(longer).segments).toBeGreaterThan(2);
    }
  });

  it('cuts English on a space, never mid-word', () => {
    const detail =
      'We checked your order and agree to refund the full price including shipping both ways. '.repeat(3);
    const text = fitSms(
      { head: 'Redress: reply on PD-2026-000123', detail, tail: ' https://x.cn/c/k3v9q2m8xa' },
      1,
    );
    expect(smsLength(text).segments).toBe(1);
    const kept = text.slice('Redress: reply on PD-2026-000123：'.length, text.indexOf('…'));
    expect(detail.startsWith(kept)).toBe(true);
    expect(detail[kept.length]).toMatch(/[\s.]/);
  });

  it('leaves the detail out when not a word of it fits', () => {
    const longHead = '【消保委】'.padEnd(132, '消');
    expect(fitSms({ head: longHead, detail: '退款已经办理完毕', tail: '' })).toBe(longHead);
  });
});
