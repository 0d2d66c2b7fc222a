import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { DynamicModule, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { issueApiKey, Role, ROLES } from '@pxr/access';
import { RunningSimulator, startProviderSimulator } from '@pxr/channels';
import { ApiKeyRepository } from '@pxr/persistence';
import { ConsoleDeps, ConsoleModule } from '../../apps/console/src/app.module';
import { IncidentApiDeps, IncidentApiModule } from '../../apps/incident-api/src/app.module';
import { NotifierDeps, NotifierModule } from '../../apps/notifier/src/app.module';
import { RecoveryEngineDeps, RecoveryEngineModule } from '../../apps/recovery-engine/src/app.module';
import { AppName, RunningApp, startApp } from '../support/app-process';
import { freePort } from '../support/free-port';
import { uniqueName, useTestDataSource } from '../support/test-database';

/**
 * Who may call what is written out here, route by route; `open` answers anyone, `provider-signed`
 * (webhooks, unsubscribe links) checks its own signature and so must never succeed unsigned.
 */
type Access = readonly Role[] | 'open' | 'provider-signed';

const EXPECTED: Record<string, Access> = {
  'incident-api GET /health': 'open',
  'incident-api GET /metrics': 'open',
  'incident-api GET /docs': 'open',
  'incident-api GET /docs/openapi.json': 'open',
  'incident-api GET /docs/assets/:file': 'open',
  'incident-api POST /integrations/alertmanager': ['ops', 'admin'],
  'incident-api POST /incidents': ['ops', 'admin'],
  'incident-api PATCH /incidents/:id': ['ops', 'admin'],
  'incident-api POST /incidents/:id/resolve': ['ops', 'admin'],
  'incident-api POST /incidents/:id/cancel': ['ops', 'admin'],
  'incident-api GET /incidents': ['ops', 'leader', 'agent', 'auditor', 'admin'],
  'incident-api GET /incidents/:id': ['ops', 'leader', 'agent', 'auditor', 'admin'],

  'recovery-engine GET /health': 'open',
  'recovery-engine GET /metrics': 'open',

  'notifier GET /health': 'open',
  'notifier GET /metrics': 'open',
  'notifier POST /webhooks/sendgrid/inbound': 'provider-signed',
  'notifier POST /webhooks/sendgrid/events': 'provider-signed',
  'notifier POST /webhooks/twilio/status': 'provider-signed',
  'notifier POST /webhooks/twilio/inbound': 'provider-signed',
  'notifier GET /unsubscribe/:token': 'provider-signed',
  'notifier POST /unsubscribe/:token': 'provider-signed',

  'console GET /health': 'open',
  'console GET /metrics': 'open',
  'console GET /': 'open',
  'console GET /incidents/:id': 'open',
  'console GET /agent': 'open',
  'console GET /audit': 'open',
  'console GET /assets/:file': 'open',
  'console POST /session': 'open',
  'console DELETE /session': 'open',
  'console GET /session': ['ops', 'leader', 'agent', 'auditor', 'admin'],
  'console GET /customers': ['agent', 'admin'],
  'console GET /customers/:id/recovery': ['agent', 'admin'],
  'console GET /api/incidents': ['leader', 'ops', 'admin'],
  'console GET /api/live': ['leader', 'ops', 'admin'],
  'console GET /api/incidents/:id': ['leader', 'ops', 'admin'],
  'console GET /api/incidents/:id/live': ['leader', 'ops', 'admin'],
  'console GET /approvals': ['leader', 'auditor', 'admin'],
  'console POST /approvals': ['leader', 'agent', 'admin'],
  'console POST /approvals/:id/approve': ['leader', 'admin'],
  'console POST /approvals/:id/reject': ['leader', 'admin'],
  'console GET /escalations': ['agent', 'leader', 'auditor', 'admin'],
  'console GET /ledger': ['auditor', 'admin'],
  'console GET /ledger/export.csv': ['auditor', 'admin'],
  'console GET /ledger/verify': ['auditor', 'admin'],
  'console POST /ledger/:sequence/reverse': ['leader', 'admin'],
};

/**
 * prom-client's default metrics name these gauges `_total`; we cannot rename them, so they are the
 * only lint promtool may report.
 */
const PROM_CLIENT_LINT = ['handles', 'requests', 'resources'].map(
  (what) => `pxr_process_nodejs_active_${what}_total non-counter metrics should not have "_total" suffix`,
);

const APPS: AppName[] = ['incident-api', 'recovery-engine', 'notifier', 'console'];

/** The modules only wire; stub deps are enough to read which controllers each one mounts. */
function modules(): Record<AppName, DynamicModule> {
  const config = { KAFKA_TOPIC_PREFIX: '', INCIDENT_API_SOURCE: 'test' };
  const deps = { config, access: {}, env: {} };
  return {
    'incident-api': IncidentApiModule.with(deps as unknown as IncidentApiDeps),
    'recovery-engine': RecoveryEngineModule.with(deps as unknown as RecoveryEngineDeps),
    notifier: NotifierModule.with(deps as unknown as NotifierDeps),
    console: ConsoleModule.with(deps as unknown as ConsoleDeps),
  };
}

function controllersOf(module: DynamicModule): Type[] {
  const imported = (module.imports ?? []).filter(
    (entry): entry is DynamicModule => typeof entry === 'object' && entry !== null && 'module' in entry,
  );
  return [...((module.controllers ?? []) as Type[]), ...imported.flatMap(controllersOf)];
}

/** Every route an app serves, read from Nest's own decorator metadata, as `<METHOD> <path>`. */
function servedRoutes(module: DynamicModule): string[] {
  return controllersOf(module).flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    return Object.getOwnPropertyNames(controller.prototype)
      .map((name) => controller.prototype[name] as unknown)
      .filter(
        (handler): handler is object =>
          typeof handler === 'function' && Reflect.hasMetadata(METHOD_METADATA, handler),
      )
      .map((handler) => {
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const path = ['', base, String(Reflect.getMetadata(PATH_METADATA, handler))]
          .join('/')
          .replace(/\/+/g, '/')
          .replace(/(.)\/$/, '$1');
        // @Sse registers as GET.
        return `${method === 'SSE' ? 'GET' : method} ${path}`;
      });
  });
}

