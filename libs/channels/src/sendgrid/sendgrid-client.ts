import { Client } from '@sendgrid/client';
import type { ClientRequest } from '@sendgrid/client/src/request';
import { MailService } from '@sendgrid/mail';

export interface SendGridSettings {
  readonly apiKey: string;
  readonly from: string;
  /** A monitored mailbox: customers can answer a notice. */
  readonly replyTo: string;
  /** The provider simulator, or unset for SendGrid itself. */
  readonly apiBaseUrl?: string;
  readonly timeoutMs: number;
}

export interface SendGridClients {
  readonly client: Client;
  readonly mail: MailService;
}

/**
 * setApiKey() resets the base URL to api.sendgrid.com, so the override must come after it. MailService
 * hides its client in its typings, hence a typed Client handed over with setClient().
 */
export function createSendGridClients(settings: SendGridSettings): SendGridClients {
  const client = new Client();
  client.setApiKey(settings.apiKey);
  if (settings.apiBaseUrl !== undefined) client.setDefaultRequest('baseUrl', settings.apiBaseUrl);
  // Default request options are handed to axios as they are; the typings only know SendGrid's own keys.
  client.setDefaultRequest({ timeout: settings.timeoutMs } as unknown as ClientRequest);
  const mail = new MailService();
  mail.setClient(client);
  return { client, mail };
}
