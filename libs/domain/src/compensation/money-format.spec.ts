import { formatMoney } from './money-format';

describe('formatMoney', () => {
  it.each([
    [2500, 'GBP', 'GBP 25.00'],
    [5, 'EUR', 'EUR 0.05'],
    [-1500, 'GBP', 'GBP -15.00'],
    [1200, 'JPY', 'JPY 1200'],
  ])('shows %i minor units of %s as %s', (amount, currency, text) => {
    expect(formatMoney(amount, currency)).toBe(text);
  });
});
