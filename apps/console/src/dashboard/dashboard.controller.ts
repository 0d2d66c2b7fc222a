import { Controller, Get, Inject, MessageEvent, Sse } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { Allow } from '@pxr/access';
import { LiveFeeds } from '../live/live-feeds';
import { ReadIncidentBoard } from './read-incident-board';

/** The service leaders' board: every recent incident with its phase and live figures. */
@Controller('api')
@Allow('leader', 'ops')
export class DashboardController {
  constructor(
    @Inject(ReadIncidentBoard) private readonly board: ReadIncidentBoard,
    @Inject(LiveFeeds) private readonly feeds: LiveFeeds,
  ) {}

  @Get('incidents')
  list() {
    return this.board.execute();
  }

  /** The same list, sent again whenever it changes. */
  @Sse('live')
  live(): Observable<MessageEvent> {
    return this.feeds
      .watch('board', () => this.board.execute())
      .pipe(map((incidents) => ({ type: 'incidents', data: incidents })));
  }
}
