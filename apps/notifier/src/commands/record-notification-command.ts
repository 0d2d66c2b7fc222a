import { CloudEvent, decodeData, NOTIFICATION_COMMAND_SCHEMAS, NotificationRequested } from '@pxr/contracts';
import type { HandlerResult } from '@pxr/messaging';
import { MessageLog, PgTransaction } from '@pxr/persistence';

/**
 * Records notification commands as pending messages, in the consumer's transaction (with their inbox
 * rows). The message id is unique: a replanned or redelivered command finds its message and is ignored.
 * Nothing is sent here; the send loop picks the messages up once this commits.
 */
export class RecordNotificationCommand {
  constructor(
    private readonly clock: () => Date,
    private readonly messages = new MessageLog(),
  ) {}

  async execute(envelope: CloudEvent, tx: PgTransaction): Promise<HandlerResult> {
    return (await this.executeChunk([envelope], tx))[0];
  }

  /** A chunk of commands, recorded in one statement; one result per command, in order. */
  async executeChunk(envelopes: readonly CloudEvent[], tx: PgTransaction): Promise<HandlerResult[]> {
    const checked = envelopes.map((envelope) => ({ envelope, ...check(envelope) }));
    const valid = checked.flatMap(({ envelope, command }) =>
      command === undefined ? [] : [{ envelope, command }],
    );
    const recorded = await this.messages.recordAll(tx.manager, valid, this.clock());
    return checked.map(({ command, rejected }): HandlerResult => {
      if (command === undefined) return rejected;
      // Of the same command twice in the chunk, the first recorded it; the second finds it there.
      const first = recorded.delete(command.messageId);
      return { outcome: first ? 'handled' : 'ignored' };
    });
  }
}

type Checked =
  | { readonly command: NotificationRequested; readonly rejected?: undefined }
  | { readonly command?: undefined; readonly rejected: HandlerResult };

function check(envelope: CloudEvent): Checked {
  const decoded = decodeData(envelope, NOTIFICATION_COMMAND_SCHEMAS);
  if (!decoded.ok) return { rejected: { outcome: 'rejected', code: decoded.code, reason: decoded.reason } };
  const command = decoded.value;
  if (command.content[command.channel] === undefined) {
    return {
      rejected: {
        outcome: 'rejected',
        code: 'no-content',
        reason: `the command has no ${command.channel} content for its own channel`,
      },
    };
  }
  return { command };
}
