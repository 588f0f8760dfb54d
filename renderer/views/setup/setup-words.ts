// What the first-run guide says, from the admin catalog in the operator's language.
import type { SetupStep } from '../../../core/contract/index.js';
import { num, t } from '../../i18n/i18n.svelte.js';

const step = (s: SetupStep) => ({
  get title() { return t(`admin.setup.steps.${s}.title`); },
  get what() { return t(`admin.setup.steps.${s}.what`); },
});

// Getters: each read asks the catalog, so a template redraws on a language switch.
export const setupWords = {
  get title() { return t('admin.setup.title'); },
  get intro() { return t('admin.setup.intro'); },
  steps: { site: step('site'), map: step('map'), places: step('places'), staff: step('staff'), residents: step('residents') },
  get start() { return t('admin.setup.start'); },
  get review() { return t('admin.setup.review'); },
  get notHere() { return t('admin.setup.notHere'); },
  get comeBack() { return t('admin.setup.comeBack'); },
  get allDone() { return t('admin.setup.allDone'); },
  get leave() { return t('admin.setup.leave'); },
  progress: (done: number, all: number) => t('admin.setup.progress', { done: num(done, { useGrouping: false }), all: num(all, { useGrouping: false }) }),
  get begin() { return t('admin.setup.begin'); },
  get resume() { return t('admin.setup.resume'); },
  get later() { return t('admin.setup.later'); },
};
