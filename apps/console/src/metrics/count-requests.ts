import type { NextFunction, Request, Response } from 'express';
import type { Counter } from 'prom-client';
import { AppMetrics } from '@pxr/observability';

/**
 * The route's pattern (`/api/incidents/:id`), never its path: an incident or customer id in a label
 * would leak who was looked at and grow the series without bound.
 */
export function routeLabel(request: Pick<Request, 'route' | 'method'>): string {
  const pattern = (request.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${request.method} ${pattern}` : 'unmatched';
}

export function requestCounter(metrics: AppMetrics): Counter<'route' | 'status'> {
  return metrics.counter(
    'pxr_console_requests_total',
    'HTTP requests the console answered, by route and status',
    ['route', 'status'],
  );
}

/** Counted when the answer is finished, so refusals by the access guard are counted too. */
export function countRequests(counter: Counter<'route' | 'status'>) {
  return (request: Request, response: Response, next: NextFunction): void => {
    response.once('finish', () =>
      counter.inc({ route: routeLabel(request), status: String(response.statusCode) }),
    );
    response.once('close', () => {
      // A live stream ends with the client going away rather than with a finished answer.
      if (!response.writableFinished)
        counter.inc({ route: routeLabel(request), status: String(response.statusCode) });
    });
    next();
  };
}
