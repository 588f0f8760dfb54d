import type { Booted } from '../boot.js';

/** What a host prints once the core has started: a database problem, and the setup code while there is no administrator. */
export function bootReport({ fault, setupCode }: Pick<Booted, 'fault' | 'setupCode'>): string {
  return (fault ? `Database problem (also shown in the console): ${fault.message}\n` : '') +
    (setupCode ? `No administrator yet. Setup code for the first one: ${setupCode.code} (also in ${setupCode.file}).\n` : '');
}
