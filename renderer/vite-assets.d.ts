// What Vite gives for an import with `?url`: the bundled file's URL.
declare module '*?url' {
  const url: string;
  export default url;
}
