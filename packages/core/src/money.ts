/** Money is integer fen (1 CNY = 100 fen), never a float. */
export interface Money {
  amountFen: number;
  currency: 'CNY';
}

/** The largest amount Redress accepts: ¥100,000,000.00 — far above any consumer claim. */
export const MAX_AMOUNT_FEN = 10_000_000_000;

export function money(amountFen: number): Money {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0 || amountFen > MAX_AMOUNT_FEN) {
    throw new RangeError(`amountFen must be a whole number of fen from 0 to ${MAX_AMOUNT_FEN}`);
  }
  return { amountFen, currency: 'CNY' };
}

/**
 * Formats fen as yuan for people, without floating-point rounding.
 * @example formatYuan(12800) // '¥128.00'
 */
export function formatYuan(amountFen: number): string {
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  const fen = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan}.${fen}`;
}

/**
 * Parses a yuan amount typed by a person ("128", "128.5", "1,280.00") into fen.
 * Returns null for anything that is not a non-negative amount with at most two decimals.
 */
export function parseYuan(text: string): number | null {
  const cleaned = text.trim().replace(/^¥/, '').replaceAll(',', '');
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
