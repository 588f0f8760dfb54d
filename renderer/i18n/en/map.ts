// English words of the map area (the keys every other language follows).
export default {
} as const;
