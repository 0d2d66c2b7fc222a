import { CloudEvent, decodeData, NOTIFICATION_COMMAND_SCHEMAS } from '@pxr/contracts';
import type { HandlerResult } from '@pxr/messaging';
import { MessageLog, PgTransaction } from '@pxr/persistence';

/**
 * Records a notification command as a pending message, in the consumer's transaction (with its inbox
 * row). The message id is unique: a replanned or redelivered command finds its message and is ignored.
 * Nothing is sent here; the send loop picks the message up once this commits.
 */
export class RecordNotificationCommand {
  constructor(
    private readonly clock: () => Date,
    private readonly messages = new MessageLog(),
  ) {}

  async execute(envelope: CloudEvent, tx: PgTransaction): Promise<HandlerResult> {
    const decoded = decodeData(envelope, NOTIFICATION_COMMAND_SCHEMAS);
    if (!decoded.ok) return { outcome: 'rejected', code: decoded.code, reason: decoded.reason };
    const command = decoded.value;
    if (command.content[command.channel] === undefined) {
      return {
        outcome: 'rejected',
        code: 'no-content',
        reason: `the command has no ${command.channel} content for its own channel`,
      };
    }
    const recorded = await this.messages.record(tx.manager, command, envelope, this.clock());
    return { outcome: recorded ? 'handled' : 'ignored' };
  }
}
