export * from './access-config';
export * from './access-providers';
export * from './access.guard';
export * from './api-key';
export * from './authenticator';
export * from './oidc-verifier';
export * from './roles';
