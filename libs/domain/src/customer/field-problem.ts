/** One thing wrong with one field; `field` uses the event's names (`phone`, `subscriptions[1].postcode`). */
export interface FieldProblem {
  readonly field: string;
  readonly problem: string;
}

/** Problems never quote the value: it may be personal data, and the caller still has the record. */
export function describeFieldProblems(problems: readonly FieldProblem[]): string {
  return problems.map(({ field, problem }) => `${field}: ${problem}`).join('; ');
}
