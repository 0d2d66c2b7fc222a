import { Message, Producer } from 'kafkajs';

const CHUNK = 1000;
const IN_FLIGHT = 4;

/**
 * Produces every message as fast as one plain kafkajs producer goes: chunks of 1,000, four requests in
 * flight, acks from all replicas. The ingest run and its bare baseline both produce through this.
 */
export async function produceFast(
  producer: Producer,
  topic: string,
  messages: readonly Message[],
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < messages.length) {
      const chunk = messages.slice(next, next + CHUNK);
      next += CHUNK;
      await producer.send({ topic, acks: -1, messages: chunk });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
}
