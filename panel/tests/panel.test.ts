import { afterEach, describe, expect, it } from "vitest";
import "../src/panel/netio-panel";
import type { NetioConfirm } from "../src/common/confirm";
import type { NetioPanel } from "../src/panel/netio-panel";
import { applyEvent } from "../src/panel/types";
import { device, fakeHass, settle, shadow, type FakeHass } from "./fake-hass";

async function mount(hass: FakeHass, path = ""): Promise<NetioPanel> {
  const el = document.createElement("netio-panel") as NetioPanel;
  el.hass = hass;
  el.route = { prefix: "/netio", path };
  document.body.append(el);
  await settle(el);
  return el;
}

function confirmWith(el: NetioPanel, answer: boolean): { asked: string[] } {
  const dialog = shadow(el).querySelector("netio-confirm") as NetioConfirm;
  const asked: string[] = [];
  dialog.ask = async (heading: string) => {
    asked.push(heading);
    return answer;
  };
  return { asked };
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("netio-panel", () => {
  it("subscribes once and shows every device live", async () => {
    const hass = fakeHass();
    const el = await mount(hass);
    expect(shadow(el).textContent).toContain("Loading NETIO devices");
    expect(hass.connection.subscribeMessage).toHaveBeenCalledTimes(1);
    hass.push({ devices: [device()] });
    await settle(el);
    const text = shadow(el).textContent ?? "";
    expect(text).toContain("Office");
    expect(text).toContain("NETIO 4All · JSON · FW 3.4.0");
    expect(text).toContain("52 W");
    expect(shadow(el).querySelectorAll(".tile")).toHaveLength(2);
    expect(el.hasAttribute("live")).toBe(true);

    hass.push({ device: device({ total_power_w: 12, available: false }) });
    await settle(el);
    expect(shadow(el).textContent).toContain("12 W");
    expect(shadow(el).textContent).toContain("Unavailable");
    const switches = shadow(el).querySelectorAll<HTMLButtonElement>("button.switch");
    expect([...switches].every((b) => b.disabled)).toBe(true);
  });

  it("says when there is no device, and in the user's language", async () => {
    const hass = fakeHass({ language: "de" });
    const el = await mount(hass);
    hass.push({ devices: [] });
    await settle(el);
    expect(shadow(el).textContent).toContain("Es ist kein NETIO-Gerät eingerichtet");
  });

  it("shows a failed subscription as a message", async () => {
    const hass = fakeHass();
    hass.connection.subscribeMessage = (() => Promise.reject({ code: "unauthorized", message: "Unauthorized" })) as never;
    const el = await mount(hass);
    await settle(el);
    expect(shadow(el).querySelector("[role=alert]")?.textContent).toContain("Unauthorized");
  });

  it("switches a plain output through the switch services, showing the new state at once", async () => {
    const hass = fakeHass();
    const el = await mount(hass);
    hass.push({ devices: [device()] });
    await settle(el);
    const nas = shadow(el).querySelector<HTMLButtonElement>('.tile[data-output="1"] button.switch')!;
    nas.click();
    await settle(el);
    expect(hass.serviceCalls).toEqual([
      { domain: "switch", service: "turn_off", data: {}, target: { entity_id: "switch.nas" } },
    ]);
    expect(nas.getAttribute("aria-checked")).toBe("false");
    expect(nas.getAttribute("aria-busy")).toBe("true");
    const off = device();
    off.outputs[0] = { ...off.outputs[0], state: false };
    hass.push({ device: off });
    await settle(el);
    expect(nas.getAttribute("aria-busy")).toBe("false");
  });

  it("asks before turning off a critical output and sends the confirmation along", async () => {
    const hass = fakeHass();
    const el = await mount(hass);
    hass.push({ devices: [device()] });
    await settle(el);
    const router = shadow(el).querySelector<HTMLButtonElement>('.tile[data-output="2"] button.switch')!;
    const refuse = confirmWith(el, false);
    router.click();
    await settle(el);
    expect(refuse.asked).toEqual(["Turn off Router?"]);
    expect(hass.serviceCalls).toEqual([]);

    confirmWith(el, true);
    router.click();
    await settle(el);
    expect(hass.serviceCalls).toEqual([
      {
        domain: "netio",
        service: "set_outputs",
        data: { device_id: "pdu", outputs: [{ output: 2, action: "off" }], confirm: true },
        target: undefined,
      },
    ]);
  });

  it("power-cycles after the confirmation", async () => {
    const hass = fakeHass();
    const el = await mount(hass);
    hass.push({ devices: [device()] });
    await settle(el);
    const { asked } = confirmWith(el, true);
    shadow(el).querySelector<HTMLButtonElement>('.tile[data-output="2"] button.cycle')!.click();
    await settle(el);
    expect(asked).toEqual(["Power-cycle Router?"]);
    expect(hass.serviceCalls).toEqual([
      { domain: "netio", service: "short_off", data: { confirm: true }, target: { entity_id: "switch.router" } },
    ]);
  });

  it("shows a refused service call and goes back to the device's state", async () => {
    const hass = fakeHass();
    hass.callService = (() => Promise.reject({ code: "home_assistant_error", message: "The device did not take the command" })) as never;
    const el = await mount(hass);
    hass.push({ devices: [device()] });
    await settle(el);
    const nas = shadow(el).querySelector<HTMLButtonElement>('.tile[data-output="1"] button.switch')!;
    nas.click();
    await settle(el);
    expect(shadow(el).querySelector("[role=alert]")?.textContent).toContain("did not take the command");
    expect(nas.getAttribute("aria-checked")).toBe("true");
  });

  it("edits poll interval and critical outputs on the device page", async () => {
    const hass = fakeHass();
    const el = await mount(hass, "/device/e1");
    hass.push({ devices: [device()] });
    await settle(el);
    expect(shadow(el).querySelector("h1")?.textContent).toBe("Office");
    const input = shadow(el).querySelector<HTMLInputElement>("#interval")!;
    expect(input.value).toBe("10");
    input.value = "0";
    input.dispatchEvent(new Event("input"));
    await settle(el);
    shadow(el).querySelector<HTMLButtonElement>("button.save")!.click();
    await settle(el);
    expect(shadow(el).querySelector("[role=status]")?.textContent).toContain("from 1 to 3600");
    expect(hass.wsCalls).toEqual([]);

    input.value = "30";
    input.dispatchEvent(new Event("input"));
    const boxes = shadow(el).querySelectorAll<HTMLInputElement>("input.critical-box");
    boxes[0].checked = true;
    boxes[0].dispatchEvent(new Event("change"));
    await settle(el);
    shadow(el).querySelector<HTMLButtonElement>("button.save")!.click();
    await settle(el);
    expect(hass.wsCalls).toEqual([
      { type: "netio/device/set_options", entry_id: "e1", scan_interval: 30, critical_outputs: [1, 2] },
    ]);
    expect(shadow(el).querySelector("[role=status]")?.textContent).toContain("Saved");
  });

  it("shows the server's translated error when saving fails", async () => {
    const hass = fakeHass();
    hass.callWS = (() => Promise.reject({ code: "not_loaded", message: "Office is not loaded" })) as never;
    const el = await mount(hass, "/device/e1");
    hass.push({ devices: [device()] });
    await settle(el);
    shadow(el).querySelector<HTMLButtonElement>("button.save")!.click();
    await settle(el);
    expect(shadow(el).querySelector("[role=status]")?.textContent).toBe("Office is not loaded");
  });

  it("links to Home Assistant's device pages and navigates between its own pages", async () => {
    const hass = fakeHass();
    const el = await mount(hass, "/device/e1");
    hass.push({ devices: [device()] });
    await settle(el);
    const links = [...shadow(el).querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(links).toContain("/config/devices/device/pdu");
    expect(links).toContain("/config/devices/device/d1");
    let changed = 0;
    window.addEventListener("location-changed", () => changed++, { once: true });
    shadow(el).querySelector<HTMLButtonElement>('button[aria-label="Back to the overview"]')!.click();
    expect(window.location.pathname).toBe("/netio");
    expect(changed).toBe(1);
  });

  it("says so when a device page's entry is gone", async () => {
    const hass = fakeHass();
    const el = await mount(hass, "/device/gone");
    hass.push({ devices: [device()] });
    await settle(el);
    expect(shadow(el).textContent).toContain("not set up (any more)");
  });

  it("unsubscribes when it leaves the page", async () => {
    const hass = fakeHass();
    const el = await mount(hass);
    el.remove();
    await settle(el);
    hass.push({ devices: [device()] });
    expect(el.devices).toBeUndefined();
  });
});

describe("applyEvent", () => {
  it("replaces, updates and appends devices", () => {
    const a = device();
    const b = device({ entry_id: "e2" });
    expect(applyEvent(undefined, { devices: [a] })).toEqual([a]);
    expect(applyEvent([a], { device: b })).toEqual([a, b]);
    const a2 = device({ total_power_w: 1 });
    expect(applyEvent([a, b], { device: a2 })).toEqual([a2, b]);
  });
});

describe("device-side settings", () => {
  it("shows an output's name, delay and power-up on the device and sets them through their entities", async () => {
    const hass = fakeHass({
      entities: {
        "text.nas_name": { entity_id: "text.nas_name", device_id: "d1", platform: "netio", translation_key: "device_name" },
        "number.nas_delay": { entity_id: "number.nas_delay", device_id: "d1", platform: "netio", translation_key: "pulse_delay" },
        "select.nas_power_up": { entity_id: "select.nas_power_up", device_id: "d1", platform: "netio", translation_key: "power_up" },
      },
      states: {
        "text.nas_name": { entity_id: "text.nas_name", state: "NAS", attributes: {} },
        "number.nas_delay": { entity_id: "number.nas_delay", state: "5", attributes: { min: 0.1, max: 3600, step: 0.1 } },
        "select.nas_power_up": { entity_id: "select.nas_power_up", state: "on", attributes: { options: ["on", "off", "last"] } },
      },
      formatEntityState: (_state, option) => `(${option})`,
    });
    const el = await mount(hass, "/device/e1");
    hass.push({ devices: [device()] });
    await settle(el);
    expect(shadow(el).querySelector("thead")?.textContent).toContain("On the device");
    const row = shadow(el).querySelector('tr[data-output="1"]')!;
    const name = row.querySelector<HTMLInputElement>("input.setting-name")!;
    expect(name.value).toBe("NAS");
    name.value = "Storage";
    name.dispatchEvent(new Event("change"));
    const delay = row.querySelector<HTMLInputElement>("input.setting-delay")!;
    expect(delay.value).toBe("5");
    delay.value = "2.5";
    delay.dispatchEvent(new Event("change"));
    const powerUp = row.querySelector<HTMLSelectElement>("select.setting-power-up")!;
    expect([...powerUp.options].map((o) => o.textContent?.trim())).toEqual(["(on)", "(off)", "(last)"]);
    powerUp.value = "last";
    powerUp.dispatchEvent(new Event("change"));
    await settle(el);
    expect(hass.serviceCalls).toEqual([
      { domain: "text", service: "set_value", data: { value: "Storage" }, target: { entity_id: "text.nas_name" } },
      { domain: "number", service: "set_value", data: { value: 2.5 }, target: { entity_id: "number.nas_delay" } },
      { domain: "select", service: "select_option", data: { option: "last" }, target: { entity_id: "select.nas_power_up" } },
    ]);
    // an output without configuration access has an empty cell
    expect(shadow(el).querySelector('tr[data-output="2"] input.setting-name')).toBeNull();
  });

  it("has no device-settings column without configuration access", async () => {
    const hass = fakeHass();
    const el = await mount(hass, "/device/e1");
    hass.push({ devices: [device()] });
    await settle(el);
    expect(shadow(el).querySelector("thead")?.textContent).not.toContain("On the device");
  });
});
