import { matchDuplicates, normaliseEmail } from '../../src/handoff/match-duplicates';
import { contact } from './fixtures';

describe('normaliseEmail', () => {
  test.each([
    ['Jo.Smith@Acme.com', 'jo.smith@acme.com'],
    ['jo.smith+news@acme.com', 'jo.smith+news@acme.com'],
    ['J.O.Smith+leads@gmail.com', 'josmith@gmail.com'],
    ['josmith@googlemail.com', 'josmith@gmail.com'],
    ['jo.smith+x@outlook.com', 'jo.smith@outlook.com'],
    ['jo.smith+x@hotmail.co.uk', 'jo.smith@hotmail.co.uk'],
    ['jo+x@icloud.com', 'jo@icloud.com'],
    ['jo.s+x@yahoo.com', 'jo.s+x@yahoo.com'],
    ['  JO@ACME.COM  ', 'jo@acme.com'],
  ])('%s → %s', (email, expected) => {
    expect(normaliseEmail(email)).toBe(expected);
  });

  test.each([[''], ['no-at-sign'], ['@acme.com'], ['jo@'], ['jo smith@acme.com'], ['+tag@gmail.com']])(
    '%p is no address',
    (email) => {
      expect(normaliseEmail(email)).toBeUndefined();
    },
  );
});

describe('matchDuplicates', () => {
  const newContact = (email: string) => contact('1', { email });

  test.each([
    ['case', 'Jo.Smith@Acme.com', 'jo.smith@acme.com'],
    ['gmail dots', 'jo.smith@gmail.com', 'josmith@gmail.com'],
    ['gmail +tag', 'josmith+webinar@gmail.com', 'josmith@gmail.com'],
    ['googlemail is gmail', 'josmith@googlemail.com', 'jo.smith@gmail.com'],
    ['outlook +tag', 'jo+promo@outlook.com', 'jo@outlook.com'],
  ])('finds a duplicate by %s', (_rule, email, existing) => {
    const found = matchDuplicates(newContact(email), [
      contact('2', { email: existing, hubspot_owner_id: '101' }),
    ]);
    expect(found).toEqual([expect.objectContaining({ contactId: '2', email: existing, ownerId: '101' })]);
  });

  test.each([
    ['dots on a company domain', 'jo.smith@acme.com', 'josmith@acme.com'],
    ['+tags on a company domain', 'jo+x@acme.com', 'jo@acme.com'],
    ['dots on outlook', 'jo.smith@outlook.com', 'josmith@outlook.com'],
    ['same domain, other person', 'kim@acme.com', 'jo@acme.com'],
  ])('does not fold %s', (_rule, email, existing) => {
    expect(matchDuplicates(newContact(email), [contact('2', { email: existing })])).toEqual([]);
  });

  test('checks hs_additional_emails, ignores the contact itself and orders owner first, then oldest', () => {
    const candidates = [
      contact('1', { email: 'jo@acme.com' }),
      contact('5', { email: 'JO@acme.com', createdate: '2020-01-01T00:00:00.000Z' }),
      contact('4', {
        email: 'jo.work@acme.com',
        hs_additional_emails: 'old@acme.com;jo@acme.com',
        hubspot_owner_id: '102',
      }),
      contact('3', { email: 'Jo@Acme.com', createdate: '2019-01-01T00:00:00.000Z' }),
    ];
    expect(matchDuplicates(newContact('jo@acme.com'), candidates).map((found) => found.contactId)).toEqual([
      '4',
      '3',
      '5',
    ]);
  });
});
