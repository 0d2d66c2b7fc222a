export * from './dead-letter';
export * from './event-publisher';
export * from './inbox';
export * from './inbox-consumer';
export * from './kafka-client';
export * from './kafka-config';
export * from './provision-topics';
export * from './kafka-health';
