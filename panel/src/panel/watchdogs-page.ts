// The Watchdogs page: every watchdog of every NETIO device, live from netio/subscribe. Watchdogs
// are config subentries, so they are added, changed and removed with Home Assistant's own
// subentry dialogs on the integration's page (the same flow and validation).
import { LitElement, css, html, nothing } from "lit";
import { navigate, type HomeAssistant } from "../common/hass";
import { localizer } from "../common/i18n";
import type { NetioDevice } from "./types";

export class NetioWatchdogsPage extends LitElement {
  declare hass: HomeAssistant;
  declare devices: NetioDevice[];

  static override properties = {
    hass: { attribute: false },
    devices: { attribute: false },
  };

  constructor() {
    super();
    this.devices = [];
  }

  override render() {
    const t = localizer(this.hass?.language);
    const rows = this.devices.flatMap((device) =>
      (device.watchdogs ?? []).map((watchdog) => ({ device, watchdog })),
    );
    const when = (iso: string | null) =>
      iso ? new Date(iso).toLocaleString(this.hass.language) : t("watchdogs.never");
    return html`<section class="card">
      <h2>${t("watchdogs.tab")}</h2>
      <p class="help">${t("watchdogs.intro")}</p>
      <a
        class="manage"
        href="/config/integrations/integration/netio"
        @click=${(ev: Event) => {
          ev.preventDefault();
          navigate("/config/integrations/integration/netio");
        }}
        >${t("watchdogs.manage")}</a
      >
      ${rows.length
        ? html`<div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>${t("output.name")}</th>
                  <th>${t("watchdogs.device")}</th>
                  <th>${t("watchdogs.output")}</th>
                  <th>${t("watchdogs.target")}</th>
                  <th>${t("watchdogs.state")}</th>
                  <th class="num">${t("watchdogs.restarts")}</th>
                  <th>${t("watchdogs.last_restart")}</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(({ device, watchdog }) => {
                  const output = device.outputs.find((o) => o.id === watchdog.output_id);
                  return html`<tr data-watchdog=${watchdog.subentry_id}>
                    <td>${watchdog.name}</td>
                    <td>${device.name ?? device.title}</td>
                    <td>${output?.name ?? watchdog.output_id}</td>
                    <td>${watchdog.method.toUpperCase()} ${watchdog.target}</td>
                    <td>
                      <span class="chip ${watchdog.problem ? "bad" : "good"}"
                        >${watchdog.problem ? t("watchdogs.problem") : t("watchdogs.ok")}</span
                      >
                      ${watchdog.enabled ? watchdog.state : html`<s>${t("watchdogs.enabled")}</s>`}
                      ${watchdog.pauses.length ? html`<span class="help">(${watchdog.pauses.join(", ")})</span>` : nothing}
                    </td>
                    <td class="num">${watchdog.restarts}</td>
                    <td>${when(watchdog.last_restart)}</td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
        : html`<p class="help empty">${t("watchdogs.none")}</p>`}
      <p class="help hint">${t("watchdogs.hint")}</p>
    </section>`;
  }

  static override styles = css`
    :host {
      display: block;
    }
    .card {
      background: var(--card-background-color, #fff);
      border-radius: var(--ha-card-border-radius, 12px);
      border: 1px solid var(--divider-color, transparent);
      padding: 16px;
      margin-bottom: 16px;
    }
    h2 {
      margin: 0 0 8px;
      font-size: 18px;
      font-weight: 500;
    }
    .help {
      color: var(--secondary-text-color);
    }
    a {
      color: var(--primary-color);
    }
    .table-wrap {
      overflow-x: auto;
      margin-top: 12px;
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
    }
    .num {
      text-align: end;
    }
    .chip {
      border-radius: 10px;
      padding: 1px 8px;
      font-size: 12px;
      margin-inline-end: 6px;
    }
    .chip.good {
      color: var(--success-color, #43a047);
      background: rgba(var(--rgb-success-color, 67, 160, 71), 0.15);
    }
    .chip.bad {
      color: var(--error-color, #db4437);
      background: rgba(var(--rgb-error-color, 219, 68, 55), 0.12);
    }
  `;
}

if (!customElements.get("netio-watchdogs-page")) {
  customElements.define("netio-watchdogs-page", NetioWatchdogsPage);
}
