import 'reflect-metadata';
import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { z } from 'zod';
import { IncidentApiDeps, IncidentApiModule } from '../app.module';
import { alertNotificationOutcomeSchema } from '../alertmanager/alert-notification-outcome';
import { alertmanagerWebhookSchema } from '../alertmanager/alertmanager-payload';
import { alertmanagerMappingSchema } from '../alertmanager/alertmanager-mapping';
import {
  cancelIncidentBody,
  raiseIncidentBody,
  resolveIncidentBody,
  updateIncidentBody,
} from '../incidents/incident-requests';
import { acceptedCommandSchema, errorSchema, incidentViewSchema } from '../incidents/incident-responses';
import { buildOpenApiDocument } from './openapi-document';
import { EXAMPLES } from './openapi-examples';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const document = buildOpenApiDocument() as Json;

/** Every route the module really serves, read from Nest's own decorator metadata. */
function servedRoutes(): string[] {
  const deps = {
    config: { KAFKA_TOPIC_PREFIX: '', INCIDENT_API_SOURCE: 'test' },
    alertmanagerMapping: alertmanagerMappingSchema.parse({
      severity: { labels: ['severity'], values: {}, default: 'major' },
      scope: {},
      title: { default: 't' },
    }),
  } as unknown as IncidentApiDeps;
  const controllers = (IncidentApiModule.with(deps).controllers ?? []) as Type[];
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    return Object.getOwnPropertyNames(controller.prototype)
      .map((name) => controller.prototype[name])
      .filter((handler) => typeof handler === 'function' && Reflect.hasMetadata(METHOD_METADATA, handler))
      .map((handler) => {
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number].toLowerCase();
        const path = ['', base, String(Reflect.getMetadata(PATH_METADATA, handler))]
          .join('/')
          .replace(/\/+/g, '/')
          .replace(/(.)\/$/, '$1')
          .replace(/:(\w+)/g, '{$1}');
        return `${method} ${path}`;
      });
  });
}

const documentedRoutes = (): string[] =>
  Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => ['get', 'post', 'patch', 'put', 'delete'].includes(key))
      .map((method) => `${method} ${path}`),
  );

function resolve(reference: string): unknown {
  return reference
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], document);
}

function references(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(references);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [value] : references(value),
  );
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and survives a JSON round trip unchanged', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('documents exactly the routes the API serves', () => {
    const served = servedRoutes();
    expect(served).toEqual(
      expect.arrayContaining([
        'post /incidents',
        'get /incidents/{id}',
        'post /integrations/alertmanager',
        'get /docs',
      ]),
    );
    expect(documentedRoutes().sort()).toEqual(served.sort());
  });

  it('has no dangling $ref', () => {
    const dangling = references(document).filter((reference) => resolve(reference) === undefined);
    expect(dangling).toEqual([]);
  });

  it('gives every operation an id, a summary and a documented success response', () => {
    for (const route of documentedRoutes()) {
      const [method, path] = route.split(' ');
      const operation = document.paths[path][method] as Json;
      expect({ route, operationId: typeof operation.operationId, summary: typeof operation.summary }).toEqual(
        {
          route,
          operationId: 'string',
          summary: 'string',
        },
      );
      expect(Object.keys(operation.responses).some((status) => status.startsWith('2'))).toBe(true);
    }
  });

  it.each([
    ['post', '/incidents', ['202', '400', '413', '415']],
    ['patch', '/incidents/{id}', ['202', '400', '409', '413', '415']],
    ['post', '/incidents/{id}/resolve', ['202', '400', '409', '413', '415']],
    ['post', '/incidents/{id}/cancel', ['202', '400', '409', '413', '415']],
    ['get', '/incidents', ['200', '400']],
    ['get', '/incidents/{id}', ['200', '400', '404']],
    ['post', '/integrations/alertmanager', ['200', '400', '401', '413', '415']],
  ])('%s %s answers %j, each with an example', (method, path, statuses) => {
    const operation = document.paths[path][method] as Json;
    expect(Object.keys(operation.responses).sort()).toEqual(statuses);
    for (const status of statuses) {
      const response = (
        operation.responses[status].$ref
          ? resolve(operation.responses[status].$ref)
          : operation.responses[status]
      ) as Json;
      expect(response.content['application/json'].example).toBeDefined();
    }
    if (method !== 'get') expect(operation.requestBody.content['application/json'].example).toBeDefined();
  });

  it('takes its request schemas from the zod schemas that validate requests', () => {
    const schemas = document.components.schemas as Json;
    expect(schemas.RaiseIncident.required).toEqual(['incidentId', 'title', 'severity', 'startedAt', 'scope']);
    expect(schemas.RaiseIncident.properties.severity.enum).toEqual(['minor', 'major', 'critical']);
    expect(schemas.UpdateIncident.properties.nextUpdateBy.anyOf).toContainEqual({ type: 'null' });
    expect(schemas.AlertmanagerWebhook.properties.version).toMatchObject({ const: '4' });
    expect(schemas.Incident.properties.counts.required).toEqual([
      'affected',
      'notified',
      'contactedFirst',
      'commitmentsOpen',
      'commitmentsBroken',
    ]);
  });

  it.each<[string, z.ZodType, unknown]>([
    ['raise', raiseIncidentBody, EXAMPLES.raise],
    ['update', updateIncidentBody, EXAMPLES.update],
    ['resolve', resolveIncidentBody, EXAMPLES.resolve],
    ['cancel', cancelIncidentBody, EXAMPLES.cancel],
    ['accepted', acceptedCommandSchema.strict(), EXAMPLES.accepted],
    ['incident', incidentViewSchema.strict(), EXAMPLES.incident],
    ['bad request', errorSchema.strict(), EXAMPLES.badRequest],
    ['not found', errorSchema.strict(), EXAMPLES.notFound],
    ['conflict', errorSchema.strict(), EXAMPLES.conflict],
    ['too large', errorSchema.strict(), EXAMPLES.tooLarge],
    ['unsupported media type', errorSchema.strict(), EXAMPLES.unsupportedMediaType],
    ['unauthorized', errorSchema.strict(), EXAMPLES.unauthorized],
    ['alertmanager', alertmanagerWebhookSchema.strict(), EXAMPLES.alertmanagerFiring],
    ['alertmanager outcome', alertNotificationOutcomeSchema.strict(), EXAMPLES.alertmanagerOutcome],
  ])('its %s example is valid against the schema it illustrates', (_name, schema, example) => {
    expect(schema.safeParse(example).error?.issues).toBeUndefined();
  });
});
