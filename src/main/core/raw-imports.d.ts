// Files bundled as text (Vite's `?raw` imports), e.g. the relay script shipped inside the relay image.
declare module '*?raw' {
  const text: string;
  export default text;
}
