import type { Reachability } from '@pxr/persistence';
import { chooseChannel, fallbackOf } from './choose-channel';

const content = {
  sms: { body: 'Your broadband is down. Next update by 11:00.' },
  email: { subject: 'Broadband down', text: 'Down.', html: '<p>Down.</p>' },
};
const message = (overrides: Partial<Parameters<typeof chooseChannel>[0]> = {}) => ({
  channel: 'sms' as const,
  fallbackChannel: 'email' as const,
  fallbackUsed: false,
  content,
  ...overrides,
});
const reach = (overrides: Partial<Reachability> = {}): Reachability => ({
  known: true,
  phone: '+447700900001',
  email: 'a@example.com',
  directoryConsent: { sms: true, email: true },
  optedOut: { sms: false, email: false },
  ...overrides,
});

describe('chooseChannel', () => {
  it('sends on the message channel when it is usable', () => {
    expect(chooseChannel(message(), reach())).toEqual({
      kind: 'send',
      channel: 'sms',
      to: '+447700900001',
      usedFallback: false,
    });
  });

  it.each([
    ['opted out', reach({ optedOut: { sms: true, email: false } })],
    ['no consent in the directory', reach({ directoryConsent: { sms: false, email: true } })],
    ['no phone number', reach({ phone: undefined })],
  ])('falls back to email when SMS has %s', (_case, customer) => {
    expect(chooseChannel(message(), customer)).toMatchObject({
      kind: 'send',
      channel: 'email',
      usedFallback: true,
    });
  });

  it.each([
    ['opted-out', reach({ optedOut: { sms: true, email: true } })],
    ['no-consent', reach({ directoryConsent: { sms: false, email: false } })],
    ['no-contact', reach({ phone: undefined, email: undefined })],
    ['unknown-customer', reach({ known: false })],
  ])('suppresses with the first channel’s reason (%s) when neither works', (reason, customer) => {
    expect(chooseChannel(message(), customer)).toEqual({ kind: 'suppress', reason });
  });

  it('does not fall back twice, nor to a channel without content', () => {
    const smsOnly = reach({ optedOut: { sms: true, email: false } });
    expect(chooseChannel(message({ fallbackUsed: true }), smsOnly)).toEqual({
      kind: 'suppress',
      reason: 'opted-out',
    });
    expect(chooseChannel(message({ content: { sms: content.sms } }), smsOnly)).toEqual({
      kind: 'suppress',
      reason: 'opted-out',
    });
    expect(fallbackOf(message({ fallbackChannel: 'sms' }))).toBeUndefined();
  });
});
