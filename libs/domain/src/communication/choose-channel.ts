import { ContactProfile } from './contact-profile';
import { CommunicationRules } from './communication-rules';
import { NoticeChannel } from './notice-kind';

export type ChannelBlock = 'no-contact-detail' | 'no-consent-any-channel' | 'opted-out';

export type ChannelChoice =
  | { readonly usable: true; readonly channel: NoticeChannel; readonly fallbackChannel?: NoticeChannel }
  | { readonly usable: false; readonly reason: ChannelBlock };

// When no channel works, the customer's own wish explains it best, then our missing consent, then data.
const BLOCK_PRECEDENCE: readonly ChannelBlock[] = [
  'opted-out',
  'no-consent-any-channel',
  'no-contact-detail',
];

export function chooseChannel(profile: ContactProfile, rules: CommunicationRules): ChannelChoice {
  const preferred = profile.preferredChannel;
  const other: NoticeChannel = preferred === 'sms' ? 'email' : 'sms';
  const preferredBlock = blockOf(profile, preferred);
  const otherBlock = blockOf(profile, other);
  const otherUsable = rules.fallbackToOtherChannel && otherBlock === undefined;
  if (preferredBlock === undefined) {
    return otherUsable
      ? { usable: true, channel: preferred, fallbackChannel: other }
      : { usable: true, channel: preferred };
  }
  if (otherUsable) return { usable: true, channel: other };
  const blocks = rules.fallbackToOtherChannel ? [preferredBlock, otherBlock] : [preferredBlock];
  return {
    usable: false,
    reason: BLOCK_PRECEDENCE.find((block) => blocks.includes(block)) ?? preferredBlock,
  };
}

function blockOf(profile: ContactProfile, channel: NoticeChannel): ChannelBlock | undefined {
  if (profile.optedOut[channel]) return 'opted-out';
  if (!profile.consents[channel]) return 'no-consent-any-channel';
  const hasDetail = channel === 'sms' ? profile.hasPhone : profile.hasEmail;
  return hasDetail ? undefined : 'no-contact-detail';
}
