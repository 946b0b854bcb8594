import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isMessageKey, LANGS, MESSAGE_PARTS, translator } from './i18n';

/** The dictionary's parts: each key in exactly one part, in both languages, with the same placeholders. */

const parts = Object.entries(MESSAGE_PARTS) as [
  string,
  { zh: Record<string, string>; en: Record<string, string> },
][];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the i18n dictionary', () => {
  it('has every key of every part in both languages, none empty, with the same placeholders', () => {
    for (const [name, part] of parts) {
      expect(Object.keys(part.en).sort(), name).toEqual(Object.keys(part.zh).sort());
      for (const [key, zh] of Object.entries(part.zh)) {
        const en = part.en[key] ?? '';
        expect(zh.trim(), `${name}: ${key} (zh)`).not.toBe('');
        expect(en.trim(), `${name}: ${key} (en)`).not.toBe('');
        expect(placeholders(en), `${name}: ${key}`).toEqual(placeholders(zh));
      }
    }
  });

  it('defines no key twice across the parts, and t() answers each part its own words', () => {
    const owner = new Map<string, string>();
    for (const [name, part] of parts) {
      for (const key of Object.keys(part.zh)) {
        expect(owner.get(key), `${key} in ${name}`).toBeUndefined();
        owner.set(key, name);
      }
    }
    for (const lang of LANGS) {
      const t = translator(lang);
      for (const [, part] of parts) {
        for (const [key, text] of Object.entries(lang === 'en' ? part.en : part.zh)) {
          expect(isMessageKey(key)).toBe(true);
          expect(t(key as never)).toBe(text);
        }
      }
    }
    expect(isMessageKey('no.such.key')).toBe(false);
  });

  it('composes the i18n.ts of every feature folder', () => {
    const src = new URL('..', import.meta.url);
    const folders = readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'web')
      .filter((d) => readdirSync(new URL(`${d.name}/`, src)).includes('i18n.ts'))
      .map((d) => d.name);
    expect(Object.keys(MESSAGE_PARTS).sort()).toEqual(['web', ...folders].sort());
  });
});
