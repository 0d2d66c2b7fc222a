import { parseArgs } from 'node:util';
import { parseMoment } from './time-arg';
import { UsageError } from './usage-error';

export const INCIDENT_VERBS = ['raise', 'update', 'resolve', 'cancel', 'list', 'get'] as const;
export type IncidentVerb = (typeof INCIDENT_VERBS)[number];

/** One HTTP call to incident-api, and how to show its answer. */
export interface IncidentApiCall {
  verb: IncidentVerb;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: Record<string, unknown>;
  incidentId?: string;
  json: boolean;
}

export interface ArgsContext {
  now: Date;
  /** Four lower-case hex characters for a generated id. */
  randomSuffix: () => string;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];
type Values = Record<string, string | boolean | string[] | undefined>;

const many = { type: 'string', multiple: true } as const;
const one = { type: 'string' } as const;
const FIELD_OPTIONS = {
  title: one,
  severity: one,
  service: many,
  region: many,
  postcode: many,
  customer: many,
  impact: one,
  note: one,
  eta: one,
  'next-update': one,
} as const;

const OPTIONS: Record<IncidentVerb, Options> = {
  raise: { id: one, started: one, ...FIELD_OPTIONS },
  update: { id: one, clear: many, ...FIELD_OPTIONS },
  resolve: { id: one, note: one, at: one },
  cancel: { id: one, reason: one },
  list: { status: many, severity: many, service: one, limit: one, cursor: one },
  get: { id: one },
};

const CLEARABLE: Readonly<Record<string, string>> = {
  impact: 'customerImpact',
  note: 'statusNote',
  eta: 'expectedResolutionAt',
  'next-update': 'nextUpdateBy',
};

/** Turns `pxr incident <verb> …` into the API call it stands for; throws UsageError when it cannot. */
export function parseIncidentArgs(argv: string[], context: ArgsContext): IncidentApiCall {
  const [verb, ...args] = argv;
  if (!isVerb(verb)) throw new UsageError(verb === undefined ? 'which verb?' : `unknown verb ${verb}`);
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { ...OPTIONS[verb], json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    }) as { values: Values; positionals: string[] };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const json = values.json === true;
  if (verb === 'list') {
    if (positionals.length > 0) throw new UsageError(`list takes no ${positionals.join(' ')}`);
    return { verb, method: 'GET', path: `/incidents${listQuery(values)}`, json };
  }
  if (verb === 'raise') {
    if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')}: quote the title`);
    const incidentId = text(values.id) ?? generatedId(context);
    const body = {
      incidentId,
      title: required(values, 'title'),
      severity: required(values, 'severity'),
      startedAt: parseMoment('--started', text(values.started) ?? 'now', context.now),
      scope: scope(values) ?? { services: [], regions: [], postcodePrefixes: [], customerIds: [] },
      ...fields(values, context.now),
    };
    return { verb, method: 'POST', path: '/incidents', body, incidentId, json };
  }
  const incidentId = theId(values, positionals);
  const path = `/incidents/${encodeURIComponent(incidentId)}`;
  switch (verb) {
    case 'get':
      return { verb, method: 'GET', path, incidentId, json };
    case 'update': {
      const body: Record<string, unknown> = { title: text(values.title), severity: text(values.severity) };
      Object.assign(body, { scope: scope(values) }, fields(values, context.now), cleared(values));
      const given = dropUndefined(body);
      if (Object.keys(given).length === 0) throw new UsageError('update needs at least one field to change');
      return { verb, method: 'PATCH', path, body: given, incidentId, json };
    }
    case 'resolve': {
      const resolvedAt =
        values.at === undefined ? undefined : parseMoment('--at', String(values.at), context.now);
      const body = dropUndefined({ resolvedAt, statusNote: text(values.note) });
      return { verb, method: 'POST', path: `${path}/resolve`, body, incidentId, json };
    }
    case 'cancel':
      return {
        verb,
        method: 'POST',
        path: `${path}/cancel`,
        body: dropUndefined({ reason: text(values.reason) }),
        incidentId,
        json,
      };
    default: {
      const unexpected: never = verb;
      throw new UsageError(`unknown verb ${String(unexpected)}`);
    }
  }
}

/** `INC-20261124-ab12`: the day it was raised, readable on a call, and short enough to type. */
export function generatedId(context: ArgsContext): string {
  const day = context.now.toISOString().slice(0, 10).replaceAll('-', '');
  return `INC-${day}-${context.randomSuffix()}`;
}

function isVerb(verb: string | undefined): verb is IncidentVerb {
  return (INCIDENT_VERBS as readonly string[]).includes(verb ?? '');
}

function theId(values: Values, positionals: string[]): string {
  const ids = [...positionals, ...(values.id === undefined ? [] : [String(values.id)])];
  if (ids.length !== 1)
    throw new UsageError(
      ids.length === 0 ? 'which incident? give its id' : `one incident id, not ${ids.join(' ')}`,
    );
  return ids[0];
}

function scope(values: Values): Record<string, string[]> | undefined {
  const given = ['service', 'region', 'postcode', 'customer'].some((flag) => values[flag] !== undefined);
  if (!given) return undefined;
  return {
    services: listOf(values.service),
    regions: listOf(values.region),
    postcodePrefixes: listOf(values.postcode),
    customerIds: listOf(values.customer),
  };
}

function fields(values: Values, now: Date): Record<string, string> {
  return dropUndefined({
    customerImpact: text(values.impact),
    statusNote: text(values.note),
    expectedResolutionAt: moment('--eta', values.eta, now),
    nextUpdateBy: moment('--next-update', values['next-update'], now),
  });
}

function cleared(values: Values): Record<string, null> {
  const out: Record<string, null> = {};
  for (const flag of listOf(values.clear)) {
    const field = CLEARABLE[flag];
    if (field === undefined)
      throw new UsageError(`--clear takes ${Object.keys(CLEARABLE).join(', ')}; not ${flag}`);
    if (values[flag] !== undefined)
      throw new UsageError(`--clear ${flag} and --${flag} contradict each other`);
    out[field] = null;
  }
  return out;
}

function listQuery(values: Values): string {
  const params = new URLSearchParams();
  if (values.status !== undefined) params.set('status', listOf(values.status).join(','));
  if (values.severity !== undefined) params.set('severity', listOf(values.severity).join(','));
  for (const name of ['service', 'limit', 'cursor']) {
    if (values[name] !== undefined) params.set(name, String(values[name]));
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** Repeatable flags also take commas: `--service broadband,tv` is `--service broadband --service tv`. */
function listOf(value: Values[string]): string[] {
  return [value ?? []]
    .flat()
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function moment(flag: string, value: Values[string], now: Date): string | undefined {
  return value === undefined ? undefined : parseMoment(flag, String(value), now);
}

function required(values: Values, name: string): string {
  const value = text(values[name]);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

function text(value: Values[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function dropUndefined<T extends Record<string, unknown>>(
  record: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
