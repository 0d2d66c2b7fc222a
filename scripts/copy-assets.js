// swc compiles TypeScript only; static pages and config files are copied beside the compiled code.
const { cpSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
for (const folder of ['apps/console/src/web', 'apps/incident-api/config']) {
  const from = join(root, folder);
  if (existsSync(from)) cpSync(from, join(root, 'dist', folder), { recursive: true });
}
