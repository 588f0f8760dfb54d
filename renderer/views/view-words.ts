// What the view host says, in one place.
export const viewWords = {
  loading: (label: string) => `Opening ${label}…`,
  failed: (label: string) => `${label} failed`,
  livesOn: 'The rest of the console keeps working: alarms, the map and the other views.',
  retry: 'Try again',
  reload: 'Reload the console',
};
