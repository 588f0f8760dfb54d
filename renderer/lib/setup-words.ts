// The first administrator's setup form: its words for the one-time setup code, in one catalogue (English).

export const setupWords = {
  codeLabel: 'Setup code',
  /** Under the field: where the person who started the console finds the code. */
  codeHint: (file: string | null) =>
    file
      ? `Printed where this console was started, and in ${file}. Only whoever started the console has it.`
      : 'Printed where this console was started. Only whoever started the console has it.',
  /** Demo mode, signed out: the demo operator cannot manage users or settings; an administrator can. */
  openInDemo: 'Create an administrator (users, settings, audit export)',
  backToSignIn: 'Back to sign in',
};
