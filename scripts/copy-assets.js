// swc compiles TypeScript only; the console's static pages are copied beside the compiled code.
const { cpSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
for (const folder of ['apps/console/src/web']) {
  const from = join(root, folder);
  if (existsSync(from)) cpSync(from, join(root, 'dist', folder), { recursive: true });
}
