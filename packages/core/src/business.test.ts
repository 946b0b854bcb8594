import { describe, expect, it } from 'vitest';
import { businessNameKey, creditCodeCheckCharacter, isCreditCode } from './business';
import { fieldErrors, parseInput } from './field-errors';
import { CreditCodeSchema } from './schemas';

// Real codes, as the enterprises publish them (国家企业信用信息公示系统).
const REAL = {
  huawei: '914403001922038216', // 华为技术有限公司
  tencent: '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  xiaomi: '91110108551385082Q', // 小米科技有限责任公司
  alibaba: '91330100716105852F', // 阿里巴巴（中国）有限公司
};

describe('GB 32100-2015 check character', () => {
  it('is worked out by hand for 华为技术有限公司', () => {
    // 9 1 4 4 0 3 0 0 1 9 2 2 0 3 8 2 1 with the weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
    // 9 + 3 + 36 + 108 + 0 + 78 + 0 + 0 + 20 + 261 + 50 + 26 + 0 + 72 + 80 + 60 + 28 = 831;
    // 831 mod 31 = 25; 31 − 25 = 6.
    expect(creditCodeCheckCharacter('91440300192203821')).toBe('6');
  });

  it('accepts the real codes and refuses each with another check character', () => {
    for (const code of Object.values(REAL)) {
      expect(isCreditCode(code)).toBe(true);
      for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY') {
        if (c !== code[17]) expect(isCreditCode(code.slice(0, 17) + c)).toBe(false);
      }
    }
  });

  it('writes a remainder of 0 as 0, not as a 32nd character', () => {
    // The 17th character's weight (28) is prime to 31: exactly one of the 31 values makes the sum a multiple of 31.
    const body = [...Array(31)].map((_, i) => `9131000013220082${'0123456789ABCDEFGHJKLMNPQRTUWXY'[i]}`);
    const zero = body.find((b) => creditCodeCheckCharacter(b) === '0');
    expect(zero).toBeDefined();
    expect(isCreditCode(`${zero}0`)).toBe(true);
  });

  it('refuses characters outside the alphabet and wrong lengths', () => {
    expect(creditCodeCheckCharacter('9144030019220382I')).toBeNull();
    expect(isCreditCode('91440300192203821')).toBe(false);
    expect(isCreditCode('9144030019220382166')).toBe(false);
    expect(isCreditCode('91440300192203821O')).toBe(false);
  });

  it('is the schema’s rule, with the code not_a_credit_code; lower case is upper-cased', () => {
    expect(parseInput(CreditCodeSchema, REAL.tencent.toLowerCase()).data).toBe(REAL.tencent);
    const wrong = parseInput(CreditCodeSchema, '91440300708461136A');
    expect(wrong.success).toBe(false);
    expect(wrong.error && fieldErrors(wrong.error).map((e) => e.code)).toEqual(['not_a_credit_code']);
  });
});

describe('businessNameKey', () => {
  it('folds full-width forms and whitespace', () => {
    expect(businessNameKey(' 上海　ＡＢＣ（浦东）餐饮 ')).toBe('上海abc(浦东)餐饮');
    expect(businessNameKey('上海abc (浦东) 餐饮')).toBe(businessNameKey('上海ＡＢＣ（浦东）餐饮'));
    expect(businessNameKey('阿里巴巴（中国）有限公司')).toBe('阿里巴巴(中国)有限公司');
  });
});
