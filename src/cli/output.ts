/** `--json` prints exactly one JSON object on stdout; humans get a short text instead. Progress and logs go to stderr. */
export function emit(json: boolean, value: object, human: string): void {
  process.stdout.write(json ? JSON.stringify(value) + '\n' : human + '\n');
}
