import { afterEach, describe, expect, it, vi } from "vitest";
import "../src/card/netio-outlets-card";
import type { NetioOutletsCard } from "../src/card/netio-outlets-card";
import type { NetioOutletsCardEditor } from "../src/card/netio-outlets-card-editor";
import { netioStrips, stripView } from "../src/card/model";
import type { NetioConfirm } from "../src/common/confirm";
import type { HomeAssistant } from "../src/common/hass";
import { fakeHass, settle, shadow, type FakeHass } from "./fake-hass";

/** A power strip with two outputs as Home Assistant's registries and states show it. */
function stripHass(overrides: Partial<HomeAssistant> = {}): FakeHass {
  return fakeHass({
    user: { id: "u", name: "Guest", is_admin: false },
    devices: {
      pdu: { id: "pdu", name: "Office NETIO 4All", identifiers: [["netio", "SN1"]] },
      d1: { id: "d1", name: "NAS", via_device_id: "pdu", identifiers: [["netio", "SN1_1"]] },
      d2: { id: "d2", name: "Router", name_by_user: "Fibre router", via_device_id: "pdu", identifiers: [["netio", "SN1_2"]] },
      other: { id: "other", name: "Lamp" },
    },
    entities: {
      "switch.nas": { entity_id: "switch.nas", device_id: "d1", platform: "netio", translation_key: "output" },
      "sensor.nas_power": { entity_id: "sensor.nas_power", device_id: "d1", platform: "netio", translation_key: "power" },
      "sensor.nas_pulse_duration": { entity_id: "sensor.nas_pulse_duration", device_id: "d1", platform: "netio", translation_key: "pulse_duration" },
      "switch.router": { entity_id: "switch.router", device_id: "d2", platform: "netio", translation_key: "output" },
      "sensor.router_power": { entity_id: "sensor.router_power", device_id: "d2", platform: "netio", translation_key: "power" },
      "sensor.office_total_power": { entity_id: "sensor.office_total_power", device_id: "pdu", platform: "netio", translation_key: "total_power" },
      "sensor.office_total_energy": { entity_id: "sensor.office_total_energy", device_id: "pdu", platform: "netio", translation_key: "total_energy" },
      "light.lamp": { entity_id: "light.lamp", device_id: "other", platform: "hue" },
    },
    states: {
      "switch.nas": { entity_id: "switch.nas", state: "on", attributes: {} },
      "sensor.nas_power": { entity_id: "sensor.nas_power", state: "40", attributes: {} },
      "sensor.nas_pulse_duration": { entity_id: "sensor.nas_pulse_duration", state: "5", attributes: {} },
      "switch.router": { entity_id: "switch.router", state: "on", attributes: { critical: true } },
      "sensor.router_power": { entity_id: "sensor.router_power", state: "10", attributes: {} },
      "sensor.office_total_power": { entity_id: "sensor.office_total_power", state: "50", attributes: {} },
      "sensor.office_total_energy": { entity_id: "sensor.office_total_energy", state: "13.2", attributes: { unit_of_measurement: "kWh" } },
    },
    callWS: vi.fn(async () => ({ change: 0.25 })) as never,
    ...overrides,
  });
}

async function mount(hass: FakeHass, config: Record<string, unknown> = { device: "pdu" }): Promise<NetioOutletsCard> {
  const el = document.createElement("netio-outlets-card") as NetioOutletsCard;
  el.setConfig({ type: "custom:netio-outlets-card", ...config });
  el.hass = hass;
  document.body.append(el);
  await settle(el);
  return el;
}

function answer(el: NetioOutletsCard, ok: boolean): string[] {
  const asked: string[] = [];
  (shadow(el).querySelector("netio-confirm") as NetioConfirm).ask = async (heading: string) => {
    asked.push(heading);
    return ok;
  };
  return asked;
}

afterEach(() => {
  document.body.innerHTML = "";
  vi.useRealTimers();
});

