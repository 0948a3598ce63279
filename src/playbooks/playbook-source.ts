import type { Playbook } from '../handoff';

/** The playbook a job uses for a portal: the one it saved on the admin page, else the app's. */
export interface PlaybookSource {
  playbook: Playbook;
  playbookFor?: (portalId: number) => Promise<Playbook>;
}

export async function playbookOf(source: PlaybookSource, portalId: number): Promise<Playbook> {
  return source.playbookFor ? source.playbookFor(portalId) : source.playbook;
}
