// What the view host says, in one place; each reads the current language when called.
import { t } from '../i18n/i18n.svelte.js';

export const viewWords = {
  loading: (label: string) => t('shell.views.loading', { label }),
  failed: (label: string) => t('shell.views.failed', { label }),
  livesOn: () => t('shell.views.livesOn'),
  retry: () => t('shell.views.retry'),
  reload: () => t('shell.views.reload'),
};
