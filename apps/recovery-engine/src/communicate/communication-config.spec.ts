import { DEFAULT_COMMUNICATION_RULES } from '@pxr/domain';
import { communicationConfigSchema, communicationRulesOf, senderOf } from './communication-config';

const configOf = (env: Record<string, string> = {}) => communicationConfigSchema.parse(env);

describe('communication configuration', () => {
  it('given nothing, then the default rules and a batch of 1,000', () => {
    const config = configOf();

    expect(communicationRulesOf(config)).toEqual(DEFAULT_COMMUNICATION_RULES);
    expect(config.RECOVERY_ENGINE_COMMUNICATE_BATCH_SIZE).toBe(1000);
  });

  it('given quiet hours, a cap, an override and a follow-up, then the rules say so', () => {
    const rules = communicationRulesOf(
      configOf({
        RECOVERY_ENGINE_QUIET_HOURS: '22:30-07:00',
        RECOVERY_ENGINE_FREQUENCY_CAP: '5/12',
        RECOVERY_ENGINE_QUIET_HOURS_OVERRIDE: 'critical, major',
        RECOVERY_ENGINE_FOLLOW_UP_MINUTES: '60',
      }),
    );

    expect(rules).toMatchObject({
      quietHours: { start: '22:30', end: '07:00' },
      frequencyCap: { maxMessages: 5, windowHours: 12, exemptKinds: ['resolution', 'all-clear', 'goodwill'] },
      quietHoursOverrideSeverities: ['critical', 'major'],
      followUpMinutes: 60,
    });
  });

  it('given off, then no quiet hours and no cap', () => {
    const rules = communicationRulesOf(
      configOf({ RECOVERY_ENGINE_QUIET_HOURS: 'off', RECOVERY_ENGINE_FREQUENCY_CAP: 'off' }),
    );

    expect(rules).toMatchObject({ quietHours: null, frequencyCap: null });
  });

  it.each([
    ['RECOVERY_ENGINE_QUIET_HOURS', '9pm-8am'],
    ['RECOVERY_ENGINE_FREQUENCY_CAP', 'three a day'],
    ['RECOVERY_ENGINE_QUIET_HOURS_OVERRIDE', 'urgent'],
    ['NOTIFIER_UNSUBSCRIBE_SECRET', 'too-short'],
    ['SENDGRID_REPLY_TO', 'not an address'],
  ])('given %s=%s, then it is refused', (name, value) => {
    expect(communicationConfigSchema.safeParse({ [name]: value }).success).toBe(false);
  });

  it('sends from a reachable team with a reply path, never a no-reply address', () => {
    expect(senderOf(configOf({ SENDGRID_REPLY_TO: 'help@example.com' }))).toMatchObject({
      replyToEmail: 'help@example.com',
      unsubscribeBaseUrl: 'http://127.0.0.1:3002/unsubscribe',
    });
  });
});
