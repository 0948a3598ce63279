import { runDemo, type DemoRun } from '../../scripts/demo/run-demo';
import { formatSummary } from '../../scripts/demo/format-summary';

describe('npm run demo, small: 40 contacts end to end against the simulator', () => {
  let run: DemoRun;
  beforeAll(async () => {
    run = await runDemo({ size: 40, seed: 7, days: 3, progress: false, timeoutMs: 60_000 });
  }, 90_000);
  afterAll(() => run?.stop());

  it('handles every lead, and its summary agrees with what the simulated portal holds', async () => {
    const { summary, sim, portalId, streamed } = run;
    expect(run.complete).toBe(true);
    expect(summary).toMatchObject({ leads: 40, decided: 40, written: 40, verifiedOnContacts: 40 });
    const portal = sim.portal(portalId);
    const contacts = streamed.map(({ contactId }) => portal.get('contacts', contactId)!);

    // Counts by status and priority are the simulated contacts' own property values.
    const count = (name: string) => {
      const counts: Record<string, number> = {};
      for (const contact of contacts) {
        const value = contact.properties[name] || 'none';
        counts[value] = (counts[value] ?? 0) + 1;
      }
      return counts;
    };
    expect(summary.byStatus).toEqual(count('handoff_status'));
    expect(summary.byPriority).toEqual(count('handoff_priority'));

    // Owners: the written handoff_owner of each contact, per the owner's team in the portal.
    const routed = contacts.filter((contact) => contact.properties.handoff_owner).length;
    const inSummary = Object.values(summary.ownersByTeam).flatMap((members) => Object.values(members));
    expect(inSummary.reduce((a, b) => a + b, 0)).toBe(routed);

    // Every matched company id written is a real company; account matches are scored against labels.
    for (const contact of contacts) {
      const companyId = contact.properties.handoff_matched_company_id;
      if (companyId) expect(portal.get('companies', companyId)).toBeDefined();
    }
    const matched = streamed.filter(
      ({ lead, contactId }) =>
        lead.expected.companyId !== null &&
        portal.get('contacts', contactId)!.properties.handoff_matched_company_id === lead.expected.companyId,
    );
    expect(summary.accounts.correct).toBe(matched.length);

    // CONTRACT §6: every lead meant for sales (existing accounts included) has an owner, a due
    // time and one task, associated to its contact (204).
    expect(summary.tasksCreated + summary.nextStepTasks).toBe(portal.stores.tasks.size);
    const needTask = contacts.filter((contact) =>
      ['sales_ready', 'needs_qualification', 'duplicate_or_existing'].includes(
        contact.properties.handoff_status!,
      ),
    );
    for (const contact of needTask) {
      expect(contact.properties.handoff_owner).toMatch(/^\d+$/);
      expect(contact.properties.handoff_sla_due_at).toBeTruthy();
    }
    // Each has exactly one follow-up task, marked with its round; over the simulated days a lead
    // nobody acted on may also get one escalation task (none when the lead came from no pool, as an
    // account owner's lead does, and no team lead is set).
    const decisions = await run.app.store.decisions.latest(
      portalId,
      needTask.map((contact) => contact.id),
    );
    const escalated = new Set(
      [...decisions.values()].filter((decision) => decision.escalatedAt !== null).map((d) => d.contactId),
    );
    const bodies = portal.stores.tasks.live().map((task) => String(task.properties.hs_task_body ?? ''));
    let escalationTasks = 0;
    for (const contact of needTask) {
      // A lead handed to sales on a second chance (CONTRACT §7) has its task in its latest round.
      const round = decisions.get(contact.id)?.round ?? 1;
      const mine = (purpose: string) =>
        bodies.filter((body) => body.endsWith(`[handoff ${portalId}-${contact.id}-r${round}-${purpose}]`))
          .length;
      expect(mine('handoff')).toBe(1);
      expect(mine('escalation')).toBeLessThanOrEqual(escalated.has(contact.id) ? 1 : 0);
      escalationTasks += mine('escalation');
    }
    // Each next step a rep recorded on the card is one task, whatever was retried.
    const nextSteps = await run.app.store.feedback.countNextSteps(portalId);
    expect(bodies.filter((body) => /-next-[\w-]+\]$/.test(body))).toHaveLength(nextSteps);
    expect(summary.nextStepTasks).toBe(nextSteps);
    // Each rating reached the contact as HubSpot validates it (number, reason option, time).
    const ratings = await run.app.store.feedback.ratings(portalId);
    expect(Math.min(nextSteps, ratings.length)).toBeGreaterThan(0);
    for (const rating of ratings) {
      expect(portal.get('contacts', rating.contactId)?.properties).toMatchObject({
        handoff_lead_rating: String(rating.rating),
        handoff_lead_rated_at: new Date(rating.ratedAt).toISOString(),
      });
    }
    expect(formatSummary(summary, run)).toMatch(/Ratings: \d+ \(avg (\d\.\d|–)\), next steps: \d+/);
    // Tasks of earlier rounds stay (a needs-qualification lead's SDR task before it went to Sales).
    const earlierRounds = bodies.filter((body) => {
      if (/-next-[\w-]+\]$/.test(body)) return false;
      const marker = /\[handoff \d+-(\d+)-r(\d+)-/.exec(body);
      return marker !== null && Number(marker[2]) < (decisions.get(marker[1] as string)?.round ?? 1);
    }).length;
    expect(portal.stores.tasks.size).toBe(needTask.length + escalationTasks + earlierRounds + nextSteps);
    expect(summary.handedToSalesUnaccountable).toBe(0);
    expect(formatSummary(summary, run)).toMatch(
      /Accountable +0 leads handed to sales without owner, due time and task/,
    );
    // CONTRACT §7: a re-decision hands a lead to sales at most once per signal window.
    expect(summary.secondChance.handedToSales).toBeLessThanOrEqual(summary.secondChance.redecided);
    expect(formatSummary(summary, run)).toMatch(
      /Second chance +\d+ leads re-decided on a new signal, \d+ handed/,
    );

    // No response (issue 11): the summary's count is the contacts marked so, and each one's
    // follow-up task was completed.
    const silent = contacts.filter((contact) => contact.properties.handoff_outcome === 'no_response');
    expect(formatSummary(summary, run)).toMatch(new RegExp(`No response +${silent.length} detected`));
    for (const contact of silent) {
      const task = portal.stores.tasks
        .live()
        .find((one) =>
          String(one.properties.hs_task_body).endsWith(
            `-${contact.id}-r${decisions.get(contact.id)?.round ?? 1}-handoff]`,
          ),
        );
      expect(task?.properties.hs_task_status).toBe('COMPLETED');
    }

    // Calls and 429s come from the simulator's call log.
    expect(summary.hubspotCalls).toBe(sim.callLog.count({ portalId }));
    expect(summary.rateLimited.total).toBe(sim.callLog.count({ portalId, status: 429 }));
    expect(summary.latencyMs.p95).toBeGreaterThanOrEqual(summary.latencyMs.median);
    expect(formatSummary(summary, run)).toContain('40 of 40 leads decided and written');

    // Issue 16: the CRM index was built at install from the list endpoints, and every lead was
    // matched from it, with no matching search (only the index sweep may search).
    expect(summary.crmIndex.phase).toBe('ready');
    expect(summary.crmIndex.calls).toBe(
      sim.callLog.count({ portalId, endpoint: 'GET /crm/v3/objects/companies' }) +
        sim.callLog.count({ portalId, endpoint: 'GET /crm/v3/objects/deals' }) +
        sim.callLog.count({ portalId, endpoint: 'GET /crm/v3/objects/contacts' }),
    );
    expect(summary.decidedFromIndex).toBe(40);
    expect(formatSummary(summary, run)).toMatch(/CRM index +ready: \d+ records synced in \d+ list calls/);
    expect(formatSummary(summary, run)).toMatch(/Searches +\d+\.\d{3} per lead/);
  });
});
