import type { Same } from '../../../core/contract/words.js';
import type en from '../en/admin.js';

export default {
} as const satisfies Same<typeof en>;
