import { Controller, Get, Inject, Res } from '@nestjs/common';
import { MetricsEndpoint, Open } from '@pxr/access';
import type { Response } from 'express';
import { checkHealth, HealthIndicator } from './health';
import { AppMetrics } from './metrics';

export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');

/** `/health` (liveness plus readiness of Kafka and Postgres) and `/metrics`, the same in every app. */
@Controller()
export class OpsController {
  constructor(
    @Inject(HEALTH_INDICATORS) private readonly indicators: HealthIndicator[],
    private readonly metrics: AppMetrics,
  ) {}

  @Get('health')
  @Open()
  async health(@Res() response: Response): Promise<void> {
    const report = await checkHealth(this.indicators);
    response.status(report.status === 'ok' ? 200 : 503).json(report);
  }

  @Get('metrics')
  @MetricsEndpoint()
  async scrape(@Res() response: Response): Promise<void> {
    const { contentType, body } = await this.metrics.expose();
    response.status(200).type(contentType).send(body);
  }
}
