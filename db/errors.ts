/** Errors the hosts show to a person as they are: the message says what to do. */
export class DbError extends Error {
  constructor(
    readonly code: 'locked' | 'corrupt' | 'unreachable' | 'too_new' | 'diverged' | 'bad_migration',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DbError';
  }
}
