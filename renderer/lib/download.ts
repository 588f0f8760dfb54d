/** Saves text as a file through the browser's download (works the same in the Electron window). */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download; revoke once the browser has read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
