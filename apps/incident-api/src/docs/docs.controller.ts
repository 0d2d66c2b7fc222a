import { Open } from '@pxr/access';
import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import { dirname, join } from 'node:path';
import type { Response } from 'express';
import { buildOpenApiDocument } from './openapi-document';

// Swagger UI is served from the pinned npm package, never a CDN: the docs work on an offline network.
const SWAGGER_UI = dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: ReadonlyMap<string, string> = new Map(
  ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'].map((file) => [
    file,
    join(SWAGGER_UI, file),
  ]),
);

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>PXR incident-api</title>
    <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" />
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <noscript>This page needs JavaScript; the raw document is at <a href="/docs/openapi.json">/docs/openapi.json</a>.</noscript>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/assets/start-swagger-ui.js"></script>
  </body>
</html>
`;

const START = `window.ui = SwaggerUIBundle({
  url: '/docs/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  layout: 'BaseLayout',
});
`;

@Controller('docs')
@Open()
export class DocsController {
  private readonly document = buildOpenApiDocument();

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return PAGE;
  }

  @Get('openapi.json')
  openApi(): Record<string, unknown> {
    return this.document;
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    if (file === 'start-swagger-ui.js') {
      response.type('application/javascript').send(START);
      return;
    }
    const path = ASSETS.get(file);
    if (path === undefined) throw new NotFoundException(`no documentation asset ${file}`);
    response.sendFile(path, { maxAge: '1h' });
  }
}
