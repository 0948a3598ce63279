import { Router } from 'express';
import { html } from '../admin/html';

/**
 * `/`: what answers at this address, for the person who opens the app's URL in a browser (the
 * demo prints it; HubSpot never calls it). Says nothing a visitor should not know: no portal, no
 * configuration beyond the mode.
 */
export function rootRoute(options: { installs: boolean }): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const install = options.installs
      ? html`<li><a href="/oauth/install">Install the app in a HubSpot account</a></li>`
      : html``;
    const body = html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>Handoff</title>
          <style>
            body {
              font:
                15px/1.5 system-ui,
                sans-serif;
              margin: 40px;
              color: #213343;
            }
          </style>
        </head>
        <body>
          <h1>Handoff is running</h1>
          <p>
            The marketing-to-sales lead handoff for HubSpot: it receives HubSpot's signed webhooks at
            <code>/webhooks/hubspot</code> and answers the CRM card at <code>/api/card</code>.
          </p>
          <ul>
            <li><a href="/admin">Admin: handoff quality, audit and playbook</a></li>
            ${install}
            <li>
              <a href="/healthz">Health</a> · <a href="/readyz">Readiness</a> · <a href="/metrics">Metrics</a>
            </li>
          </ul>
        </body>
      </html>`;
    res.set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.type('html').send(body.text);
  });
  return router;
}
