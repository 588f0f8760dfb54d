/** Reads a passphrase: WATCHFLOOR_BACKUP_PASSPHRASE, else typed at the terminal without echo. */
export async function readPassphrase(question: string): Promise<string | undefined> {
  if (process.env.WATCHFLOOR_BACKUP_PASSPHRASE) return process.env.WATCHFLOOR_BACKUP_PASSPHRASE;
  const input = process.stdin;
  if (!input.isTTY) return undefined;
  process.stderr.write(question);
  input.setRawMode(true);
  input.resume();
  let typed = '';
  return new Promise((resolve) => {
    const onData = (b: Buffer) => {
      for (const ch of b.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stderr.write('\n');
          return resolve(typed);
        }
        if (ch === '\u0003') process.exit(130);
        typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
      }
    };
    input.on('data', onData);
  });
}
