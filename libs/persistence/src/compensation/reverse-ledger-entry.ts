import { DataSource } from 'typeorm';
import { CompensationError, CompensationErrorCode, LedgerEntry, planReversal, Reversal } from '@pxr/domain';
import { publishLedgerFacts } from './compensation-outbox';
import { asCompensationRefusal } from './database-refusals';
import { Ledger } from './ledger';

/** Corrects a gesture given in error with a reversing entry, and tells billing in the same transaction. */
export class ReverseLedgerEntry {
  constructor(
    private readonly dataSource: DataSource,
    private readonly topic: string,
    private readonly ledger = new Ledger(),
  ) {}

  async execute(sequence: number, reversal: Reversal): Promise<LedgerEntry> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const entry = await this.ledger.find(manager, sequence);
        if (entry === undefined) {
          throw new CompensationError(CompensationErrorCode.EntryNotFound, `no ledger entry ${sequence}`);
        }
        const draft = planReversal(entry, await this.ledger.isReversed(manager, sequence), reversal);
        const [reversing] = await this.ledger.append(manager, [draft]);
        await publishLedgerFacts(manager, this.topic, [reversing]);
        return reversing;
      });
    } catch (error) {
      throw asCompensationRefusal(error);
    }
  }
}
