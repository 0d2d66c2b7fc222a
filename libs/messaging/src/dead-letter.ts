import { Producer } from 'kafkajs';
import { DEAD_LETTER_HEADERS, deadLetterTopicOf } from '@pxr/contracts';

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, unknown>;
  code: string;
  reason: string;
}

/** Keeps the original bytes untouched, so a fixed consumer can replay the record as it was. */
export async function publishDeadLetters(
  producer: Producer,
  letters: readonly DeadLetter[],
  now: Date,
): Promise<void> {
  if (letters.length === 0) return;
  const byTopic = new Map<string, DeadLetter[]>();
  for (const letter of letters) {
    const dlq = deadLetterTopicOf(letter.topic);
    const group = byTopic.get(dlq);
    if (group === undefined) byTopic.set(dlq, [letter]);
    else group.push(letter);
  }
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, group]) => ({
      topic,
      messages: group.map((letter) => ({
        key: letter.key,
        value: letter.value,
        headers: {
          ...stringHeaders(letter.headers),
          [DEAD_LETTER_HEADERS.reason]: letter.reason.slice(0, 1000),
          [DEAD_LETTER_HEADERS.code]: letter.code,
          [DEAD_LETTER_HEADERS.originalTopic]: letter.topic,
          [DEAD_LETTER_HEADERS.originalPartition]: String(letter.partition),
          [DEAD_LETTER_HEADERS.originalOffset]: letter.offset,
          [DEAD_LETTER_HEADERS.failedAt]: now.toISOString(),
        },
      })),
    })),
  });
}

function stringHeaders(headers: Record<string, unknown> | undefined): Record<string, Buffer | string> {
  const out: Record<string, Buffer | string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string' || Buffer.isBuffer(value)) out[key] = value;
  }
  return out;
}
