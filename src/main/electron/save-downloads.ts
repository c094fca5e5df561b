// Exports reach the desktop app as downloads: ask where each file goes, starting in the Downloads folder.
import { app, type Session } from 'electron';
import { basename, join } from 'node:path';

export const SAVE_DIALOG_TITLE = 'Save the exported file';

/** Every download of this session opens a save dialog with the file's name in the user's Downloads folder. */
export function askWhereToSave(session: Session): void {
  session.on('will-download', (_event, item) => {
    // The name comes from the page's download attribute: keep only its last part, never a path.
    const filename = basename(item.getFilename()) || 'export';
    item.setSaveDialogOptions({
      title: SAVE_DIALOG_TITLE,
      defaultPath: join(downloadsDir(), filename),
      buttonLabel: 'Save',
    });
  });
}

function downloadsDir(): string {
  try {
    return app.getPath('downloads');
  } catch {
    // No Downloads folder known on this system: the home folder is a sensible start for the dialog.
    return app.getPath('home');
  }
}
