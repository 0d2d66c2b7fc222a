import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { AppMetrics } from '@pxr/observability';
import { countRequests, requestCounter, routeLabel } from './count-requests';

describe('counting the console’s requests', () => {
  it.each([
    [{ method: 'GET', route: { path: '/customers/:id/recovery' } }, 'GET /customers/:id/recovery'],
    [{ method: 'POST', route: undefined }, 'unmatched'],
  ])('labels %j by its route pattern, never its ids', (request, label) => {
    expect(routeLabel(request as Pick<Request, 'route' | 'method'>)).toBe(label);
  });

  it('counts each answer once, by route and status', async () => {
    const metrics = new AppMetrics('console');
    const middleware = countRequests(requestCounter(metrics));
    const response = Object.assign(new EventEmitter(), { statusCode: 403, writableFinished: true });
    const request = { method: 'GET', route: { path: '/api/incidents/:id' } };

    middleware(request as Request, response as unknown as Response, (() => undefined) as NextFunction);
    response.emit('finish');
    response.emit('close');

    const text = (await metrics.expose()).body;
    expect(text).toContain(
      'pxr_console_requests_total{route="GET /api/incidents/:id",status="403",app="console"} 1',
    );
  });
});
