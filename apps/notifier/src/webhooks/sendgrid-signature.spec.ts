import { generateKeyPairSync, sign } from 'node:crypto';
import { EventWebhook } from '@sendgrid/eventwebhook';
import { SendGridSignatureVerifier } from './sendgrid-signature';

const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const base64Der = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
const body = Buffer.from(JSON.stringify([{ event: 'delivered', sg_message_id: 'm-1', timestamp: 1 }]));
const timestamp = '1764892800';
const signed = (bytes: Buffer) =>
  sign('sha256', Buffer.concat([Buffer.from(timestamp), bytes]), privateKey).toString('base64');

describe('SendGridSignatureVerifier', () => {
  it.each([
    ['base64 DER, as SendGrid shows it', base64Der],
    ['PEM', pem],
  ])('accepts a correct signature with the key as %s', async (_, key) => {
    expect(
      await new SendGridSignatureVerifier({ publicKey: key }).verify(body, signed(body), timestamp),
    ).toBe(true);
  });

  it('agrees with the SendGrid SDK on a signature the SDK accepts', async () => {
    const signature = signed(body);
    const sdk = new EventWebhook();
    expect(sdk.verifySignature(sdk.convertPublicKeyToECDSA(base64Der), body, signature, timestamp)).toBe(
      true,
    );
    expect(
      await new SendGridSignatureVerifier({ publicKey: base64Der }).verify(body, signature, timestamp),
    ).toBe(true);
  });

  it.each([
    ['a tampered body', Buffer.from(body.toString().replace('m-1', 'm-2')), signed(body), timestamp],
    ['another timestamp', body, signed(body), '1764892801'],
    ['a signature that is not DER', body, Buffer.from('not a signature').toString('base64'), timestamp],
    ['no signature', body, '', timestamp],
    ['no timestamp', body, signed(body), ''],
  ])('refuses %s', async (_, bytes, signature, stamp) => {
    expect(
      await new SendGridSignatureVerifier({ publicKey: base64Der }).verify(bytes, signature, stamp),
    ).toBe(false);
  });

  it('refuses to start with a key that is not an EC key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const rsaDer = rsa.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(() => new SendGridSignatureVerifier({ publicKey: rsaDer })).toThrow('not an EC key');
  });
});
