/** The prefix of the commission's human reference numbers (浦东 → PD in the examples). */
export const DEFAULT_REFERENCE_PREFIX = 'PD';

/**
 * The human reference number of a complaint: prefix, year of receipt, and a sequence that
 * restarts each year.
 * @example formatReference('PD', 2026, 123) // 'PD-2026-000123'
 */
export function formatReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function parseReference(reference: string): { prefix: string; year: number; sequence: number } | null {
  const match = /^([A-Z]{1,6})-(\d{4})-(\d{6,})$/.exec(reference);
  if (!match) return null;
  return { prefix: match[1]!, year: Number(match[2]), sequence: Number(match[3]) };
}

/** Masks a phone number for lists: 13812345678 → 138****5678. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}
