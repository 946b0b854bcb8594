import { STATUS_LABELS } from '@redress/core';
import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from './csrf';
import { type Lang, labelOf, type Translate } from './i18n';
import type { FormState } from './page-env';

/** The session's form token; every page form carries it. */
export function CsrfInput({ token }: { token: string | undefined }) {
  return token ? <input type="hidden" name={CSRF_FIELD} value={token} /> : null;
}

/** `2026-11-30T10:00:00.000+08:00` → `2026-11-30 10:00` (timestamps are already Shanghai time). */
export const dateTime = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '—');
/**
 * A deadline as people say it: the exclusive end `2026-12-03 00:00` is "by 24:00 on 2 December",
 * `2026-12-02 24:00` (Order 121 art. 45 counts to the end of the last day).
 */
export function deadlineText(iso: string | null): string {
  if (!iso) return '—';
  if (iso.slice(11, 16) !== '00:00') return dateTime(iso);
  const previous = new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) - 86_400_000)
    .toISOString()
    .slice(0, 10);
  return `${previous} 24:00`;
}
export const dateOnly = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

const typedValue = (state: FormState | undefined, name: string): string | undefined => {
  const v = state?.values[name];
  return Array.isArray(v) ? v[0] : v;
};

interface FieldBase {
  /** Prefix of the element ids: several forms on one page may have a field of the same name. */
  form: string;
  name: string;
  label: string;
  state?: FormState | undefined;
  hint?: string | undefined;
  required?: boolean;
  optionalText?: string | undefined;
}

function LabelText(p: FieldBase) {
  return (
    <>
      {p.label}
      {!p.required && p.optionalText ? <span class="optional"> {p.optionalText}</span> : null}
    </>
  );
}

function describedBy(p: FieldBase, error: string | undefined): string | undefined {
  const ids = [p.hint ? `${p.form}-${p.name}-hint` : null, error ? `${p.form}-${p.name}-error` : null];
  return ids.filter(Boolean).join(' ') || undefined;
}

/**
 * What every field reads of the form's state: its own state (a refused post of this form), its
 * error, its element id, and the ARIA attributes that tie the control to its hint and error.
 */
function fieldOf(p: FieldBase) {
  const own = p.state?.form === p.form ? p.state : undefined;
  const error = own?.errors[p.name];
  return {
    own,
    error,
    id: `${p.form}-${p.name}`,
    aria: {
      'aria-invalid': error ? ('true' as const) : undefined,
      'aria-describedby': describedBy(p, error),
    },
  };
}

function Help(p: FieldBase & { error: string | undefined }) {
  return (
    <>
      {p.hint ? <small id={`${p.form}-${p.name}-hint`}>{p.hint}</small> : null}
      {p.error ? (
        <small id={`${p.form}-${p.name}-error`} class="field-error">
          {p.error}
        </small>
      ) : null}
    </>
  );
}

/** A labelled input that shows its error beside it and keeps what was typed. */
export function Field(
  p: FieldBase & {
    type?: string;
    value?: string | undefined;
    autocomplete?: string;
    inputmode?: string;
    placeholder?: string;
    maxlength?: number;
    pattern?: string;
  },
) {
  const { own, error, id, aria } = fieldOf(p);
  return (
    <label for={id}>
      <LabelText {...p} />
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? undefined : (typedValue(own, p.name) ?? p.value ?? '')}
        required={p.required}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode as 'text'}
        placeholder={p.placeholder}
        maxlength={p.maxlength}
        pattern={p.pattern}
        {...aria}
      />
      <Help {...p} error={error} />
    </label>
  );
}

