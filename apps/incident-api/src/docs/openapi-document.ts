import { z } from 'zod';
import { INCIDENT_EVENT_TYPES, IncidentEventType, incidentIdSchema } from '@pxr/contracts';
import { alertNotificationOutcomeSchema } from '../alertmanager/alert-notification-outcome';
import { alertmanagerWebhookSchema } from '../alertmanager/alertmanager-payload';
import {
  cancelIncidentBody,
  listIncidentsQuery,
  raiseIncidentBody,
  resolveIncidentBody,
  updateIncidentBody,
} from '../incidents/incident-requests';
import { acceptedCommandSchema, errorSchema, incidentViewSchema } from '../incidents/incident-responses';
import { EXAMPLES } from './openapi-examples';

type Json = Record<string, unknown>;

/**
 * The OpenAPI 3.1 description of incident-api, built from the zod schemas that validate requests, so
 * the document cannot drift from what the API accepts.
 */
export function buildOpenApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'PXR incident-api',
      version: '1.0.0',
      description:
        'Raise, update, resolve and cancel incidents, and read them back. Commands are accepted with 202 once ' +
        'their event is on the incident topic; the recovery engine applies them moments later, so a read ' +
        'right after a command may not show it yet. Response objects may gain fields: ignore those you do not know.',
    },
    security: [{ bearer: [] }],
    tags: [
      { name: 'incidents', description: 'What ops engineers raise and follow' },
      { name: 'integrations', description: 'Incidents raised by monitoring' },
      { name: 'operations', description: 'Health, metrics and this documentation' },
    ],
    paths: {
      '/incidents': {
        post: command({
          operationId: 'raiseIncident',
          summary: 'Raise an incident',
          description: 'Raising again with the same id while the incident is open updates every field given.',
          body: 'RaiseIncident',
          example: EXAMPLES.raise,
          type: INCIDENT_EVENT_TYPES.identified,
        }),
        get: listIncidents(),
      },
      '/incidents/{id}': {
        parameters: [{ $ref: '#/components/parameters/IncidentId' }],
        get: getIncident(),
        patch: command({
          operationId: 'updateIncident',
          summary: 'Update an incident',
          description:
            'Only the fields given change; null clears one. A new scope replaces the old one whole.',
          body: 'UpdateIncident',
          example: EXAMPLES.update,
          type: INCIDENT_EVENT_TYPES.updated,
        }),
      },
      '/incidents/{id}/resolve': {
        parameters: [{ $ref: '#/components/parameters/IncidentId' }],
        post: command({
          operationId: 'resolveIncident',
          summary: 'Resolve an incident',
          description: 'Customers are told it is fixed; a recurrence must be raised as a new incident.',
          body: 'ResolveIncident',
          example: EXAMPLES.resolve,
          type: INCIDENT_EVENT_TYPES.resolved,
        }),
      },
      '/incidents/{id}/cancel': {
        parameters: [{ $ref: '#/components/parameters/IncidentId' }],
        post: command({
          operationId: 'cancelIncident',
          summary: 'Cancel an incident raised by mistake',
          description: 'Releases every affected customer; a cancelled incident cannot change any more.',
          body: 'CancelIncident',
          example: EXAMPLES.cancel,
          type: INCIDENT_EVENT_TYPES.cancelled,
        }),
      },
      '/integrations/alertmanager': { post: alertmanagerWebhook() },
      '/health': {
        get: plain(
          'health',
          'Liveness and readiness of Kafka and Postgres (503 when not ready)',
          'application/json',
        ),
      },
      '/metrics': { get: plain('metrics', 'Prometheus metrics', 'text/plain') },
      '/docs': { get: plain('docsPage', 'This documentation, for people', 'text/html') },
      '/docs/openapi.json': {
        get: plain('openApiDocument', 'This documentation, for programs', 'application/json'),
      },
      '/docs/assets/{file}': {
        get: {
          ...plain('docsAsset', 'A file of the documentation page', 'application/octet-stream'),
          parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }],
        },
      },
    },
    components: {
      schemas: {
        RaiseIncident: schemaOf(raiseIncidentBody, 'input'),
        UpdateIncident: { ...schemaOf(updateIncidentBody, 'input'), minProperties: 1 },
        ResolveIncident: schemaOf(resolveIncidentBody, 'input'),
        CancelIncident: schemaOf(cancelIncidentBody, 'input'),
        AcceptedCommand: schemaOf(acceptedCommandSchema, 'output'),
        Incident: schemaOf(incidentViewSchema, 'output'),
        Error: schemaOf(errorSchema, 'output'),
        AlertmanagerWebhook: schemaOf(alertmanagerWebhookSchema, 'input'),
        AlertmanagerOutcome: schemaOf(alertNotificationOutcomeSchema, 'output'),
      },
      parameters: {
        IncidentId: {
          name: 'id',
          in: 'path',
          required: true,
          description: "The incident's id, as given when it was raised",
          schema: schemaOf(incidentIdSchema, 'input'),
          example: EXAMPLES.raise.incidentId,
        },
      },
      responses: {
        BadRequest: error('The request is invalid; `fields` names every wrong field', EXAMPLES.badRequest),
        NotFound: error(
          'No such incident (yet: a raise is applied moments after its 202)',
          EXAMPLES.notFound,
        ),
        Conflict: error('The incident is cancelled or closed and cannot change any more', EXAMPLES.conflict),
        PayloadTooLarge: error('The body is over 256 kB', EXAMPLES.tooLarge),
        UnsupportedMediaType: error(
          'The body is not JSON (`Content-Type: application/json`)',
          EXAMPLES.unsupportedMediaType,
        ),
        Unauthorized: error('Missing or wrong API key or bearer token', EXAMPLES.unauthorized),
      },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A PXR API key (`pxr keys create --role ops …`) or, when configured, an OIDC token. Commands need ' +
            'the ops role; reads accept ops, leader, agent and auditor; admin may do everything. Alertmanager ' +
            'sends an ops key with http_config.authorization.',
        },
      },
    },
  };
}

