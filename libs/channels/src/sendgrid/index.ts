export * from './sendgrid-client';
export * from './sendgrid-email-sender';
export * from './sendgrid-errors';
export * from './sendgrid-message-lookup';
