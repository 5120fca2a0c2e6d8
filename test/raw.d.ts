// Vite import suffixes used by the io tests: ?raw gives the file as text (UTF-8), ?url its URL,
// ?inline a data: URL of its bytes.
declare module '*?raw' {
  const text: string;
  export default text;
}
declare module '*?url' {
  const url: string;
  export default url;
}
declare module '*?inline' {
  const dataUrl: string;
  export default dataUrl;
}
