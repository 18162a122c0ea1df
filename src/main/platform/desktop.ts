/** What only the desktop shell can do for the app; domain code never imports electron itself. */
export interface DesktopPort {
  /** Opens a file with the system's default program (the PDF viewer, which can also print). */
  openFile(path: string): Promise<void>;
  /** The system's save dialog, proposing `fileName`; the chosen path, or null when cancelled. */
  chooseSaveTarget(fileName: string): Promise<string | null>;
  /** The system's open dialog; the chosen file's path, or null when cancelled. */
  chooseFileToOpen(filters: { name: string; extensions: string[] }[]): Promise<string | null>;
  /** The system's folder dialog (where backups go), starting at `current` if given; the chosen folder, or null when cancelled. */
  chooseFolder(current: string | null): Promise<string | null>;
}
