// The Rules page: a NETIO rule document → preview → automations, through the admin-only action
// netio.import_rules (its response says what each rule becomes; nothing is written on preview).
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { errorMessage, navigate, type HomeAssistant } from "../common/hass";
import { localizer } from "../common/i18n";
import { switchStyles } from "../common/styles";
import type { NetioDevice } from "./types";

export interface RuleOutcome {
  rule: string;
  outcome: string;
  automation_id: string | null;
  blueprint?: string | null;
  warnings: string[];
  untranslatable: string[];
}

export interface ImportResult {
  valid: boolean;
  mode?: string;
  created?: boolean;
  rules: RuleOutcome[];
  problems: string[];
  yaml: string;
  schedules?: { created: string[]; reused: string[] };
}

export class NetioRulesPage extends LitElement {
  declare hass: HomeAssistant;
  declare devices: NetioDevice[];
  declare private _deviceId: string;
  declare private _json: string;
  declare private _fromDevice: boolean;
  declare private _busy: boolean;
  declare private _result: ImportResult | undefined;
  declare private _error: string | undefined;
  declare private _exported: { name: string; json: string } | undefined;

  static override properties = {
    hass: { attribute: false },
    devices: { attribute: false },
    _deviceId: { state: true },
    _json: { state: true },
    _fromDevice: { state: true },
    _busy: { state: true },
    _result: { state: true },
    _error: { state: true },
    _exported: { state: true },
  };

  constructor() {
    super();
    this.devices = [];
    this._deviceId = "";
    this._json = "";
    this._fromDevice = false;
    this._busy = false;
  }

  private get _strips(): NetioDevice[] {
    return this.devices.filter((d) => d.device_id && d.entry_state === "loaded");
  }

  private async _run(mode: "preview" | "create"): Promise<void> {
    const deviceId = this._deviceId || this._strips[0]?.device_id;
    if (!deviceId) return;
    const data: Record<string, unknown> = { device_id: deviceId, mode };
    if (this._fromDevice) data.from_device = true;
    else data.rules = this._json;
    this._busy = true;
    this._error = undefined;
    if (mode === "preview") this._result = undefined;
    try {
      const reply = await this.hass.callWS<{ response: ImportResult }>({
        type: "call_service",
        domain: "netio",
        service: "import_rules",
        service_data: data,
        return_response: true,
      });
      this._result = reply.response;
    } catch (err) {
      this._error = errorMessage(err);
    } finally {
      this._busy = false;
    }
  }

