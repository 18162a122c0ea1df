/** Main-side log: stacks and server details stay here, never in an envelope. */
export interface Logger {
  error(message: string, err?: unknown): void;
  info(message: string): void;
}

export const consoleLogger: Logger = {
  error: (message, err) => console.error(`[arnika] ${message}`, err instanceof Error ? err.stack : (err ?? '')),
  info: (message) => console.error(`[arnika] ${message}`),
};

export const silentLogger: Logger = { error: () => {}, info: () => {} };
