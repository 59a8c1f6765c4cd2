// The card's visual editor (getConfigElement): plain form controls, no Home Assistant internals.
import { LitElement, css, html } from "lit";
import type { HomeAssistant } from "../common/hass";
import { localizer } from "../common/i18n";
import { netioStrips, type CardConfig } from "./model";

export class NetioOutletsCardEditor extends LitElement {
  declare hass: HomeAssistant;
  declare private _config: CardConfig | undefined;

  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
  };

  setConfig(config: CardConfig): void {
    this._config = config;
  }

  private _change(change: Partial<CardConfig>): void {
    const config: CardConfig = { ...(this._config as CardConfig), ...change };
    for (const key of Object.keys(change) as (keyof CardConfig)[]) {
      if (config[key] === "" || config[key] === undefined) delete config[key];
    }
    this._config = config;
    this.dispatchEvent(new CustomEvent("config-changed", { detail: { config }, bubbles: true, composed: true }));
  }

  override render() {
    if (!this.hass || !this._config) return html``;
    const t = localizer(this.hass.language);
    const strips = netioStrips(this.hass);
    return html`
      <label for="device">${t("editor.device")}</label>
      ${strips.length
        ? html`<select
            id="device"
            @change=${(ev: Event) => this._change({ device: (ev.target as HTMLSelectElement).value })}
          >
            <option value="" ?selected=${!this._config.device}>${t("editor.choose")}</option>
            ${strips.map(
              (strip) => html`<option value=${strip.id} ?selected=${strip.id === this._config?.device}>${strip.name}</option>`,
            )}
          </select>`
        : html`<p>${t("editor.no_devices")}</p>`}
      <label for="title">${t("editor.title")}</label>
      <input
        id="title"
        type="text"
        .value=${this._config.title ?? ""}
        @change=${(ev: Event) => this._change({ title: (ev.target as HTMLInputElement).value })}
      />
      <label class="check">
        <input
          type="checkbox"
          .checked=${this._config.show_power !== false}
          @change=${(ev: Event) => this._change({ show_power: (ev.target as HTMLInputElement).checked })}
        />
        ${t("editor.show_power")}
      </label>
      <label class="check">
        <input
          type="checkbox"
          .checked=${this._config.show_energy !== false}
          @change=${(ev: Event) => this._change({ show_energy: (ev.target as HTMLInputElement).checked })}
        />
        ${t("editor.show_energy")}
      </label>
    `;
  }

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 4px;
      color: var(--primary-text-color);
    }
    label {
      margin-top: 8px;
      color: var(--secondary-text-color);
    }
    select,
    input[type="text"] {
      font: inherit;
      padding: 8px;
      border-radius: 6px;
      border: 1px solid var(--divider-color);
      background: var(--card-background-color, transparent);
      color: var(--primary-text-color);
    }
    label.check {
      display: flex;
      align-items: center;
      gap: 8px;
      color: var(--primary-text-color);
    }
    input[type="checkbox"] {
      width: 18px;
      height: 18px;
      accent-color: var(--primary-color);
    }
  `;
}

if (!customElements.get("netio-outlets-card-editor")) {
  customElements.define("netio-outlets-card-editor", NetioOutletsCardEditor);
}
