// The NETIO sidebar panel (admin only; registered by custom_components/netio/panel.py).
//
// Data: one websocket subscription (netio/subscribe) pushes every device and each refresh.
// Actions: Home Assistant's services switch outputs (common/actions.ts); the settings the
// options flow edits go through netio/device/set_options. Pages: the overview (/netio) and one
// device (/netio/device/<entry id>).
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { needsConfirmation, powerCycle, setOutput, type OutputTarget } from "../common/actions";
import "../common/confirm";
import type { NetioConfirm } from "../common/confirm";
import { formatEnergy, formatPower, formatSeconds } from "../common/format";
import { errorMessage, navigate, showMoreInfo, type HomeAssistant, type UnsubscribeFunc } from "../common/hass";
import { localizer, type Localize } from "../common/i18n";
import { switchStyles } from "../common/styles";
import "./rules-page";
import "./schedules-page";
import "./watchdogs-page";
import { applyEvent, MAX_POLL_S, MIN_POLL_S, type NetioDevice, type NetioEvent, type NetioOutput } from "./types";

interface Route {
  prefix: string;
  path: string;
}

interface SettingsDraft {
  entryId: string;
  interval: string;
  critical: Set<number>;
}

export class NetioPanel extends LitElement {
  declare hass: HomeAssistant;
  declare narrow: boolean;
  declare route: Route | undefined;
  declare devices: NetioDevice[] | undefined;
  declare private _error: string | undefined;
  declare private _pending: Map<string, boolean>;
  declare private _draft: SettingsDraft | undefined;
  declare private _saving: boolean;
  declare private _saveMessage: { ok: boolean; text: string } | undefined;
  private _unsub?: Promise<UnsubscribeFunc>;

  static override properties = {
    hass: { attribute: false },
    narrow: { type: Boolean },
    route: { attribute: false },
    devices: { attribute: false },
    _error: { state: true },
    _pending: { state: true },
    _draft: { state: true },
    _saving: { state: true },
    _saveMessage: { state: true },
  };

  constructor() {
    super();
    this.narrow = false;
    this._pending = new Map();
    this._saving = false;
  }

