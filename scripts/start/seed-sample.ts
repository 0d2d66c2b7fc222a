import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';

const PXR = join(__dirname, '..', 'pxr.js');

/**
 * On an empty database, a small sample directory and one sample incident, so a first `npm start`
 * shows recovery at work rather than an empty screen. A database with data is left alone.
 */
export async function seedSampleIfEmpty(
  databaseUrl: string,
  incidentApiUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const customers = await client.query('SELECT count(*)::int AS n FROM customers');
    if (customers.rows[0].n === 0) {
      execFileSync(process.execPath, [PXR, 'customers', 'generate', '--count', '500', '--seed', '7'], {
        env,
        stdio: 'inherit',
      });
    }
    const incidents = await client.query('SELECT count(*)::int AS n FROM incidents');
    if (incidents.rows[0].n > 0) return undefined;
  } finally {
    await client.end();
  }
  const now = Date.now();
  const incidentId = `INC-SAMPLE-${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}`;
  const response = await fetch(`${incidentApiUrl}/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authorisation(env) },
    body: JSON.stringify({
      incidentId,
      title: 'Broadband outage in the North',
      severity: 'major',
      startedAt: new Date(now - 10 * 60_000).toISOString(),
      scope: { services: ['broadband'], regions: ['north'] },
      customerImpact: 'Your broadband may be slow or not working at all.',
      expectedResolutionAt: new Date(now + 3 * 3600_000).toISOString(),
      nextUpdateBy: new Date(now + 30 * 60_000).toISOString(),
      statusNote: 'Our engineers have found a faulty exchange card and are replacing it.',
    }),
  });
  if (response.status !== 202)
    throw new Error(`sample incident refused: ${response.status} ${await response.text()}`);
  return incidentId;
}

function authorisation(env: NodeJS.ProcessEnv): Record<string, string> {
  return env.PXR_BOOTSTRAP_ADMIN_KEY ? { authorization: `Bearer ${env.PXR_BOOTSTRAP_ADMIN_KEY}` } : {};
}
