/**
 * SMS length. A text all in the GSM 7-bit alphabet takes 160 characters in one message and 153
 * per part once split; anything else (Chinese) is sent in UCS-2: 70 UTF-16 units in one, 67 per
 * part. `fitSms` builds a notice that fits one message when it can and at most two parts,
 * cutting the free text on a word boundary (Chinese words by `Intl.Segmenter`) with an ellipsis.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

export interface SmsLength {
  encoding: 'gsm7' | 'ucs2';
  /** Septets (GSM, an extended character takes two) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** How long `text` is as an SMS: its encoding, its units and how many messages it takes. */
export function smsLength(text: string): SmsLength {
  let gsm = true;
  let septets = 0;
  for (const ch of text) {
    if (BASIC.has(ch)) septets += 1;
    else if (EXTENDED.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'gsm7', units: septets, segments: segmentsOf(septets, 160, 153) };
  return { encoding: 'ucs2', units: text.length, segments: segmentsOf(text.length, 70, 67) };
}

function segmentsOf(units: number, single: number, part: number): number {
  if (units === 0) return 0;
  return units <= single ? 1 : Math.ceil(units / part);
}

const ELLIPSIS = '…';
/** Left at the end of a cut text before the ellipsis: spaces and punctuation say nothing. */
const TRAILING = /[\s\p{P}]+$/u;

/** The places a text may be cut: the ends of its words (and of its spaces and punctuation). */
function wordEnds(text: string): number[] {
  const segmenter = new Intl.Segmenter('zh-Hans', { granularity: 'word' });
  const ends: number[] = [];
  for (const s of segmenter.segment(text)) ends.push(s.index + s.segment.length);
  return ends;
}

/**
 * The SMS `head + detail + tail`: `head` (who and what) and `tail` (the link) are kept whole;
 * `detail` (the merchant's words) is kept whole when the text fits `maxSegments` messages, and
 * otherwise cut after its last word that fits, followed by `…`. One message when the whole
 * text fits one; never more than `maxSegments` (2) when `head` and `tail` fit. Without room for
 * any word of the detail, the detail is left out.
 * @example fitSms({ head: '【消保委】您的投诉有新的回复', detail: '', tail: ' https://x.cn/c/k3v9q2m8xa' })
 */
export function fitSms(
  parts: { head: string; detail: string; tail: string; separator?: string },
  maxSegments = 2,
): string {
  const { head, tail } = parts;
  const separator = parts.separator ?? '：';
  const detail = parts.detail.trim();
  const bare = head + tail;
  if (detail === '') return bare;
  const whole = head + separator + detail + tail;
  if (smsLength(whole).segments <= maxSegments) return whole;
  const fits = (text: string) => smsLength(text).segments <= maxSegments;
  // The longest prefix ending on a word that fits: the length only grows along the word ends.
  let best: string | null = null;
  let lo = 0;
  const ends = wordEnds(detail);
  let hi = ends.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const cut = detail.slice(0, ends[mid]).replace(TRAILING, '');
    const candidate = head + separator + cut + ELLIPSIS + tail;
    if (cut !== '' && fits(candidate)) {
      best = candidate;
      lo = mid + 1;
    } else if (cut === '') lo = mid + 1;
    else hi = mid - 1;
  }
  return best ?? bare;
}
