// Core's refusals in Dutch: the same codes and parameters as en.ts.
import type { Same } from '../words.js';
import type en from './en.js';

export default {
  generic: {
    internal: 'Interne fout; zie het logboek van de console.',
  },
} as const satisfies Same<typeof en>;
