import { createLogUpdate } from 'log-update';

/** How often a live display is redrawn: a few times a second, whatever the load. */
export const LIVE_REFRESH_MS = 250;

export interface LiveDisplayOptions {
  /** The terminal (stderr). */
  readonly terminal: NodeJS.WritableStream;
  /** The display's text now; called at every redraw. */
  readonly render: () => string;
  readonly refreshMs?: number;
}

export interface LiveDisplay {
  /** Writes `text` above the display, which is redrawn below it: a message never drawn over. */
  print(text: string): void;
  /** Draws a last time and leaves it on the screen; nothing is redrawn after, whatever prints next. */
  stop(): void;
}

/**
 * A region of the terminal redrawn in place (progress), owned by log-update: it erases exactly what
 * it drew, wraps to the terminal's width, and restores the cursor if the process exits mid-draw.
 * Anything else written to the terminal while the region is live must go through `print`, or the next
 * redraw would erase it.
 */
export const startLiveDisplay = (options: LiveDisplayOptions): LiveDisplay => {
  const region = createLogUpdate(options.terminal);
  let stopped = false;
  const draw = (): void => {
    if (!stopped) region(options.render());
  };
  const timer = setInterval(draw, options.refreshMs ?? LIVE_REFRESH_MS);
  timer.unref();
  draw();
  return {
    print: (text) => {
      if (stopped) {
        options.terminal.write(text.endsWith('\n') ? text : `${text}\n`);
        return;
      }
      region.persist(text);
      draw();
    },
    stop: () => {
      if (stopped) return;
      clearInterval(timer);
      draw();
      stopped = true;
      region.done();
    },
  };
};
