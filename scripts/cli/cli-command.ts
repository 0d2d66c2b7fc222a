/** One verb group of the `pxr` tool; `run` returns the process exit code (0 ok, 1 failed, 2 usage). */
export interface CliCommand {
  run(args: string[]): Promise<number>;
}