export function TextArea(p: FieldBase & { rows?: number; maxlength?: number; value?: string | undefined }) {
  const { own, error, id, aria } = fieldOf(p);
  return (
    <label for={id}>
      <LabelText {...p} />
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 3}
        required={p.required}
        maxlength={p.maxlength}
        {...aria}
      >
        {typedValue(own, p.name) ?? p.value ?? ''}
      </textarea>
      <Help {...p} error={error} />
    </label>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select(
  p: FieldBase & { options: Option[]; value?: string | undefined; placeholder?: string },
) {
  const { own, error, id, aria } = fieldOf(p);
  const selected = typedValue(own, p.name) ?? p.value ?? '';
  return (
    <label for={id}>
      <LabelText {...p} />
      <select id={id} name={p.name} required={p.required} {...aria}>
        {p.placeholder !== undefined ? <option value="">{p.placeholder}</option> : null}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === selected}>
            {o.label}
          </option>
        ))}
      </select>
      <Help {...p} error={error} />
    </label>
  );
}

export function Checkbox(p: FieldBase & { checked?: boolean }) {
  const { own, error, id, aria } = fieldOf(p);
  const isChecked = own ? own.values[p.name] !== undefined : (p.checked ?? false);
  return (
    <label for={id}>
      <input id={id} type="checkbox" name={p.name} value="on" checked={isChecked} {...aria} />
      {p.label}
      <Help {...p} error={error} />
    </label>
  );
}

/** The summary at the top of a refused form, read out first by screen readers. */
export function ErrorSummary({
  state,
  form,
  t,
}: {
  state?: FormState | undefined;
  form: string;
  t: Translate;
}) {
  if (!state || state.form !== form || Object.keys(state.errors).length === 0) return null;
  const general = state.errors._form;
  return (
    <div class="error-summary" role="alert">
      <p>{t('form.errors')}</p>
      {general ? <p>{general}</p> : null}
    </div>
  );
}

export function StatusBadge({ status, lang }: { status: string; lang: Lang }) {
  return <span class={`badge status-${status}`}>{labelOf(STATUS_LABELS, status, lang)}</span>;
}

/** A definition list row. */
export function Row({ term, children }: { term: string; children: Child }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** A file input (a message's files): several at once, photos or PDF, its error beside it. */
export function FileField(p: FieldBase & { hint?: string | undefined }) {
  const { error, id, aria } = fieldOf(p);
  return (
    <label for={id}>
      <LabelText {...p} />
      <input id={id} name={p.name} type="file" accept="image/*,application/pdf" multiple {...aria} />
      <Help {...p} error={error} />
    </label>
  );
}

/** Pictures a browser shows inline; HEIC is offered as a download (few browsers decode it). */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

export const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * One attached file as the pages show it: JPEG, PNG and WebP as a thumbnail (CSS-sized; the image
 * is the download itself, through the same access checks as the API's), PDF and HEIC as a link.
 * `src`: the address of its bytes for this page's session or link.
 */
export function FileLink(p: {
  t: Translate;
  file: { id: string; fileName: string; contentType: string };
  src: string;
}) {
  const { t, file } = p;
  if (INLINE_TYPES.has(file.contentType))
    return (
      <a href={p.src} class="thumb">
        <img src={p.src} alt={file.fileName} loading="lazy" />
      </a>
    );
  return (
    <a href={p.src} class="file-link">
      {file.contentType === 'application/pdf' ? `${t('attachment.open')}: ` : `${t('attachment.heic')}: `}
      {file.fileName}
    </a>
  );
}

/** The files a message carries, under it (the timeline, the consumer's messages). */
export function MessageFiles(p: {
  t: Translate;
  files: readonly { id: string; fileName: string; contentType: string; sizeBytes: number }[] | undefined;
  src: (id: string) => string;
}) {
  if (!p.files || p.files.length === 0) return null;
  return (
    <ul class="attachments message-files">
      {p.files.map((f) => (
        <li data-attachment={f.id}>
          <FileLink t={p.t} file={f} src={p.src(f.id)} />
          <small class="meta">
            {f.fileName} · {sizeText(f.sizeBytes)}
          </small>
        </li>
      ))}
    </ul>
  );
}
