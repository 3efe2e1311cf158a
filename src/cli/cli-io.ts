/**
 * Where a command reads its environment and writes its output: the real process
 * in `bin/broadsheet.js`, buffers in tests that run the CLI in process.
 */
export interface CliIo {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal: a live progress bar there, a line per tenth elsewhere. */
  errIsTTY: boolean;
}

export function processIo(): CliIo {
  return {
    env: process.env,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    errIsTTY: Boolean(process.stderr.isTTY),
  };
}

/** `--json` prints exactly one JSON object on stdout; humans get a short text instead. Progress and logs go to stderr. */
export function emit(io: CliIo, json: boolean, value: object, human: string): void {
  io.out(json ? JSON.stringify(value) + '\n' : human + '\n');
}
