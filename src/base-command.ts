// The base of every grayscope command: the global flags, --json with exactly one JSON document on
// stdout, and the exit-code contract (oclif loses the code under --json unless catch sets it).
import { Command, Flags, type Interfaces } from '@oclif/core';
import { stderrReporter, terminalText } from './adapters/terminal.js';
import { projectLang } from './api-project.js';
import { asGrayscopeError, GrayscopeError } from './core/errors.js';
import { maskMessage } from './core/pii.js';
import type { Reporter } from './core/reporter.js';
import { renderError } from './render/error.js';
import { isLang, type Lang, localeLang } from './render/lang.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>;
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  /** The flags of every command. */
  static readonly commonFlags = {
    quiet: Flags.boolean({ helpGroup: 'GLOBAL', description: 'no progress or informational lines on stderr', default: false }),
    debug: Flags.boolean({ helpGroup: 'GLOBAL', description: 'show stack traces for unexpected errors', default: false }),
    // Commands whose files have a language (chart, bulletin, return build/templates) declare their own
    // --lang, which replaces this one (oclif merges a command's flags over baseFlags) and defaults the same way.
    lang: Flags.string({
      helpGroup: 'GLOBAL',
      description: 'language of human output (default: lang in grayscope.yaml, else the locale: zh unless LANG names another language); --json is the same in both',
      options: ['zh', 'en'],
    }),
  };

  /** The project's flags, for the commands that read a project; one that reads none (mse, generate) sets baseFlags = BaseCommand.commonFlags. */
  static override baseFlags = {
    project: Flags.string({
      helpGroup: 'GLOBAL',
      description: 'project folder (reads grayscope.yaml there if present)',
      default: '.',
    }),
    db: Flags.string({ helpGroup: 'GLOBAL', description: 'database file (default: grayscope.duckdb in the project)' }),
    ...BaseCommand.commonFlags,
  };

  protected flags!: BaseFlags<T>;
  protected args!: BaseArgs<T>;
  protected reporter!: Reporter;
  /** Every positional argument, for commands that take a variable number (strict = false). */
  protected positional!: string[];

  public override async init(): Promise<void> {
    await super.init();
    const { args, flags, argv } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as BaseFlags<T>;
    this.args = args as BaseArgs<T>;
    this.positional = argv as string[];
    this.reporter = stderrReporter({ quiet: this.flags.quiet, json: this.jsonEnabled() });
  }

  /**
   * The language of human output (render/lang.ts): `explicit` (a command's own --lang, when it is zh
   * or en), else --lang, else the project's `lang:`, else the locale.
   */
  protected async lang(explicit?: string): Promise<Lang> {
    const flags = this.flags as { lang?: string; project?: string } | undefined;
    return projectLang({ flag: isLang(explicit) ? explicit : flags?.lang, project: flags?.project });
  }

  /** Human output goes to stdout only when --json is off, made safe for a terminal (text from the data cannot drive it). */
  protected out(text: string): void {
    if (!this.jsonEnabled()) process.stdout.write(terminalText(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** A machine format (CSV, JSON) on stdout: exact when piped or redirected, made safe only when a terminal shows it. */
  protected outData(text: string): void {
    if (this.jsonEnabled()) return;
    const line = text.endsWith('\n') ? text : `${text}\n`;
    process.stdout.write(process.stdout.isTTY ? terminalText(line) : line);
  }

  protected override async catch(err: Error & { oclif?: { exit?: number } }): Promise<void> {
    // oclif's own parse errors (unknown flag, missing argument) are usage errors: exit 2.
    const isOclifUsage = err.oclif?.exit !== undefined && !(err instanceof GrayscopeError);
    if (isOclifUsage && err.oclif?.exit === 0) return; // --help / --version
    const error = isOclifUsage
      ? new GrayscopeError('usage', err.message.replace(/\n\s*See more help with --help$/, ''), {
          hint: `See \`grayscope ${(this.id ?? '').replaceAll(':', ' ')} --help\`.`.replace('  ', ' '),
        })
      : asGrayscopeError(err);
    process.exitCode = error.exitCode;
    const json = this.argv.includes('--json');
    if (json) {
      process.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
    }
    const debug = this.argv.includes('--debug');
    const shown = error.toJSON() as { message: string; hint?: string };
    const lines = renderError(shown, await this.errorLang());
    if (debug && (error.cause instanceof Error || error.code === 'internal')) {
      lines.push(maskMessage(String((error.cause as Error | undefined)?.stack ?? error.stack)));
    }
    process.stderr.write(`${terminalText(lines.join('\n'))}\n`);
  }

  /** The language of an error: as lang() when the flags were parsed, else --lang as typed, else the locale; never a second failure. */
  private async errorLang(): Promise<Lang> {
    if (this.flags !== undefined) return this.lang().catch(() => localeLang(process.env));
    const at = this.argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
    const typed = at < 0 ? undefined : this.argv[at]!.includes('=') ? this.argv[at]!.split('=')[1] : this.argv[at + 1];
    return isLang(typed) ? typed : localeLang(process.env);
  }
}
