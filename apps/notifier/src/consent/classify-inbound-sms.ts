export type InboundSmsKind = 'opt-out' | 'opt-in' | 'reply';

// Twilio's Advanced Opt-Out defaults; carriers and the CTIA expect exactly these to work.
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const OPT_IN = new Set(['START', 'UNSTOP', 'YES']);

/**
 * A message that is only a keyword (any case, surrounding spaces or a full stop) changes consent;
 * anything else, HELP included, is a reply a person should read. Twilio's own OptOutType wins when set.
 */
export function classifyInboundSms(body: string, optOutType?: string): InboundSmsKind {
  if (optOutType === 'STOP') return 'opt-out';
  if (optOutType === 'START') return 'opt-in';
  const keyword = body
    .trim()
    .replace(/[.!]+$/, '')
    .toUpperCase();
  if (OPT_OUT.has(keyword)) return 'opt-out';
  if (OPT_IN.has(keyword)) return 'opt-in';
  return 'reply';
}
