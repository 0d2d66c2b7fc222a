export * from './ports';
export * from './provider-error';
