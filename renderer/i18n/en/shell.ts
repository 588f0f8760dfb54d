// English words of the shell area (the keys every other language follows).
export default {
} as const;
