// The parts of Home Assistant's frontend `hass` object the panel and card use. Only public,
// documented members: states, entities/devices registries, services, websocket calls.

export interface HassEntityState {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed?: string;
}

export interface HassEntityRegistryEntry {
  entity_id: string;
  device_id?: string | null;
  platform?: string;
  translation_key?: string | null;
  hidden?: boolean;
}

export interface HassDeviceRegistryEntry {
  id: string;
  name?: string | null;
  name_by_user?: string | null;
  model?: string | null;
  via_device_id?: string | null;
  identifiers?: [string, string][];
}

export interface HassUser {
  id: string;
  name: string;
  is_admin: boolean;
}

export type UnsubscribeFunc = () => Promise<void> | void;

export interface HassConnection {
  subscribeMessage<T>(
    callback: (message: T) => void,
    message: Record<string, unknown>,
  ): Promise<UnsubscribeFunc>;
}

export interface HomeAssistant {
  language: string;
  locale?: { language: string };
  states: Record<string, HassEntityState>;
  entities: Record<string, HassEntityRegistryEntry>;
  devices: Record<string, HassDeviceRegistryEntry>;
  user?: HassUser;
  themes?: { darkMode?: boolean };
  connection: HassConnection;
  callService(
    domain: string,
    service: string,
    data?: Record<string, unknown>,
    target?: Record<string, unknown>,
  ): Promise<unknown>;
  callWS<T>(message: Record<string, unknown>): Promise<T>;
  /** The translated text of an entity's state (Home Assistant 2023.9+). */
  formatEntityState?(stateObj: HassEntityState, state?: string): string;
}

/** Error of a websocket call or service call: Home Assistant's translated message. */
export function errorMessage(err: unknown): string {
  if (err && typeof err === "object" && "message" in err) {
    return String((err as { message: unknown }).message);
  }
  return String(err);
}

/** Let Home Assistant show a path (device page, entity settings) without a page reload. */
export function navigate(path: string): void {
  history.pushState(null, "", path);
  window.dispatchEvent(new CustomEvent("location-changed", { detail: { replace: false } }));
}

/** Open Home Assistant's more-info dialog of an entity. */
export function showMoreInfo(from: HTMLElement, entityId: string): void {
  from.dispatchEvent(
    new CustomEvent("hass-more-info", { detail: { entityId }, bubbles: true, composed: true }),
  );
}
