import { Option } from '@commander-js/extra-typings';
import { onlyOnce } from './argumentParsers.js';

/** `--strategies MODULE` of `replay` and `verify`: one ES module with the log's custom strategies. */
export const strategiesModuleOption = () =>
  new Option(
    '--strategies <MODULE>',
    'an ES module (.js/.mjs) exporting the custom strategies the log names',
  ).argParser(onlyOnce("pass one module (it can re-export the others' strategies)"));
