import { Consents, Customer, PreferredChannel } from '../customer/customer';

/**
 * What planning needs to know about reaching one customer; no contact details themselves.
 * Consent is what the customer agreed to; an opt-out is them withdrawing it (STOP, unsubscribe link),
 * kept apart so the engine can count the two differently.
 */
export interface ContactProfile {
  readonly customerId: string;
  readonly preferredChannel: PreferredChannel;
  readonly hasPhone: boolean;
  readonly hasEmail: boolean;
  readonly consents: Consents;
  readonly optedOut: Consents;
  /** IANA name, e.g. `Europe/London`. */
  readonly timeZone: string;
}

const NOT_OPTED_OUT: Consents = { sms: false, email: false };

export function contactProfileOf(customer: Customer, optedOut: Consents = NOT_OPTED_OUT): ContactProfile {
  return {
    customerId: customer.customerId,
    preferredChannel: customer.preferredChannel,
    hasPhone: customer.phone !== undefined,
    hasEmail: customer.email !== undefined,
    consents: customer.consents,
    optedOut,
    timeZone: customer.timeZone,
  };
}
