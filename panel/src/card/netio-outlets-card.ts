// The dashboard card custom:netio-outlets-card: one NETIO power strip at a glance.
//
// Everything comes from Home Assistant's states and registries and goes through its services,
// so the card works for users who are not administrators (the panel's websocket commands are
// admin only). Tap a tile to switch, hold it (or use its power-cycle button) to power-cycle;
// critical outputs (switch attribute `critical`) ask first.
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { needsConfirmation, powerCycle, setOutput, type OutputTarget } from "../common/actions";
import "../common/confirm";
import type { NetioConfirm } from "../common/confirm";
import { formatEnergy, formatPower, powerShare } from "../common/format";
import { errorMessage, showMoreInfo, type HomeAssistant } from "../common/hass";
import { localizer, type Localize } from "../common/i18n";
import { switchStyles } from "../common/styles";
import "./netio-outlets-card-editor";
import { netioStrips, stripView, type CardConfig, type OutletTile } from "./model";

export const CARD_TYPE = "netio-outlets-card";
const HOLD_MS = 600;
const ENERGY_REFRESH_MS = 60_000;

interface StatisticChange {
  change?: number | null;
}

export class NetioOutletsCard extends LitElement {
  declare hass: HomeAssistant;
  declare private _config: CardConfig | undefined;
  declare private _pending: Map<string, boolean>;
  declare private _error: string | undefined;
  declare private _energyTodayWh: number | null;
  private _energyFetchedAt = 0;
  private _energyEntity?: string;
  private _holdTimer?: number;
  private _held = false;

  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _pending: { state: true },
    _error: { state: true },
    _energyTodayWh: { state: true },
  };

  constructor() {
    super();
    this._pending = new Map();
    this._energyTodayWh = null;
  }

  static getConfigElement(): HTMLElement {
    return document.createElement("netio-outlets-card-editor");
  }

  static getStubConfig(hass: HomeAssistant): CardConfig {
    const first = netioStrips(hass)[0];
    return { type: `custom:${CARD_TYPE}`, ...(first ? { device: first.id } : {}) };
  }

  setConfig(config: CardConfig): void {
    if (!config || typeof config !== "object") throw new Error("Invalid configuration");
    if (config.device !== undefined && typeof config.device !== "string") {
      throw new Error("device must be a device ID");
    }
    this._config = { show_power: true, show_energy: true, ...config };
  }

  getCardSize(): number {
    const tiles = this._config?.device && this.hass ? (stripView(this.hass, this._config.device)?.tiles.length ?? 0) : 0;
    return 1 + Math.ceil(tiles / 2);
  }

  getGridOptions(): Record<string, number> {
    return { columns: 12, min_columns: 6 };
  }

  private get _t(): Localize {
    return localizer(this.hass?.language);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has("hass") || !this.hass || !this._config?.device) return;
    // A pending tile is done once Home Assistant shows the state it was switched to.
    if (this._pending.size) {
      const pending = new Map(this._pending);
      for (const [entityId, on] of pending) {
        const state = this.hass.states[entityId]?.state;
        if ((state === "on") === on && (state === "on" || state === "off")) pending.delete(entityId);
      }
      if (pending.size !== this._pending.size) this._pending = pending;
    }
    this._maybeFetchEnergy();
  }

  private _maybeFetchEnergy(): void {
    if (this._config?.show_energy === false) return;
    const view = stripView(this.hass, this._config?.device ?? "");
    const entity = view?.totalEnergyEntity;
    if (!entity) return;
    const now = Date.now();
    if (entity === this._energyEntity && now - this._energyFetchedAt < ENERGY_REFRESH_MS) return;
    this._energyEntity = entity;
    this._energyFetchedAt = now;
    const unit = String(this.hass.states[entity]?.attributes.unit_of_measurement ?? "Wh");
    this.hass
      .callWS<StatisticChange>({
        type: "recorder/statistic_during_period",
        statistic_id: entity,
        calendar: { period: "day" },
        types: ["change"],
      })
      .then((result) => {
        const change = result?.change;
        this._energyTodayWh =
          change === null || change === undefined ? null : unit === "kWh" ? change * 1000 : change;
      })
      .catch(() => {
        // No recorder (or no statistics yet): the figure shows as unknown.
        this._energyTodayWh = null;
      });
  }

  private get _confirm(): NetioConfirm {
    return this.renderRoot.querySelector("netio-confirm") as NetioConfirm;
  }

  private _target(tile: OutletTile): OutputTarget {
    return {
      entityId: tile.entityId,
      critical: tile.critical,
      deviceId: this._config?.device,
      outputId: tile.outputId,
    };
  }

  private async _toggle(tile: OutletTile): Promise<void> {
    if (!tile.available) return;
    const on = !(this._pending.get(tile.entityId) ?? tile.state);
    const target = this._target(tile);
    const t = this._t;
    if (
      needsConfirmation(target, on) &&
      !(await this._confirm.ask(
        t("confirm.off_title", { name: tile.name }),
        t("confirm.off_text", { name: tile.name }),
        t("confirm.off"),
        t("confirm.cancel"),
      ))
    ) {
      return;
    }
    this._pending = new Map(this._pending).set(tile.entityId, on);
    this._error = undefined;
    try {
      await setOutput(this.hass, target, on);
    } catch (err) {
      const pending = new Map(this._pending);
      pending.delete(tile.entityId);
      this._pending = pending;
      this._error = errorMessage(err);
    }
  }

  private async _cycle(tile: OutletTile): Promise<void> {
    if (!tile.available) return;
    const t = this._t;
    if (
      tile.critical &&
      !(await this._confirm.ask(
        t("confirm.cycle_title", { name: tile.name }),
        t("confirm.cycle_text_critical", { name: tile.name, seconds: tile.pulseS ?? "—" }),
        t("confirm.cycle"),
        t("confirm.cancel"),
      ))
    ) {
      return;
    }
    this._error = undefined;
    try {
      await powerCycle(this.hass, this._target(tile));
    } catch (err) {
      this._error = errorMessage(err);
    }
  }

  private _pointerDown(tile: OutletTile): void {
    this._held = false;
    window.clearTimeout(this._holdTimer);
    this._holdTimer = window.setTimeout(() => {
      this._held = true;
      void this._cycle(tile);
    }, HOLD_MS);
  }

  private _pointerUp(): void {
    window.clearTimeout(this._holdTimer);
  }

  private _click(tile: OutletTile): void {
    if (this._held) {
      this._held = false;
      return;
    }
    void this._toggle(tile);
  }

  override render() {
    if (!this._config || !this.hass) return nothing;
    const t = this._t;
    if (!this._config.device) return this._frame(html`<p class="message">${t("card.no_device")}</p>`);
    const view = stripView(this.hass, this._config.device);
    if (!view) return this._frame(html`<p class="message">${t("card.device_missing")}</p>`);
    const lang = this.hass.language;
    const showPower = this._config.show_power !== false;
    return this._frame(html`
      <div class="header">
        <h2>${this._config.title || view.name}</h2>
        <div class="totals">
          ${showPower
            ? html`<button
                class="total"
                @click=${() => view.totalPowerEntity && showMoreInfo(this, view.totalPowerEntity)}
              >
                <span class="label">${t("card.total_power")}</span>
                <span class="value">${formatPower(view.totalPowerW, lang)}</span>
              </button>`
            : nothing}
          ${this._config.show_energy !== false && view.totalEnergyEntity
            ? html`<button class="total" @click=${() => showMoreInfo(this, view.totalEnergyEntity as string)}>
                <span class="label">${t("card.energy_today")}</span>
                <span class="value energy-today">${formatEnergy(this._energyTodayWh, lang)}</span>
              </button>`
            : nothing}
        </div>
      </div>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      ${view.tiles.length
        ? html`<div class="tiles" title=${t("card.hold_hint")}>
            ${view.tiles.map((tile) => this._renderTile(tile, view.totalPowerW, showPower))}
          </div>`
        : html`<p class="message">${t("card.no_outputs")}</p>`}
    `);
  }

  private _frame(content: TemplateResult): TemplateResult {
    return html`<div class="card">${content}</div>
      <netio-confirm></netio-confirm>`;
  }

  private _renderTile(tile: OutletTile, totalW: number | null, showPower: boolean): TemplateResult {
    const t = this._t;
    const lang = this.hass.language;
    const state = this._pending.has(tile.entityId) ? (this._pending.get(tile.entityId) as boolean) : tile.state;
    const share = powerShare(tile.powerW, totalW);
    return html`<div class="tile ${state ? "on" : ""} ${tile.available ? "" : "unavailable"}" data-entity=${tile.entityId}>
      <button
        class="main"
        role="switch"
        aria-checked=${state === null ? "mixed" : String(state)}
        aria-busy=${String(this._pending.has(tile.entityId))}
        aria-label=${t("output.switch", { name: tile.name })}
        ?disabled=${!tile.available}
        @pointerdown=${() => this._pointerDown(tile)}
        @pointerup=${() => this._pointerUp()}
        @pointerleave=${() => this._pointerUp()}
        @pointercancel=${() => this._pointerUp()}
        @contextmenu=${(ev: Event) => ev.preventDefault()}
        @click=${() => this._click(tile)}
      >
        <span class="name">${tile.name}${tile.critical ? html`<span class="critical" title=${t("output.critical")}>!</span>` : nothing}</span>
        <span class="state">${state === null ? t("output.unknown") : state ? t("output.on") : t("output.off")}${showPower && tile.powerW !== null ? html` · ${formatPower(tile.powerW, lang)}` : nothing}</span>
        ${showPower ? html`<span class="bar" aria-hidden="true"><span style="width:${share.toFixed(1)}%"></span></span>` : nothing}
      </button>
      <button
        class="cycle"
        aria-label=${t("output.power_cycle_name", { name: tile.name })}
        title=${t("output.power_cycle")}
        ?disabled=${!tile.available}
        @click=${() => this._cycle(tile)}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12,4C14.1,4 16.1,4.8 17.6,6.3C20.7,9.4 20.7,14.5 17.6,17.6C15.8,19.5 13.3,20.2 10.9,19.9L11.4,17.9C13.1,18.1 14.9,17.5 16.2,16.2C18.5,13.9 18.5,10.1 16.2,7.7C15.1,6.6 13.5,6 12,6V10.6L7,5.6L12,0.6V4M6.3,17.6C3.7,15 3.3,11 5.1,7.9L6.6,9.4C5.5,11.6 5.9,14.4 7.8,16.2C8.3,16.7 8.9,17.1 9.6,17.4L9,19.4C8,19 7.1,18.4 6.3,17.6Z" />
        </svg>
      </button>
    </div>`;
  }

  static override styles = [
    switchStyles,
    css`
      :host {
        display: block;
      }
      .card {
        background: var(--ha-card-background, var(--card-background-color, #fff));
        border-radius: var(--ha-card-border-radius, 12px);
        border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--divider-color, #e0e0e0));
        box-shadow: var(--ha-card-box-shadow, none);
        color: var(--primary-text-color);
        padding: 12px;
        box-sizing: border-box;
        height: 100%;
      }
      .header {
        display: flex;
        align-items: flex-start;
        justify-content: space-between;
        gap: 8px;
        flex-wrap: wrap;
        margin-bottom: 10px;
      }
      h2 {
        margin: 0;
        font-size: 18px;
        font-weight: 500;
        line-height: 1.3;
      }
      .totals {
        display: flex;
        gap: 14px;
      }
      button {
        font: inherit;
        color: inherit;
      }
      .total {
        display: flex;
        flex-direction: column;
        align-items: flex-end;
        background: none;
        border: none;
        padding: 0;
        cursor: pointer;
      }
      .label {
        font-size: 12px;
        color: var(--secondary-text-color);
      }
      .value {
        font-size: 16px;
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
        gap: 8px;
      }
      .tile {
        position: relative;
        border-radius: 10px;
        border: 1px solid var(--divider-color, #e0e0e0);
        background: var(--secondary-background-color, transparent);
        min-width: 0;
      }
      .tile.on {
        border-color: var(--state-switch-on-color, var(--primary-color));
        background: rgba(var(--rgb-primary-color, 3, 169, 244), 0.08);
      }
      .tile.unavailable {
        opacity: 0.5;
      }
      .main {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: 4px;
        width: 100%;
        min-height: 72px;
        padding: 10px 38px 10px 10px;
        border: none;
        background: none;
        text-align: start;
        cursor: pointer;
        border-radius: 10px;
        box-sizing: border-box;
        user-select: none;
        -webkit-user-select: none;
        touch-action: manipulation;
      }
      .main:disabled {
        cursor: default;
      }
      .name {
        font-weight: 500;
        max-width: 100%;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .state {
        font-size: 13px;
        color: var(--secondary-text-color);
      }
      .tile.on .state {
        color: var(--primary-text-color);
      }
      .critical {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        width: 16px;
        height: 16px;
        margin-inline-start: 6px;
        border-radius: 50%;
        background: var(--warning-color, #ffa600);
        color: var(--text-primary-color, #fff);
        font-size: 11px;
        font-weight: 700;
        vertical-align: 1px;
      }
      .bar {
        display: block;
        width: 100%;
        height: 4px;
        border-radius: 2px;
        background: var(--divider-color, #e0e0e0);
        overflow: hidden;
      }
      .bar span {
        display: block;
        height: 100%;
        background: var(--primary-color);
        transition: width 0.3s;
      }
      .cycle {
        position: absolute;
        top: 6px;
        inset-inline-end: 4px;
        width: 32px;
        height: 32px;
        border: none;
        border-radius: 50%;
        background: none;
        cursor: pointer;
        color: var(--secondary-text-color);
        display: inline-flex;
        align-items: center;
        justify-content: center;
        padding: 0;
      }
      .cycle svg {
        width: 18px;
        height: 18px;
        fill: currentColor;
      }
      .cycle:disabled {
        cursor: default;
      }
      .message {
        color: var(--secondary-text-color);
        margin: 4px 0;
      }
      .error {
        margin: 0 0 8px;
      }
      @media (max-width: 450px) {
        .tiles {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
      }
    `,
  ];
}

if (!customElements.get(CARD_TYPE)) customElements.define(CARD_TYPE, NetioOutletsCard);

interface CustomCardEntry {
  type: string;
  name: string;
  description: string;
  preview?: boolean;
  documentationURL?: string;
}
const registry = window as unknown as { customCards?: CustomCardEntry[] };
registry.customCards = registry.customCards ?? [];
if (!registry.customCards.some((card) => card.type === CARD_TYPE)) {
  registry.customCards.push({
    type: CARD_TYPE,
    name: "NETIO outlets",
    description: "The outputs of a NETIO power strip: switch, power-cycle, power and energy.",
    preview: true,
    documentationURL: "https://github.com/netio-home-assistant/netio#the-dashboard-card",
  });
}
