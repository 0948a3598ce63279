import type { StoredJob } from '../store/store';
import { dateTime } from './format';
import { html, type Html } from './html';

/**
 * Jobs the queue gave up on, newest first: what it was (the job and its key), why (HubSpot's
 * message, which names the field or record to fix) and the correlation id HubSpot support asks for.
 */
export function deadLettersBody(jobs: StoredJob[]): Html {
  return html`<h1>Dead letters</h1>
    <p class="muted">
      Work HubSpot refused or that ran out of attempts. Fix what the message names, then the next decision
      round or sweep queues it again.
    </p>
    ${
      jobs.length === 0
        ? html`<p>None.</p>`
        : html`<table>
            <thead>
              <tr>
                <th>When</th>
                <th>Job</th>
                <th>Key</th>
                <th>Attempts</th>
                <th>Reason</th>
                <th>Correlation id</th>
              </tr>
            </thead>
            <tbody>
              ${jobs.map(
                (job) =>
                  html`<tr>
                    <td>${dateTime(job.finishedAt)}</td>
                    <td>${job.name}</td>
                    <td><code>${job.key}</code></td>
                    <td>${job.attempts}</td>
                    <td>${job.lastError ?? ''}</td>
                    <td><code>${job.correlationId ?? ''}</code></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}
