import { html, type Html } from './html';

export interface LoginView {
  /** Double-submit token for the token form (login CSRF). */
  csrf: string;
  tokenSignIn: boolean;
  hubspotSignIn: boolean;
  error?: string;
}

export function loginBody(view: LoginView): Html {
  return html`<h1>Sign in to Handoff</h1>
    ${view.error ? html`<div class="error" id="login-error" role="alert">${view.error}</div>` : ''}
    ${
      view.hubspotSignIn
        ? html`<section class="card">
            <p>Users of a HubSpot account where Handoff is installed see that account's handoffs.</p>
            <p>
              <a class="primary" href="/admin/sign-in/hubspot" id="hubspot-sign-in">Sign in with HubSpot</a>
            </p>
          </section>`
        : ''
    }
    ${
      view.tokenSignIn
        ? html`<section class="card">
            <form method="post" action="/admin/login">
              <input type="hidden" name="_csrf" value="${view.csrf}" />
              <label
                >Admin token (ADMIN_TOKEN)
                <input type="password" name="token" autocomplete="current-password" size="40"
              /></label>
              <p><button type="submit" class="primary" id="token-sign-in">Sign in</button></p>
            </form>
          </section>`
        : ''
    }
    ${
      !view.tokenSignIn && !view.hubspotSignIn
        ? html`<p class="error">
            No sign-in is configured: set ADMIN_TOKEN (single-portal mode) or run with OAuth installs.
          </p>`
        : ''
    }`;
}
