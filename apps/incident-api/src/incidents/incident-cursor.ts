import { IncidentListPosition } from '@pxr/persistence';

/** Opaque to clients on purpose: the position's shape may change without breaking anyone's script. */
export function encodeIncidentCursor(position: IncidentListPosition): string {
  return Buffer.from(JSON.stringify([position.startedAt, position.incidentId])).toString('base64url');
}

export function decodeIncidentCursor(cursor: string): IncidentListPosition | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
    const [startedAt, incidentId] = decoded as unknown[];
    if (typeof startedAt !== 'string' || typeof incidentId !== 'string') return undefined;
    if (Number.isNaN(Date.parse(startedAt))) return undefined;
    return { startedAt, incidentId };
  } catch {
    return undefined;
  }
}
