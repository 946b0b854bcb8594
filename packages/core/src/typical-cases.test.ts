import { describe, expect, it } from 'vitest';
import { personalDetails, redact } from './typical-cases';

const consumer = { name: '张晓明', phone: '13812345678' };

describe('a typical case’s personal details', () => {
  it('finds the consumer’s name and phone in any spacing, or its last digits', () => {
    const kinds = (text: string) => personalDetails(text, consumer).map((d) => d.kind);
    expect(kinds('张晓明于七月购买空调')).toEqual(['name']);
    expect(kinds('请致电 138 1234 5678')).toEqual(['phone']);
    expect(kinds('电话138-1234-5678')).toEqual(['phone']);
    expect(kinds('尾号12345678的消费者')).toEqual(['phone']);
    expect(kinds('+86 13812345678')).toEqual(['phone']);
  });

  it('finds any other phone-length number, a resident ID number and an email address', () => {
    expect(personalDetails('另一位消费者 13998765432', consumer)).toEqual([
      { kind: 'phone', text: '13998765432' },
    ]);
    expect(personalDetails('身份证 31011519800101123X', consumer)).toEqual([
      { kind: 'id_number', text: '31011519800101123X' },
    ]);
    expect(personalDetails('邮箱 zhang.xm@example.cn', consumer)).toEqual([
      { kind: 'email', text: 'zhang.xm@example.cn' },
    ]);
    expect(personalDetails('座机 021-5888 1234', consumer)).toHaveLength(1);
  });

  it('leaves amounts, dates and short numbers alone', () => {
    expect(personalDetails('2026-03-15 购买，价格 5999 元，订单 3 件，退款 ¥599.00', consumer)).toEqual([]);
    // A one-character or redacted name is not searched for.
    expect(personalDetails('消费者称……', { name: '消费者', phone: null })).toEqual([]);
  });

  it('redact removes what personalDetails finds', () => {
    const text =
      '张晓明（138 1234 5678，zhang.xm@example.cn）于 2026-03-15 投诉，身份证 31011519800101123X。';
    const clean = redact(text, consumer);
    expect(clean).toBe('消费者（[已隐去]，[已隐去]）于 2026-03-15 投诉，身份证 [已隐去]。');
    expect(personalDetails(clean, consumer)).toEqual([]);
  });
});
