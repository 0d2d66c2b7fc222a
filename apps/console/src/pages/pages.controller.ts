import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Open } from '@pxr/access';
import { composePage, PageSpec } from './compose-page';

// Beside src/ in the repository and in dist/ (scripts/copy-assets.js copies web/).
const WEB = join(__dirname, '..', 'web');

const read = (name: string): string => readFileSync(join(WEB, `${name}.html`), 'utf8');
const LAYOUT = read('layout');
const page = (name: string, spec: Omit<PageSpec, 'content'>): string =>
  composePage(LAYOUT, { ...spec, content: read(name) });

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Read once at start: the set of files served is fixed, so no request can name any other file. */
const ASSETS = new Map(
  readdirSync(join(WEB, 'assets'))
    .filter((file) => CONTENT_TYPES[extname(file)] !== undefined)
    .map((file) => [file, readFileSync(join(WEB, 'assets', file), 'utf8')]),
);

const PAGES = {
  dashboard: page('dashboard', {
    title: 'Recovery dashboard',
    section: '/',
    scripts: ['/assets/dashboard.js'],
  }),
  incident: page('incident', {
    title: 'Incident',
    section: '/',
    scripts: ['/assets/chart.js', '/assets/incident.js'],
  }),
  agent: page('agent', { title: 'Customer view', section: '/agent', scripts: ['/assets/agent.js'] }),
  audit: page('audit', { title: 'Ledger audit', section: '/audit', scripts: ['/assets/audit.js'] }),
};

/**
 * The pages are open shells without data: each asks for its data with the session cookie, and shows
 * the sign-in form when the answer is 401. Scripts and styles come from this origin only.
 */
@Controller()
@Open()
export class PagesController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  dashboard(): string {
    return PAGES.dashboard;
  }

  @Get('incidents/:id')
  @Header('content-type', 'text/html; charset=utf-8')
  incident(): string {
    return PAGES.incident;
  }

  @Get('agent')
  @Header('content-type', 'text/html; charset=utf-8')
  agent(): string {
    return PAGES.agent;
  }

  @Get('audit')
  @Header('content-type', 'text/html; charset=utf-8')
  audit(): string {
    return PAGES.audit;
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    const body = ASSETS.get(file);
    if (body === undefined) throw new NotFoundException(`no asset ${file}`);
    response.type(CONTENT_TYPES[extname(file)]).setHeader('cache-control', 'no-cache').send(body);
  }
}
