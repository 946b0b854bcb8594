import { type FieldError, instantOf, type Outcome } from '@redress/core';

/**
 * `?profile=cfpb`: the US CFPB Consumer Complaint Database's CSV (its 18 public columns) as
 * intake bodies, for a replay of real traffic (docs/import.md). Company → the business (matched
 * to a networked merchant by name, or not networked), Product → category, `Date received` →
 * receivedAt, `Date sent to company` → assignedAt, `Company response to consumer` → outcome (a
 * closed response closes the complaint on import; "In progress" leaves it open).
 */
export const CFPB_COLUMNS = [
  'Date received',
  'Product',
  'Sub-product',
  'Issue',
  'Sub-issue',
  'Consumer complaint narrative',
  'Company public response',
  'Company',
  'State',
  'ZIP code',
  'Tags',
  'Consumer consent provided?',
  'Submitted via',
  'Date sent to company',
  'Company response to consumer',
  'Timely response?',
  'Consumer disputed?',
  'Complaint ID',
] as const;

/** CFPB's products are financial services; anything else (a product they add) is `other`. */
const CATEGORY_OF_PRODUCT: Record<string, string> = {
  'Credit reporting, credit repair services, or other personal consumer reports': 'finance_insurance',
  'Credit reporting': 'finance_insurance',
  'Debt collection': 'finance_insurance',
  Mortgage: 'finance_insurance',
  'Credit card or prepaid card': 'finance_insurance',
  'Credit card': 'finance_insurance',
  'Prepaid card': 'membership',
  'Checking or savings account': 'finance_insurance',
  'Bank account or service': 'finance_insurance',
  'Student loan': 'education_training',
  'Vehicle loan or lease': 'automobile',
  'Consumer Loan': 'finance_insurance',
  'Payday loan, title loan, or personal loan': 'finance_insurance',
  'Payday loan': 'finance_insurance',
  'Money transfer, virtual currency, or money service': 'finance_insurance',
  'Money transfers': 'finance_insurance',
  'Other financial service': 'finance_insurance',
  'Virtual currency': 'finance_insurance',
};

const CHANNEL_OF_SUBMISSION: Record<string, string> = {
  Web: 'online',
  Email: 'online',
  Phone: 'hotline',
  Referral: 'transfer',
  'Postal mail': 'letter',
  Fax: 'letter',
};

const OUTCOME_OF_RESPONSE: Record<string, Outcome> = {
  'Closed with explanation': 'explanation',
  'Closed with monetary relief': 'compensation',
  'Closed with non-monetary relief': 'other',
  'Closed with relief': 'compensation',
  'Closed without relief': 'explanation',
  Closed: 'other',
};

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The header must be CFPB's: every column present (in any order). */
export function cfpbHeader(header: readonly string[]): { index: Map<string, number>; errors: FieldError[] } {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    index.set(name.replace(/^\uFEFF/, '').trim(), i);
  });
  const errors: FieldError[] = CFPB_COLUMNS.filter((c) => !index.has(c)).map((c) => ({
    path: 'header',
    code: 'required',
    message: `the CFPB profile needs the column ${c}`,
  }));
  return { index, errors };
}

/** One CFPB record as an intake body with its history. */
export function cfpbBody(
  index: ReadonlyMap<string, number>,
  cells: readonly string[],
): Record<string, unknown> {
  const get = (column: (typeof CFPB_COLUMNS)[number]) => (cells[index.get(column)!] ?? '').trim();
  const id = get('Complaint ID');
  const product = get('Product');
  const issue = get('Issue');
  const subIssue = get('Sub-issue');
  const narrative = get('Consumer complaint narrative');
  const response = get('Company response to consumer');
  const outcome = OUTCOME_OF_RESPONSE[response];
  const body: Record<string, unknown> = {
    externalRef: id === '' ? undefined : `cfpb-${id}`,
    channel: CHANNEL_OF_SUBMISSION[get('Submitted via')] ?? 'online',
    business: { name: cut(get('Company'), 200) },
    category: CATEGORY_OF_PRODUCT[product] ?? 'other',
    tags: get('Tags').includes('Older American') ? ['elderly'] : [],
    subject: cut(subIssue ? `${issue}: ${subIssue}` : issue || product, 200),
    description: cut(
      narrative || [product, get('Sub-product'), issue, subIssue].filter(Boolean).join(' / '),
      10_000,
    ),
    consumer: {
      name: cut(`CFPB consumer ${[get('State'), get('ZIP code')].filter(Boolean).join(' ')}`, 100),
    },
    receivedAt: get('Date received') ? instantOf(get('Date received')) : undefined,
    assignedAt: get('Date sent to company') ? instantOf(get('Date sent to company')) : undefined,
  };
  if (outcome) {
    body.outcome = outcome;
    body.outcomeText = cut(response, 200);
  }
  return body;
}
