export * from './twilio-client';
export * from './twilio-errors';
export * from './twilio-message-lookup';
export * from './twilio-sms-sender';