const ROUTES = Object.entries(modules()).flatMap(([app, module]) =>
  servedRoutes(module).map((route) => `${app} ${route}`),
);

describe('authorisation matrix and metrics of every app', () => {
  const prefix = uniqueName('it-authz-') + '.';
  const apps = new Map<AppName, RunningApp>();
  const keys = new Map<Role, string>();
  let sim: RunningSimulator;
  // Registered before useTestDataSource, whose afterAll drops the database: jest runs afterAll hooks
  // in the order they are registered, and the apps stop first.
  afterAll(async () => {
    for (const app of apps.values()) await app.stop();
    await sim?.close();
  });
  const database = useTestDataSource(2);

  beforeAll(async () => {
    const repository = new ApiKeyRepository(database.dataSource);
    for (const role of ROLES) {
      const issued = issueApiKey();
      await repository.create({ id: issued.id, name: `${role}-matrix`, role, secretHash: issued.secretHash });
      keys.set(role, issued.key);
    }
    const common = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: prefix,
      RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
      NOTIFIER_GROUP_ID: uniqueName('notifier-'),
    };
    const notifierPort = await freePort();
    const notifierUrl = `http://127.0.0.1:${notifierPort}`;
    const accountSid = 'AC' + 'd4'.repeat(16);
    const authToken = 'matrix-test-auth-token';
    sim = await startProviderSimulator({
      accountSid,
      authToken,
      sendgridWebhookUrl: `${notifierUrl}/webhooks/sendgrid/events`,
      inboundSmsUrl: `${notifierUrl}/webhooks/twilio/inbound`,
    });
    const notifierEnv = {
      NOTIFIER_PUBLIC_URL: notifierUrl,
      NOTIFIER_UNSUBSCRIBE_SECRET: 'matrix-test-unsubscribe-secret-0123456789',
      SENDGRID_API_BASE_URL: sim.url,
      SENDGRID_API_KEY: 'SG.matrix-test',
      SENDGRID_FROM: 'care@pxr.example',
      SENDGRID_INBOUND_PARSE_PASSWORD: 'matrix-test-inbound-parse',
      SENDGRID_REPLY_TO: 'replies@pxr.example',
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_API_BASE_URL: sim.url,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_FROM: '+447700900123',
    };
    apps.set('incident-api', await startApp('incident-api', await freePort(), common));
    apps.set('recovery-engine', await startApp('recovery-engine', await freePort(), common));
    apps.set('notifier', await startApp('notifier', notifierPort, { ...common, ...notifierEnv }));
    apps.set('console', await startApp('console', await freePort(), common));
  });

  it('classifies every route each app serves, and only those', () => {
    const unclassified = ROUTES.filter((route) => !(route in EXPECTED));
    const stale = Object.keys(EXPECTED).filter((route) => !ROUTES.includes(route));
    expect({ unclassified, stale }).toEqual({ unclassified: [], stale: [] });
    expect(new Set(ROUTES).size).toBe(ROUTES.length);
  });

  /** The status a caller gets; an event stream is cut as soon as its headers arrive. */
  async function statusOf(route: string, role: Role | undefined): Promise<number> {
    const [app, method, path] = route.split(' ');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (role !== undefined) headers.authorization = `Bearer ${keys.get(role)!}`;
    const response = await fetch(`${apps.get(app as AppName)!.baseUrl}${path.replace(/:\w+/g, 'X-1')}`, {
      method,
      headers,
      body: method === 'POST' || method === 'PATCH' ? '{}' : undefined,
    });
    await response.body?.cancel();
    return response.status;
  }

  it('answers every route for every caller as the table says', async () => {
    const mismatches: string[] = [];
    for (const route of ROUTES) {
      const access = EXPECTED[route];
      if (access === undefined) {
        mismatches.push(`${route}: not in the table`);
        continue;
      }
      for (const role of [undefined, ...ROLES]) {
        const status = await statusOf(route, role);
        const caller = role ?? 'no credentials';
        if (access === 'open') {
          if (status === 401 || status === 403) mismatches.push(`${route} as ${caller}: ${status}, open`);
        } else if (access === 'provider-signed') {
          if (status >= 200 && status < 300) mismatches.push(`${route} as ${caller}: ${status} unsigned`);
        } else if (role === undefined) {
          if (status !== 401) mismatches.push(`${route} as ${caller}: ${status}, expected 401`);
        } else if (!access.includes(role)) {
          if (status !== 403) mismatches.push(`${route} as ${caller}: ${status}, expected 403`);
        } else if (status === 401 || status === 403) {
          mismatches.push(`${route} as ${caller}: ${status}, expected to be let in`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.each(APPS)('%s serves /metrics that promtool accepts', async (name) => {
    const response = await fetch(`${apps.get(name)!.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    const body = await response.text();
    // Exit 1 is an exposition promtool cannot parse, 3 lint only: which must be prom-client's own.
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: body });
    const problems = `${lint.stdout}${lint.stderr}`.split('\n').filter((line) => line !== '');
    expect({ status: lint.status, problems }).toEqual({
      status: problems.length === 0 ? 0 : 3,
      problems: problems.filter((line) => PROM_CLIENT_LINT.includes(line)),
    });
  });
});
