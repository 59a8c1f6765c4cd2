// What netio/subscribe pushes (custom_components/netio/websocket_api.py: device_payload).

export interface NetioOutput {
  id: number;
  name: string;
  state: boolean | null;
  power_w: number | null;
  current_a: number | null;
  energy_wh: number | null;
  pulse_ms: number | null;
  critical: boolean;
  device_id: string | null;
  entity_id: string | null;
  power_entity_id: string | null;
}

export interface NetioWatchdog {
  subentry_id: string;
  name: string;
  output_id: number;
  method: string;
  target: string;
  enabled: boolean;
  state: string;
  problem: boolean;
  restarts: number;
  last_restart: string | null;
  pauses: string[];
}

export interface NetioDevice {
  entry_id: string;
  title: string;
  entry_state: string;
  available: boolean;
  host: string | null;
  port: number | null;
  poll_interval_s: number;
  read_only: boolean;
  critical_outputs: number[];
  device_id: string | null;
  outputs: NetioOutput[];
  name?: string;
  model?: string | null;
  serial?: string | null;
  mac?: string | null;
  firmware?: string | null;
  protocol?: string | null;
  configuration_url?: string | null;
  voltage_v?: number | null;
  total_power_w?: number | null;
  total_energy_wh?: number | null;
  total_power_entity_id?: string | null;
  total_energy_entity_id?: string | null;
  watchdogs?: NetioWatchdog[];
}

export type NetioEvent = { devices: NetioDevice[] } | { device: NetioDevice };

/** Apply one pushed event to the list the panel shows. */
export function applyEvent(devices: NetioDevice[] | undefined, event: NetioEvent): NetioDevice[] {
  if ("devices" in event) return event.devices;
  const list = devices ?? [];
  const index = list.findIndex((d) => d.entry_id === event.device.entry_id);
  if (index === -1) return [...list, event.device];
  const next = [...list];
  next[index] = event.device;
  return next;
}

export const MIN_POLL_S = 1;
export const MAX_POLL_S = 3600;
