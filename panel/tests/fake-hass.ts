// A small stand-in for Home Assistant's `hass` object: records service and websocket calls,
// and lets a test push subscription events.
import { vi } from "vitest";
import type { HomeAssistant } from "../src/common/hass";
import type { NetioDevice, NetioEvent } from "../src/panel/types";

export interface FakeHass extends HomeAssistant {
  push(event: NetioEvent): void;
  serviceCalls: { domain: string; service: string; data?: Record<string, unknown>; target?: Record<string, unknown> }[];
  wsCalls: Record<string, unknown>[];
}

export function fakeHass(overrides: Partial<HomeAssistant> = {}): FakeHass {
  let listener: ((event: NetioEvent) => void) | undefined;
  const hass: FakeHass = {
    language: "en",
    states: {},
    entities: {},
    devices: {},
    user: { id: "u", name: "Admin", is_admin: true },
    serviceCalls: [],
    wsCalls: [],
    connection: {
      subscribeMessage: vi.fn(async (callback: (event: never) => void) => {
        listener = callback as unknown as (event: NetioEvent) => void;
        return () => {
          listener = undefined;
        };
      }) as unknown as HomeAssistant["connection"]["subscribeMessage"],
    },
    callService: vi.fn(async (domain: string, service: string, data?: Record<string, unknown>, target?: Record<string, unknown>) => {
      hass.serviceCalls.push({ domain, service, data, target });
      return undefined;
    }),
    callWS: vi.fn(async (message: Record<string, unknown>) => {
      hass.wsCalls.push(message);
      return {} as never;
    }) as unknown as HomeAssistant["callWS"],
    push(event) {
      listener?.(event);
    },
    ...overrides,
  };
  return hass;
}

export function device(overrides: Partial<NetioDevice> = {}): NetioDevice {
  return {
    entry_id: "e1",
    title: "Office",
    entry_state: "loaded",
    available: true,
    host: "127.0.0.1",
    port: 8080,
    poll_interval_s: 10,
    read_only: false,
    critical_outputs: [2],
    device_id: "pdu",
    name: "Office",
    model: "NETIO 4All",
    protocol: "json",
    firmware: "3.4.0",
    total_power_w: 52,
    total_energy_wh: 13028,
    outputs: [
      { id: 1, name: "NAS", state: true, power_w: 40, current_a: 0.2, energy_wh: 12345, pulse_ms: 5000, critical: false, device_id: "d1", entity_id: "switch.nas", power_entity_id: "sensor.nas_power" },
      { id: 2, name: "Router", state: true, power_w: 12, current_a: 0.1, energy_wh: 678, pulse_ms: 2000, critical: true, device_id: "d2", entity_id: "switch.router", power_entity_id: null },
    ],
    ...overrides,
  };
}

export async function settle(el: HTMLElement & { updateComplete?: Promise<unknown> }): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
  }
}

export function shadow(el: Element): ShadowRoot {
  return el.shadowRoot as ShadowRoot;
}
