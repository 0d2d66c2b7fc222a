import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { INCIDENT_EVENT_TYPES, incidentIdSchema } from '@pxr/contracts';
import { ZodValidationPipe } from '@pxr/observability';
import { IncidentReadModel } from '@pxr/persistence';
import {
  cancelIncidentBody,
  listIncidentsQuery,
  raiseIncidentBody,
  resolveIncidentBody,
  updateIncidentBody,
} from './incident-requests';
import { IncidentCommands } from './incident-commands';

const incidentIdParam = new ZodValidationPipe(incidentIdSchema, 'incident id');

/** Ops commands are accepted (202) once on the incident topic; the engine applies them moments later. */
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly commands: IncidentCommands,
    @Inject(IncidentReadModel) private readonly incidents: IncidentReadModel,
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

  @Get()
  list(@Query(new ZodValidationPipe(listIncidentsQuery, 'query')) query: z.infer<typeof listIncidentsQuery>) {
    return this.incidents.list(query);
  }

  @Get(':id')
  get(@Param('id', incidentIdParam) incidentId: string) {
    return this.commands.view(incidentId);
  }
}
