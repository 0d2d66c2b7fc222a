/** The console's database, for controllers that run a read function directly. */
export const CONSOLE_DATA_SOURCE = Symbol('CONSOLE_DATA_SOURCE');
