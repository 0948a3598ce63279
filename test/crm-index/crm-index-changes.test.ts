import { indexedCompany, indexedContact, mailboxesOf } from '../../src/crm-index/crm-index-records';
import { indexChangesOf } from '../../src/crm-index/refresh-crm-index';
import type { StoredEvent } from '../../src/store/store';

const AT = Date.parse('2026-11-02T09:00:00.000Z');

function stored(
  subscriptionType: string,
  objectTypeId: string,
  objectId: number,
  payload: object = {},
): StoredEvent {
  return {
    id: objectId,
    portalId: 62515,
    eventKey: `${subscriptionType}:${objectId}`,
    subscriptionType,
    objectTypeId,
    objectId,
    occurredAt: AT,
    payload: { subscriptionType, objectId, ...payload },
    status: 'processing',
    attempts: 1,
    availableAt: AT,
    leaseOwner: 'test',
    leaseUntil: AT + 60_000,
    lastError: null,
    receivedAt: AT,
    processedAt: null,
  };
}

describe('which indexed records a batch of webhook events touches', () => {
  it('reads a created or changed record only if the index holds it older than the event', () => {
    const changes = indexChangesOf([
      stored('object.creation', '0-2', 9001),
      stored('object.propertyChange', '0-2', 9001, { propertyName: 'domain' }),
      stored('object.propertyChange', '0-1', 501, { propertyName: 'hs_additional_emails' }),
    ]);
    expect([...changes.companies]).toEqual([['9001', AT]]);
    expect([...changes.contacts]).toEqual([['501', AT]]);
    expect(changes.deals.size).toBe(0);
  });

  it('leaves contact changes the index does not keep alone (outcomes, activity, conversions)', () => {
    const changes = indexChangesOf([
      stored('object.propertyChange', '0-1', 501, { propertyName: 'handoff_outcome' }),
      stored('contact.propertyChange', '0-1', 502, { propertyName: 'notes_last_contacted' }),
    ]);
    expect(changes.contacts.size).toBe(0);
  });

  it('always reads both sides of a merge, a deletion and the deal of an association change', () => {
    const changes = indexChangesOf([
      stored('contact.merge', '0-1', 501, { primaryObjectId: 501, mergedObjectIds: [502, 503] }),
      stored('object.deletion', '0-2', 9002),
      stored('object.associationChange', '0-3', 7001, {
        fromObjectId: 7001,
        fromObjectTypeId: '0-3',
        toObjectId: 9001,
        toObjectTypeId: '0-2',
      }),
      stored('object.associationChange', '0-2', 9003, {
        fromObjectId: 9003,
        fromObjectTypeId: '0-2',
        toObjectId: 7002,
        toObjectTypeId: '0-3',
      }),
    ]);
    expect([...changes.contacts]).toEqual([
      ['501', Infinity],
      ['502', Infinity],
      ['503', Infinity],
    ]);
    expect([...changes.companies]).toEqual([['9002', Infinity]]);
    expect([...changes.deals.keys()]).toEqual(['7001', '7002']);
  });
});

describe('records as the index keeps them', () => {
  it('keys a company by every registrable domain and its normalised name', () => {
    const company = indexedCompany({
      id: '9003',
      properties: {
        name: 'Initech, Inc.',
        domain: 'www.initech.com',
        website: 'https://eu.initech.co.uk/about',
        hs_additional_domains: 'initech.io;initech.de',
        hs_parent_company_id: '9000',
        hs_lastmodifieddate: '2026-10-20T10:00:00.000Z',
      },
    });
    expect(company).toMatchObject({
      domains: ['initech.com', 'initech.co.uk', 'initech.io', 'initech.de'],
      nameKey: 'initech',
      parentId: '9000',
      modifiedAt: Date.parse('2026-10-20T10:00:00.000Z'),
    });
  });

  it('keys a contact by the mailboxes its addresses reach (provider rules for dots and +tags)', () => {
    const contact = {
      id: '502',
      properties: { email: 'J.O.Doe+news@googlemail.com', hs_additional_emails: 'Jo@Acme.com;jo+x@acme.com' },
    };
    expect(mailboxesOf(contact)).toEqual(['jodoe@gmail.com', 'jo@acme.com', 'jo+x@acme.com']);
    expect(indexedContact(contact).mailboxes).toEqual(mailboxesOf(contact));
  });
});
