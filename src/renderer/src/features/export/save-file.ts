// Saves an exported file the same way in both shells: a Blob behind <a download> (Electron shows its save dialog).
import type { ExportedFile } from '../../../../shared/api-contract';

export function saveFile(file: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click starts the download synchronously; the URL can go once the event loop has turned.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
