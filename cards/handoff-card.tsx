import { hubspot } from '@hubspot/ui-extensions';
import { API_BASE_URL } from './api-base-url';
import { HandoffCard } from './handoff-card-view';

// The card's entry point (crm.record.tab on contacts): HubSpot renders what `extend` returns.
hubspot.extend<'crm.record.tab'>(({ context, actions }) => (
  <HandoffCard
    contactId={String(context.crm.objectId)}
    portalId={context.portal.id}
    baseUrl={API_BASE_URL}
    actions={actions}
    viewer={{ locale: context.user.locale, timeZone: context.portal.timezone }}
  />
));
