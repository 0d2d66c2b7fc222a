import { ConfigError } from '@pxr/observability';
import { loadNotifierConfig } from './config';

const simulator = {
  SENDGRID_API_BASE_URL: 'http://127.0.0.1:4010',
  SENDGRID_API_KEY: 'SG.simulator',
  SENDGRID_FROM: 'care@pxr.example',
  SENDGRID_REPLY_TO: 'care@pxr.example',
  TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
  TWILIO_API_BASE_URL: 'http://127.0.0.1:4010',
  TWILIO_AUTH_TOKEN: 'simulator-auth-token',
  TWILIO_FROM: '+447700900001',
};

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadNotifierConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.split(':')[0]);
    throw error;
  }
  return [];
}

describe('loadNotifierConfig', () => {
  it('starts with the simulator values `npm start` sets, and defaults the rest', () => {
    const config = loadNotifierConfig(simulator);
    expect(config).toMatchObject({
      publicUrl: 'http://127.0.0.1:3002',
      NOTIFIER_PORT: 3002,
      TWILIO_RATE_PER_SECOND: 10,
      SENDGRID_RATE_PER_SECOND: 50,
    });
    expect(config.unsubscribeSecret.length).toBeGreaterThanOrEqual(32);
  });

  it.each([
    ['the default send rates', {}, 240, 480],
    ['raised send rates', { TWILIO_RATE_PER_SECOND: '500', SENDGRID_RATE_PER_SECOND: '500' }, 4000, 8000],
    [
      'unlimited send rates',
      { TWILIO_RATE_PER_SECOND: '100000', SENDGRID_RATE_PER_SECOND: '100000' },
      100_000,
      100_000,
    ],
    [
      'a limit of its own',
      { TWILIO_RATE_PER_SECOND: '500', NOTIFIER_WEBHOOK_RATE_PER_SECOND: '0.5', NOTIFIER_WEBHOOK_BURST: '3' },
      0.5,
      3,
    ],
  ])('limits webhooks to keep up with %s', (_, env, rate, burst) => {
    expect(loadNotifierConfig({ ...simulator, ...env })).toMatchObject({
      NOTIFIER_WEBHOOK_RATE_PER_SECOND: rate,
      NOTIFIER_WEBHOOK_BURST: burst,
    });
  });

  it('names every bad variable at once', () => {
    expect(
      problems({
        ...simulator,
        TWILIO_ACCOUNT_SID: 'nope',
        TWILIO_FROM: '07700',
        SENDGRID_API_KEY: 'key',
        SENDGRID_FROM: '',
      }),
    ).toEqual(
      expect.arrayContaining(['TWILIO_ACCOUNT_SID', 'TWILIO_FROM', 'SENDGRID_API_KEY', 'SENDGRID_FROM']),
    );
    expect(problems({})).toEqual(
      expect.arrayContaining(['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM', 'SENDGRID_API_KEY']),
    );
  });

  it('requires a webhook key and an unsubscribe secret with the real providers', () => {
    const real = { ...simulator, SENDGRID_API_BASE_URL: '', TWILIO_API_BASE_URL: '' };
    expect(problems(real)).toEqual(['SENDGRID_WEBHOOK_PUBLIC_KEY', 'NOTIFIER_UNSUBSCRIBE_SECRET']);
  });

  it('refuses a sending timeout that a provider call could outlast', () => {
    expect(
      problems({ ...simulator, NOTIFIER_SENDING_TIMEOUT_MS: '1000', NOTIFIER_PROVIDER_TIMEOUT_MS: '5000' }),
    ).toEqual(['NOTIFIER_SENDING_TIMEOUT_MS']);
  });

  it('asks about silent messages after 30 minutes, and never before the activity feed shows an email', () => {
    expect(loadNotifierConfig(simulator).NOTIFIER_SILENCE_BEFORE_ASKING_MS).toBe(1_800_000);
    expect(
      problems({
        ...simulator,
        NOTIFIER_SILENCE_BEFORE_ASKING_MS: '60000',
        SENDGRID_ACTIVITY_LAG_MS: '120000',
      }),
    ).toEqual(['NOTIFIER_SILENCE_BEFORE_ASKING_MS']);
    expect(problems({ ...simulator, NOTIFIER_SILENCE_BEFORE_ASKING_MS: '0' })).toEqual([
      'NOTIFIER_SILENCE_BEFORE_ASKING_MS',
    ]);
  });
});
