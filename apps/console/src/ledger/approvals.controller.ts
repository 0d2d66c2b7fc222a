import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { Allow } from '@pxr/access';
import { ZodValidationPipe } from '@pxr/observability';
import { Approvals, RequestManualGesture, ReviewGesture } from '@pxr/persistence';
import { actingPerson } from './acting-person';
import { CompensationErrorFilter } from './compensation-error.filter';
import { LEDGER_DATA_SOURCE } from './ledger.tokens';
import {
  approvalIdParam,
  ApprovalsQuery,
  approvalsQuery,
  encodeSequenceCursor,
  GestureRequestBody,
  gestureRequestBody,
  ReviewBody,
  reviewBody,
} from './ledger-requests';

const approvalId = new ZodValidationPipe(approvalIdParam, 'approval id');

/**
 * Four eyes on goodwill: gestures above the threshold or over an incident's budget, and every gesture a
 * person asks for, wait here until a different person approves or rejects them, with a reason.
 */
@Controller('approvals')
@UseFilters(CompensationErrorFilter)
export class ApprovalsController {
  constructor(
    @Inject(LEDGER_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(Approvals) private readonly approvals: Approvals,
    @Inject(ReviewGesture) private readonly review: ReviewGesture,
    @Inject(RequestManualGesture) private readonly requestGesture: RequestManualGesture,
  ) {}

  /** Oldest first, so whoever waited longest is seen first. */
  @Get()
  @Allow('leader', 'auditor')
  async list(@Query(new ZodValidationPipe(approvalsQuery, 'query')) query: ApprovalsQuery) {
    const page = await this.approvals.list(this.dataSource.manager, {
      state: query.state,
      limit: query.limit,
      after: query.cursor,
    });
    return {
      items: page.items,
      ...(page.next === undefined ? {} : { next: encodeSequenceCursor(page.next) }),
    };
  }

  /** A gesture asked for by a person (after an escalation, say); it always waits for a second person. */
  @Post()
  @Allow('leader', 'agent')
  async request(
    @Body(new ZodValidationPipe(gestureRequestBody)) body: GestureRequestBody,
    @Req() request: Request,
  ) {
    const { approvalId: id } = await this.requestGesture.execute({
      incidentId: body.incidentId,
      customerId: body.customerId,
      kind: body.kind,
      amount: { amountMinor: body.amountMinor, currency: body.currency },
      requestedBy: actingPerson(request),
      reason: body.reason,
    });
    return this.approvals.find(this.dataSource.manager, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Allow('leader')
  approve(
    @Param('id', approvalId) id: string,
    @Body(new ZodValidationPipe(reviewBody)) body: ReviewBody,
    @Req() request: Request,
  ) {
    return this.settle(id, 'approve', body, request);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Allow('leader')
  reject(
    @Param('id', approvalId) id: string,
    @Body(new ZodValidationPipe(reviewBody)) body: ReviewBody,
    @Req() request: Request,
  ) {
    return this.settle(id, 'reject', body, request);
  }

  private async settle(id: string, verdict: 'approve' | 'reject', body: ReviewBody, request: Request) {
    const reviewer = actingPerson(request, body.approver);
    const entry = await this.review.execute(id, { verdict, reviewer, reason: body.reason });
    return { approval: await this.approvals.find(this.dataSource.manager, id), entry };
  }
}
