// The dashboard card custom:netio-outlets-card: one power strip's outputs as tiles.
import { LitElement, css, html } from "lit";
import type { HomeAssistant } from "../common/hass";

export class NetioOutletsCard extends LitElement {
  declare hass: HomeAssistant;

  static override properties = { hass: { attribute: false } };

  setConfig(_config: Record<string, unknown>): void {}

  override render() {
    return html`<div></div>`;
  }

  static override styles = css`
    :host {
      display: block;
    }
  `;
}

if (!customElements.get("netio-outlets-card")) {
  customElements.define("netio-outlets-card", NetioOutletsCard);
}
