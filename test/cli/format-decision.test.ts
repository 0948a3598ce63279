import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDecision } from '../../src/cli/format-decision';
import { decideHandoff, loadPlaybook } from '../../src/handoff';
import { contact, input, NOW, owner, OWNERS } from '../handoff/fixtures';

const playbook = loadPlaybook(
  readFileSync(join(__dirname, '..', '..', 'docs', 'examples', 'territories-and-segments.yaml'), 'utf8'),
  'territories-and-segments.yaml',
);
const owners = [
  ...OWNERS,
  owner('411', 'Greta Hahn', ['EMEA Enterprise AEs']),
  owner('412', 'Jonas Berg', ['EMEA Enterprise AEs']),
];

describe('explain, as a person reads it', () => {
  const lead = contact('2001', {
    email: 'jo@northwind-2001.com',
    jobtitle: 'Director of Operations',
    numemployees: '2000',
    country: 'Germany',
    recent_conversion_event_name: 'Demo request',
  });
  const decision = decideHandoff(input({ contact: lead, owners }), playbook, NOW);
  const text = formatDecision(decision, owners);

  it('names the rule that routed the lead, its conditions, the pool and the owner', () => {
    expect(text).toContain(
      "  rule 2 'EMEA enterprise' matched (status sales_ready, country in EMEA, size ≥ 1000) → pool emea_enterprise",
    );
    expect(text).toContain('  owner: Greta Hahn [411] via pool');
    expect(text).toMatch(/playbook: Territories and segments \(pb-[0-9a-f]{12}\)/);
    expect(text).toContain("Rule 'EMEA enterprise'");
  });

  it('prints no raw JSON', () => {
    expect(text).not.toMatch(/[{[]"/);
  });
});
