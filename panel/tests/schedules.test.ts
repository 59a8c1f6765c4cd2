import { afterEach, describe, expect, it, vi } from "vitest";
import "../src/panel/netio-panel";
import type { NetioPanel } from "../src/panel/netio-panel";
import { minutes } from "../src/panel/schedules-page";
import { fakeHass, settle, shadow } from "./fake-hass";

async function schedulesPage(reply: () => Promise<unknown>) {
  const hass = fakeHass({
    callWS: vi.fn(reply) as never,
    states: {
      "schedule.netio_office_hours": {
        entity_id: "schedule.netio_office_hours",
        state: "off",
        attributes: { friendly_name: "NETIO Office hours" },
      },
    },
  });
  const panel = document.createElement("netio-panel") as NetioPanel;
  panel.hass = hass;
  panel.route = { prefix: "/netio", path: "/schedules" };
  document.body.append(panel);
  await settle(panel);
  hass.push({ devices: [] });
  await settle(panel);
  const page = shadow(panel).querySelector("netio-schedules-page") as HTMLElement & { updateComplete: Promise<unknown> };
  await settle(page);
  return { hass, page, root: shadow(page) };
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("schedules page", () => {
  it("shows NETIO schedule helpers as a week grid and leaves other schedules out", async () => {
    const { hass, root } = await schedulesPage(async () => [
      { id: "a", name: "NETIO Office hours", monday: [{ from: "08:00:00", to: "17:30:00" }], friday: [{ from: "08:00:00", to: "24:00:00" }] },
      { id: "b", name: "Garden", monday: [{ from: "06:00:00", to: "07:00:00" }] },
    ]);
    expect(hass.callWS).toHaveBeenCalledWith({ type: "schedule/list" });
    const schedules = root.querySelectorAll(".schedule");
    expect(schedules).toHaveLength(1);
    expect(schedules[0].querySelector("h3")?.textContent?.trim()).toBe("NETIO Office hours");
    const blocks = [...schedules[0].querySelectorAll<HTMLElement>(".block")];
    expect(blocks.map((b) => [b.style.left, b.style.width, b.title])).toEqual([
      ["33.33%", "39.58%", "08:00–17:30"],
      ["33.33%", "66.67%", "08:00–24:00"],
    ]);
    let opened = "";
    document.addEventListener("hass-more-info", (ev) => (opened = (ev as CustomEvent).detail.entityId), { once: true });
    schedules[0].querySelector<HTMLButtonElement>("button.link")!.click();
    expect(opened).toBe("schedule.netio_office_hours");
  });

  it("says there is none while the schedule integration is not loaded", async () => {
    const { root } = await schedulesPage(() => Promise.reject({ code: "unknown_command", message: "Unknown command." }));
    expect(root.querySelector(".empty")?.textContent).toContain("No NETIO schedule yet");
    expect(root.querySelector("[role=alert]")).toBeNull();
  });

  it("shows other errors", async () => {
    const { root } = await schedulesPage(() => Promise.reject({ code: "unauthorized", message: "Unauthorized" }));
    expect(root.querySelector("[role=alert]")?.textContent).toContain("Unauthorized");
  });

  it("reads times as minutes of the day", () => {
    expect(minutes("00:00:00")).toBe(0);
    expect(minutes("17:30")).toBe(1050);
    expect(minutes("24:00:00")).toBe(1440);
  });
});
