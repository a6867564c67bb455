import { createWriteStream, existsSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { RosterFilter } from '../app/roster-filter.js';
import { type Config, parseConfig } from '../config.js';
import { offsetClock, systemClock } from '../domain/clock.js';
import { DOSSIER_STATES, type DossierState } from '../domain/dossier.js';
import { ConfigError, InputError, type OnCorruptRecord, UsageError } from '../errors.js';
import { preparePhotosZip } from '../exports/photos-zip.js';
import { writeRosterXlsx } from '../exports/roster-xlsx.js';
import { resolveFlowPath } from '../flows/flow-file.js';
import { loadFlow } from '../flows/load-flow.js';
import { isPostgresUrl, openAdapters, type StoreAdapters } from '../storage/open-adapters.js';
import type { CliCommand, CliIo } from './command.js';
import { parseCliArgs, requireOption } from './parse-args.js';

const USAGE = `Usage: nmle export roster --out <file.xlsx> [--state <state>]... [--json]
       nmle export photos --out <file.zip> [--applicant <user id> | --state <state>...] [--json]

导出名册或照片 / Exports the roster or the pictures from the store, as the web console's exports do.

  roster   名册: one row per applicant who finished the interview — user id, name, exam, category, route,
           dossier state, submitted at, decided at (Asia/Shanghai time) and each material's picture count.
           Ids are text cells; the header row is frozen and filtered.
  photos   照片: every accepted picture, normalised, at <user id>/<NN>_<material title>_<k>.jpg (UTF-8 names).

  --out <file>          where to write; an existing file is replaced once the export is complete
  --state <state>       only dossiers in this state (repeat for several): ${DOSSIER_STATES.join(', ')}
  --applicant <id>      photos of this applicant only (their Telegram user id), whatever their state
  --json                print a summary object ({"rows"|"entries", "bytes", ...}) instead of a sentence

The files hold personal data: they are written readable by their owner only (0600).
Environment as for npm start: DATA_DIR, STORE_URL (SQLite or PostgreSQL), FLOW.

Exit status: 0 written, 2 usage or input error (nothing written).`;

const KINDS = ['roster', 'photos'] as const;
type ExportKind = (typeof KINDS)[number];

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write the roster (.xlsx) or the pictures (.zip) from the store',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(
      args,
      {
        out: { type: 'string' },
        state: { type: 'string', multiple: true },
        applicant: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      true,
    );
    const [kindWord, extra] = positionals;
    const kind = parseKind(kindWord);
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}" (see --help)`);
    const out = resolve(
      io.cwd,
      requireOption(values.out, 'out', `the ${kind === 'roster' ? '.xlsx' : '.zip'} file to write`),
    );
    const states = parseStates(values.state ?? []);
    if (kind === 'roster' && values.applicant !== undefined)
      throw new UsageError('--applicant: only for `nmle export photos` (the roster filters with --state)');
    const applicant = values.applicant === undefined ? undefined : parseUserId(values.applicant);
    if (applicant !== undefined && states.length > 0)
      throw new UsageError('--applicant and --state: give one or the other');
    checkOutputFolder(out);

    const config = parseConfig(io.env, io.cwd);
    const flow = await loadFlow(resolveFlowPath(config.flowFile, io.cwd), io.cwd);
    const adapters = await openExistingStore(config, (error) =>
      io.stderr(`skipped a stored record that cannot be used: ${error.key}\n`),
    );
    try {
      const clock = config.clockStart ? offsetClock(config.clockStart) : systemClock;
      const deps = { flow, clock, applicants: adapters.applicants, pictures: adapters.pictures };
      const filter: RosterFilter = states.length > 0 ? { states } : {};
      if (kind === 'roster') {
        const summary = await writeFileAtomically(out, (file) => writeRosterXlsx(deps, filter, file));
        report(io, values.json, { kind, out, ...summary }, `${summary.rows} row(s)`);
        return 0;
      }
      const zip = await preparePhotosZip(deps, applicant !== undefined ? { applicant } : { filter });
      if (zip.kind === 'unknown_applicant')
        throw new InputError('no applicant with this user id in the store', `--applicant ${zip.userId}`);
      const summary = await writeFileAtomically(out, (file) => zip.write(file));
      const skipped = summary.skipped > 0 ? `, ${summary.skipped} removed while exporting` : '';
      report(
        io,
        values.json,
        { kind, out, ...summary },
        `${summary.entries} picture(s) of ${summary.applicants} applicant(s)${skipped}`,
      );
      return 0;
    } finally {
      await adapters.close();
    }
  },
};

function parseKind(word: string | undefined): ExportKind {
  if (word === undefined) throw new UsageError('expected what to export: roster or photos (see --help)');
  if (!(KINDS as readonly string[]).includes(word))
    throw new UsageError(`unknown export "${word}"; expected roster or photos (see --help)`);
  return word as ExportKind;
}

function parseStates(words: readonly string[]): DossierState[] {
  for (const word of words)
    if (!(DOSSIER_STATES as readonly string[]).includes(word))
      throw new UsageError(`--state: unknown state "${word}"; expected one of: ${DOSSIER_STATES.join(', ')}`);
  return [...new Set(words)] as DossierState[];
}

function parseUserId(text: string): number {
  const id = /^-?\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id))
    throw new UsageError(`--applicant: expected a Telegram user id (a whole number); got "${text}"`);
  return id;
}

function checkOutputFolder(out: string): void {
  const folder = dirname(out);
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new InputError('no such folder to write into', `--out ${out}`);
  if (existsSync(out) && statSync(out).isDirectory())
    throw new InputError('is a folder; expected a file name', `--out ${out}`);
}

/**
 * Opens the store the bot uses. An embedded store that is not there is an error rather than an empty
 * export: opening it would create an empty database where the operator expected theirs (DATA_DIR unset?).
 */
async function openExistingStore(config: Config, onCorrupt: OnCorruptRecord): Promise<StoreAdapters> {
  if (!isPostgresUrl(config.storeUrl)) {
    const file = config.storeUrl.replace(/^sqlite:\/\//, '');
    if (file !== ':memory:' && !existsSync(file))
      throw new ConfigError(
        `STORE_URL: no store at ${file}; set DATA_DIR or STORE_URL to the bot's (see npm start)`,
      );
  }
  return openAdapters(config, { onCorrupt });
}

/**
 * Writes through a file beside `out` and renames it into place when complete, so that a failed or
 * interrupted export never leaves a truncated archive under the expected name.
 */
async function writeFileAtomically<T>(out: string, write: (file: Writable) => Promise<T>): Promise<T> {
  const partial = resolve(dirname(out), `.${basename(out)}.${process.pid}.partial`);
  const file = createWriteStream(partial, { mode: 0o600 });
  try {
    const result = await write(file);
    await rename(partial, out);
    return result;
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

function report(io: CliIo, json: boolean | undefined, summary: Record<string, unknown>, what: string): void {
  if (json) io.stdout(`${JSON.stringify(summary)}\n`);
  else io.stdout(`wrote ${what} to ${summary.out} (${summary.bytes} bytes)\n`);
}
