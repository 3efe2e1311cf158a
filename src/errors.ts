/** An error a user can act on: the CLI prints its message as one line, the API maps `code` to a status. */
export class UserError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_input' | 'conflict' | 'illegal_state',
    message: string,
  ) {
    super(message);
  }
}

/** A schema's refusal in one line, each problem named by its field (`whole` when it is about the whole input). */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[], whole: string): string {
  return issues.map((i) => `${i.path.map(String).join('.') || whole}: ${i.message}`).join('; ');
}
