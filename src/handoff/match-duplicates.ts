import { HubSpotRecord, textOf, timeOf } from './hubspot-records';

/**
 * Duplicate contacts by normalised email. Case never matters (HubSpot itself compares emails
 * case-insensitively). Dots and `+tags` only fold for providers that deliver them to the same
 * mailbox; on a company's own domain `jo.smith@` and `josmith@` may be two people, so nothing but
 * case is folded there.
 *
 * | provider domains                                   | dots ignored | `+tag` ignored | folds to   |
 * |----------------------------------------------------|--------------|----------------|------------|
 * | gmail.com, googlemail.com                          | yes          | yes            | gmail.com  |
 * | outlook.com, hotmail.*, live.*, msn.com            | no           | yes            | itself     |
 * | icloud.com, me.com, mac.com                        | no           | yes            | itself     |
 * | proton.me, protonmail.com, protonmail.ch, pm.me    | no           | yes            | itself     |
 * | fastmail.com, fastmail.fm                          | no           | yes            | itself     |
 * | everything else (yahoo uses `-`, not `+`)          | no           | no             | itself     |
 */
interface ProviderRule {
  ignoreDots: boolean;
  ignorePlusTag: boolean;
  canonicalDomain?: string;
}

const GMAIL: ProviderRule = { ignoreDots: true, ignorePlusTag: true, canonicalDomain: 'gmail.com' };
const PLUS_ONLY: ProviderRule = { ignoreDots: false, ignorePlusTag: true };
const CASE_ONLY: ProviderRule = { ignoreDots: false, ignorePlusTag: false };

const PROVIDERS: Readonly<Record<string, ProviderRule>> = {
  'gmail.com': GMAIL,
  'googlemail.com': GMAIL,
  'outlook.com': PLUS_ONLY,
  'msn.com': PLUS_ONLY,
  'icloud.com': PLUS_ONLY,
  'me.com': PLUS_ONLY,
  'mac.com': PLUS_ONLY,
  'proton.me': PLUS_ONLY,
  'protonmail.com': PLUS_ONLY,
  'protonmail.ch': PLUS_ONLY,
  'pm.me': PLUS_ONLY,
  'fastmail.com': PLUS_ONLY,
  'fastmail.fm': PLUS_ONLY,
};

function providerRule(domain: string): ProviderRule {
  // Microsoft runs hotmail and live under many country suffixes (hotmail.co.uk, live.fr, …).
  if (/^(hotmail|live|outlook)\.[a-z.]+$/.test(domain)) return PLUS_ONLY;
  return PROVIDERS[domain] ?? CASE_ONLY;
}

/** The mailbox an address reaches, for comparing; undefined for text that is not an address. */
export function normaliseEmail(email: string | null | undefined): string | undefined {
  const text = (email ?? '').trim().toLowerCase();
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1 || /\s/.test(text)) return undefined;
  let local = text.slice(0, at);
  const domain = text.slice(at + 1).replace(/\.$/, '');
  const rule = providerRule(domain);
  if (rule.ignorePlusTag && local.includes('+')) local = local.slice(0, local.indexOf('+'));
  if (rule.ignoreDots) local = local.replace(/\./g, '');
  return local === '' ? undefined : `${local}@${rule.canonicalDomain ?? domain}`;
}

export interface DuplicateContact {
  contactId: string;
  /** The address that matched (the candidate's `email` or one of `hs_additional_emails`). */
  email: string;
  ownerId: string | undefined;
  /** What made the two addresses the same mailbox, for the decision record. */
  evidence: string;
}

/**
 * Other contacts whose email reaches the same mailbox as this contact's, best first: one with an
 * owner, then the oldest (the original record), then the lowest id, so the order is fixed.
 */
export function matchDuplicates(
  contact: HubSpotRecord,
  candidates: readonly HubSpotRecord[],
): DuplicateContact[] {
  const email = textOf(contact.properties, 'email');
  const key = normaliseEmail(email);
  if (key === undefined || email === undefined) return [];
  const found: Array<DuplicateContact & { createdAt: number }> = [];
  for (const candidate of candidates) {
    if (candidate.id === contact.id) continue;
    const addresses = [
      textOf(candidate.properties, 'email'),
      // HubSpot keeps a contact's secondary addresses semicolon-separated.
      ...(textOf(candidate.properties, 'hs_additional_emails') ?? '').split(';'),
    ].filter((address): address is string => !!address && address.trim() !== '');
    const same = addresses.find((address) => normaliseEmail(address) === key);
    if (same === undefined) continue;
    found.push({
      contactId: candidate.id,
      email: same.trim(),
      ownerId: textOf(candidate.properties, 'hubspot_owner_id'),
      evidence: describeSameness(email, same.trim()),
      createdAt: timeOf(candidate.properties.createdate) ?? Number.MAX_SAFE_INTEGER,
    });
  }
  found.sort(
    (a, b) =>
      Number(b.ownerId !== undefined) - Number(a.ownerId !== undefined) ||
      a.createdAt - b.createdAt ||
      a.contactId.localeCompare(b.contactId, 'en', { numeric: true }),
  );
  return found.map(({ createdAt: _createdAt, ...duplicate }) => duplicate);
}

function describeSameness(email: string, other: string): string {
  if (email === other) return `same email ${email}`;
  if (email.toLowerCase() === other.toLowerCase()) return `same email ignoring case (${email} / ${other})`;
  return `same mailbox: ${email} and ${other} (provider ignores dots or +tags)`;
}
