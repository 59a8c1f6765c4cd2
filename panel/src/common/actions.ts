// Switching goes through Home Assistant's own services only (switch.* and netio.*), so the
// panel and the card act exactly like an automation or the entity's own dialog would.
import type { HomeAssistant } from "./hass";

export interface OutputTarget {
  entityId: string;
  critical: boolean;
  /** The power strip's device ID (for netio.set_outputs) and the output's number on it. */
  deviceId?: string | null;
  outputId?: number;
}

/** Turn an output on or off. A critical output is turned off with the confirmation given. */
export function setOutput(hass: HomeAssistant, target: OutputTarget, on: boolean): Promise<unknown> {
  if (on) return hass.callService("switch", "turn_on", {}, { entity_id: target.entityId });
  if (!target.critical) {
    return hass.callService("switch", "turn_off", {}, { entity_id: target.entityId });
  }
  if (target.deviceId && target.outputId !== undefined) {
    return hass.callService("netio", "set_outputs", {
      device_id: target.deviceId,
      outputs: [{ output: target.outputId, action: "off" }],
      confirm: true,
    });
  }
  // Without the strip's device (not visible to this user): toggle, which is off from on.
  return hass.callService("netio", "toggle", { confirm: true }, { entity_id: target.entityId });
}

/** Power-cycle an output: off for its pulse length, then on (netio.short_off). */
export function powerCycle(hass: HomeAssistant, target: OutputTarget): Promise<unknown> {
  return hass.callService(
    "netio",
    "short_off",
    { confirm: target.critical },
    { entity_id: target.entityId },
  );
}

/** Whether switching to `on` needs the user's confirmation first. */
export function needsConfirmation(target: OutputTarget, on: boolean): boolean {
  return target.critical && !on;
}
