import { DataSource } from 'typeorm';
import { LedgerEntry, ManualGesture, requestGesture } from '@pxr/domain';
import { Approvals } from './approvals';
import { Ledger } from './ledger';

/** A gesture a person asks for: a pending entry and a request that a second person must review. */
export class RequestManualGesture {
  constructor(
    private readonly dataSource: DataSource,
    private readonly approvals = new Approvals(),
    private readonly ledger = new Ledger(),
  ) {}

  execute(request: ManualGesture): Promise<{ approvalId: string; entry: LedgerEntry }> {
    const draft = requestGesture(request);
    return this.dataSource.transaction(async (manager) => {
      const [entry] = await this.ledger.append(manager, [draft]);
      const opened = await this.approvals.open(manager, [entry]);
      return { approvalId: opened.get(entry.sequence)!, entry };
    });
  }
}
