import { CustomerSubscription } from '../scope/matches-scope';

export type PreferredChannel = 'sms' | 'email';

export const PREFERRED_CHANNELS: readonly PreferredChannel[] = ['sms', 'email'];

/** What the customer agreed to be contacted by; an opt-out (e.g. SMS STOP) sets one to false. */
export interface Consents {
  readonly sms: boolean;
  readonly email: boolean;
}

/** One service at one place; the scope rule (scope/matches-scope.ts) matches incidents against these. */
export type Subscription = CustomerSubscription;

/**
 * A customer as the directory holds them, already normalised (see normalise-customer.ts): phone in
 * E.164, email with a lower-case domain, postcodes upper-case without spaces, canonical locale and
 * time zone. A preferred channel without a contact detail or consent is allowed: senders fall back.
 */
export interface Customer {
  readonly customerId: string;
  readonly name: string;
  readonly phone?: string;
  readonly email?: string;
  /** BCP 47, canonical case (`en-GB`, `cy-GB`). */
  readonly locale: string;
  /** IANA, canonical name (`Europe/London`). */
  readonly timeZone: string;
  readonly preferredChannel: PreferredChannel;
  /** The CRM's tier, lower case; open-ended because CRMs add tiers without telling us. */
  readonly tier: string;
  /** A calendar date (`YYYY-MM-DD`), not an instant: it has no time zone. */
  readonly customerSince?: string;
  readonly consents: Consents;
  readonly subscriptions: readonly Subscription[];
}