interface CommandRoute {
  operationId: string;
  summary: string;
  description: string;
  body: string;
  example: unknown;
  type: IncidentEventType;
}

function command(route: CommandRoute): Json {
  const onExisting = route.type !== INCIDENT_EVENT_TYPES.identified;
  return {
    tags: ['incidents'],
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    requestBody: { required: true, content: json(ref(route.body), route.example) },
    responses: {
      '202': {
        description: 'Accepted: the event is on the incident topic',
        content: json(ref('AcceptedCommand'), { ...EXAMPLES.accepted, type: route.type }),
      },
      '400': { $ref: '#/components/responses/BadRequest' },
      // Commands on an incident not read back yet are accepted: its raise may still be on its way.
      ...(onExisting ? { '409': { $ref: '#/components/responses/Conflict' } } : {}),
      '413': { $ref: '#/components/responses/PayloadTooLarge' },
      '415': { $ref: '#/components/responses/UnsupportedMediaType' },
    },
  };
}

function listIncidents(): Json {
  const shape = listIncidentsQuery.shape;
  const descriptions: Record<keyof typeof shape, string> = {
    status: 'Only incidents in one of these states (comma-separated)',
    severity: 'Only incidents of one of these severities (comma-separated)',
    service: 'Only incidents whose scope lists this service',
    limit: 'At most this many incidents',
    cursor: 'Where the previous page ended: the X-Next-Cursor header of that page',
  };
  return {
    tags: ['incidents'],
    operationId: 'listIncidents',
    summary: 'List incidents, newest first',
    parameters: (Object.keys(shape) as Array<keyof typeof shape>).map((name) => {
      const schema = schemaOf(shape[name], 'input');
      return {
        name,
        in: 'query',
        required: false,
        description: descriptions[name],
        schema,
        ...(schema.type === 'array' ? { style: 'form', explode: false } : {}),
      };
    }),
    responses: {
      '200': {
        description: 'One page of incidents. When more follow, the headers say where the next page starts.',
        headers: {
          'X-Next-Cursor': { description: 'Pass as `cursor` for the next page', schema: { type: 'string' } },
          Link: { description: 'RFC 8288 link to the next page, rel="next"', schema: { type: 'string' } },
        },
        content: json({ type: 'array', items: ref('Incident') }, [EXAMPLES.incident]),
      },
      '400': { $ref: '#/components/responses/BadRequest' },
    },
  };
}

function getIncident(): Json {
  return {
    tags: ['incidents'],
    operationId: 'getIncident',
    summary: 'Read one incident as the recovery engine last applied it',
    responses: {
      '200': { description: 'The incident', content: json(ref('Incident'), EXAMPLES.incident) },
      '400': { $ref: '#/components/responses/BadRequest' },
      '404': { $ref: '#/components/responses/NotFound' },
    },
  };
}

function alertmanagerWebhook(): Json {
  return {
    tags: ['integrations'],
    operationId: 'receiveAlertmanagerNotification',
    summary: 'Alertmanager webhook (payload version 4)',
    description:
      'A firing group raises an incident with id `AM-` + 16 hex of sha256(groupKey) the first time, then ' +
      'updates it only when a mapped field changes; a resolved group resolves it once. A group that fires ' +
      'again after resolution raises a new incident (`…-2`, `…-3`). Labels and annotations become incident ' +
      'fields through the mapping file (ALERTMANAGER_MAPPING_FILE). Set max_alerts in the receiver so large ' +
      'groups stay under the body limit.',
    requestBody: { required: true, content: json(ref('AlertmanagerWebhook'), EXAMPLES.alertmanagerFiring) },
    responses: {
      '200': {
        description: 'What was done',
        content: json(ref('AlertmanagerOutcome'), EXAMPLES.alertmanagerOutcome),
      },
      '400': { $ref: '#/components/responses/BadRequest' },
      '401': { $ref: '#/components/responses/Unauthorized' },
      '413': { $ref: '#/components/responses/PayloadTooLarge' },
      '415': { $ref: '#/components/responses/UnsupportedMediaType' },
    },
  };
}

/** Operations routes need no key (`/metrics` does when METRICS_REQUIRE_AUTH is true). */
function plain(operationId: string, summary: string, mediaType: string): Json {
  return {
    tags: ['operations'],
    operationId,
    summary,
    security: [],
    responses: { '200': { description: 'OK', content: { [mediaType]: {} } } },
  };
}

function error(description: string, example: unknown): Json {
  return { description, content: json(ref('Error'), example) };
}

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, example: unknown): Json => ({ 'application/json': { schema, example } });

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return readable(rest) as Json;
}

/** zod writes its whole date-time regex beside `format: date-time`; the format alone says it to a reader. */
function readable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(readable);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(
    ([key]) => !(key === 'pattern' && (value as Json).format === 'date-time'),
  );
  return Object.fromEntries(entries.map(([key, inner]) => [key, readable(inner)]));
}
