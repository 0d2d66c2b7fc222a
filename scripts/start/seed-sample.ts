import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { issueApiKey, ROLES, Role } from '@pxr/access';

const PXR = join(__dirname, '..', 'pxr.js');

export interface Seeded {
  demoKeys: Partial<Record<Role, string>>;
  sampleIncidentId?: string;
}

/**
 * On an empty database, one demo API key per role, a small sample directory and one sample incident,
 * so a first `npm start` shows recovery at work rather than an empty screen. Data already there is
 * left alone.
 */
export async function seedSampleIfEmpty(
  databaseUrl: string,
  incidentApiUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<Seeded> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const demoKeys: Partial<Record<Role, string>> = {};
  try {
    const keys = await client.query('SELECT count(*)::int AS n FROM api_keys');
    if (keys.rows[0].n === 0) {
      for (const role of ROLES) {
        const issued = issueApiKey();
        await client.query('INSERT INTO api_keys (id, name, role, secret_hash) VALUES ($1, $2, $3, $4)', [
          issued.id,
          `demo-${role}`,
          role,
          issued.secretHash,
        ]);
        demoKeys[role] = issued.key;
      }
    }
    const customers = await client.query('SELECT count(*)::int AS n FROM customers');
    if (customers.rows[0].n === 0) {
      execFileSync(process.execPath, [PXR, 'customers', 'generate', '--count', '500', '--seed', '7'], {
        env,
        stdio: 'inherit',
      });
    }
    const incidents = await client.query('SELECT count(*)::int AS n FROM incidents');
    const opsKey = demoKeys.ops ?? env.PXR_BOOTSTRAP_ADMIN_KEY;
    if (incidents.rows[0].n > 0 || opsKey === undefined) return { demoKeys };
  } finally {
    await client.end();
  }
  return {
    demoKeys,
    sampleIncidentId: await raiseSampleIncident(incidentApiUrl, demoKeys.ops ?? env.PXR_BOOTSTRAP_ADMIN_KEY!),
  };
}

async function raiseSampleIncident(incidentApiUrl: string, key: string): Promise<string> {
  const now = Date.now();
  const incidentId = `INC-SAMPLE-${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}`;
  const response = await fetch(`${incidentApiUrl}/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
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
