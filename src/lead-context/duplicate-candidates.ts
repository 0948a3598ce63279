import { textOf, type HubSpotRecord } from '../handoff/hubspot-records';
import { mailboxesOf } from '../crm-index/crm-index-records';
import { normaliseEmail } from '../handoff/match-duplicates';
import type { HubSpotCrm } from '../hubspot/crm';
import { searchContactsByEmail } from '../hubspot/searches';
import { DUPLICATE_CONTACT_PROPERTIES } from './lead-context-properties';

/**
 * The stored forms an address may have in HubSpot that `match-duplicates.ts` treats as the same
 * mailbox: the address in lower case, its `+tag`-less form and its canonical form (for providers
 * that ignore `+tags` or dots), each on the address's own domain and on the canonical one. `IN`
 * matches exact values, so every form to be found has to be listed; forms that normalise to a
 * different mailbox are left out, so `jo+x@acme.com` never finds `jo@acme.com`.
 *
 * Not findable this way: dotted variants of a Gmail address (`j.o.doe@` for `jodoe@`, too many
 * to list) and addresses kept only in `hs_additional_emails`; duplicates among the batch itself
 * are found locally whatever their form.
 */
export function emailVariants(email: string | null | undefined): string[] {
  const address = (email ?? '').trim().toLowerCase();
  const mailbox = normaliseEmail(address);
  if (mailbox === undefined) return [];
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const untagged = local.includes('+') ? local.slice(0, local.indexOf('+')) : local;
  const canonicalLocal = mailbox.slice(0, mailbox.lastIndexOf('@'));
  const forms = [address, `${untagged}@${domain}`, mailbox, `${canonicalLocal}@${domain}`];
  return [...new Set(forms)].filter((form) => normaliseEmail(form) === mailbox);
}

/**
 * For each new contact, the other contacts with the same mailbox: existing ones from one search
 * (`email IN` the variants, chunked to HubSpot's limits), and other contacts of the same batch,
 * compared locally, so a pair created together is still caught although neither may be indexed yet.
 */
export async function findDuplicateCandidates(
  crm: HubSpotCrm,
  contacts: readonly HubSpotRecord[],
): Promise<Map<string, HubSpotRecord[]>> {
  const variants = contacts.flatMap((contact) => emailVariants(textOf(contact.properties, 'email')));
  const existing =
    variants.length > 0 ? await searchContactsByEmail(crm, variants, DUPLICATE_CONTACT_PROPERTIES) : [];
  return sameMailbox(contacts, existing);
}

/**
 * For each new contact, the other contacts (existing ones found by search or in the CRM index, and
 * the rest of its batch, compared locally) that reach the same mailbox.
 */
export function sameMailbox(
  contacts: readonly HubSpotRecord[],
  existing: readonly HubSpotRecord[],
): Map<string, HubSpotRecord[]> {
  // The batch's own (just read) records beat their lagging search or index copies.
  const candidates = new Map<string, HubSpotRecord>(existing.map((contact) => [contact.id, contact]));
  for (const contact of contacts) candidates.set(contact.id, contact);

  const byMailbox = new Map<string, HubSpotRecord[]>();
  for (const candidate of candidates.values()) {
    for (const mailbox of mailboxesOf(candidate)) {
      byMailbox.set(mailbox, [...(byMailbox.get(mailbox) ?? []), candidate]);
    }
  }
  const found = new Map<string, HubSpotRecord[]>();
  for (const contact of contacts) {
    const mailbox = normaliseEmail(textOf(contact.properties, 'email'));
    const same = mailbox === undefined ? [] : (byMailbox.get(mailbox) ?? []);
    found.set(
      contact.id,
      same.filter((other) => other.id !== contact.id),
    );
  }
  return found;
}
