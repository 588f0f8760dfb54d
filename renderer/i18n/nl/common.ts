import type { Same } from '../../../core/contract/words.js';
import type en from '../en/common.js';

export default {
  language: 'Taal',
  close: 'Sluiten',
  cancel: 'Annuleren',
  failed: 'Er ging iets mis.',
  save: 'Opslaan',
} as const satisfies Same<typeof en>;
