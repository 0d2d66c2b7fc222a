export * from './affected-customers';
export * from './commitments';
export * from './contacts';
export * from './identification-batches';
export * from './identification-jobs';
export * from './identification-progress';
export * from './journey-columns';
export * from './scope-condition';
