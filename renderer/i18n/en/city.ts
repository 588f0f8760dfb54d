// English words of the city area (the keys every other language follows).
export default {
} as const;
