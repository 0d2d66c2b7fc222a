/** The console's database, as the ledger's controllers receive it. */
export const LEDGER_DATA_SOURCE = Symbol('LEDGER_DATA_SOURCE');
