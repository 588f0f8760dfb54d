// Words many views share.
export default {
  language: 'Language',
  close: 'Close',
  cancel: 'Cancel',
  failed: 'Something went wrong.',
  save: 'Save',
} as const;
