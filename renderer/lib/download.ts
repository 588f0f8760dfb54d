/** Saves text as a file through the browser's download (works the same in the Electron window). */
export function downloadText(name: string, text: string, type: string): void {
  downloadBlob(name, new Blob([text], { type }));
}

/** Saves bytes sent as base64 (a file core made) the same way. */
export function downloadBase64(name: string, base64: string, type: string): void {
  downloadBlob(name, new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type }));
}

/** Saves a Blob (a file made of parts, never one string) through the browser's download. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download; revoke once the browser has read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
