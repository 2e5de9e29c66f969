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

/** The display live on each terminal, while it is: what else is written there goes above it. */
const liveOn = new WeakMap<NodeJS.WritableStream, LiveDisplay>();

/**
 * Writes `text` (whole lines) to `terminal`: above the display live there, if one is (through its
 * `print`, so no redraw erases or overwrites it), straight to the terminal otherwise. What writes to a
 * terminal a display may be live on (the CLI's logger) writes through this.
 */
export const writeAboveLiveDisplay = (terminal: NodeJS.WritableStream, text: string): void => {
  const live = liveOn.get(terminal);
  if (live === undefined) terminal.write(text.endsWith('\n') ? text : `${text}\n`);
  else live.print(text);
};

/**
 * A region of the terminal redrawn in place (progress), owned by log-update: it erases exactly what
 * it drew, wraps to the terminal's width, and restores the cursor if the process exits mid-draw.
 * Anything else written to the terminal while the region is live must go through `print` (or
 * {@link writeAboveLiveDisplay}), or the next redraw would erase it. One display per terminal at a time.
 */
export const startLiveDisplay = (options: LiveDisplayOptions): LiveDisplay => {
  const { terminal } = options;
  if (liveOn.has(terminal)) throw new Error('a live display is already shown on this terminal');
  const region = createLogUpdate(terminal);
  let stopped = false;
  const draw = (): void => {
    if (!stopped) region(options.render());
  };
  const timer = setInterval(draw, options.refreshMs ?? LIVE_REFRESH_MS);
  timer.unref();
  draw();
  const display: LiveDisplay = {
    print: (text) => {
      if (stopped) {
        terminal.write(text.endsWith('\n') ? text : `${text}\n`);
        return;
      }
      // Erases the region, writes the text where it was, and the region is drawn again below it.
      region.persist(text);
      draw();
    },
    stop: () => {
      if (stopped) return;
      clearInterval(timer);
      draw();
      stopped = true;
      region.done();
      liveOn.delete(terminal);
    },
  };
  liveOn.set(terminal, display);
  return display;
};
