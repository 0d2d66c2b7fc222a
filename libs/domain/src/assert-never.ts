/** Makes a `switch` fail to compile when a new case is added to a union and not handled. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
