/** What only the desktop shell can do for the app; domain code never imports electron itself. */
export interface DesktopPort {
  /** Opens a file with the system's default program (the PDF viewer, which can also print). */
  openFile(path: string): Promise<void>;
}
