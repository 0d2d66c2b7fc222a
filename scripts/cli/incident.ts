import { randomBytes } from 'node:crypto';
import { CliCommand } from './cli-command';
import { ApiUnreachableError, callIncidentApi } from './incident-api-client';
import { parseIncidentArgs } from './incident-args';
import { renderFailure, renderSuccess, renderUnreachable } from './incident-output';
import { UsageError } from './usage-error';

const USAGE = `usage:
  pxr incident raise --title TEXT --severity minor|major|critical [--id ID] [--started WHEN]
                     [--service S]… [--region R]… [--postcode P]… [--customer C]…
                     [--impact TEXT] [--note TEXT] [--eta WHEN] [--next-update WHEN]
  pxr incident update ID [--title …] [--severity …] [--service …]… [--impact …] [--note …] [--eta …]
                         [--next-update …] [--clear impact|note|eta|next-update]…
  pxr incident resolve ID [--note TEXT] [--at WHEN]
  pxr incident cancel ID [--reason TEXT]
  pxr incident list [--status S[,S]] [--severity S[,S]] [--service S] [--limit N] [--cursor C]
  pxr incident get ID
  Every verb takes --json for output a script can read.

  WHEN is a duration from now (30m, 2h, 1d, 1h30m), a duration ago (15m ago), now, or an ISO
  timestamp with offset (2026-11-24T09:30:00Z). Without --id, raise makes one like INC-20261124-ab12.
  Scope flags repeat or take commas (--service broadband,tv); on update they replace the whole scope.
  Talks to PXR_API_URL (default http://127.0.0.1:3000), with PXR_API_KEY as bearer token when set.
`;

export interface CommandIo {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
  now: () => Date;
  fetch: typeof fetch;
}

const PROCESS_IO: CommandIo = {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  now: () => new Date(),
  fetch: (...args) => fetch(...args),
};

/** `pxr incident …`: the ops engineer's verbs, sent to incident-api over HTTP. */
export async function runIncidentCommand(args: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args.includes('--help')) {
    io.out(USAGE);
    return 0;
  }
  let call;
  try {
    call = parseIncidentArgs(args, { now: io.now(), randomSuffix: () => randomBytes(2).toString('hex') });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`pxr incident: ${error.message}\n${USAGE}`);
    return 2;
  }
  const target = {
    baseUrl: io.env.PXR_API_URL || 'http://127.0.0.1:3000',
    apiKey: io.env.PXR_API_KEY || undefined,
  };
  try {
    const answer = await callIncidentApi(call, target, io.fetch);
    if (answer.status >= 400) {
      io.err(renderFailure(call, answer));
      return 1;
    }
    io.out(renderSuccess(call, answer));
    return 0;
  } catch (error) {
    if (!(error instanceof ApiUnreachableError)) throw error;
    io.err(renderUnreachable(error.baseUrl, error.reason));
    return 1;
  }
}

export const command: CliCommand = { run: (args) => runIncidentCommand(args) };
