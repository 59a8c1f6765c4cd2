import { afterEach, describe, expect, it } from "vitest";
import "../src/panel/netio-panel";
import type { NetioPanel } from "../src/panel/netio-panel";
import type { NetioWatchdog } from "../src/panel/types";
import { device, fakeHass, settle, shadow } from "./fake-hass";

const WATCHDOG: NetioWatchdog = {
  subentry_id: "w1",
  name: "Router watch",
  output_id: 2,
  method: "tcp",
  target: "192.0.2.1",
  enabled: true,
  state: "watching",
  problem: false,
  restarts: 0,
  last_restart: null,
  pauses: [],
};

async function mount(path: string) {
  const hass = fakeHass();
  const panel = document.createElement("netio-panel") as NetioPanel;
  panel.hass = hass;
  panel.route = { prefix: "/netio", path };
  document.body.append(panel);
  await settle(panel);
  return { hass, panel };
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("watchdogs", () => {
  it("lists every device's watchdogs live and links to where they are managed", async () => {
    const { hass, panel } = await mount("/watchdogs");
    hass.push({ devices: [device({ watchdogs: [WATCHDOG] })] });
    await settle(panel);
    const page = shadow(panel).querySelector("netio-watchdogs-page")!;
    await settle(page as HTMLElement);
    const row = shadow(page).querySelector('tr[data-watchdog="w1"]')!;
    expect(row.textContent).toContain("Router watch");
    expect(row.textContent).toContain("Router");
    expect(row.textContent).toContain("TCP 192.0.2.1");
    expect(row.textContent).toContain("never");
    expect(shadow(page).querySelector("a.manage")?.getAttribute("href")).toBe("/config/integrations/integration/netio");

    hass.push({ device: device({ watchdogs: [{ ...WATCHDOG, problem: true, restarts: 1, last_restart: "2026-12-01T10:00:00+00:00" }] }) });
    await settle(panel);
    await settle(page as HTMLElement);
    expect(shadow(page).querySelector('tr[data-watchdog="w1"] .chip')?.textContent).toBe("Problem");
    expect(shadow(page).querySelector('tr[data-watchdog="w1"] .num')?.textContent).toBe("1");
  });

  it("says when there is none, and the device page shows an output's watchdog", async () => {
    const { hass, panel } = await mount("/watchdogs");
    hass.push({ devices: [device()] });
    await settle(panel);
    const page = shadow(panel).querySelector("netio-watchdogs-page")!;
    await settle(page as HTMLElement);
    expect(shadow(page).querySelector(".empty")?.textContent).toContain("No watchdog");

    const other = await mount("/device/e1");
    other.hass.push({ devices: [device({ watchdogs: [WATCHDOG] })] });
    await settle(other.panel);
    expect(shadow(other.panel).querySelector('tr[data-output="2"] td.watchdog')?.textContent).toContain(
      "Router watch: watching",
    );
    expect(shadow(other.panel).querySelector('tr[data-output="1"] td.watchdog')?.textContent?.trim()).toBe("");
  });
});
