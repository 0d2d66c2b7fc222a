export * from './contact-events';
export * from './customer-events';
export * from './decode';
export * from './envelope';
export * from './incident-events';
export * from './notification-messages';
export * from './topics';
