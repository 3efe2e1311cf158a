import cliProgress from 'cli-progress';
import type { CliIo } from './cli-io.ts';

export interface Progress {
  update(value: number, status?: string): void;
  setTotal(total: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr, so `--json` output on stdout stays one clean object.
 * Without a terminal (CI, pipes) it prints a line at each tenth instead.
 */
export function progressBar(io: CliIo, label: string, total: number): Progress {
  if (!io.errIsTTY) {
    let shown = -1;
    return {
      update(value, status = '') {
        const tenth = total ? Math.floor((value / total) * 10) : 10;
        if (tenth > shown) {
          shown = tenth;
          io.err(`${label}: ${value}/${total} ${status}\n`);
        }
      },
      setTotal: (t) => void (total = t),
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} {status}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { status: '' });
  return {
    update: (value, status = '') => bar.update(value, { status }),
    setTotal: (t) => bar.setTotal(t),
    stop: () => bar.stop(),
  };
}
