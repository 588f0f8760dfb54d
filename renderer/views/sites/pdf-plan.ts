// A PDF floor plan becomes a PNG in the page: its first page drawn by pdf.js (Mozilla's PDF
// reader, bundled with its worker, so nothing is fetched), at 200 dpi and at most 8,000 pixels a
// side, on white. Loaded only when a PDF is chosen.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { siteWords as w } from './site-words.js';

const DPI = 200;
const MAX_SIDE = 8000;

export const isPdf = (file: File) => file.type === 'application/pdf' || /\.pdf$/i.test(file.name);

/** The first page as PNG bytes; a PDF that cannot be read is refused in words. */
export async function pdfFirstPage(bytes: Uint8Array): Promise<Uint8Array> {
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  let doc;
  try {
    doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false }).promise;
  } catch (err) {
    throw new Error((err as Error).name === 'PasswordException' ? w.pdfLocked : w.pdfUnreadable((err as Error).message));
  }
  try {
    const page = await doc.getPage(1);
    const points = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: Math.min(DPI / 72, MAX_SIDE / Math.max(points.width, points.height)) });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(viewport.width);
    canvas.height = Math.round(viewport.height);
    const ctx = canvas.getContext('2d')!;
    // A PDF page is transparent where nothing is drawn: plans are read on white.
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas, canvasContext: ctx, viewport }).promise;
    const png = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/png'));
    if (!png) throw new Error(w.pdfUnreadable(w.pdfNotDrawn));
    return new Uint8Array(await png.arrayBuffer());
  } finally {
    await doc.destroy();
  }
}
