// English words of the missions area (the keys every other language follows).
export default {
} as const;