  /** Automations the import made: their IDs start with `netio_` (rules/model.py: id_prefix). */
  private get _imported(): { entityId: string; id: string; name: string }[] {
    return Object.values(this.hass?.states ?? {})
      .filter((s) => s.entity_id.startsWith("automation.") && String(s.attributes.id ?? "").startsWith("netio_"))
      .map((s) => ({
        entityId: s.entity_id,
        id: String(s.attributes.id),
        name: String(s.attributes.friendly_name ?? s.entity_id),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private async _export(item: { entityId: string; name: string }): Promise<void> {
    this._error = undefined;
    try {
      const reply = await this.hass.callWS<{ response: { json: string } }>({
        type: "call_service",
        domain: "netio",
        service: "export_rule",
        service_data: { entity_id: item.entityId },
        return_response: true,
      });
      this._exported = { name: item.name, json: reply.response.json };
    } catch (err) {
      this._error = errorMessage(err);
    }
  }

  private _renderImported(): TemplateResult {
    const t = localizer(this.hass.language);
    const imported = this._imported;
    return html`<section class="card imported">
      <h2>${t("rules.imported")}</h2>
      ${imported.length
        ? html`<ul class="automations">
            ${imported.map(
              (item) => html`<li>
                <a
                  href="/config/automation/edit/${item.id}"
                  @click=${(ev: Event) => {
                    ev.preventDefault();
                    navigate(`/config/automation/edit/${item.id}`);
                  }}
                  >${item.name}</a
                >
                <button class="text-button export" @click=${() => this._export(item)}>${t("rules.export")}</button>
              </li>`,
            )}
          </ul>`
        : html`<p class="help">${t("rules.no_imported")}</p>`}
      ${this._exported
        ? html`<p>${t("rules.exported", { name: this._exported.name })}</p>
            <pre class="exported">${this._exported.json}</pre>`
        : nothing}
    </section>`;
  }

  override render() {
    const t = localizer(this.hass?.language);
    const strips = this._strips;
    const ready = this._fromDevice || this._json.trim().length > 0;
    return html`
      <section class="card">
        <h2>${t("rules.tab")}</h2>
        <p class="help">${t("rules.intro")}</p>
        <label for="strip">${t("rules.device")}</label>
        <select
          id="strip"
          @change=${(ev: Event) => {
            this._deviceId = (ev.target as HTMLSelectElement).value;
            this._result = undefined;
          }}
        >
          ${strips.map(
            (d) => html`<option value=${d.device_id as string} ?selected=${d.device_id === this._deviceId}>
              ${d.name ?? d.title}
            </option>`,
          )}
        </select>
        <label class="check">
          <input
            type="checkbox"
            .checked=${this._fromDevice}
            @change=${(ev: Event) => {
              this._fromDevice = (ev.target as HTMLInputElement).checked;
              this._result = undefined;
            }}
          />
          ${t("rules.from_device")}
        </label>
        ${this._fromDevice
          ? nothing
          : html`<label for="json">${t("rules.json")}</label>
              <textarea
                id="json"
                rows="8"
                spellcheck="false"
                .value=${this._json}
                @input=${(ev: Event) => {
                  this._json = (ev.target as HTMLTextAreaElement).value;
                  this._result = undefined;
                }}
              ></textarea>`}
        <div class="buttons">
          <button class="text-button preview" ?disabled=${!ready || this._busy || !strips.length} @click=${() => this._run("preview")}>
            ${t("rules.preview")}
          </button>
          <button
            class="text-button create"
            ?disabled=${this._busy || !this._result?.valid || this._result.created || !this._result.rules.some((r) => r.automation_id)}
            @click=${() => this._run("create")}
          >
            ${t("rules.create")}
          </button>
        </div>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      </section>
      ${this._result ? this._renderResult(this._result) : nothing} ${this._renderImported()}
    `;
  }

  private _renderResult(result: ImportResult): TemplateResult {
    const t = localizer(this.hass.language);
    if (!result.valid) {
      return html`<section class="card result" role="status">
        <p class="error">${t("rules.invalid")}</p>
        <ul>${result.problems.map((p) => html`<li>${p}</li>`)}</ul>
      </section>`;
    }
    const created = result.created === true;
    return html`<section class="card result" role="status">
      ${created
        ? html`<p class="ok">${t("rules.created", { count: result.rules.filter((r) => r.automation_id).length })}</p>`
        : nothing}
      ${created && result.schedules?.created.length
        ? html`<p>${t("rules.schedules_created", { names: result.schedules.created.join(", ") })}</p>`
        : nothing}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>${t("rules.rule")}</th>
              <th>${t("rules.outcome")}</th>
              <th>${t("rules.warnings")}</th>
              <th>${t("rules.untranslatable")}</th>
              ${created ? html`<th>${t("rules.automation")}</th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${result.rules.map(
              (rule) => html`<tr>
                <td>${rule.rule}</td>
                <td>${rule.outcome}</td>
                <td>${rule.warnings.length ? html`<ul>${rule.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : t("rules.none")}</td>
                <td>
                  ${rule.untranslatable.length
                    ? html`<ul>${rule.untranslatable.map((w) => html`<li>${w}</li>`)}</ul>`
                    : t("rules.none")}
                </td>
                ${created
                  ? html`<td>
                      ${rule.automation_id
                        ? html`<a
                            href="/config/automation/edit/${rule.automation_id}"
                            @click=${(ev: Event) => {
                              ev.preventDefault();
                              navigate(`/config/automation/edit/${rule.automation_id}`);
                            }}
                            >${t("rules.open")}</a
                          >`
                        : t("rules.none")}
                    </td>`
                  : nothing}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${!created && result.yaml
        ? html`<details>
            <summary>${t("rules.yaml")}</summary>
            <pre>${result.yaml}</pre>
          </details>`
        : nothing}
    </section>`;
  }

  static override styles = [
    switchStyles,
    css`
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
      label {
        display: block;
        margin: 12px 0 4px;
      }
      label.check {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      select,
      textarea {
        font: inherit;
        width: 100%;
        box-sizing: border-box;
        padding: 8px;
        border-radius: 6px;
        border: 1px solid var(--divider-color);
        background: var(--secondary-background-color, transparent);
        color: var(--primary-text-color);
      }
      textarea {
        font-family: var(--ha-font-family-code, monospace);
      }
      .buttons {
        display: flex;
        gap: 8px;
        margin-top: 12px;
      }
      .ok {
        color: var(--success-color, #43a047);
      }
      .table-wrap {
        overflow-x: auto;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: start;
        vertical-align: top;
        padding: 8px 10px;
        border-bottom: 1px solid var(--divider-color);
      }
      th {
        color: var(--secondary-text-color);
        font-weight: 500;
      }
      ul {
        margin: 0;
        padding-inline-start: 18px;
      }
      pre {
        overflow-x: auto;
        background: var(--secondary-background-color, transparent);
        padding: 8px;
        border-radius: 6px;
      }
      a {
        color: var(--primary-color);
      }
      ul.automations {
        list-style: none;
        padding: 0;
      }
      ul.automations li {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
        padding: 6px 0;
        border-bottom: 1px solid var(--divider-color);
      }
    `,
  ];
}

if (!customElements.get("netio-rules-page")) customElements.define("netio-rules-page", NetioRulesPage);
