import { DEFAULT_PLAYBOOK, playbookSchema, playbookVersionId } from '../../src/handoff';
import { describeDiff, diffPlaybooks } from '../../src/handoff/diff-playbooks';

const parse = (changes: Record<string, unknown>) =>
  playbookSchema.parse({ ...JSON.parse(JSON.stringify(DEFAULT_PLAYBOOK)), ...changes });

const RULES = [
  { name: 'EMEA', when: { property: 'country', inCountries: ['GB', 'DE'] }, pool: 'sales' },
  { name: 'Payments', when: { property: 'product_interest', equals: 'Payments' }, pool: 'sdr' },
  { name: 'Big', when: { property: 'numemployees', range: { min: 1000 } }, pool: 'sales' },
];

describe('playbook version ids', () => {
  it('are the same for the same content however it was written, and differ for any change', () => {
    const reordered = Object.fromEntries(
      Object.entries(JSON.parse(JSON.stringify(DEFAULT_PLAYBOOK))).reverse(),
    );
    expect(playbookVersionId(playbookSchema.parse(reordered))).toBe(playbookVersionId(DEFAULT_PLAYBOOK));
    expect(playbookVersionId(DEFAULT_PLAYBOOK)).toMatch(/^pb-[0-9a-f]{12}$/);
    const stricter = parse({ thresholds: { ...DEFAULT_PLAYBOOK.thresholds, intent: 51 } });
    expect(playbookVersionId(stricter)).not.toBe(playbookVersionId(DEFAULT_PLAYBOOK));
  });
});

describe('diff between two versions', () => {
  it('says when nothing changed', () => {
    const diff = diffPlaybooks(DEFAULT_PLAYBOOK, parse({}));
    expect(diff.same).toBe(true);
    expect(describeDiff(diff)).toEqual(['No changes: both versions decide the same way.']);
  });

  it('lists fields changed, added and removed', () => {
    const after = parse({
      thresholds: { ...DEFAULT_PLAYBOOK.thresholds, intent: 70 },
      pools: [...DEFAULT_PLAYBOOK.pools, { id: 'emea', team: 'EMEA AEs' }],
      territories: { EMEA: ['GB'] },
    });
    expect(describeDiff(diffPlaybooks(DEFAULT_PLAYBOOK, after))).toEqual([
      'thresholds.intent: 50 → 70',
      'pools.2: added {"id":"emea","team":"EMEA AEs","weights":{},"capacity":null,"ownerCapacity":{},"unavailable":{},"fallback":null}',
      'territories.EMEA: added ["GB"]',
    ]);
  });

  it('names rules added, removed, changed and moved', () => {
    const before = parse({ routingRules: RULES });
    const after = parse({
      routingRules: [
        { ...RULES[2], when: { property: 'numemployees', range: { min: 500 } } },
        RULES[0],
        { name: 'Strategic', owner: '101' },
      ],
    });
    const diff = diffPlaybooks(before, after);
    expect(diff.rules).toEqual({
      added: ['Strategic'],
      removed: ['Payments'],
      changed: [
        { name: 'Big', fields: [{ path: 'when.range.min', kind: 'changed', before: 1000, after: 500 }] },
      ],
      moved: [
        { name: 'Big', from: 3, to: 1 },
        { name: 'EMEA', from: 1, to: 2 },
      ],
    });
    expect(describeDiff(diff)).toEqual([
      "rule 'Strategic': added",
      "rule 'Payments': removed",
      "rule 'Big': when.range.min: 1000 → 500",
      "rule 'Big': moved from position 3 to 1",
      "rule 'EMEA': moved from position 1 to 2",
    ]);
  });
});
