import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli as runCliWith } from '../../src/cli/program.ts';

export const BIN = fileURLToPath(new URL('../../bin/broadsheet.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a `broadsheet` command line in this process, with only the given
 * environment and its output captured: what the real command does, minus the
 * cost of a process. Exit codes, stdout and stderr are the command's own.
 */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCliWith(args, { env, out: (s) => void (stdout += s), err: (s) => void (stderr += s), errIsTTY: false });
  return { code, stdout, stderr };
}

/** Runs the real `broadsheet` binary in a child process, for what only a process has: signals, exit codes, a lock held by another pid. */
export function runCliProcess(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin!.end(input ?? '');
  });
}

export function spawnCli(args: string[], env: Record<string, string>, cwd?: string): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
