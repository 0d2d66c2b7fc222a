import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Allow, AuthenticatedRequest, Authenticator, Open, Principal } from '@pxr/access';
import { ZodValidationPipe } from '@pxr/observability';
import { clearedSessionCookie, sessionCookie } from './session-cookie';

const signInBody = z.object({ key: z.string().trim().min(1).max(4096) }).strict();

const whoIs = (principal: Principal) => ({ id: principal.id, roles: principal.roles });

/**
 * Signing in on the pages: the key is checked exactly as a bearer header would be, then kept in the
 * session cookie so that pages and their live streams (EventSource sends no headers) carry it.
 */
@Controller('session')
export class SessionController {
  constructor(@Inject(Authenticator) private readonly authenticator: Authenticator) {}

  @Post()
  @Open()
  @HttpCode(200)
  async signIn(
    @Body(new ZodValidationPipe(signInBody)) body: z.infer<typeof signInBody>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const principal = await this.authenticator.authenticate(`Bearer ${body.key}`);
    if (principal === undefined) throw new UnauthorizedException('that key is not valid');
    response.setHeader('set-cookie', sessionCookie(body.key, request.secure));
    return whoIs(principal);
  }

  /** Who the page is signed in as; 401 tells the page to show the sign-in form. */
  @Get()
  @Allow('ops', 'leader', 'agent', 'auditor')
  current(@Req() request: AuthenticatedRequest) {
    return whoIs(request.principal!);
  }

  @Delete()
  @Open()
  @HttpCode(204)
  signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): void {
    response.setHeader('set-cookie', clearedSessionCookie(request.secure));
  }
}
