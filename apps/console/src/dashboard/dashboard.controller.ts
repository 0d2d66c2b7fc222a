import { Controller, Get, Header, Inject, MessageEvent, Param, Sse } from '@nestjs/common';
import { NotFoundException } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { from, interval, map, Observable, startWith, switchMap } from 'rxjs';
import { incidentIdSchema } from '@pxr/contracts';
import { ZodValidationPipe } from '@pxr/observability';
import { IncidentReadModel } from '@pxr/persistence';

export const LIVE_INTERVAL_MS = Symbol('LIVE_INTERVAL_MS');

const page = readFileSync(join(__dirname, '..', 'web', 'dashboard.html'), 'utf8');

/** The service leaders' live view: the page, its data, and a server-sent stream that keeps it fresh. */
@Controller()
export class DashboardController {
  constructor(
    @Inject(IncidentReadModel) private readonly incidents: IncidentReadModel,
    @Inject(LIVE_INTERVAL_MS) private readonly liveIntervalMs: number,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header(
    'content-security-policy',
    "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'",
  )
  dashboard(): string {
    return page;
  }

  @Get('api/incidents')
  list() {
    return this.incidents.list({ limit: 100 });
  }

  @Get('api/incidents/:id')
  async get(@Param('id', new ZodValidationPipe(incidentIdSchema, 'incident id')) incidentId: string) {
    const incident = await this.incidents.find(incidentId);
    if (incident === undefined) throw new NotFoundException(`incident ${incidentId} not found`);
    return incident;
  }

  @Sse('api/live')
  live(): Observable<MessageEvent> {
    return interval(this.liveIntervalMs).pipe(
      startWith(0),
      switchMap(() => from(this.incidents.list({ limit: 100 }))),
      map((incidents) => ({ type: 'incidents', data: incidents })),
    );
  }
}
