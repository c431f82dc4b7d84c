/**
 * A composer's text that is a slash command ("/" and a name): apart from commands.ts, so that the
 * conversation tells a message from a command without loading the commands' code, which comes with
 * the first command typed.
 */
export const COMMAND_LINE = /^\/(\S+)\s*([\s\S]*)$/;

export const isCommandLine = (text: string): boolean => COMMAND_LINE.test(text.trim());
