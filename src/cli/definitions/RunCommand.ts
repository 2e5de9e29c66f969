/**
 * What a command's definition calls once commander has parsed and checked its arguments: the
 * command's behaviour, with typed options (`runIngest(options, io)`, bound to its io by `runCli`).
 */
export type RunCommand<Options> = (options: Options) => Promise<void>;
