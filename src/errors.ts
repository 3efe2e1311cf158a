/** An error a user can act on: the CLI prints its message as one line, the API maps `code` to a status. */
export class UserError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_input' | 'conflict' | 'illegal_state',
    message: string,
  ) {
    super(message);
  }
}
