import type twilio from 'twilio';
import type { MessageInstance } from 'twilio/lib/rest/api/v2010/account/message';
import type {
  AcceptedMessage,
  LookupResult,
  ProviderLookup,
  SentMessageQuery,
  StatusResult,
} from '../senders/ports';
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

  /** The Message resource by its SID: its status now, and Twilio's error code for a failure. */
  async statusOf(message: AcceptedMessage): Promise<StatusResult> {
    try {
      const found = await this.client.messages(message.providerMessageId).fetch();
      return {
        ok: true,
        found: true,
        status: found.status,
        errorCode:
          found.errorCode === null || found.errorCode === undefined ? undefined : String(found.errorCode),
      };
    } catch (error) {
      if ((error as { status?: unknown } | undefined)?.status === 404) return { ok: true, found: false };
      return { ok: false, error: mapTwilioError(error) };
    }
  }
}
