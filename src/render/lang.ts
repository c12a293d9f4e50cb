// The language of human output, decided in one place: `--lang`, else `lang:` in grayscope.yaml, else
// the locale (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them). Every renderer takes the
// Lang this returns; --json never depends on it.
import type { Lang } from './format.js';

export type { Lang };
export const LANGS: readonly Lang[] = ['zh', 'en'];

export const isLang = (x: unknown): x is Lang => x === 'zh' || x === 'en';

/** The locale variables that name a language, in POSIX precedence. */
export type LocaleEnv = Partial<Record<'LC_ALL' | 'LC_MESSAGES' | 'LANG', string | undefined>>;

/**
 * The language the locale names: zh for zh_CN.UTF-8, zh_TW, zh …; en for any other named language
 * (en_US.UTF-8, fr_FR). No locale, C or POSIX (a server, a container, CI) names no language, and
 * grayscope's users read Chinese: zh.
 */
export function localeLang(env: LocaleEnv): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((x) => x !== undefined && x !== '');
  if (locale === undefined) return 'zh';
  const language = locale.split(/[_.@]/)[0]!.toLowerCase();
  if (language === 'c' || language === 'posix') return 'zh';
  return language === 'zh' ? 'zh' : 'en';
}

/** The language of human output: the flag, else the project's `lang:`, else the locale. */
export function resolveLang(options: { flag?: string | undefined; config?: Lang | undefined; env: LocaleEnv }): Lang {
  if (isLang(options.flag)) return options.flag;
  if (options.config !== undefined) return options.config;
  return localeLang(options.env);
}
