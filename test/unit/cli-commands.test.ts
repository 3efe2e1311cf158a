import { describe, expect, it } from 'vitest';
import { buildProgram, COMMANDS } from '../../src/cli/program.ts';

const silent = { env: {}, out: () => {}, err: () => {}, errIsTTY: false };

describe('the CLI’s command table', () => {
  it('says of each command what its module says, and names every command the modules define', async () => {
    const { program } = await buildProgram(silent, 'all');
    expect(program.commands.map((c) => [c.name(), c.description()])).toEqual(COMMANDS.map((c) => [c.name, c.description]));
  });

  it('defines in full only the command a run names', async () => {
    const { program } = await buildProgram(silent, ['lists', 'ls']);
    expect(program.commands.find((c) => c.name() === 'lists')!.commands.map((c) => c.name())).toContain('ls');
    expect(program.commands.find((c) => c.name() === 'editions')!.commands).toEqual([]);
  });
});
