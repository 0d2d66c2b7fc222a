/** Who may do what. `admin` may do everything; the others only what their work needs. */
export const ROLES = ['ops', 'leader', 'agent', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface Principal {
  /** A key id or a token subject; recorded when personal data is looked at. */
  id: string;
  roles: Role[];
  via: 'api-key' | 'bootstrap-key' | 'oidc';
}

export function mayAct(principal: Principal, allowed: readonly Role[]): boolean {
  return principal.roles.includes('admin') || principal.roles.some((role) => allowed.includes(role));
}
