import { Allow } from '@pxr/access';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { INCIDENT_EVENT_TYPES, incidentIdSchema } from '@pxr/contracts';
import { ZodValidationPipe } from '@pxr/observability';
import {
  cancelIncidentBody,
  ListIncidentsQuery,
  listIncidentsQuery,
  raiseIncidentBody,
  resolveIncidentBody,
  updateIncidentBody,
} from './incident-requests';
import { IncidentCommands } from './incident-commands';
import { ListIncidents, nextPageUrl } from './list-incidents';

const incidentIdParam = new ZodValidationPipe(incidentIdSchema, 'incident id');

/** Ops commands are accepted (202) once on the incident topic; the engine applies them moments later. */
@Controller('incidents')
@Allow('ops')
export class IncidentsController {
  constructor(
    private readonly commands: IncidentCommands,
    private readonly listIncidents: ListIncidents,
  ) {}

  @Post()
  @HttpCode(202)
  raise(@Body(new ZodValidationPipe(raiseIncidentBody)) body: z.infer<typeof raiseIncidentBody>) {
    return this.commands.run(INCIDENT_EVENT_TYPES.identified, body);
  }

  @Patch(':id')
  @HttpCode(202)
  update(
    @Param('id', incidentIdParam) incidentId: string,
    @Body(new ZodValidationPipe(updateIncidentBody)) body: z.infer<typeof updateIncidentBody>,
  ) {
    return this.commands.run(INCIDENT_EVENT_TYPES.updated, { ...body, incidentId });
  }

  @Post(':id/resolve')
  @HttpCode(202)
  resolve(
    @Param('id', incidentIdParam) incidentId: string,
    @Body(new ZodValidationPipe(resolveIncidentBody)) body: z.infer<typeof resolveIncidentBody>,
  ) {
    return this.commands.run(INCIDENT_EVENT_TYPES.resolved, { ...body, incidentId });
  }

  @Post(':id/cancel')
  @HttpCode(202)
  cancel(
    @Param('id', incidentIdParam) incidentId: string,
    @Body(new ZodValidationPipe(cancelIncidentBody)) body: z.infer<typeof cancelIncidentBody>,
  ) {
    return this.commands.run(INCIDENT_EVENT_TYPES.cancelled, { ...body, incidentId });
  }

  /** The body stays a plain array; where the next page starts travels in headers, as GitHub does. */
  @Get()
  @Allow('ops', 'leader', 'agent', 'auditor')
  async list(
    @Query(new ZodValidationPipe(listIncidentsQuery, 'query')) query: ListIncidentsQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { incidents, nextCursor } = await this.listIncidents.execute(query);
    if (nextCursor !== undefined) {
      response.setHeader('X-Next-Cursor', nextCursor);
      response.setHeader('Link', `<${nextPageUrl(query, nextCursor)}>; rel="next"`);
    }
    return incidents;
  }

  @Get(':id')
  @Allow('ops', 'leader', 'agent', 'auditor')
  get(@Param('id', incidentIdParam) incidentId: string) {
    return this.commands.view(incidentId);
  }
}
