import type { Channel } from '@pxr/contracts';
import type { MessageRecord, Reachability } from '@pxr/persistence';
import { effectiveConsent } from '../consent/effective-consent';

export type Unusable = 'unknown-customer' | 'opted-out' | 'no-consent' | 'no-contact' | 'no-content';

export type ChannelChoice =
  | { readonly kind: 'send'; readonly channel: Channel; readonly to: string; readonly usedFallback: boolean }
  | { readonly kind: 'suppress'; readonly reason: Unusable };

type Routable = Pick<MessageRecord, 'channel' | 'fallbackChannel' | 'fallbackUsed' | 'content'>;

/**
 * Decided at send time, never at planning time: a customer who opted out or lost their number a second
 * ago is not messaged. The message's channel first, then its fallback once; the first channel's reason
 * is the one reported when neither works.
 */
export function chooseChannel(message: Routable, reach: Reachability): ChannelChoice {
  const first = usability(message, message.channel, reach);
  if (first.kind === 'usable')
    return { kind: 'send', channel: message.channel, to: first.to, usedFallback: false };
  const fallback = fallbackOf(message);
  if (fallback !== undefined) {
    const second = usability(message, fallback, reach);
    if (second.kind === 'usable')
      return { kind: 'send', channel: fallback, to: second.to, usedFallback: true };
  }
  return { kind: 'suppress', reason: first.reason };
}

/** The other channel, if the command named one, it has content, and it was not tried already. */
export function fallbackOf(message: Routable): Channel | undefined {
  const fallback = message.fallbackChannel;
  if (fallback === undefined || message.fallbackUsed || fallback === message.channel) return undefined;
  return message.content[fallback] === undefined ? undefined : fallback;
}

function usability(
  message: Routable,
  channel: Channel,
  reach: Reachability,
): { kind: 'usable'; to: string } | { kind: 'unusable'; reason: Unusable } {
  if (message.content[channel] === undefined) return { kind: 'unusable', reason: 'no-content' };
  if (!reach.known) return { kind: 'unusable', reason: 'unknown-customer' };
  const consent = effectiveConsent(reach.directoryConsent[channel], reach.optedOut[channel]);
  if (consent !== 'allowed') return { kind: 'unusable', reason: consent };
  const to = channel === 'sms' ? reach.phone : reach.email;
  return to === undefined ? { kind: 'unusable', reason: 'no-contact' } : { kind: 'usable', to };
}
