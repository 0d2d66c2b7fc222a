export { SIMULATOR_DEFAULT_ACCOUNT_SID, SIMULATOR_DEFAULT_AUTH_TOKEN, type SimulatorStats } from './context';
export type { FaultSpec, FaultStatus, FaultTarget } from './faults';
export {
  correlationOf,
  MessageStore,
  type MessageStatus,
  type Provider,
  type StoredMessage,
} from './message-store';
export { OPTED_OUT_SUFFIX } from './opt-outs';
export { BOUNCE_DOMAIN } from './sendgrid-events';
export { startProviderSimulator, type ProviderSimulatorOptions, type RunningSimulator } from './simulator';
export { UNDELIVERABLE_SUFFIX, type InboundSms, type InboundSmsResult } from './twilio-callbacks';
export { SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER, TWILIO_SIGNATURE_HEADER } from './webhooks';
