// English words of the incidents area (the keys every other language follows).
export default {
} as const;
