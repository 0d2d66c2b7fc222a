import { IncidentReadModel, IncidentView } from '@pxr/persistence';
import { encodeIncidentCursor } from './incident-cursor';
import { ListIncidentsQuery } from './incident-requests';

export interface IncidentListing {
  incidents: IncidentView[];
  /** Pass back as `cursor` for the next page; absent on the last one. */
  nextCursor?: string;
}

export class ListIncidents {
  constructor(private readonly incidents: IncidentReadModel) {}

  async execute(query: ListIncidentsQuery): Promise<IncidentListing> {
    const page = await this.incidents.page({
      statuses: query.status,
      severities: query.severity,
      service: query.service,
      limit: query.limit,
      after: query.cursor,
    });
    return {
      incidents: page.items,
      nextCursor: page.next === undefined ? undefined : encodeIncidentCursor(page.next),
    };
  }
}

/** The same listing one page further, for the `Link: <…>; rel="next"` header. */
export function nextPageUrl(query: ListIncidentsQuery, nextCursor: string): string {
  const params = new URLSearchParams();
  if (query.status !== undefined) params.set('status', query.status.join(','));
  if (query.severity !== undefined) params.set('severity', query.severity.join(','));
  if (query.service !== undefined) params.set('service', query.service);
  params.set('limit', String(query.limit));
  params.set('cursor', nextCursor);
  return `/incidents?${params.toString()}`;
}
