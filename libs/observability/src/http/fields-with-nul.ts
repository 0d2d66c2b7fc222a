interface Visit {
  readonly value: unknown;
  readonly key?: string;
  readonly parent?: Visit;
}

/**
 * Where a NUL character sits in parsed input, as field paths ("scope.services.0"). PostgreSQL text
 * cannot hold one: left in, it fails the query (a 500) or, on its way through Kafka, the consumer.
 * Walks with its own stack and builds a path only for a hit, so a deeply nested body costs linear time.
 */
export function fieldsWithNul(value: unknown): string[] {
  const found: string[] = [];
  const pending: Visit[] = [{ value }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    if (typeof visit.value === 'string') {
      if (visit.value.includes('\u0000')) found.push(pathOf(visit));
    } else if (visit.value !== null && typeof visit.value === 'object') {
      for (const [key, child] of Object.entries(visit.value)) {
        const next = { value: child, key, parent: visit };
        if (key.includes('\u0000')) found.push(pathOf(next));
        else pending.push(next);
      }
    }
  }
  return found.sort();
}

function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.') || '(root)';
}
