import { getPublicSuffix } from 'tldts';
import fc from 'fast-check';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import {
  classifyEmailDomain,
  companyDomains,
  hostnameOf,
  registrableDomain,
} from '../../src/handoff/domains';

describe('registrableDomain', () => {
  test.each([
    ['acme.com', 'acme.com'],
    ['www.acme.com', 'acme.com'],
    ['WWW.ACME.COM', 'acme.com'],
    ['https://www.acme.com/path?x=1#top', 'acme.com'],
    ['http://acme.com:8080', 'acme.com'],
    ['acme.com/contact', 'acme.com'],
    ['acme.com.', 'acme.com'],
    ['eu.acme.co.uk', 'acme.co.uk'],
    ['jo@eu.acme.co.uk', 'acme.co.uk'],
    ['Jo.Smith@Sales.ACME.com', 'acme.com'],
    ['other.co.uk', 'other.co.uk'],
    ['shop.acme.com.au', 'acme.com.au'],
    ['acme.myshopify.com', 'acme.myshopify.com'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['www2.acme.com', 'acme.com'],
  ])('%s → %s', (text, expected) => {
    expect(registrableDomain(text)).toBe(expected);
  });

  test.each([
    [''],
    ['   '],
    ['localhost'],
    ['192.168.1.10'],
    ['co.uk'],
    ['not a domain'],
    [null],
    [undefined],
  ])('%p is no company domain', (text) => {
    expect(registrableDomain(text)).toBeUndefined();
  });

  test('other.co.uk is not acme.co.uk', () => {
    expect(registrableDomain('other.co.uk')).not.toBe(registrableDomain('eu.acme.co.uk'));
  });

  test('hostnameOf keeps the subdomain but folds www. and case', () => {
    expect(hostnameOf('https://WWW.EU.Acme.co.uk/x')).toBe('eu.acme.co.uk');
    expect(hostnameOf('jo@eu.acme.co.uk')).toBe('eu.acme.co.uk');
  });
});

describe('companyDomains', () => {
  test('reads domain, website in any URL form and semicolon-separated hs_additional_domains', () => {
    const domains = companyDomains({
      domain: 'acme.com',
      website: 'https://www.acme-labs.io/about',
      hs_additional_domains: 'acme.co.uk;eu.acme.de; acme.com',
    });
    expect(domains).toEqual([
      { registrable: 'acme.com', host: 'acme.com', source: 'domain' },
      { registrable: 'acme-labs.io', host: 'acme-labs.io', source: 'website' },
      { registrable: 'acme.co.uk', host: 'acme.co.uk', source: 'additional' },
      { registrable: 'acme.de', host: 'eu.acme.de', source: 'additional' },
    ]);
  });

  test('empty and junk properties give no domains', () => {
    expect(companyDomains({ domain: '', website: null, hs_additional_domains: ';;' })).toEqual([]);
  });
});

describe('classifyEmailDomain', () => {
  const lists = DEFAULT_PLAYBOOK.emailDomains;
  test.each([
    ['gmail.com', 'free'],
    ['googlemail.com', 'free'],
    ['outlook.com', 'free'],
    ['hotmail.co.uk', 'free'],
    ['yahoo.co.uk', 'free'],
    ['icloud.com', 'free'],
    ['proton.me', 'free'],
    ['gmx.de', 'free'],
    ['mailinator.com', 'disposable'],
    ['guerrillamail.com', 'disposable'],
    ['acme.com', 'work'],
    ['eu.acme.co.uk', 'work'],
  ])('%s is %s', (domain, kind) => {
    expect(classifyEmailDomain(domain, lists)).toBe(kind);
  });

  test('the playbook can add free and disposable domains and rescue a company domain', () => {
    const extra = { free: ['freemail.example'], disposable: ['burner.example'], notFree: ['example.com'] };
    expect(classifyEmailDomain('freemail.example', extra)).toBe('free');
    expect(classifyEmailDomain('x.burner.example', extra)).toBe('disposable');
    expect(classifyEmailDomain('example.com', extra)).toBe('work');
  });
});

describe('domain normalisation properties', () => {
  // A company literally named "www" would fold away with the prefix; no such label is generated.
  const label = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/).filter((name) => !/^www\d*$/.test(name));
  const suffix = fc.constantFrom('com', 'co.uk', 'de', 'io', 'com.au', 'org', 'net', 'co.jp');
  const sub = fc.array(fc.constantFrom('www', 'eu', 'mail', 'sales', 'us', 'app'), { maxLength: 3 });
  const dressing = fc.constantFrom(
    (host: string) => host,
    (host: string) => host.toUpperCase(),
    (host: string) => `https://${host}/path?q=1`,
    (host: string) => `http://${host}:8080/`,
    (host: string) => `jo.smith@${host}`,
    (host: string) => `${host}.`,
    (host: string) => `  ${host}/about `,
  );
  const dressed = fc
    .record({ label, suffix, sub, dressing })
    .map(({ label: name, suffix: tld, sub: subs, dressing: dress }) => ({
      expected: `${name}.${tld}`,
      text: dress([...subs, name, tld].join('.')),
    }))
    // A generated name can itself be a public suffix ("ae.org", "gov.uk"): such a host has no
    // registrable domain of that name, so it is not a case these properties speak about.
    .filter(({ expected }) => getPublicSuffix(expected, { allowPrivateDomains: true }) !== expected);

  test('folds every form to the registrable domain, and is idempotent', () => {
    fc.assert(
      fc.property(dressed, ({ expected, text }) => {
        const once = registrableDomain(text);
        expect(once).toBe(expected);
        expect(registrableDomain(once)).toBe(once);
        expect(hostnameOf(hostnameOf(text))).toBe(hostnameOf(text));
      }),
    );
  });

  test('never joins two different registrable domains', () => {
    fc.assert(
      fc.property(dressed, dressed, (a, b) => {
        fc.pre(a.expected !== b.expected);
        expect(registrableDomain(a.text)).not.toBe(registrableDomain(b.text));
      }),
    );
  });
});
