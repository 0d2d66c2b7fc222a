import type twilio from 'twilio';
import type { MessageInstance } from 'twilio/lib/rest/api/v2010/account/message';
import type { LookupResult, ProviderLookup, SentMessageQuery } from '../senders/ports';
import { mapTwilioError } from './twilio-errors';

const PAGE_SIZE = 50;
const MAX_PAGES = 5;

/**
 * Finds an SMS we may have sent. Twilio's Message resource returns nothing we set except the body, so
 * a match is: to this number, from our sender, this exact body, created after we marked it sending.
 * Listing newest first and stopping at that instant avoids the DateSent filter, which misses messages
 * still queued (no date_sent yet).
 */
export class TwilioMessageLookup implements ProviderLookup {
  constructor(
    private readonly client: twilio.Twilio,
    private readonly from: string,
  ) {}

  async find(query: SentMessageQuery): Promise<LookupResult> {
    const found: string[] = [];
    try {
      let page: { instances: MessageInstance[]; nextPage(): Promise<unknown> | undefined } =
        await this.client.messages.page({ to: query.to, from: this.from, pageSize: PAGE_SIZE });
      for (let pages = 1; ; pages++) {
        let older = false;
        for (const message of page.instances) {
          if (message.dateCreated < query.notBefore) {
            older = true;
            break;
          }
          if (message.body === query.text && message.direction.startsWith('outbound'))
            found.push(message.sid);
        }
        const next = older || pages >= MAX_PAGES ? undefined : page.nextPage();
        if (next === undefined) break;
        page = (await next) as typeof page;
      }
    } catch (error) {
      return { ok: false, error: mapTwilioError(error) };
    }
    return { ok: true, providerMessageIds: found.reverse() };
  }
}
