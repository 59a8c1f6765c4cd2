import { describe, expect, it } from "vitest";
import { LANGUAGE_KEYS, languageOf, localizer } from "../src/common/i18n";

function keys(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("i18n", () => {
  it("picks the language from hass.language, English otherwise", () => {
    expect(languageOf("de")).toBe("de");
    expect(languageOf("cs")).toBe("cs");
    expect(languageOf("en-GB")).toBe("en");
    expect(languageOf("fr")).toBe("en");
    expect(languageOf(undefined)).toBe("en");
  });

  it("translates and fills placeholders", () => {
    expect(localizer("de")("panel.overview")).toBe("Übersicht");
    expect(localizer("cs")("panel.overview")).toBe("Přehled");
    expect(localizer("fr")("panel.overview")).toBe("Overview");
    expect(localizer("en")("missing.key")).toBe("missing.key");
  });

  it("has every English key in Czech and German, and no others", () => {
    const en = keys(LANGUAGE_KEYS.en).sort();
    expect(keys(LANGUAGE_KEYS.cs).sort()).toEqual(en);
    expect(keys(LANGUAGE_KEYS.de).sort()).toEqual(en);
  });

  it("keeps the placeholders of every English string in the translations", () => {
    const t = { en: localizer("en"), cs: localizer("cs"), de: localizer("de") };
    for (const key of keys(LANGUAGE_KEYS.en)) {
      const want = (t.en(key).match(/\{\w+\}/g) ?? []).sort();
      expect((t.cs(key).match(/\{\w+\}/g) ?? []).sort(), key).toEqual(want);
      expect((t.de(key).match(/\{\w+\}/g) ?? []).sort(), key).toEqual(want);
    }
  });
});
