import { Controller, Get, Inject, NotFoundException, Param, Query, Req } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Allow, AuthenticatedRequest } from '@pxr/access';
import { ZodValidationPipe } from '@pxr/observability';
import { CustomerKey, findCustomers, recordPersonalDataAccess } from '@pxr/persistence';
import { CONSOLE_DATA_SOURCE } from '../console.tokens';
import { customerIdSchema, customerQuery, lookupPurpose } from './customer-query';
import { ReadCustomerRecovery } from './read-customer-recovery';

/**
 * The agent's view: the only place the console shows a customer's name, phone or email, and every
 * look is recorded against the person who looked.
 */
@Controller('customers')
@Allow('agent')
export class CustomersController {
  constructor(
    @Inject(CONSOLE_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ReadCustomerRecovery) private readonly recovery: ReadCustomerRecovery,
  ) {}

  @Get()
  async find(
    @Query(new ZodValidationPipe(customerQuery, 'query')) key: CustomerKey,
    @Req() request: AuthenticatedRequest,
  ) {
    const matches = await findCustomers(this.dataSource, key);
    const purpose = lookupPurpose(key);
    for (const match of matches) {
      await recordPersonalDataAccess(this.dataSource, {
        principal: request.principal!.id,
        customerId: match.customerId,
        purpose,
      });
    }
    return { matches };
  }

  @Get(':id/recovery')
  async recoveryOf(
    @Param('id', new ZodValidationPipe(customerIdSchema, 'customer id')) id: string,
    @Req() request: AuthenticatedRequest,
  ) {
    const recovery = await this.recovery.execute(id, request.principal!.id);
    if (recovery === undefined) throw new NotFoundException(`customer ${id} not found`);
    return recovery;
  }
}
