// English words of the fleet area (the keys every other language follows).
export default {
} as const;
