import { chooseChannel, ChannelChoice } from './choose-channel';
import { aProfile, rulesWith } from './communication.builders';
import { DEFAULT_COMMUNICATION_RULES } from './communication-rules';
import { ContactProfile } from './contact-profile';

const both = { sms: true, email: true };
const none = { sms: false, email: false };

describe('chooseChannel', () => {
  it.each<[string, Partial<ContactProfile>, ChannelChoice]>([
    ['both usable, prefers SMS', {}, { usable: true, channel: 'sms', fallbackChannel: 'email' }],
    [
      'both usable, prefers email',
      { preferredChannel: 'email' },
      { usable: true, channel: 'email', fallbackChannel: 'sms' },
    ],
    ['prefers SMS but has no phone', { hasPhone: false }, { usable: true, channel: 'email' }],
    [
      'prefers SMS but gave no SMS consent',
      { consents: { sms: false, email: true } },
      { usable: true, channel: 'email' },
    ],
    [
      'prefers SMS but sent STOP',
      { optedOut: { sms: true, email: false } },
      { usable: true, channel: 'email' },
    ],
    [
      'prefers email but has no address',
      { preferredChannel: 'email', hasEmail: false },
      { usable: true, channel: 'sms' },
    ],
    [
      'prefers email but unsubscribed',
      { preferredChannel: 'email', optedOut: { sms: false, email: true } },
      { usable: true, channel: 'sms' },
    ],
    ['SMS usable, email unusable', { hasEmail: false }, { usable: true, channel: 'sms' }],
    ['no consent at all', { consents: none }, { usable: false, reason: 'no-consent-any-channel' }],
    ['opted out of both', { optedOut: both }, { usable: false, reason: 'opted-out' }],
    [
      'opted out of SMS, never consented to email',
      { optedOut: { sms: true, email: false }, consents: { sms: true, email: false } },
      { usable: false, reason: 'opted-out' },
    ],
    [
      'no email consent, no phone',
      { consents: { sms: true, email: false }, hasPhone: false },
      { usable: false, reason: 'no-consent-any-channel' },
    ],
    [
      'no contact details',
      { hasPhone: false, hasEmail: false },
      { usable: false, reason: 'no-contact-detail' },
    ],
  ])('given a customer with %s, then the choice is as expected', (_, profile, expected) => {
    expect(chooseChannel(aProfile(profile), DEFAULT_COMMUNICATION_RULES)).toEqual(expected);
  });

  describe('given fallback switched off', () => {
    const rules = rulesWith({ fallbackToOtherChannel: false });

    it('when both channels work, then no fallback channel is offered', () => {
      expect(chooseChannel(aProfile(), rules)).toEqual({ usable: true, channel: 'sms' });
    });

    it('when the preferred channel is unusable, then the customer is not reached on the other one', () => {
      expect(chooseChannel(aProfile({ optedOut: { sms: true, email: false } }), rules)).toEqual({
        usable: false,
        reason: 'opted-out',
      });
    });
  });
});
