import { ApiAnswer } from './incident-api-client';
import { IncidentApiCall } from './incident-args';

type Json = Record<string, unknown>;

// API field names as the flags that set them, so a 400 points at what to retype.
const FLAG_OF: Readonly<Record<string, string>> = {
  incidentId: '--id',
  title: '--title',
  severity: '--severity',
  startedAt: '--started',
  'scope.services': '--service',
  'scope.regions': '--region',
  'scope.postcodePrefixes': '--postcode',
  'scope.customerIds': '--customer',
  customerImpact: '--impact',
  statusNote: '--note',
  expectedResolutionAt: '--eta',
  nextUpdateBy: '--next-update',
  resolvedAt: '--at',
  reason: '--reason',
  status: '--status',
  limit: '--limit',
  cursor: '--cursor',
  service: '--service',
};

/** What the ops engineer reads after a successful call. */
export function renderSuccess(call: IncidentApiCall, answer: ApiAnswer): string {
  if (call.json) {
    const body =
      call.verb === 'list' ? { incidents: answer.body, nextCursor: nextCursor(answer) } : answer.body;
    return `${JSON.stringify(body, null, 2)}\n`;
  }
  switch (call.verb) {
    case 'get':
      return renderIncident(answer.body as Json);
    case 'list':
      return renderList(answer.body as Json[], nextCursor(answer));
    default: {
      const accepted = answer.body as Json;
      return (
        `${call.verb} of incident ${String(accepted.incidentId)} accepted (event ${String(accepted.eventId)}).\n` +
        `It shows in \`pxr incident get ${String(accepted.incidentId)}\` once the recovery engine has applied it.\n`
      );
    }
  }
}

/** What went wrong, in words that say what to do next. */
export function renderFailure(call: IncidentApiCall, answer: ApiAnswer): string {
  const body = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as Json;
  const message = typeof body.message === 'string' ? body.message : String(answer.body ?? '');
  switch (answer.status) {
    case 400: {
      const fields = Array.isArray(body.fields)
        ? (body.fields as Array<{ field: string; message: string }>)
        : [];
      const lines = fields.map(({ field, message: why }) => `  ${field}${flagHint(field)}: ${why}`);
      return `pxr incident ${call.verb}: refused (400 ${message})\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
    }
    case 401:
    case 403:
      return `pxr incident ${call.verb}: not allowed (${answer.status} ${message}); check PXR_API_KEY\n`;
    case 404:
      return `pxr incident ${call.verb}: incident ${call.incidentId ?? ''} not found. If it was raised just now, the recovery engine may not have applied it yet: try again in a moment.\n`;
    case 409:
      return `pxr incident ${call.verb}: conflict (409): ${message}\n`;
    default:
      return `pxr incident ${call.verb}: incident-api answered ${answer.status}: ${message}\n`;
  }
}

export function renderUnreachable(baseUrl: string, reason: string): string {
  return (
    `pxr incident: cannot reach incident-api at ${baseUrl} (${reason}).\n` +
    `Is it running? Start everything with \`npm start\`, or only the API with ` +
    `\`node dist/apps/incident-api/src/main.js\` after \`npm run build\`; set PXR_API_URL if it listens elsewhere.\n`
  );
}

function flagHint(field: string): string {
  const flag = FLAG_OF[field] ?? FLAG_OF[field.replace(/\.\d+$/, '')];
  return flag === undefined ? '' : ` (${flag})`;
}

function nextCursor(answer: ApiAnswer): string | undefined {
  return answer.headers.get('x-next-cursor') ?? undefined;
}

function renderIncident(incident: Json): string {
  const scope = incident.scope as Record<string, string[]>;
  const phases = (incident.phases as Array<{ phase: string; at: string }>).map((p) => `${p.phase} ${p.at}`);
  const rows: Array<[string, unknown]> = [
    ['status', incident.status],
    ['severity', incident.severity],
    ['started', incident.startedAt],
    ['scope', describeScope(scope)],
    ['impact', incident.customerImpact],
    ['note', incident.statusNote],
    ['eta', incident.expectedResolutionAt],
    ['next update', incident.nextUpdateBy],
    ['resolved', incident.resolvedAt],
    [
      'cancelled',
      incident.cancelledAt &&
        `${String(incident.cancelledAt)} (${String(incident.cancellationReason ?? 'no reason given')})`,
    ],
    ['closed', incident.closedAt],
    ['phases', phases.join(', ')],
  ];
  const shown = rows.filter(([, value]) => value !== null && value !== undefined && value !== '');
  return `${String(incident.incidentId)}  ${String(incident.title)}\n${shown.map(([label, value]) => `  ${label.padEnd(12)}${String(value)}`).join('\n')}\n`;
}

// Postgres hands jsonb keys back in its own order; people read them in this one.
const SCOPE_LABELS: ReadonlyArray<[string, string]> = [
  ['services', 'services'],
  ['regions', 'regions'],
  ['postcodePrefixes', 'postcodes'],
  ['customerIds', 'customers'],
];

function describeScope(scope: Record<string, string[]>): string {
  const parts = SCOPE_LABELS.filter(([key]) => (scope[key] ?? []).length > 0).map(([key, label]) => {
    const values = scope[key];
    return `${label} ${values.slice(0, 5).join(',')}${values.length > 5 ? ` +${values.length - 5} more` : ''}`;
  });
  return parts.length === 0 ? '(nobody)' : parts.join('; ');
}

function renderList(incidents: Json[], cursor: string | undefined): string {
  if (incidents.length === 0) return 'no incidents\n';
  const header = ['ID', 'STATUS', 'SEVERITY', 'STARTED', 'TITLE'];
  const rows = incidents.map((incident) => [
    String(incident.incidentId),
    String(incident.status),
    String(incident.severity),
    String(incident.startedAt).slice(0, 16).replace('T', ' '),
    String(incident.title),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ');
  const more = cursor === undefined ? '' : `more: pxr incident list … --cursor ${cursor}\n`;
  return `${[header, ...rows].map(line).join('\n')}\n${more}`;
}
