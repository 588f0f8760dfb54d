// English words of the admin area (the keys every other language follows).
export default {
} as const;
