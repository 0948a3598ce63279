import { hubspotPaths } from '../../src/hubspot/paths';
import { person } from '../fixtures/portal-scenario';
import { batchResponse, record } from '../hubspot/fixtures';
import { HubSpotMock } from '../support/hubspot-mock';
import { decision } from '../store/decision-battery';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import {
  PORTAL,
  SALES,
  T0,
  parked,
  rereadContact,
  startSecondChancePortal,
  type SecondChancePortal,
} from '../support/second-chance-lead';

describe('a second chance (CONTRACT §7): what it re-checks, writes and leaves alone', () => {
  let p: SecondChancePortal;
  beforeEach(async () => {
    p = await startSecondChancePortal();
  });
  afterEach(async () => p.store.close());

  it('a nurture lead that stays nurture writes nothing new', async () => {
    await p.store.decisions.save(
      parked(
        '2005',
        {},
        { jobtitle: 'Director of Marketing', conversions: ['Ebook download'], conversionCount: '1' },
      ),
    );
    const contact = person('2005', 'ola@northwind-2005.com', {
      jobtitle: 'Director of Marketing',
      numemployees: '250',
      recent_conversion_event_name: 'Ebook download',
      first_conversion_event_name: 'Ebook download',
      num_conversion_events: '2',
    });
    const mock = rereadContact(contact, SALES).reply(
      'POST',
      hubspotPaths.objectsBatchUpdate('contacts'),
      200,
      batchResponse([record('2005')]),
    );
    await p.change('2005', 'num_conversion_events', '2');
    await p.settle();
    mock.done();
    expect((await p.rounds('2005')).map((d) => d.round)).toEqual([1]);
    const written = mock.calls.find((call) =>
      call.path.startsWith(hubspotPaths.objectsBatchUpdate('contacts')),
    );
    // The repeat conversion moved the intent score; that is all that changed.
    expect(written?.body).toEqual({ inputs: [{ id: '2005', properties: { handoff_intent_score: '20' } }] });
  });

  it('writes nothing when HubSpot already holds what the re-check found', async () => {
    await p.store.decisions.save(
      parked('2013', {}, { jobtitle: 'Director of Marketing', numemployees: '250', conversionCount: '1' }),
    );
    const contact = person('2013', 'pia@northwind-2013.com', {
      jobtitle: 'Director of Marketing',
      numemployees: '250',
      recent_conversion_event_name: 'Ebook download',
      num_conversion_events: '3',
      // An earlier re-check of this round wrote the score already.
      handoff_intent_score: '25',
    });
    const mock = rereadContact(contact);
    await p.change('2013', 'num_conversion_events', '3');
    await p.settle();
    mock.done();
    expect(mock.count('POST', hubspotPaths.objectsBatchUpdate('contacts'))).toBe(0);
    expect(await p.store.jobs.list({ name: 'update-contact', limit: 10 })).toHaveLength(0);
  });

  it('never re-routes a lead at SAL or later, nor one a rep accepted', async () => {
    await p.store.decisions.save(
      parked(
        '2007',
        { status: 'needs_qualification', priority: 'high', ownerId: '201' },
        { conversions: [] },
      ),
    );
    await p.store.stages.record([
      {
        portalId: PORTAL,
        contactId: '2007',
        round: 1,
        stage: 'mql',
        enteredAt: T0 - 86_400_000,
        cause: 'decision',
        detail: null,
        recordedAt: T0 - 86_400_000,
      },
      {
        portalId: PORTAL,
        contactId: '2007',
        round: 1,
        stage: 'sal',
        enteredAt: T0 - 3_600_000,
        cause: 'card_action',
        detail: null,
        recordedAt: T0 - 3_600_000,
      },
    ]);
    const mock = new HubSpotMock();
    await p.change('2007', 'jobtitle', 'VP Marketing');
    await p.change('2007', 'company', 'Northwind');
    await p.settle();
    expect(mock.calls).toHaveLength(0);
    expect(await p.store.jobs.list({ name: 'second-chance', limit: 10 })).toHaveLength(0);
    expect((await p.rounds('2007')).map((d) => d.round)).toEqual([1]);
  });

  it('a lead accepted while its window was open is left with its owner', async () => {
    await p.store.decisions.save(
      parked(
        '2011',
        { status: 'needs_qualification', priority: 'high', ownerId: '201' },
        { conversions: [] },
      ),
    );
    await p.change('2011', 'jobtitle', 'VP Marketing');
    await p.drain();
    expect(await p.store.jobs.list({ name: 'second-chance', status: 'queued', limit: 10 })).toHaveLength(1);
    // The SDR accepts on the card before the window closes.
    const claim = await p.store.outcomes.claim({
      portalId: PORTAL,
      contactId: '2011',
      decisionId: null,
      idempotencyKey: 'card:2011:accept',
      outcome: 'accepted',
      reasonId: null,
      note: null,
      source: 'card',
      actor: 'user:7001',
      occurredAt: T0 + 10_000,
    });
    if (claim.claimed)
      await p.store.outcomes.complete(claim.id, { handoff_outcome: 'accepted' }, T0 + 10_000);
    const mock = new HubSpotMock();
    await p.settle();
    expect(mock.calls).toHaveLength(0);
    expect(await p.store.jobs.list({ name: 'second-chance', status: 'done', limit: 10 })).toHaveLength(1);
    expect((await p.rounds('2011')).map((d) => [d.round, d.ownerId])).toEqual([[1, '201']]);
  });

  it('does nothing when the playbook turns the second chance off', async () => {
    const playbook = {
      ...DEFAULT_PLAYBOOK,
      secondChance: { ...DEFAULT_PLAYBOOK.secondChance, enabled: false },
    };
    const off = await startSecondChancePortal(playbook);
    await off.store.decisions.save(parked('2012', {}, {}));
    await off.change('2012', 'jobtitle', 'VP Marketing');
    await off.worker.runOnce();
    expect(await off.store.jobs.list({ name: 'second-chance', limit: 10 })).toHaveLength(0);
    await off.store.close();
  });

  it('leaves leads it never decided, sales-ready leads, emptied properties and changes the decision saw alone', async () => {
    await p.store.decisions.save(decision('2008'));
    await p.change('2008', 'jobtitle', 'VP Marketing');
    await p.change('2009', 'jobtitle', 'VP Marketing');
    await p.store.decisions.save(parked('2010', {}, {}));
    await p.change('2010', 'jobtitle', '');
    // A property set at creation, reported as a change after the creation was decided.
    await p.change('2010', 'company', 'Northwind', T0 - 2 * 86_400_000);
    await p.worker.runOnce();
    expect(await p.store.jobs.list({ name: 'second-chance', limit: 10 })).toHaveLength(0);
  });
});
