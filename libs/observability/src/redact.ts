/**
 * Personal data must never reach logs. Anything shaped like an email address or a phone number is
 * masked, whatever field it sits in, because a stray error message can carry a payload verbatim.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// E.164 and spaced national numbers; plain digit-hyphen runs are left alone so dates stay readable.
const PHONE = /(\+\d[\d ]{6,16}\d)|(\b0\d{2,4}[ ]?\d{3,4}[ ]?\d{3,4}\b)/g;
const SENSITIVE_KEYS =
  /^(name|phone|email|to|from|body|address|authorization|password|secret|token|apikey)$/i;

export function redactText(text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SENSITIVE_KEYS.test(key) ? '[redacted]' : redact(item, depth + 1);
  }
  return out;
}
