import { ConfigError } from '@pxr/observability';
import { loadCompensationBudget, parseCompensationBudget } from './compensation-budget';

describe('the compensation budget the console shows', () => {
  it('is read from the policy the engine applies', () => {
    const text = JSON.stringify({
      version: 'v7',
      currency: 'EUR',
      budget: { perIncidentMinor: 250000 },
      rules: [],
    });

    expect(parseCompensationBudget(text, 'policy.json')).toEqual({
      policyVersion: 'v7',
      currency: 'EUR',
      perIncidentMinor: 250000,
    });
  });

  it('is found in the repository when no file is configured', () => {
    expect(loadCompensationBudget(undefined)).toMatchObject({ policyVersion: 'v1', currency: 'GBP' });
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['without a budget', JSON.stringify({ version: 'v1', currency: 'GBP' }), /policy.json: budget/],
  ])('refuses a policy %s, naming the file', (_what, text, message) => {
    expect(() => parseCompensationBudget(text, 'policy.json')).toThrow(ConfigError);
    expect(() => parseCompensationBudget(text, 'policy.json')).toThrow(message);
  });
});
