// Numbers as the user's language writes them; an unknown value is a dash, never 0.

export function formatNumber(
  value: number | null | undefined,
  language: string,
  digits = 0,
): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return new Intl.NumberFormat(language, {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
}

export function formatPower(watts: number | null | undefined, language: string): string {
  if (watts === null || watts === undefined) return "—";
  return `${formatNumber(watts, language, watts < 10 ? 1 : 0)} W`;
}

export function formatEnergy(wattHours: number | null | undefined, language: string): string {
  if (wattHours === null || wattHours === undefined) return "—";
  if (Math.abs(wattHours) >= 1000) return `${formatNumber(wattHours / 1000, language, 2)} kWh`;
  return `${formatNumber(wattHours, language, 0)} Wh`;
}

export function formatSeconds(ms: number | null | undefined, language: string): string {
  if (ms === null || ms === undefined) return "—";
  return `${formatNumber(ms / 1000, language, ms % 1000 === 0 ? 0 : 1)} s`;
}

/** A power bar's width in percent of the device's load, 0–100. */
export function powerShare(watts: number | null | undefined, total: number | null | undefined): number {
  if (!watts || !total || total <= 0 || watts <= 0) return 0;
  return Math.max(0, Math.min(100, (watts / total) * 100));
}
