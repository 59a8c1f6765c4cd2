// The NETIO sidebar panel (admin only): registered by custom_components/netio/panel.py.
import { LitElement, css, html } from "lit";
import type { HomeAssistant } from "../common/hass";
import { localizer } from "../common/i18n";

export class NetioPanel extends LitElement {
  declare hass: HomeAssistant;
  declare narrow: boolean;

  static override properties = {
    hass: { attribute: false },
    narrow: { type: Boolean },
  };

  override render() {
    const t = localizer(this.hass?.language);
    return html`<header>${t("panel.title")}</header>`;
  }

  static override styles = css`
    :host {
      display: block;
      color: var(--primary-text-color);
      background: var(--primary-background-color);
    }
  `;
}

if (!customElements.get("netio-panel")) customElements.define("netio-panel", NetioPanel);
