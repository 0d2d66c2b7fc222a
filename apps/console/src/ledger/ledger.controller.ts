import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Allow } from '@pxr/access';
import { LedgerEntry } from '@pxr/domain';
import { ZodValidationPipe } from '@pxr/observability';
import {
  exportLedgerCsv,
  LedgerFilter,
  LedgerQuery,
  ReverseLedgerEntry,
  verifyLedger,
} from '@pxr/persistence';
import { actingPerson } from './acting-person';
import { CompensationErrorFilter } from './compensation-error.filter';
import { LEDGER_DATA_SOURCE } from './ledger.tokens';
import {
  encodeSequenceCursor,
  LedgerExportQuery,
  ledgerExportQuery,
  LedgerListQuery,
  ledgerListQuery,
  ReverseBody,
  reverseBody,
  sequenceParam,
} from './ledger-requests';

/** The auditors' view of the ledger (read-only), its export and verification, and reversals. */
@Controller('ledger')
@UseFilters(CompensationErrorFilter)
export class LedgerController {
  constructor(
    @Inject(LEDGER_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(LedgerQuery) private readonly query: LedgerQuery,
    @Inject(ReverseLedgerEntry) private readonly reverseEntry: ReverseLedgerEntry,
  ) {}

  /** Entries in ledger order, each with the rule and inputs behind it; totals on the first page. */
  @Get()
  @Allow('auditor')
  async list(@Query(new ZodValidationPipe(ledgerListQuery, 'query')) query: LedgerListQuery) {
    const filter = filterOf(query);
    const after = query.cursor === undefined ? 0 : Number(query.cursor);
    const page = await this.query.page(this.dataSource.manager, filter, query.limit, after);
    // Totals walk every matching entry, so they are worked out once per listing, not once per page.
    const totals =
      query.cursor === undefined ? await this.query.totals(this.dataSource.manager, filter) : undefined;
    return {
      items: page.items.map(toView),
      ...(page.next === undefined ? {} : { next: encodeSequenceCursor(page.next) }),
      ...(totals === undefined ? {} : { totals }),
    };
  }

  @Get('export.csv')
  @Allow('auditor')
  async export(
    @Query(new ZodValidationPipe(ledgerExportQuery, 'query')) query: LedgerExportQuery,
    @Res() response: Response,
  ): Promise<void> {
    response.status(HttpStatus.OK);
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', 'attachment; filename="ledger.csv"');
    response.setHeader('cache-control', 'no-store');
    try {
      await exportLedgerCsv(this.dataSource, filterOf(query), response);
    } catch (error) {
      // Once rows have gone out the status cannot change: cutting the response short tells the client.
      if (!response.headersSent) response.status(500).json({ statusCode: 500, message: 'export failed' });
      else response.destroy(error as Error);
    }
  }

  /** 200 when every entry matches its hash and its predecessor; 409 naming the first that does not. */
  @Get('verify')
  @Allow('auditor')
  async verify(@Res({ passthrough: true }) response: Response) {
    const result = await verifyLedger(this.dataSource.manager);
    response.status(result.ok ? HttpStatus.OK : HttpStatus.CONFLICT);
    return result;
  }

  @Post(':sequence/reverse')
  @Allow('leader')
  async reverse(
    @Param('sequence', new ZodValidationPipe(sequenceParam, 'entry id')) sequence: number,
    @Body(new ZodValidationPipe(reverseBody)) body: ReverseBody,
    @Req() request: Request,
  ) {
    const entry = await this.reverseEntry.execute(sequence, {
      by: actingPerson(request),
      reason: body.reason,
    });
    return toView(entry);
  }
}

function filterOf(query: LedgerExportQuery): LedgerFilter {
  return {
    incidentId: query.incidentId,
    customerId: query.customerId,
    from: query.from,
    to: query.to,
    approver: query.approver,
    policyVersion: query.policyVersion,
    types: query.type,
  };
}

/** An entry as auditors read it; `entryId` is its sequence, the id `reverse` takes. */
function toView(entry: LedgerEntry) {
  return { entryId: entry.sequence, ...entry };
}
