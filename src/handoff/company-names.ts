/**
 * Company names as supporting evidence for an account match. Names are what people type into a
 * form, so "Acme, Inc.", "ACME Inc" and "Acme" are one company, and "U.S. Widgets & Co" is
 * "US Widgets and Co".
 */

/** Legal forms dropped before comparing (the name is the same company with or without them). */
const LEGAL_FORMS = new Set([
  'ab', 'ag', 'aps', 'as', 'asa', 'bv', 'bvba', 'co', 'company', 'corp', 'corporation', 'cv', 'gmbh',
  'inc', 'incorporated', 'kg', 'kk', 'limited', 'llc', 'llp', 'lp', 'ltd', 'ltda', 'nv', 'oy', 'oyj',
  'plc', 'pte', 'pty', 'sa', 'sarl', 'sas', 'se', 'sl', 'spa', 'srl', 'ug', 'the',
]); // prettier-ignore

/** Lower-case words with legal forms, punctuation and accents removed; "" when nothing is left. */
export function normaliseCompanyName(name: string | null | undefined): string {
  const words = (name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    // "U.S." and "US", "O'Brien" and "OBrien": dots and apostrophes join rather than split.
    .replace(/[.'’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  const kept = words.filter((word) => !LEGAL_FORMS.has(word));
  // "Acme GmbH & Co. KG" leaves a dangling "and"; a name that is only legal forms stays as typed.
  while (kept.at(-1) === 'and') kept.pop();
  return (kept.length > 0 ? kept : words).join(' ');
}

/**
 * 0–1: 1 for the same normalised name, else the Dice coefficient of letter pairs, which forgives
 * a typo or a missing word more than a different company's name.
 */
export function companyNameSimilarity(a: string | null | undefined, b: string | null | undefined): number {
  const left = normaliseCompanyName(a);
  const right = normaliseCompanyName(b);
  if (left === '' || right === '') return 0;
  if (left === right) return 1;
  const pairs = (text: string): string[] => {
    const compact = text.replace(/ /g, '');
    return Array.from({ length: Math.max(compact.length - 1, 0) }, (_, i) => compact.slice(i, i + 2));
  };
  const leftPairs = pairs(left);
  const rightPairs = pairs(right);
  if (leftPairs.length === 0 || rightPairs.length === 0) return 0;
  const remaining = [...rightPairs];
  let shared = 0;
  for (const pair of leftPairs) {
    const at = remaining.indexOf(pair);
    if (at >= 0) {
      shared += 1;
      remaining.splice(at, 1);
    }
  }
  return (2 * shared) / (leftPairs.length + rightPairs.length);
}
