import { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { answer, type ApiContext } from './api-context';

/** HubSpot's OAuth errors: `status` names the problem, as its token endpoint answers. */
function oauthError(httpStatus: number, status: string, message: string) {
  return {
    status: httpStatus,
    body: {
      status,
      message,
      correlationId: randomUUID(),
      category: status === 'BAD_CLIENT_ID' ? 'INVALID_AUTHENTICATION' : 'VALIDATION_ERROR',
    },
  };
}

/** Token exchange and refresh (form-encoded, as HubSpot takes them), and token info. Not rate limited. */
export function oauthRoutes(context: ApiContext): Router {
  const router = Router();

  router.post(
    '/oauth/v1/token',
    answer((req) => {
      const form = (req.body ?? {}) as Record<string, string | undefined>;
      const app = context.oauthApps.find((candidate) => candidate.clientId === form.client_id);
      if (!app || app.clientSecret !== form.client_secret) {
        return oauthError(400, 'BAD_CLIENT_ID', 'missing or unknown client id, or wrong client secret');
      }
      const now = context.now();
      if (form.grant_type === 'authorization_code') {
        const code = form.code ? context.tokens.takeCode(form.code, now) : undefined;
        if (!code || code.clientId !== app.clientId)
          return oauthError(400, 'BAD_AUTH_CODE', 'missing or unknown auth code');
        if (code.redirectUri !== form.redirect_uri)
          return oauthError(400, 'BAD_REDIRECT_URI', 'redirect_uri does not match the one used to authorize');
        const { portalId, clientId, scopes, userId } = code;
        return { status: 200, body: context.tokens.grant({ portalId, clientId, scopes, userId }, now) };
      }
      if (form.grant_type === 'refresh_token') {
        const info = form.refresh_token ? context.tokens.refreshInfo(form.refresh_token) : undefined;
        if (!info || info.clientId !== app.clientId)
          return oauthError(400, 'BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
        return { status: 200, body: context.tokens.grant(info, now, form.refresh_token) };
      }
      return oauthError(400, 'BAD_GRANT_TYPE', `unsupported grant_type ${form.grant_type ?? '(none)'}`);
    }),
  );

  router.get(
    '/oauth/v1/access-tokens/:token',
    answer((req) => {
      const token = String(req.params.token);
      const info = context.tokens.lookup(token);
      const now = context.now();
      if (!info || (info.expiresAt !== null && info.expiresAt <= now)) {
        return {
          status: 404,
          body: {
            status: 'error',
            message: 'access token not found or expired',
            correlationId: randomUUID(),
            category: 'OBJECT_NOT_FOUND',
          },
        };
      }
      const app = context.oauthApps.find((candidate) => candidate.clientId === info.clientId);
      return {
        status: 200,
        body: {
          token,
          user: `user${info.userId}@simulated.hubspot.test`,
          hub_domain: `portal-${info.portalId}.simulated.hubspot.test`,
          scopes: info.scopes,
          hub_id: info.portalId,
          app_id: app?.appId ?? 0,
          expires_in: info.expiresAt === null ? 0 : Math.max(0, Math.round((info.expiresAt - now) / 1000)),
          user_id: info.userId,
          token_type: 'access',
        },
      };
    }),
  );

  router.get(
    '/oauth/v1/refresh-tokens/:token',
    answer((req) => {
      const token = String(req.params.token);
      const info = context.tokens.refreshInfo(token);
      if (!info) {
        return {
          status: 404,
          body: {
            status: 'error',
            message: 'refresh token not found',
            correlationId: randomUUID(),
            category: 'OBJECT_NOT_FOUND',
          },
        };
      }
      return {
        status: 200,
        body: {
          token,
          user: `user${info.userId}@simulated.hubspot.test`,
          hub_domain: `portal-${info.portalId}.simulated.hubspot.test`,
          scopes: info.scopes,
          hub_id: info.portalId,
          client_id: info.clientId,
          user_id: info.userId,
          token_type: 'refresh',
        },
      };
    }),
  );

  return router;
}
