/** A fixed origin so tests never depend on the clock. */
export const T0 = new Date('2024-03-01T09:00:00.000Z');

export function minutesAfterT0(minutes: number): Date {
  return new Date(T0.getTime() + minutes * 60_000);
}
