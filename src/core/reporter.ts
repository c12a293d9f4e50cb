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

/**
 * A bar that appears only once the work has taken `delayMs` (by the injected clock), so a run that
 * ends within a second or two prints no bar; until then updates are remembered, not drawn.
 */
export function deferredProgress(reporter: Reporter, total: number, label: string, now: () => number, delayMs = 1000): Progress {
  const start = now();
  let bar: Progress | undefined;
  return {
    update(done, text) {
      if (!bar && now() - start >= delayMs) bar = reporter.progress(total, text ?? label);
      bar?.update(done, text);
    },
    stop() {
      bar?.stop();
    },
  };
}