describe("model", () => {
  it("finds NETIO power strips and their outputs from the registries", () => {
    const hass = stripHass();
    expect(netioStrips(hass)).toEqual([{ id: "pdu", name: "Office NETIO 4All" }]);
    const view = stripView(hass, "pdu")!;
    expect(view.tiles.map((t) => [t.name, t.outputId, t.state, t.powerW, t.critical])).toEqual([
      ["NAS", 1, true, 40, false],
      ["Fibre router", 2, true, 10, true],
    ]);
    expect(view.totalPowerW).toBe(50);
    expect(stripView(hass, "nope")).toBeUndefined();
  });
});

describe("netio-outlets-card", () => {
  it("is offered in the card picker with a stub config and an editor", async () => {
    const cards = (window as unknown as { customCards: { type: string; preview: boolean }[] }).customCards;
    expect(cards.find((c) => c.type === "netio-outlets-card")?.preview).toBe(true);
    const Card = customElements.get("netio-outlets-card") as unknown as {
      getStubConfig(hass: HomeAssistant): unknown;
      getConfigElement(): HTMLElement;
    };
    expect(Card.getStubConfig(stripHass())).toEqual({ type: "custom:netio-outlets-card", device: "pdu" });
    expect(Card.getStubConfig(fakeHass())).toEqual({ type: "custom:netio-outlets-card" });
    expect(Card.getConfigElement().tagName).toBe("NETIO-OUTLETS-CARD-EDITOR");
  });

  it("shows tiles with state, power bars scaled to the strip, total power and energy today", async () => {
    const hass = stripHass();
    const el = await mount(hass);
    const text = shadow(el).textContent ?? "";
    expect(text).toContain("Office NETIO 4All");
    expect(text).toContain("50 W");
    expect(text).toContain("250 Wh");
    expect(hass.callWS).toHaveBeenCalledWith({
      type: "recorder/statistic_during_period",
      statistic_id: "sensor.office_total_energy",
      calendar: { period: "day" },
      types: ["change"],
    });
    const bars = [...shadow(el).querySelectorAll<HTMLElement>(".bar span")].map((b) => b.style.width);
    expect(bars).toEqual(["80.0%", "20.0%"]);
    expect(el.getCardSize()).toBe(2);
  });

  it("switches by tap through switch services, for a user who is no administrator", async () => {
    const hass = stripHass();
    const el = await mount(hass);
    const nas = shadow(el).querySelector<HTMLButtonElement>('[data-entity="switch.nas"] button.main')!;
    nas.click();
    await settle(el);
    expect(hass.serviceCalls).toEqual([
      { domain: "switch", service: "turn_off", data: {}, target: { entity_id: "switch.nas" } },
    ]);
    expect(nas.getAttribute("aria-checked")).toBe("false");
    el.hass = { ...hass, states: { ...hass.states, "switch.nas": { entity_id: "switch.nas", state: "off", attributes: {} } } };
    await settle(el);
    expect(nas.getAttribute("aria-busy")).toBe("false");
    expect(hass.wsCalls).toEqual([]);
  });

  it("asks before cutting a critical output, and does nothing when cancelled", async () => {
    const hass = stripHass();
    const el = await mount(hass);
    const router = shadow(el).querySelector<HTMLButtonElement>('[data-entity="switch.router"] button.main')!;
    expect(answer(el, false).length).toBe(0);
    router.click();
    await settle(el);
    expect(hass.serviceCalls).toEqual([]);
    const asked = answer(el, true);
    router.click();
    await settle(el);
    expect(asked).toEqual(["Turn off Fibre router?"]);
    expect(hass.serviceCalls).toEqual([
      {
        domain: "netio",
        service: "set_outputs",
        data: { device_id: "pdu", outputs: [{ output: 2, action: "off" }], confirm: true },
        target: undefined,
      },
    ]);
  });

  it("power-cycles on hold (critical: after confirming) and not also switches", async () => {
    const hass = stripHass();
    const el = await mount(hass);
    vi.useFakeTimers();
    const nas = shadow(el).querySelector<HTMLButtonElement>('[data-entity="switch.nas"] button.main')!;
    nas.dispatchEvent(new Event("pointerdown"));
    await vi.advanceTimersByTimeAsync(700);
    nas.dispatchEvent(new Event("pointerup"));
    nas.click();
    await vi.advanceTimersByTimeAsync(10);
    expect(hass.serviceCalls).toEqual([
      { domain: "netio", service: "short_off", data: { confirm: false }, target: { entity_id: "switch.nas" } },
    ]);
    const asked = answer(el, true);
    shadow(el).querySelector<HTMLButtonElement>('[data-entity="switch.router"] button.cycle')!.click();
    await vi.advanceTimersByTimeAsync(10);
    expect(asked).toEqual(["Power-cycle Fibre router?"]);
    expect(hass.serviceCalls[1]).toEqual({
      domain: "netio",
      service: "short_off",
      data: { confirm: true },
      target: { entity_id: "switch.router" },
    });
  });

  it("shows a refused call's message", async () => {
    const hass = stripHass({ callService: (() => Promise.reject({ message: "NAS is in read-only mode" })) as never });
    const el = await mount(hass);
    shadow(el).querySelector<HTMLButtonElement>('[data-entity="switch.nas"] button.main')!.click();
    await settle(el);
    expect(shadow(el).querySelector("[role=alert]")?.textContent).toBe("NAS is in read-only mode");
  });

  it("greys out unavailable outputs and explains a missing device or config", async () => {
    const hass = stripHass();
    hass.states["switch.nas"] = { entity_id: "switch.nas", state: "unavailable", attributes: {} };
    const el = await mount(hass);
    expect(shadow(el).querySelector<HTMLButtonElement>('[data-entity="switch.nas"] button.main')!.disabled).toBe(true);
    expect((await mount(hass, { device: "gone" })).shadowRoot!.textContent).toContain("was not found");
    expect((await mount(hass, {})).shadowRoot!.textContent).toContain("Choose a NETIO power strip");
  });

  it("shows energy today as unknown without a recorder", async () => {
    const hass = stripHass({ callWS: (() => Promise.reject({ code: "unknown_command" })) as never });
    const el = await mount(hass);
    await settle(el);
    expect(shadow(el).querySelector(".energy-today")?.textContent).toBe("—");
  });

  it("rejects a config that is not an object", () => {
    const el = document.createElement("netio-outlets-card") as NetioOutletsCard;
    expect(() => el.setConfig(null as never)).toThrow();
    expect(() => el.setConfig({ type: "x", device: 3 } as never)).toThrow();
  });
});

describe("netio-outlets-card-editor", () => {
  it("offers the strips and reports changes as config-changed", async () => {
    const hass = stripHass({ language: "cs" });
    const el = document.createElement("netio-outlets-card-editor") as NetioOutletsCardEditor;
    el.hass = hass;
    el.setConfig({ type: "custom:netio-outlets-card" });
    document.body.append(el);
    await settle(el);
    expect(shadow(el).textContent).toContain("Napájecí lišta");
    const configs: unknown[] = [];
    el.addEventListener("config-changed", (ev) => configs.push((ev as CustomEvent).detail.config));
    const select = shadow(el).querySelector("select")!;
    select.value = "pdu";
    select.dispatchEvent(new Event("change"));
    const title = shadow(el).querySelector<HTMLInputElement>("#title")!;
    title.value = "Rack";
    title.dispatchEvent(new Event("change"));
    title.value = "";
    title.dispatchEvent(new Event("change"));
    expect(configs).toEqual([
      { type: "custom:netio-outlets-card", device: "pdu" },
      { type: "custom:netio-outlets-card", device: "pdu", title: "Rack" },
      { type: "custom:netio-outlets-card", device: "pdu" },
    ]);
  });
});
