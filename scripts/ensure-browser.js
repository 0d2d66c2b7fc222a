// The console's browser test drives Debian's Chromium through playwright-core (a test tool cannot
// download its own browser here). `npm test` installs the distribution's package when it is missing.
const { execSync } = require('node:child_process');
const { existsSync } = require('node:fs');

const CHROMIUM = process.env.PXR_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() !== 0) {
    console.error(
      `[pxr] ${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`,
    );
    process.exit(1);
  }
  console.log("[pxr] installing Debian's chromium for the browser test…");
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: '/bin/bash',
  });
}

// The metrics test pipes each app's /metrics through promtool (Debian's prometheus package).
const PROMTOOL = '/usr/bin/promtool';
if (!existsSync(PROMTOOL)) {
  if (process.getuid?.() !== 0) {
    console.error(
      `[pxr] ${PROMTOOL} is missing: install Debian's prometheus package (apt-get install prometheus)`,
    );
    process.exit(1);
  }
  console.log("[pxr] installing Debian's prometheus for promtool…");
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus', {
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: '/bin/bash',
  });
}
