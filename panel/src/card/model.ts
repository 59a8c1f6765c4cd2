// What the card shows, computed from Home Assistant's states and registries only (no NETIO
// websocket command), so it works for every user who can see the entities.
import type { HomeAssistant } from "../common/hass";

export interface CardConfig {
  type: string;
  device?: string;
  title?: string;
  show_power?: boolean;
  show_energy?: boolean;
}

export interface OutletTile {
  entityId: string;
  name: string;
  state: boolean | null;
  available: boolean;
  powerW: number | null;
  critical: boolean;
  pulseS: number | null;
  outputId: number | undefined;
}

export interface StripView {
  name: string;
  tiles: OutletTile[];
  totalPowerW: number | null;
  totalPowerEntity?: string;
  totalEnergyEntity?: string;
}

function numberState(hass: HomeAssistant, entityId: string | undefined): number | null {
  if (!entityId) return null;
  const state = hass.states[entityId];
  if (!state) return null;
  const value = Number(state.state);
  return state.state === "" || Number.isNaN(value) ? null : value;
}

/** Entities of the netio platform on one device, by their translation key. */
function entitiesOf(hass: HomeAssistant, deviceId: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of Object.values(hass.entities ?? {})) {
    if (entry.device_id !== deviceId || entry.platform !== "netio") continue;
    const domain = entry.entity_id.split(".")[0];
    found.set(`${domain}:${entry.translation_key ?? ""}`, entry.entity_id);
  }
  return found;
}

/** NETIO power strips: devices of the netio platform that other (output) devices hang under. */
export function netioStrips(hass: HomeAssistant): { id: string; name: string }[] {
  const netioDevices = new Set(
    Object.values(hass.entities ?? {})
      .filter((e) => e.platform === "netio" && e.device_id)
      .map((e) => e.device_id as string),
  );
  const parents = new Set(
    Object.values(hass.devices ?? {})
      .filter((d) => d.via_device_id && netioDevices.has(d.id))
      .map((d) => d.via_device_id as string),
  );
  return [...parents]
    .filter((id) => hass.devices[id])
    .map((id) => ({ id, name: hass.devices[id].name_by_user || hass.devices[id].name || id }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The card's content for one strip; undefined when the device is not known to this user. */
export function stripView(hass: HomeAssistant, deviceId: string): StripView | undefined {
  const strip = hass.devices?.[deviceId];
  if (!strip) return undefined;
  const own = entitiesOf(hass, deviceId);
  const outputs = Object.values(hass.devices)
    .filter((d) => d.via_device_id === deviceId)
    .map((device) => {
      const entities = entitiesOf(hass, device.id);
      const switchId = entities.get("switch:") ?? entities.get("switch:output");
      return { device, entities, switchId };
    })
    .filter((o) => o.switchId !== undefined);
  const tiles: OutletTile[] = outputs.map(({ device, entities, switchId }) => {
    const state = hass.states[switchId as string];
    const outputId = Number(/_(\d+)$/.exec(device.identifiers?.[0]?.[1] ?? "")?.[1]);
    return {
      entityId: switchId as string,
      name: device.name_by_user || device.name || (state?.attributes.friendly_name as string) || (switchId as string),
      state: !state || state.state === "unavailable" || state.state === "unknown" ? null : state.state === "on",
      available: !!state && state.state !== "unavailable",
      powerW: numberState(hass, entities.get("sensor:power")),
      critical: state?.attributes.critical === true,
      pulseS: numberState(hass, entities.get("sensor:pulse_duration")),
      outputId: Number.isNaN(outputId) ? undefined : outputId,
    };
  });
  tiles.sort((a, b) => (a.outputId ?? 0) - (b.outputId ?? 0) || a.name.localeCompare(b.name));
  const totalPowerEntity = own.get("sensor:total_power");
  const summed = tiles.some((t) => t.powerW !== null)
    ? tiles.reduce((sum, t) => sum + (t.powerW ?? 0), 0)
    : null;
  return {
    name: strip.name_by_user || strip.name || deviceId,
    tiles,
    totalPowerW: numberState(hass, totalPowerEntity) ?? summed,
    totalPowerEntity,
    totalEnergyEntity: own.get("sensor:total_energy"),
  };
}
