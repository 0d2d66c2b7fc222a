import { Controller, Get, Inject, MessageEvent, NotFoundException, Param, Sse } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { Allow } from '@pxr/access';
import { incidentIdSchema } from '@pxr/contracts';
import { ZodValidationPipe } from '@pxr/observability';
import { LiveFeeds } from '../live/live-feeds';
import { ReadIncidentPage } from './read-incident-page';

const incidentId = new ZodValidationPipe(incidentIdSchema, 'incident id');

/** One incident measured from the customers' side, as JSON and as a live stream. */
@Controller('api/incidents/:id')
@Allow('leader', 'ops')
export class IncidentController {
  constructor(
    @Inject(ReadIncidentPage) private readonly page: ReadIncidentPage,
    @Inject(LiveFeeds) private readonly feeds: LiveFeeds,
  ) {}

  @Get()
  async get(@Param('id', incidentId) id: string) {
    const page = await this.page.execute(id);
    if (page === undefined) throw new NotFoundException(`incident ${id} not found`);
    return page;
  }

  /** Sends the page's data whenever it changes; `missing` while the incident is not known (yet). */
  @Sse('live')
  live(@Param('id', incidentId) id: string): Observable<MessageEvent> {
    return this.feeds
      .watch(`incident:${id}`, () => this.page.execute(id))
      .pipe(
        map((page) =>
          page === undefined
            ? { type: 'missing', data: { incidentId: id } }
            : { type: 'incident', data: page },
        ),
      );
  }
}
