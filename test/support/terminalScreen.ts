import { spawn } from 'node:child_process';
import xterm from '@xterm/headless';

export interface TerminalSize {
  readonly cols: number;
  readonly rows: number;
}

/**
 * Runs `command` (a shell command line) on a pseudo-terminal of `size` made by script(1), without
 * blocking this process (a server in the test can answer it); resolves with its exit status and every
 * byte the terminal received, escape sequences included.
 */
export const runOnTerminal = (
  command: string,
  size: TerminalSize,
  env: Record<string, string | undefined> = {},
): Promise<{ readonly status: number | null; readonly output: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      'script',
      ['-qfec', `stty rows ${size.rows} cols ${size.cols}; ${command}`, '/dev/null'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: Object.fromEntries(
          Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined),
        ),
      },
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });

/**
 * What a terminal of `size` shows after receiving `output`: its scrollback and screen as lines of text
 * (a line the terminal wrapped is joined back), trailing blanks trimmed. A headless xterm.js applies
 * every escape sequence, so text a redraw erased or overwrote is gone from here, as from the screen.
 */
export const screenLines = async (output: string, size: TerminalSize): Promise<string[]> => {
  const terminal = new xterm.Terminal({
    cols: size.cols,
    rows: size.rows,
    scrollback: 100_000,
    allowProposedApi: true,
  });
  try {
    await new Promise<void>((resolve) => terminal.write(output, resolve));
    const buffer = terminal.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < buffer.length; y++) {
      const line = buffer.getLine(y);
      if (line === undefined) continue;
      const text = line.translateToString(false);
      if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    const trimmed = lines.map((line) => line.trimEnd());
    while (trimmed.length > 0 && trimmed[trimmed.length - 1] === '') trimmed.pop();
    return trimmed;
  } finally {
    terminal.dispose();
  }
};
