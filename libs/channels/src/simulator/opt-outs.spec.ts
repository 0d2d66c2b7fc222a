import { OptOutRegistry } from './opt-outs';

describe('OptOutRegistry', () => {
  it('follows Advanced Opt-Out keywords, trimmed and case-insensitive', () => {
    const optOuts = new OptOutRegistry();
    expect(optOuts.applyInbound('+15551234567', '  stopall ')).toBe('STOP');
    expect(optOuts.isOptedOut('+15551234567')).toBe(true);
    expect(optOuts.applyInbound('+15551234567', 'Unstop')).toBe('START');
    expect(optOuts.isOptedOut('+15551234567')).toBe(false);
    expect(optOuts.applyInbound('+15551234567', 'stop please')).toBeUndefined();
    expect(optOuts.isOptedOut('+15551234567')).toBe(false);
  });

  it('treats numbers ending 0021610 as opted out until they START', () => {
    const optOuts = new OptOutRegistry();
    expect(optOuts.isOptedOut('+15550021610')).toBe(true);
    optOuts.applyInbound('+15550021610', 'START');
    expect(optOuts.isOptedOut('+15550021610')).toBe(false);
  });
});
