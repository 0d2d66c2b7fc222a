import { EventWebhook } from '@sendgrid/eventwebhook';

type PublicKey = ReturnType<EventWebhook['convertPublicKeyToECDSA']>;

export interface SendGridKeySource {
  /** From SENDGRID_WEBHOOK_PUBLIC_KEY. */
  readonly publicKey?: string;
  /** The simulator serves its key at /_sim/sendgrid/public-key; used only when no key is configured. */
  readonly simulatorUrl?: string;
}

/**
 * Verifies SendGrid's Signed Event Webhook: ECDSA over timestamp + the exact request bytes. Under the
 * simulator the key is fetched on first use (the simulator may start after us) and kept.
 */
export class SendGridSignatureVerifier {
  private readonly webhook = new EventWebhook();
  private key: PublicKey | undefined;

  constructor(private readonly source: SendGridKeySource) {
    if (source.publicKey !== undefined) this.key = this.webhook.convertPublicKeyToECDSA(source.publicKey);
  }

  async verify(raw: Buffer | undefined, signature?: string, timestamp?: string): Promise<boolean> {
    if (raw === undefined || !signature || !timestamp) return false;
    const key = await this.publicKey();
    try {
      return this.webhook.verifySignature(key, raw.toString('utf8'), signature, timestamp);
    } catch {
      // A signature that is not even valid DER is a bad signature, not our failure.
      return false;
    }
  }

  /** Fetches the simulator's key now, so a start-up log can say whether signed events will verify. */
  async preload(): Promise<void> {
    await this.publicKey();
  }

  private async publicKey(): Promise<PublicKey> {
    if (this.key !== undefined) return this.key;
    if (this.source.simulatorUrl === undefined) throw new Error('no SendGrid webhook public key configured');
    const response = await fetch(`${this.source.simulatorUrl.replace(/\/+$/, '')}/_sim/sendgrid/public-key`, {
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`the simulator did not serve its public key (HTTP ${response.status})`);
    const { public_key: publicKey } = (await response.json()) as { public_key?: string };
    if (typeof publicKey !== 'string') throw new Error('the simulator served no public key');
    this.key = this.webhook.convertPublicKeyToECDSA(publicKey);
    return this.key;
  }
}
