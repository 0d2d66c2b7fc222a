export * from './communication-batches';
export * from './communication-jobs';
export * from './goodwill-queue';
export * from './notices';
export * from './promised-updates';
export * from './read-communication';
export * from './told-journeys';
