import { afterEach, describe, expect, it } from "vitest";
import "../src/common/confirm";
import type { NetioConfirm } from "../src/common/confirm";
import { formatEnergy, formatPower, formatSeconds, powerShare } from "../src/common/format";
import { settle, shadow } from "./fake-hass";

afterEach(() => {
  document.body.innerHTML = "";
});

async function dialog(): Promise<NetioConfirm> {
  const el = document.createElement("netio-confirm") as NetioConfirm;
  document.body.append(el);
  await settle(el);
  return el;
}

describe("netio-confirm", () => {
  it("resolves true on the action and false on Cancel or Escape", async () => {
    const el = await dialog();
    let answer = el.ask("Turn off Router?", "It is critical.", "Turn off", "Cancel");
    await settle(el);
    expect(shadow(el).querySelector("h2")?.textContent).toBe("Turn off Router?");
    shadow(el).querySelector<HTMLButtonElement>("button.confirm")!.click();
    expect(await answer).toBe(true);

    answer = el.ask("Again?", "", "Yes", "No");
    await settle(el);
    shadow(el).querySelector<HTMLButtonElement>("button.cancel")!.click();
    expect(await answer).toBe(false);

    answer = el.ask("Escape?", "", "Yes", "No");
    await settle(el);
    shadow(el).querySelector("dialog")!.dispatchEvent(new Event("cancel", { cancelable: true }));
    expect(await answer).toBe(false);
  });
});

describe("format", () => {
  it("writes unknown values as a dash and numbers in the user's language", () => {
    expect(formatPower(null, "en")).toBe("—");
    expect(formatPower(2.5, "de")).toBe("2,5 W");
    expect(formatPower(1234, "en")).toBe("1,234 W");
    expect(formatEnergy(undefined, "en")).toBe("—");
    expect(formatEnergy(999, "en")).toBe("999 Wh");
    expect(formatEnergy(12345, "cs")).toBe("12,35 kWh");
    expect(formatSeconds(null, "en")).toBe("—");
    expect(formatSeconds(5000, "en")).toBe("5 s");
    expect(formatSeconds(2500, "en")).toBe("2.5 s");
  });

  it("scales power bars to the strip's total, within 0–100 %", () => {
    expect(powerShare(40, 50)).toBe(80);
    expect(powerShare(60, 50)).toBe(100);
    expect(powerShare(null, 50)).toBe(0);
    expect(powerShare(10, 0)).toBe(0);
    expect(powerShare(-5, 50)).toBe(0);
  });
});
