export * from './consent-records.repository';
export * from './follow-ups.repository';
export * from './message-log.repository';
export * from './message-rows';
