import { describe, expect, it } from 'vitest';
import { usageLine } from '../../src/cli/program.ts';
import { describeFailure, nameFlags } from '../../src/cli/run-command.ts';
import { UserError } from '../../src/errors.ts';

describe('CLI messages', () => {
  it('names fields as the flags the user typed, and leaves ordinary words alone', () => {
    const flags = { startsOn: '--from', endsOn: '--to', name: '--name', 'image.alt': '--alt' };
    expect(nameFlags('endsOn: must not be before startsOn', flags)).toBe('--to: must not be before --from');
    expect(nameFlags('name: must not be empty; the list name stays', flags)).toBe('--name: must not be empty; the list name stays');
    expect(nameFlags('image.alt: must not be empty', flags)).toBe('--alt: must not be empty');
    expect(nameFlags('startsOnly: unrelated', flags)).toBe('startsOnly: unrelated');
  });

  it("puts a usage error on one line with the command's help to read", () => {
    expect(usageLine("error: unknown option '--att'\n(Did you mean --at?)\n", 'broadsheet editions send')).toBe(
      `unknown option '--att' (did you mean --at?); see "broadsheet editions send --help"`,
    );
  });

  it("never lets the database speak for itself, and keeps the user's own errors as they are", () => {
    expect(describeFailure(new UserError('invalid_input', '--at: has passed'))).toBe('--at: has passed');
    expect(describeFailure(Object.assign(new Error('date/time field value out of range: "2027-02-30"'), { code: '22008' }))).toBe(
      'a value was refused as out of range or malformed (date/time field value out of range: "2027-02-30")',
    );
    expect(describeFailure(Object.assign(new Error('relation "lists" does not exist'), { code: '42P01' }))).toMatch(/^the database has no Broadsheet tables yet: run "broadsheet migrate" first/);
    expect(describeFailure(new TypeError('x is undefined\n    at y'))).toBe('error: x is undefined');
  });
});
