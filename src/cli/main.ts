import { ConfigError, FlowError, InputError, UsageError } from '../errors.js';
import type { CliCommand, CliIo } from './command.js';

/** Commands are loaded on demand so that `nmle checklist` never pays for sharp or telegraf. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  checklist: {
    summary: 'what an applicant must submit, from a facts file',
    load: async () => (await import('./checklist-command.js')).checklistCommand,
  },
  'flows check': {
    summary: 'validate a flow file and list every problem with its place',
    load: async () => (await import('./flows-check-command.js')).flowsCheckCommand,
  },
  'check-photo': {
    summary: 'check document photos against the upload rules and normalise them',
    load: async () => (await import('./check-photo-command.js')).checkPhotoCommand,
  },
  form: {
    summary: "write one of the notice's forms (附件2–4) as a PDF, optionally filled",
    load: async () => (await import('./form-command.js')).formCommand,
  },
  remind: {
    summary: 'send the reminders due at a given time, each only once',
    load: async () => (await import('./remind-command.js')).remindCommand,
  },
  export: {
    summary: 'write the roster (.xlsx) or the pictures (.zip) from the store',
    load: async () => (await import('./export-command.js')).exportCommand,
  },
};

const MAIN_USAGE = `Usage: nmle <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(14)}${c.summary}`)
  .join('\n')}

Run \`nmle <command> --help\` for a command's options.`;

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  };
}

/**
 * Runs one `nmle` call and returns its exit status: 0 success, 1 a negative answer (e.g. a rejected photo),
 * 2 a usage or input error, reported as one line on stderr and never as a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(`${MAIN_USAGE}\n`);
    return first === undefined ? 2 : 0;
  }
  const twoWord = second !== undefined ? `${first} ${second}` : undefined;
  const name = twoWord && twoWord in COMMANDS ? twoWord : first;
  const entry = COMMANDS[name];
  if (!entry) {
    const group = Object.keys(COMMANDS).filter((c) => c.startsWith(`${first} `));
    io.stderr(
      group.length > 0
        ? `nmle: '${first}' needs a subcommand: ${group.join(', ')}\n`
        : `nmle: unknown command '${first}'; expected one of: ${Object.keys(COMMANDS).join(', ')}\n`,
    );
    return 2;
  }
  const args = argv.slice(name.split(' ').length);
  try {
    const command = await entry.load();
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(`${command.usage}\n`);
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError || error instanceof ConfigError) {
      io.stderr(`nmle ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof FlowError) {
      io.stderr(`nmle ${name}: ${error.message}\n`);
      return 2;
    }
    // A bug or an outage, not the user's input: still one line, with the cause, and status 1.
    io.stderr(`nmle ${name}: unexpected error: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}
