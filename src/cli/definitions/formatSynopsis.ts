import type { Argument, CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import { isRepeatable } from './repeatableOption.js';

/** Width a synopsis is wrapped to: commander's help width when not on a terminal. */
export const SYNOPSIS_WIDTH = 80;

/** The command as typed: `oxide-mirror cursors reset`. */
export const commandPath = (command: CommandUnknownOpts): string => {
  const names: string[] = [];
  for (let c: CommandUnknownOpts | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
};

/**
 * The options a command takes besides its own: those of its ancestors below the program (`cursors`'
 * `--db` and `--json` for `cursors reset`). The program's own (`--version`) go before the command only.
 */
export const inheritedOptions = (command: CommandUnknownOpts): Option[] => {
  const inherited: Option[] = [];
  for (let c = command.parent; c?.parent != null; c = c.parent) {
    inherited.unshift(...c.options.filter((o) => !o.hidden));
  }
  return inherited;
};

const argumentWord = (argument: Argument): string => {
  const name = `${argument.name()}${argument.variadic ? '...' : ''}`;
  return argument.required ? name : `[${name}]`;
};

/** The value's name in an option's flags: `PATH` of `--db <PATH>`. */
const valueName = (option: Option): string | undefined => /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1];

const optionWord = (option: Option): string => {
  const flag = option.long ?? option.short ?? option.flags;
  const value = valueName(option);
  const body = value === undefined ? flag : option.optional ? `${flag} [${value}]` : `${flag} ${value}`;
  return `${option.mandatory ? body : `[${body}]`}${isRepeatable(option) ? '...' : ''}`;
};

/**
 * A command's synopsis, made from its definition so that it cannot drift from it: its path, its
 * arguments, then its options (required ones bare, the others in brackets, a repeatable one followed
 * by `...`), e.g. `oxide-mirror describe [RESOURCE] --db PATH [--format text|json]`. Wrapped at
 * {@link SYNOPSIS_WIDTH}, the continuation lines under the first argument; `offset` is the width of
 * what the first line is printed after (`Usage: `), so that the lines align there.
 */
export const formatSynopsis = (command: CommandUnknownOpts, offset = 0): string => {
  const path = commandPath(command);
  const words = [
    ...command.registeredArguments.map(argumentWord),
    ...[...inheritedOptions(command), ...command.options.filter((o) => !o.hidden)].map(optionWord),
  ];
  const indent = ' '.repeat(offset + path.length + 1);
  const lines: string[] = [];
  let line = path;
  let width = offset + path.length;
  let wordsOnLine = 0;
  for (const word of words) {
    if (wordsOnLine > 0 && width + 1 + word.length > SYNOPSIS_WIDTH) {
      lines.push(line);
      line = indent + word;
      width = indent.length + word.length;
      wordsOnLine = 1;
    } else {
      line += ` ${word}`;
      width += 1 + word.length;
      wordsOnLine += 1;
    }
  }
  lines.push(line);
  return lines.join('\n');
};
