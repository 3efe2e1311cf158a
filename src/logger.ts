/** Structured, one line per event, to stderr. Callers pass ids and counts, never addresses or secrets. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export function createLogger(opts: { quiet?: boolean; write?: (line: string) => void } = {}): Logger {
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const log = (level: string) => (event: string, fields: Record<string, unknown> = {}) => {
    if (opts.quiet && level === 'info') return;
    write(JSON.stringify({ t: new Date().toISOString(), level, event, ...fields }));
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
