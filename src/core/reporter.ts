// How core code tells the user what it is doing without touching the console: commands inject a
// Reporter that writes to stderr (progress bars only on a terminal); tests inject a silent one.

export interface Progress {
  update(done: number, label?: string): void;
  stop(): void;
}

export interface Reporter {
  info(message: string): void;
  warn(message: string): void;
  /** A bar over `total` units (bytes, rows); a no-op where no terminal is attached. */
  progress(total: number, label: string): Progress;
}

const NO_PROGRESS: Progress = { update() {}, stop() {} };

export const silentReporter: Reporter = {
  info() {},
  warn() {},
  progress: () => NO_PROGRESS,
};
