// The panel's and card's own strings, in the user's Home Assistant language (hass.language).
// English is the fallback for a language without a file and for a key a file lacks.
import cs from "../translations/cs.json";
import de from "../translations/de.json";
import en from "../translations/en.json";

type Strings = { [key: string]: string | Strings };
const LANGUAGES: Record<string, Strings> = { en, cs, de };

function lookup(strings: Strings, key: string): string | undefined {
  let node: string | Strings | undefined = strings;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

/** The language files for a Home Assistant language tag ("de", "cs", "en-GB"). */
export function languageOf(tag: string | undefined): string {
  const base = (tag ?? "en").toLowerCase().split(/[-_]/)[0];
  return base in LANGUAGES ? base : "en";
}

export type Localize = (key: string, values?: Record<string, string | number>) => string;

/** A translator for one language; `{name}` placeholders are filled from `values`. */
export function localizer(tag: string | undefined): Localize {
  const strings = LANGUAGES[languageOf(tag)];
  return (key, values) => {
    const text = lookup(strings, key) ?? lookup(en, key) ?? key;
    return text.replace(/\{(\w+)\}/g, (match, name: string) =>
      values && name in values ? String(values[name]) : match,
    );
  };
}

export const LANGUAGE_KEYS = { en, cs, de };
