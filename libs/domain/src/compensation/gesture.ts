/** Money is always integer minor units (pence, cents) with its ISO 4217 currency: no floating point. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

export const MONETARY_GESTURE_KINDS = ['account-credit', 'refund', 'voucher'] as const;
export type MonetaryGestureKind = (typeof MONETARY_GESTURE_KINDS)[number];

export const GESTURE_KINDS = [...MONETARY_GESTURE_KINDS, 'priority-callback'] as const;
export type GestureKind = (typeof GESTURE_KINDS)[number];

/** What a customer is given. A priority call-back costs no money but is still a gesture. */
export type Gesture =
  { readonly kind: MonetaryGestureKind; readonly amount: Money } | { readonly kind: 'priority-callback' };

export function amountOf(gesture: Gesture): number {
  return gesture.kind === 'priority-callback' ? 0 : gesture.amount.amountMinor;
}

export function isMonetaryGestureKind(kind: string): kind is MonetaryGestureKind {
  return (MONETARY_GESTURE_KINDS as readonly string[]).includes(kind);
}
