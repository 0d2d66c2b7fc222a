import http from 'node:http';
import { Kafka } from 'kafkajs';
import { SIMULATOR_ACCOUNT_SID, SIMULATOR_AUTH_TOKEN } from '../support/environment';
import { distribution, Distribution } from '../support/stats';
import { createTopic, joined } from './kafka';

export interface ProviderSamples {
  readonly sms: string;
  readonly email: { subject: string; text: string; html: string };
}

export interface RawAcceptBaseline {
  readonly sms: number;
  readonly email: number;
  readonly concurrency: number;
  readonly acceptMs: number;
  readonly perSecond: number;
}

/** Posts one request to the simulator with a keep-alive agent; resolves with the status code. */
function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The same requests the SDKs make, without any SDK, database or queue in front of them. */
export function providerRequests(simulatorUrl: string, samples: ProviderSamples) {
  const twilio = new URL(`/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages.json`, simulatorUrl);
  const sendgrid = new URL('/v3/mail/send', simulatorUrl);
  const basic = Buffer.from(`${SIMULATOR_ACCOUNT_SID}:${SIMULATOR_AUTH_TOKEN}`).toString('base64');
  return {
    sms: (agent: http.Agent, i: number) =>
      post(
        agent,
        twilio,
        { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        new URLSearchParams({
          To: `+44113496${String(i % 10_000).padStart(4, '0')}`,
          From: '+447700900001',
          Body: samples.sms,
        }).toString(),
      ),
    email: (agent: http.Agent, i: number) =>
      post(
        agent,
        sendgrid,
        { authorization: 'Bearer SG.pxr-bench', 'content-type': 'application/json' },
        JSON.stringify({
          personalizations: [
            { to: [{ email: `customer.${i}@example.com` }], custom_args: { messageId: `raw-${i}` } },
          ],
          from: { email: 'care@pxr.example' },
          reply_to: { email: 'care@pxr.example' },
          subject: samples.email.subject,
          content: [
            { type: 'text/plain', value: samples.email.text },
            { type: 'text/html', value: samples.email.html },
          ],
        }),
      ),
  };
}

/**
 * The simulator's raw accept rate: as many SMS and emails as PXR sent, by a bare HTTP client with as
 * many requests in flight per provider as the notifier had (its NOTIFIER_SEND_CONCURRENCY per channel).
 */
export async function rawAccept(
  simulatorUrl: string,
  counts: { sms: number; email: number },
  samples: ProviderSamples,
  concurrency: number,
): Promise<RawAcceptBaseline> {
  const requests = providerRequests(simulatorUrl, samples);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency * 2 });
  const lanes = (count: number, send: (agent: http.Agent, i: number) => Promise<number>) => {
    let next = 0;
    return Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const status = await send(agent, next++);
        if (status >= 300) throw new Error(`the simulator refused a raw send with ${status}`);
      }
    });
  };
  const started = Date.now();
  await Promise.all([...lanes(counts.sms, requests.sms), ...lanes(counts.email, requests.email)]);
  const acceptMs = Date.now() - started;
  agent.destroy();
  return {
    ...counts,
    concurrency,
    acceptMs,
    perSecond: Math.round(((counts.sms + counts.email) * 1000) / acceptMs),
  };
}

/**
 * The floor under "first notice": one record through the broker to a joined consumer, which at once
 * makes one provider call; timed from produce to the simulator's answer, `times` times in a row.
 */
export async function kafkaHopThenAccept(
  kafka: Kafka,
  topic: string,
  simulatorUrl: string,
  samples: ProviderSamples,
  times: number,
): Promise<Distribution> {
  const admin = kafka.admin();
  await admin.connect();
  await createTopic(admin, topic, 6);
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `${topic}.reader`, allowAutoTopicCreation: false });
  const agent = new http.Agent({ keepAlive: true });
  const { sms } = providerRequests(simulatorUrl, samples);
  const waiting = new Map<string, () => void>();
  try {
    await joined(consumer, async () => {
      // The topic is new: from the beginning, so a record produced before the first fetch is not skipped.
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const key = message.key?.toString() ?? '';
          await sms(agent, Number(key));
          waiting.get(key)?.();
        },
      });
    });
    const latencies: number[] = [];
    for (let i = 0; i < times; i++) {
      const key = String(i);
      const accepted = new Promise<void>((resolve) => waiting.set(key, resolve));
      const started = Date.now();
      await producer.send({ topic, acks: -1, messages: [{ key, value: `{"incidentId":"INC-FLOOR-${i}"}` }] });
      await accepted;
      latencies.push(Date.now() - started);
    }
    return distribution(latencies);
  } finally {
    agent.destroy();
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}
