// Vite's `?url` import: the built asset's URL (used for pdf.js's worker, see ui/pdfEngine.ts).
declare module '*?url' {
  const url: string;
  export default url;
}
