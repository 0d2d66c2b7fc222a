import { Controller, Get, Header, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { Open } from '@pxr/access';
import type { Response } from 'express';
import { UnsubscribeByLink } from '../consent/unsubscribe-by-link';
import { UnsubscribeTarget, verifyUnsubscribeToken } from '@pxr/channels';
import { NotifierMetrics } from '../metrics';
import { CLOCK } from '../webhooks/webhook-tokens';

export const UNSUBSCRIBE_SECRET = Symbol('UNSUBSCRIBE_SECRET');

/**
 * The link in every email's List-Unsubscribe header. GET only shows a button, because mail scanners
 * open links on their own; POST (the button, or a mail client's one-click per RFC 8058) unsubscribes.
 */
@Controller('unsubscribe')
@Open()
export class UnsubscribeController {
  constructor(
    private readonly unsubscribe: UnsubscribeByLink,
    private readonly metrics: NotifierMetrics,
    @Inject(UNSUBSCRIBE_SECRET) private readonly secret: string,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  @Get(':token')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  confirm(@Param('token') token: string, @Res({ passthrough: true }) response: Response): string {
    if (this.target(token, response) === undefined) return page('This link is not valid.');
    return page(
      'Stop email updates about service problems?',
      `<form method="post"><button type="submit">Unsubscribe</button></form>`,
    );
  }

  @Post(':token')
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  async confirmed(
    @Param('token') token: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const target = this.target(token, response);
    if (target === undefined) return page('This link is not valid.');
    const changed = await this.unsubscribe.execute(target, this.clock());
    this.metrics.webhooks.inc({ endpoint: 'unsubscribe', outcome: changed ? 'opted-out' : 'unchanged' });
    return page('You will not get email updates about service problems any more.');
  }

  private target(token: string, response: Response): UnsubscribeTarget | undefined {
    const target = verifyUnsubscribeToken(this.secret, token);
    if (target === undefined) {
      this.metrics.webhooks.inc({ endpoint: 'unsubscribe', outcome: 'forbidden' });
      response.status(403);
    }
    return target;
  }
}

function page(message: string, extra = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Email updates</title></head><body><p>${message}</p>${extra}</body></html>`;
}
