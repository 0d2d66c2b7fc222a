export * from './simulator';
export * from './senders';
export * from './sendgrid';
export * from './twilio';
export * from './templates';
export * from './unsubscribe-token';
