/** One accepted message as the simulator recorded it. */
export interface Accepted {
  readonly provider: 'twilio' | 'sendgrid';
  readonly customerId: string;
  readonly messageId: string;
  readonly acceptedAt: number;
}

interface MessageView {
  provider: 'twilio' | 'sendgrid';
  createdAt: string;
  correlation: { messageId?: string };
}

/**
 * Reads what the simulator accepted, oldest first, from where the last read stopped (its /_sim API).
 * Message ids are `<customerId>:<kind>:<digest>`, so each accept names its customer.
 */
export class SimulatorLog {
  private seen = 0;

  constructor(private readonly url: string) {}

  async next(limit = 5000): Promise<Accepted[]> {
    const response = await fetch(`${this.url}/_sim/messages?offset=${this.seen}&limit=${limit}`);
    if (!response.ok) throw new Error(`simulator /_sim/messages answered ${response.status}`);
    const { messages } = (await response.json()) as { total: number; messages: MessageView[] };
    this.seen += messages.length;
    return messages.flatMap((message) => {
      const messageId = message.correlation.messageId;
      if (messageId === undefined) return [];
      const customerId = messageId.slice(0, messageId.indexOf(':'));
      return [
        { provider: message.provider, customerId, messageId, acceptedAt: Date.parse(message.createdAt) },
      ];
    });
  }
}

export interface SimulatorCounts {
  readonly accepted: number;
  readonly rejected: number;
  readonly webhooksDelivered: number;
  readonly webhooksFailed: number;
}

export async function simulatorCounts(url: string): Promise<SimulatorCounts> {
  const stats = (await (await fetch(`${url}/_sim/stats`)).json()) as {
    twilio: { accepted: number; rejected: number };
    sendgrid: { accepted: number; rejected: number };
    webhooksDelivered: number;
    webhooksFailed: number;
  };
  return {
    accepted: stats.twilio.accepted + stats.sendgrid.accepted,
    rejected: stats.twilio.rejected + stats.sendgrid.rejected,
    webhooksDelivered: stats.webhooksDelivered,
    webhooksFailed: stats.webhooksFailed,
  };
}
