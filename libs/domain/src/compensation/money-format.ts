/** "GBP 25.00": amounts in reasons are for people, so they are shown in major units. */
export function formatMoney(amountMinor: number, currency: string): string {
  const digits = minorDigitsOf(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const absolute = Math.abs(amountMinor);
  if (digits === 0) return `${currency} ${sign}${absolute}`;
  const unit = 10 ** digits;
  const major = Math.floor(absolute / unit);
  const minor = String(absolute % unit).padStart(digits, '0');
  return `${currency} ${sign}${major}.${minor}`;
}

function minorDigitsOf(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}