  private get _t(): Localize {
    return localizer(this.hass?.language);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hass) this._subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const unsub = this._unsub;
    this._unsub = undefined;
    unsub?.then((f) => f()).catch(() => undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("hass") && this.hass && !this._unsub && this.isConnected) this._subscribe();
  }

  private _subscribe(): void {
    this._unsub = this.hass.connection.subscribeMessage<NetioEvent>(
      (event) => this._onEvent(event),
      { type: "netio/subscribe" },
    );
    this._unsub.catch((err: unknown) => {
      this._unsub = undefined;
      this._error = this._t("panel.subscribe_failed", { error: errorMessage(err) });
    });
  }

  private _onEvent(event: NetioEvent): void {
    this.devices = applyEvent(this.devices, event);
    this._error = undefined;
    // A pending switch is done once the device reports the state it was switched to.
    if (this._pending.size) {
      const pending = new Map(this._pending);
      for (const device of this.devices) {
        for (const output of device.outputs) {
          const key = `${device.entry_id}:${output.id}`;
          if (pending.has(key) && pending.get(key) === output.state) pending.delete(key);
        }
      }
      this._pending = pending;
    }
    this.toggleAttribute("live", true);
  }

  private get _page(): { kind: "overview" | "watchdogs" | "rules" | "schedules" } | { kind: "device"; entryId: string } {
    const path = this.route?.path ?? "";
    const match = /^\/device\/([^/]+)/.exec(path);
    if (match) return { kind: "device", entryId: decodeURIComponent(match[1]) };
    if (path.startsWith("/rules")) return { kind: "rules" };
    if (path.startsWith("/watchdogs")) return { kind: "watchdogs" };
    return { kind: path.startsWith("/schedules") ? "schedules" : "overview" };
  }

  private _tab(kind: "overview" | "watchdogs" | "rules" | "schedules", label: string, current: string): TemplateResult {
    const path = kind === "overview" ? this._prefix() : `${this._prefix()}/${kind}`;
    return html`<a
      class="tab"
      href=${path}
      aria-current=${kind === current ? "page" : "false"}
      @click=${(ev: Event) => {
        ev.preventDefault();
        navigate(path);
      }}
      >${label}</a
    >`;
  }

  private _prefix(): string {
    return this.route?.prefix ?? "/netio";
  }

  // ---- actions ---------------------------------------------------------------------------

  private _target(device: NetioDevice, output: NetioOutput): OutputTarget | undefined {
    if (!output.entity_id) return undefined;
    return {
      entityId: output.entity_id,
      critical: output.critical,
      deviceId: device.device_id,
      outputId: output.id,
    };
  }

  private get _confirm(): NetioConfirm {
    return this.renderRoot.querySelector("netio-confirm") as NetioConfirm;
  }

  private async _switch(device: NetioDevice, output: NetioOutput): Promise<void> {
    const target = this._target(device, output);
    if (!target) return;
    const on = !output.state;
    const t = this._t;
    if (
      needsConfirmation(target, on) &&
      !(await this._confirm.ask(
        t("confirm.off_title", { name: output.name }),
        t("confirm.off_text", { name: output.name }),
        t("confirm.off"),
        t("confirm.cancel"),
      ))
    ) {
      return;
    }
    const key = `${device.entry_id}:${output.id}`;
    this._pending = new Map(this._pending).set(key, on);
    try {
      await setOutput(this.hass, target, on);
    } catch (err) {
      const pending = new Map(this._pending);
      pending.delete(key);
      this._pending = pending;
      this._error = errorMessage(err);
    }
  }

  private async _cycle(device: NetioDevice, output: NetioOutput): Promise<void> {
    const target = this._target(device, output);
    if (!target) return;
    const t = this._t;
    const seconds = output.pulse_ms !== null ? String(output.pulse_ms / 1000) : "—";
    const ok = await this._confirm.ask(
      t("confirm.cycle_title", { name: output.name }),
      t(output.critical ? "confirm.cycle_text_critical" : "confirm.cycle_text", {
        name: output.name,
        seconds,
      }),
      t("confirm.cycle"),
      t("confirm.cancel"),
    );
    if (!ok) return;
    try {
      await powerCycle(this.hass, target);
    } catch (err) {
      this._error = errorMessage(err);
    }
  }

  private _draftFor(device: NetioDevice): SettingsDraft {
    if (this._draft?.entryId === device.entry_id) return this._draft;
    return {
      entryId: device.entry_id,
      interval: String(device.poll_interval_s),
      critical: new Set(device.critical_outputs),
    };
  }

  private _editDraft(device: NetioDevice, change: Partial<SettingsDraft>): void {
    this._draft = { ...this._draftFor(device), ...change };
    this._saveMessage = undefined;
  }

  private async _save(device: NetioDevice): Promise<void> {
    const t = this._t;
    const draft = this._draftFor(device);
    const interval = Number(draft.interval);
    if (!Number.isInteger(interval) || interval < MIN_POLL_S || interval > MAX_POLL_S) {
      this._saveMessage = { ok: false, text: t("device.invalid_interval", { min: MIN_POLL_S, max: MAX_POLL_S }) };
      return;
    }
    const message: Record<string, unknown> = {
      type: "netio/device/set_options",
      entry_id: device.entry_id,
      scan_interval: interval,
    };
    if (device.entry_state === "loaded") message.critical_outputs = [...draft.critical].sort((a, b) => a - b);
    this._saving = true;
    try {
      await this.hass.callWS(message);
      this._draft = undefined;
      this._saveMessage = { ok: true, text: t("device.saved") };
    } catch (err) {
      this._saveMessage = { ok: false, text: errorMessage(err) };
    } finally {
      this._saving = false;
    }
  }

  // ---- rendering -------------------------------------------------------------------------

  override render() {
    const t = this._t;
    const page = this._page;
    const device =
      page.kind === "device" ? this.devices?.find((d) => d.entry_id === page.entryId) : undefined;
    return html`
      <header class="toolbar">
        ${this.narrow
          ? html`<button
              class="icon"
              aria-label=${t("panel.menu")}
              @click=${() => this.dispatchEvent(new Event("hass-toggle-menu", { bubbles: true, composed: true }))}
            >
              <svg viewBox="0 0 24 24"><path d="M3,6H21V8H3V6M3,11H21V13H3V11M3,16H21V18H3V16Z" /></svg>
            </button>`
          : nothing}
        ${page.kind === "device"
          ? html`<button class="icon" aria-label=${t("panel.back")} @click=${() => navigate(this._prefix())}>
              <svg viewBox="0 0 24 24"><path d="M20,11V13H8L13.5,18.5L12.08,19.92L4.16,12L12.08,4.08L13.5,5.5L8,11H20Z" /></svg>
            </button>`
          : nothing}
        <h1>${page.kind === "device" && device ? device.name ?? device.title : t("panel.title")}</h1>
        ${page.kind !== "device"
          ? html`<nav class="tabs">
              ${this._tab("overview", t("panel.overview"), page.kind)} ${this._tab("watchdogs", t("watchdogs.tab"), page.kind)}
              ${this._tab("rules", t("rules.tab"), page.kind)}
              ${this._tab("schedules", t("schedules.tab"), page.kind)}
            </nav>`
          : nothing}
      </header>
      <main>
        ${this._error ? html`<div class="banner error" role="alert">${this._error}</div>` : nothing}
        ${this.devices === undefined
          ? html`<p class="empty">${this._error ? nothing : t("panel.loading")}</p>`
          : page.kind === "overview"
            ? this._renderOverview()
            : page.kind === "rules"
              ? html`<netio-rules-page .hass=${this.hass} .devices=${this.devices}></netio-rules-page>`
              : page.kind === "watchdogs"
                ? html`<netio-watchdogs-page .hass=${this.hass} .devices=${this.devices}></netio-watchdogs-page>`
                : page.kind === "schedules"
                ? html`<netio-schedules-page .hass=${this.hass}></netio-schedules-page>`
              : device
              ? this._renderDevicePage(device)
              : html`<p class="empty">${t("panel.not_found")}</p>`}
      </main>
      <netio-confirm></netio-confirm>
    `;
  }

  private _status(device: NetioDevice): TemplateResult {
    const t = this._t;
    if (device.entry_state !== "loaded") {
      return html`<span class="chip off">${t("device.not_loaded", { state: device.entry_state })}</span>`;
    }
    return device.available
      ? html`<span class="chip on">${t("device.available")}</span>`
      : html`<span class="chip off">${t("device.unavailable")}</span>`;
  }

  private _renderOverview(): TemplateResult {
    const t = this._t;
    const devices = this.devices ?? [];
    if (!devices.length) return html`<p class="empty">${t("panel.no_devices")}</p>`;
    const lang = this.hass.language;
    return html`${devices.map(
      (device) => html`
        <section class="card device" data-entry=${device.entry_id}>
          <div class="device-head">
            <div>
              <h2>
                <a
                  href="${this._prefix()}/device/${device.entry_id}"
                  @click=${(ev: Event) => {
                    ev.preventDefault();
                    navigate(`${this._prefix()}/device/${device.entry_id}`);
                  }}
                  >${device.name ?? device.title}</a
                >
              </h2>
              <div class="meta">
                ${[device.model, device.protocol?.toUpperCase(), device.firmware ? `FW ${device.firmware}` : null]
                  .filter(Boolean)
                  .join(" · ")}
              </div>
            </div>
            <div class="head-right">
              ${this._status(device)}
              <div class="total" title=${t("device.total_power")}>
                <span class="label">${t("device.total_power")}</span>
                <span class="value">${formatPower(device.total_power_w, lang)}</span>
              </div>
            </div>
          </div>
          ${device.read_only ? html`<p class="note">${t("device.read_only")}</p>` : nothing}
          <div class="grid">${device.outputs.map((output) => this._renderTile(device, output))}</div>
        </section>
      `,
    )}`;
  }

  private _shownState(device: NetioDevice, output: NetioOutput): boolean | null {
    const key = `${device.entry_id}:${output.id}`;
    return this._pending.has(key) ? (this._pending.get(key) as boolean) : output.state;
  }

  private _renderSwitch(device: NetioDevice, output: NetioOutput): TemplateResult {
    const t = this._t;
    const state = this._shownState(device, output);
    const pending = this._pending.has(`${device.entry_id}:${output.id}`);
    return html`<button
      class="switch"
      role="switch"
      aria-checked=${state === null ? "mixed" : String(state)}
      aria-busy=${String(pending)}
      aria-label=${t("output.switch", { name: output.name })}
      ?disabled=${!device.available || device.read_only || !output.entity_id}
      @click=${() => this._switch(device, output)}
    ></button>`;
  }

  private _renderCycle(device: NetioDevice, output: NetioOutput): TemplateResult {
    const t = this._t;
    return html`<button
      class="icon small cycle"
      title=${t("output.power_cycle")}
      aria-label=${t("output.power_cycle_name", { name: output.name })}
      ?disabled=${!device.available || device.read_only || !output.entity_id}
      @click=${() => this._cycle(device, output)}
    >
      <svg viewBox="0 0 24 24">
        <path
          d="M12,4C14.1,4 16.1,4.8 17.6,6.3C20.7,9.4 20.7,14.5 17.6,17.6C15.8,19.5 13.3,20.2 10.9,19.9L11.4,17.9C13.1,18.1 14.9,17.5 16.2,16.2C18.5,13.9 18.5,10.1 16.2,7.7C15.1,6.6 13.5,6 12,6V10.6L7,5.6L12,0.6V4M6.3,17.6C3.7,15 3.3,11 5.1,7.9L6.6,9.4C5.5,11.6 5.9,14.4 7.8,16.2C8.3,16.7 8.9,17.1 9.6,17.4L9,19.4C8,19 7.1,18.4 6.3,17.6Z"
        />
      </svg>
    </button>`;
  }

  private _renderTile(device: NetioDevice, output: NetioOutput): TemplateResult {
    const t = this._t;
    const lang = this.hass.language;
    const state = this._shownState(device, output);
    return html`<div class="tile ${state ? "is-on" : ""}" data-output=${output.id}>
      <div class="tile-head">
        <button
          class="name link"
          title=${output.name}
          @click=${() => output.entity_id && showMoreInfo(this, output.entity_id)}
        >
          ${output.name}
        </button>
        ${output.critical ? html`<span class="critical" title=${t("output.critical")}>!</span>` : nothing}
      </div>
      <div class="tile-values">
        <span class="state">${state === null ? t("output.unknown") : state ? t("output.on") : t("output.off")}</span>
        ${output.power_w !== null ? html`<span>${formatPower(output.power_w, lang)}</span>` : nothing}
        ${output.energy_wh !== null ? html`<span class="energy">${formatEnergy(output.energy_wh, lang)}</span>` : nothing}
      </div>
      <div class="tile-actions">${this._renderSwitch(device, output)} ${this._renderCycle(device, output)}</div>
    </div>`;
  }

  /** The output's device-side setting entities (configuration access), by translation key. */
  private _settingEntities(output: NetioOutput): Record<string, string> {
    const found: Record<string, string> = {};
    if (!output.device_id) return found;
    for (const entry of Object.values(this.hass.entities ?? {})) {
      if (entry.device_id !== output.device_id || entry.platform !== "netio") continue;
      const key = entry.translation_key ?? "";
      if (["device_name", "pulse_delay", "power_up"].includes(key)) found[key] = entry.entity_id;
    }
    return found;
  }

  private async _setSetting(domain: string, service: string, entityId: string, data: Record<string, unknown>) {
    try {
      await this.hass.callService(domain, service, data, { entity_id: entityId });
      this._error = undefined;
    } catch (err) {
      this._error = errorMessage(err);
    }
  }

  private _renderSettings(output: NetioOutput): TemplateResult {
    const t = this._t;
    const ids = this._settingEntities(output);
    const state = (id: string | undefined) => (id ? this.hass.states[id] : undefined);
    const name = state(ids.device_name);
    const delay = state(ids.pulse_delay);
    const powerUp = state(ids.power_up);
    return html`<td><div class="settings-cell">
      ${name
        ? html`<input
            class="setting-name"
            aria-label=${`${t("output.setting_name")}: ${output.name}`}
            title=${t("output.setting_name")}
            .value=${name.state}
            ?disabled=${name.state === "unavailable"}
            @change=${(ev: Event) =>
              this._setSetting("text", "set_value", ids.device_name, { value: (ev.target as HTMLInputElement).value })}
          />`
        : nothing}
      ${delay
        ? html`<input
            class="setting-delay"
            type="number"
            aria-label=${`${t("output.setting_delay")}: ${output.name}`}
            title=${t("output.setting_delay")}
            min=${String(delay.attributes.min ?? "")}
            max=${String(delay.attributes.max ?? "")}
            step=${String(delay.attributes.step ?? "any")}
            .value=${delay.state}
            ?disabled=${delay.state === "unavailable"}
            @change=${(ev: Event) =>
              this._setSetting("number", "set_value", ids.pulse_delay, {
                value: Number((ev.target as HTMLInputElement).value),
              })}
          />`
        : nothing}
      ${powerUp
        ? html`<select
            class="setting-power-up"
            aria-label=${`${t("output.setting_power_up")}: ${output.name}`}
            title=${t("output.setting_power_up")}
            ?disabled=${powerUp.state === "unavailable"}
            @change=${(ev: Event) =>
              this._setSetting("select", "select_option", ids.power_up, {
                option: (ev.target as HTMLSelectElement).value,
              })}
          >
            ${((powerUp.attributes.options as string[] | undefined) ?? []).map(
              (option) => html`<option value=${option} ?selected=${option === powerUp.state}>
                ${this.hass.formatEntityState?.(powerUp, option) ?? option}
              </option>`,
            )}
          </select>`
        : nothing}
    </div></td>`;
  }

  private _renderDevicePage(device: NetioDevice): TemplateResult {
    const t = this._t;
    const lang = this.hass.language;
    const draft = this._draftFor(device);
    const loaded = device.entry_state === "loaded";
    const hasSettings = device.outputs.some((o) => Object.keys(this._settingEntities(o)).length > 0);
    const rows: [string, string | null | undefined][] = [
      [t("device.model"), device.model],
      [t("device.protocol"), device.protocol?.toUpperCase()],
      [t("device.firmware"), device.firmware],
      [t("device.serial"), device.serial],
      [t("device.mac"), device.mac],
      [t("device.host"), device.host ? `${device.host}${device.port ? `:${device.port}` : ""}` : null],
      [t("device.total_power"), loaded ? formatPower(device.total_power_w, lang) : null],
      [t("device.energy"), loaded ? formatEnergy(device.total_energy_wh, lang) : null],
    ];
    return html`
      <section class="card">
        <div class="device-head">
          <h2>${t("device.info")}</h2>
          ${this._status(device)}
        </div>
        <dl>
          ${rows
            .filter(([, value]) => value !== null && value !== undefined)
            .map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}
        </dl>
        <div class="links">
          ${device.device_id
            ? html`<a
                href="/config/devices/device/${device.device_id}"
                @click=${(ev: Event) => {
                  ev.preventDefault();
                  navigate(`/config/devices/device/${device.device_id}`);
                }}
                >${t("device.device_page")}</a
              >`
            : nothing}
          ${device.configuration_url
            ? html`<a href=${device.configuration_url} target="_blank" rel="noreferrer">${t("device.web_interface")}</a>`
            : nothing}
        </div>
        ${device.read_only ? html`<p class="note">${t("device.read_only")}</p>` : nothing}
      </section>

      <section class="card settings">
        <h2>${t("device.settings")}</h2>
        <label for="interval">${t("device.poll_interval")}</label>
        <input
          id="interval"
          name="scan_interval"
          type="number"
          inputmode="numeric"
          min=${MIN_POLL_S}
          max=${MAX_POLL_S}
          step="1"
          .value=${draft.interval}
          @input=${(ev: Event) => this._editDraft(device, { interval: (ev.target as HTMLInputElement).value })}
        />
        <p class="help">${t("device.poll_interval_help", { min: MIN_POLL_S, max: MAX_POLL_S })}</p>
        <p class="help">${t("device.critical_help")}</p>
        <div class="save-row">
          <button class="text-button save" ?disabled=${this._saving} @click=${() => this._save(device)}>
            ${t("device.save")}
          </button>
          ${this._saveMessage
            ? html`<span class=${this._saveMessage.ok ? "ok" : "error"} role="status">${this._saveMessage.text}</span>`
            : nothing}
        </div>
      </section>

      <section class="card">
        <h2>${t("device.outputs")}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>${t("output.name")}</th>
                <th>${t("output.state")}</th>
                <th class="num">${t("output.power")}</th>
                <th class="num">${t("output.energy")}</th>
                <th class="num">${t("output.pulse")}</th>
                <th>${t("output.critical")}</th>
                ${device.watchdogs?.length ? html`<th>${t("watchdogs.tab")}</th>` : nothing}
                ${hasSettings ? html`<th>${t("output.device_settings")}</th>` : nothing}
                <th>${t("output.actions")}</th>
              </tr>
            </thead>
            <tbody>
              ${device.outputs.map((output) => {
                const state = this._shownState(device, output);
                return html`<tr data-output=${output.id}>
                  <td>
                    ${output.device_id
                      ? html`<a
                          href="/config/devices/device/${output.device_id}"
                          @click=${(ev: Event) => {
                            ev.preventDefault();
                            navigate(`/config/devices/device/${output.device_id}`);
                          }}
                          >${output.name}</a
                        >`
                      : output.name}
                  </td>
                  <td>${state === null ? t("output.unknown") : state ? t("output.on") : t("output.off")}</td>
                  <td class="num">${formatPower(output.power_w, lang)}</td>
                  <td class="num">${formatEnergy(output.energy_wh, lang)}</td>
                  <td class="num">${formatSeconds(output.pulse_ms, lang)}</td>
                  <td>
                    <input
                      type="checkbox"
                      class="critical-box"
                      aria-label=${`${t("output.critical")}: ${output.name}`}
                      .checked=${draft.critical.has(output.id)}
                      @change=${(ev: Event) => {
                        const critical = new Set(draft.critical);
                        if ((ev.target as HTMLInputElement).checked) critical.add(output.id);
                        else critical.delete(output.id);
                        this._editDraft(device, { critical });
                      }}
                    />
                  </td>
                  ${device.watchdogs?.length
                    ? html`<td class="watchdog">
                        ${device.watchdogs
                          .filter((w) => w.output_id === output.id)
                          .map(
                            (w) => html`<span class=${w.problem ? "error" : ""}
                              >${w.name}: ${w.problem ? t("watchdogs.problem") : w.state}</span
                            >`,
                          )}
                      </td>`
                    : nothing}
                  ${hasSettings ? this._renderSettings(output) : nothing}
                  <td class="actions">${this._renderSwitch(device, output)} ${this._renderCycle(device, output)}</td>
                </tr>`;
              })}
            </tbody>
          </table>
        </div>
      </section>
    `;
  }

  static override styles = [
    switchStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--primary-background-color);
        color: var(--primary-text-color);
        font-family: var(--ha-font-family-body, var(--paper-font-body1_-_font-family, Roboto, sans-serif));
      }
      .toolbar {
        display: flex;
        align-items: center;
        gap: 4px;
        height: var(--header-height, 56px);
        padding: 0 12px;
        box-sizing: border-box;
        background: var(--app-header-background-color, var(--primary-color));
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        border-bottom: var(--app-header-border-bottom, none);
      }
      .toolbar h1 {
        margin: 0 0 0 8px;
        font-size: 20px;
        font-weight: 400;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .tabs {
        display: flex;
        gap: 2px;
        margin-inline-start: auto;
        min-width: 0;
        overflow-x: auto;
        font-size: 14px;
      }
      .tab {
        color: inherit;
        text-decoration: none;
        white-space: nowrap;
        padding: 6px 10px;
        border-radius: 16px;
        opacity: 0.8;
      }
      .tab[aria-current="page"] {
        opacity: 1;
        background: rgba(127, 127, 127, 0.2);
      }
      button.icon {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        width: 40px;
        height: 40px;
        border: none;
        border-radius: 50%;
        background: transparent;
        color: inherit;
        cursor: pointer;
        padding: 0;
      }
      button.icon svg {
        width: 24px;
        height: 24px;
        fill: currentColor;
      }
      button.icon.small {
        width: 32px;
        height: 32px;
        color: var(--secondary-text-color);
      }
      button.icon.small svg {
        width: 20px;
        height: 20px;
      }
      button.icon:disabled {
        opacity: 0.4;
        cursor: default;
      }
      main {
        padding: 16px;
        max-width: 1200px;
        margin: 0 auto;
        box-sizing: border-box;
      }
      .card {
        background: var(--card-background-color, #fff);
        border-radius: var(--ha-card-border-radius, 12px);
        border: 1px solid var(--divider-color, transparent);
        box-shadow: var(--ha-card-box-shadow, none);
        padding: 16px;
        margin-bottom: 16px;
      }
      h2 {
        margin: 0;
        font-size: 18px;
        font-weight: 500;
      }
      h2 a {
        color: var(--primary-text-color);
        text-decoration: none;
      }
      h2 a:hover {
        text-decoration: underline;
      }
      .device-head {
        display: flex;
        justify-content: space-between;
        align-items: flex-start;
        gap: 12px;
        flex-wrap: wrap;
        margin-bottom: 12px;
      }
      .head-right {
        display: flex;
        align-items: center;
        gap: 16px;
      }
      .meta,
      .help,
      .note,
      .label {
        color: var(--secondary-text-color);
        font-size: 14px;
      }
      .total {
        display: flex;
        flex-direction: column;
        align-items: flex-end;
      }
      .total .value {
        font-size: 20px;
      }
      .chip {
        border-radius: 12px;
        padding: 2px 10px;
        font-size: 13px;
        white-space: nowrap;
      }
      .chip.on {
        background: rgba(var(--rgb-success-color, 67, 160, 71), 0.15);
        color: var(--success-color, #43a047);
      }
      .chip.off {
        background: rgba(var(--rgb-error-color, 219, 68, 55), 0.12);
        color: var(--error-color, #db4437);
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
        gap: 8px;
      }
      .tile {
        border: 1px solid var(--divider-color);
        border-radius: 10px;
        padding: 10px;
        display: flex;
        flex-direction: column;
        gap: 6px;
        min-width: 0;
      }
      .tile.is-on {
        border-color: var(--primary-color);
      }
      .tile-head {
        display: flex;
        align-items: center;
        gap: 6px;
        min-width: 0;
      }
      button.link {
        font: inherit;
        font-weight: 500;
        background: none;
        border: none;
        padding: 0;
        color: var(--primary-text-color);
        cursor: pointer;
        text-align: start;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        min-width: 0;
      }
      .critical {
        flex: none;
        display: inline-flex;
        align-items: center;
        justify-content: center;
        width: 18px;
        height: 18px;
        border-radius: 50%;
        background: var(--warning-color, #ffa600);
        color: var(--text-primary-color, #fff);
        font-size: 12px;
        font-weight: 700;
      }
      .tile-values {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 10px;
        font-size: 14px;
        color: var(--secondary-text-color);
      }
      .tile-values .state {
        color: var(--primary-text-color);
      }
      .tile-actions,
      td.actions {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
      }
      td.actions {
        justify-content: flex-start;
      }
      .empty {
        color: var(--secondary-text-color);
        text-align: center;
        padding: 32px 0;
      }
      .banner {
        border-radius: 8px;
        padding: 10px 14px;
        margin-bottom: 16px;
        background: rgba(var(--rgb-error-color, 219, 68, 55), 0.12);
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 6px 16px;
        margin: 0 0 12px;
      }
      dt {
        color: var(--secondary-text-color);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .links {
        display: flex;
        gap: 16px;
        flex-wrap: wrap;
      }
      a {
        color: var(--primary-color);
      }
      .settings label {
        display: block;
        margin: 12px 0 4px;
      }
      .settings input[type="number"] {
        font: inherit;
        width: 120px;
        padding: 6px 8px;
        border-radius: 6px;
        border: 1px solid var(--divider-color);
        background: var(--secondary-background-color, transparent);
        color: var(--primary-text-color);
      }
      .save-row {
        display: flex;
        align-items: center;
        gap: 12px;
        flex-wrap: wrap;
      }
      .ok {
        color: var(--success-color, #43a047);
      }
      .table-wrap {
        overflow-x: auto;
        margin-top: 8px;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: start;
        padding: 8px 10px;
        border-bottom: 1px solid var(--divider-color);
        white-space: nowrap;
      }
      th {
        color: var(--secondary-text-color);
        font-weight: 500;
        font-size: 14px;
      }
      .num {
        text-align: end;
      }
      .settings-cell {
        display: flex;
        gap: 6px;
        align-items: center;
      }
      .settings-cell input,
      .settings-cell select {
        font: inherit;
        padding: 4px 6px;
        border-radius: 6px;
        border: 1px solid var(--divider-color);
        background: var(--secondary-background-color, transparent);
        color: var(--primary-text-color);
      }
      .setting-name {
        width: 120px;
      }
      .setting-delay {
        width: 70px;
      }
      input[type="checkbox"] {
        width: 18px;
        height: 18px;
        accent-color: var(--primary-color);
      }
      @media (max-width: 450px) {
        main {
          padding: 8px;
        }
        .card {
          padding: 12px;
        }
        .grid {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
      }
    `,
  ];
}

if (!customElements.get("netio-panel")) customElements.define("netio-panel", NetioPanel);
