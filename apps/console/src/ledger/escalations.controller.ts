import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Allow } from '@pxr/access';
import { ZodValidationPipe } from '@pxr/observability';
import { readEscalationsOfCustomer } from '@pxr/persistence';
import { LEDGER_DATA_SOURCE } from './ledger.tokens';
import { escalationsQuery } from './ledger-requests';

/** Repeatedly affected customers waiting for a person, for the agent's view of one customer. */
@Controller('escalations')
export class EscalationsController {
  constructor(@Inject(LEDGER_DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get()
  @Allow('agent', 'leader', 'auditor')
  list(@Query(new ZodValidationPipe(escalationsQuery, 'query')) query: { customerId: string }) {
    return readEscalationsOfCustomer(this.dataSource.manager, query.customerId);
  }
}
