// Core's refusals in English, by code (`area.what`); `{{name}}` takes a parameter. The renderer
// words the same codes in the operator's language (nl.ts has the same keys).
export default {
  generic: {
    internal: 'Internal error; see the console log.',
  },
} as const;
