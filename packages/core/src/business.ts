/**
 * The businesses a complaint is about: the unified social credit code (统一社会信用代码,
 * GB 32100-2015) and the normal form of a business's name that matching compares.
 */

/** The 31 characters of a credit code, in the order of their values 0–30 (no I, O, Z, S, V). */
export const CREDIT_CODE_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** The weights of the first 17 characters: 3^(i-1) mod 31 (GB 32100-2015, 5.2). */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * The check character (the 18th) of a credit code's first 17 characters, or null when one of
 * them is not a credit code character. C18 = 31 − (Σ value(Ci) × Wi mod 31), where 31 is written 0.
 *
 * @example creditCodeCheckCharacter('91440300708461136') // 'T'
 */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARACTERS.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARACTERS[(31 - (sum % 31)) % 31]!;
}

/**
 * Whether `code` is a unified social credit code: 18 characters of the code's alphabet whose
 * last is the check character of the others (upper case; the schemas upper-case input first).
 *
 * @example isCreditCode('914403001922038216') // true
 * @example isCreditCode('914403001922038215') // false: the check character is 6
 */
export function isCreditCode(code: string): boolean {
  return code.length === 18 && creditCodeCheckCharacter(code.slice(0, 17)) === code[17];
}

/**
 * The form of a business name that matching compares: full-width letters, digits, brackets and
 * spaces as their ASCII forms (NFKC), every whitespace removed, Latin letters lower-cased. So
 * `上海 ＡＢＣ（浦东）餐饮` and `上海abc(浦东)餐饮` are the same name.
 *
 * @example businessNameKey(' 上海　ＡＢＣ（浦东）') // '上海abc(浦东)'
 */
export function businessNameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * How a complaint's business was matched to a networked merchant: by its credit code, its
 * registered name, one of its aliases, or not at all (a business that is not networked).
 */
export const ROUTED_BY = ['merchant_id', 'credit_code', 'name', 'alias', 'none'] as const;
export type RoutedBy = (typeof ROUTED_BY)[number];
