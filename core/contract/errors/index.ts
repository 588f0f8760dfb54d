// A refusal as a code with parameters, worded in English here and in the operator's
// language by the renderer (which reads the same catalogs).
import { fillIn, wordsAt, type ErrorParams, type Keys } from '../words.js';
import en from './en.js';

export type ErrorCode = Keys<typeof en>;

/** What a refusal sends beside its English message (tRPC `data.reason`). */
export interface Reason {
  code: ErrorCode;
  params?: ErrorParams;
  /** The input field it is about, when it is about one. */
  field?: string;
}

/** The English words for a code. */
export const englishWords = (code: ErrorCode, params?: ErrorParams): string => fillIn(wordsAt(en, code) ?? code, params);
