import type { Same } from '../../../core/contract/words.js';
import type en from '../en/shell.js';

export default {
} as const satisfies Same<typeof en>;
