export { startSimulator, type Simulator } from './start-simulator';
export type { PortalSetup, SimulatorOptions } from './options';
export { Portal, type ChangeEvent, type Owner } from './portal';
export { generateLeads, type LeadCase, type NewLead } from './seed/new-leads';
export { seedPortal, type SeedCatalog, type SeedOptions } from './seed/seed-portal';
export type { WebhookTarget, WebhookSenderOptions } from './webhooks/webhook-sender';
export type { WebhookSubscription, WebhookEvent } from './webhooks/subscriptions';
export type { CallLog, CallRecord } from './http/call-log';
