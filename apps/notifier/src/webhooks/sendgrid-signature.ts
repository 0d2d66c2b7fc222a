import { createPublicKey, KeyObject, verify } from 'node:crypto';

export interface SendGridKeySource {
  /** From SENDGRID_WEBHOOK_PUBLIC_KEY. */
  readonly publicKey?: string;
  /** The simulator serves its key at /_sim/sendgrid/public-key; used only when no key is configured. */
  readonly simulatorUrl?: string;
}

/**
 * Verifies SendGrid's Signed Event Webhook: ECDSA P-256 with SHA-256 over timestamp + the exact request
 * bytes, signature in base64 DER. Under the simulator the key is fetched on first use (the simulator may
 * start after us) and kept.
 *
 * Node's own crypto, not `@sendgrid/eventwebhook`: that one verifies in pure JavaScript (starkbank-ecdsa
 * over big-integer), which took a fifth of the notifier's CPU in the benchmark, one webhook per message.
 */
export class SendGridSignatureVerifier {
  private key: KeyObject | undefined;

  constructor(private readonly source: SendGridKeySource) {
    if (source.publicKey !== undefined) this.key = toPublicKey(source.publicKey);
  }

  async verify(raw: Buffer | undefined, signature?: string, timestamp?: string): Promise<boolean> {
    if (raw === undefined || !signature || !timestamp) return false;
    const key = await this.publicKey();
    try {
      return verify(
        'sha256',
        Buffer.concat([Buffer.from(timestamp, 'utf8'), raw]),
        key,
        Buffer.from(signature, 'base64'),
      );
    } catch {
      // A signature that is not even valid DER is a bad signature, not our failure.
      return false;
    }
  }

  /** Fetches the simulator's key now, so a start-up log can say whether signed events will verify. */
  async preload(): Promise<void> {
    await this.publicKey();
  }

  private async publicKey(): Promise<KeyObject> {
    if (this.key !== undefined) return this.key;
    if (this.source.simulatorUrl === undefined) throw new Error('no SendGrid webhook public key configured');
    const response = await fetch(`${this.source.simulatorUrl.replace(/\/+$/, '')}/_sim/sendgrid/public-key`, {
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`the simulator did not serve its public key (HTTP ${response.status})`);
    const { public_key: publicKey } = (await response.json()) as { public_key?: string };
    if (typeof publicKey !== 'string') throw new Error('the simulator served no public key');
    this.key = toPublicKey(publicKey);
    return this.key;
  }
}

/** SendGrid shows the key as base64 DER (SubjectPublicKeyInfo); a PEM with its headers is taken too. */
function toPublicKey(text: string): KeyObject {
  const key = text.includes('-----BEGIN')
    ? createPublicKey(text)
    : createPublicKey({ key: Buffer.from(text.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ec') throw new Error('the SendGrid webhook public key is not an EC key');
  return key;
}
