import { InvalidArgumentError } from '../errors';
import { communicationRules, CommunicationRules, DEFAULT_COMMUNICATION_RULES } from './communication-rules';
import { contactProfileOf } from './contact-profile';

describe('communicationRules', () => {
  it('given no overrides, then the defaults: 21:00–08:00 quiet, 3 a day with resolutions and gestures exempt, all rules on', () => {
    expect(communicationRules()).toEqual({
      fallbackToOtherChannel: true,
      quietHours: { start: '21:00', end: '08:00' },
      quietHoursOverrideSeverities: [],
      quietHoursOverrideKinds: ['first-notice', 'update', 'no-news-update'],
      frequencyCap: { maxMessages: 3, windowHours: 24, exemptKinds: ['resolution', 'all-clear', 'goodwill'] },
      materialChanges: ['severity', 'eta', 'scope'],
      noNewsUpdates: true,
      resolutionToUntold: true,
      combineOverlapping: true,
      followUpMinutes: 120,
      fallbackTimeZone: 'Europe/London',
    });
  });

  it('given overrides, then only they change', () => {
    expect(communicationRules({ quietHours: null, quietHoursOverrideSeverities: ['critical'] })).toEqual({
      ...DEFAULT_COMMUNICATION_RULES,
      quietHours: null,
      quietHoursOverrideSeverities: ['critical'],
    });
  });

  it.each<[string, Partial<CommunicationRules>, string]>([
    [
      'a malformed quiet-hours time',
      { quietHours: { start: '9pm', end: '08:00' } as never },
      "'9pm' is not HH:MM",
    ],
    ['a cap of zero', { frequencyCap: { maxMessages: 0, windowHours: 24, exemptKinds: [] } }, 'frequencyCap'],
    ['a negative follow-up', { followUpMinutes: -5 }, 'followUpMinutes'],
    ['an unknown fallback zone', { fallbackTimeZone: 'Atlantis/Capital' }, "'Atlantis/Capital' is unknown"],
  ])('given %s, then it is refused naming the setting', (_, overrides, named) => {
    expect(() => communicationRules(overrides)).toThrow(InvalidArgumentError);
    expect(() => communicationRules(overrides)).toThrow(named);
  });
});

describe('contactProfileOf', () => {
  it('given a directory customer, then the profile says which details exist, never what they are', () => {
    const profile = contactProfileOf(
      {
        customerId: 'C1',
        name: 'Ada',
        phone: '+447700900123',
        locale: 'en-GB',
        timeZone: 'Europe/London',
        preferredChannel: 'sms',
        tier: 'standard',
        consents: { sms: true, email: false },
        subscriptions: [],
      },
      { sms: true, email: false },
    );

    expect(profile).toEqual({
      customerId: 'C1',
      preferredChannel: 'sms',
      hasPhone: true,
      hasEmail: false,
      consents: { sms: true, email: false },
      optedOut: { sms: true, email: false },
      timeZone: 'Europe/London',
    });
  });
});
