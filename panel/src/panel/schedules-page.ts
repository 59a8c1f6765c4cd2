// The Schedules page: the weekly schedule helpers NETIO rules follow ("NETIO <name>", created by
// the rule import), as a week grid. Read with Home Assistant's own schedule/list command.
import { LitElement, css, html, nothing } from "lit";
import { errorMessage, showMoreInfo, type HomeAssistant } from "../common/hass";
import { localizer } from "../common/i18n";

export const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export const HELPER_PREFIX = "NETIO ";

interface Block {
  from: string;
  to: string;
}

export type ScheduleItem = { id: string; name: string } & Partial<Record<(typeof DAYS)[number], Block[]>>;

/** Minutes since midnight of "HH:MM[:SS]" ("24:00:00" is the end of the day). */
export function minutes(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return h * 60 + (m || 0);
}

export class NetioSchedulesPage extends LitElement {
  declare hass: HomeAssistant;
  declare private _items: ScheduleItem[] | undefined;
  declare private _error: string | undefined;
  private _loading = false;

  static override properties = {
    hass: { attribute: false },
    _items: { state: true },
    _error: { state: true },
  };

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load();
  }

  private async _load(): Promise<void> {
    if (this._loading || !this.hass) return;
    this._loading = true;
    try {
      const items = await this.hass.callWS<ScheduleItem[]>({ type: "schedule/list" });
      this._items = items.filter((item) => item.name.startsWith(HELPER_PREFIX));
    } catch (err) {
      // Without any schedule helper Home Assistant has not loaded the schedule integration.
      if ((err as { code?: string })?.code === "unknown_command") this._items = [];
      else this._error = errorMessage(err);
    } finally {
      this._loading = false;
    }
  }

  private _entityId(item: ScheduleItem): string | undefined {
    return Object.values(this.hass.states).find(
      (s) => s.entity_id.startsWith("schedule.") && s.attributes.friendly_name === item.name,
    )?.entity_id;
  }

  override render() {
    const t = localizer(this.hass?.language);
    return html`<section class="card">
      <h2>${t("schedules.tab")}</h2>
      <p class="help">${t("schedules.intro")}</p>
      ${this._error ? html`<p class="error" role="alert">${t("schedules.failed", { error: this._error })}</p>` : nothing}
      ${this._items?.length === 0 ? html`<p class="help empty">${t("schedules.none")}</p>` : nothing}
      ${(this._items ?? []).map((item) => {
        const entityId = this._entityId(item);
        return html`<div class="schedule" data-id=${item.id}>
          <h3>
            ${entityId
              ? html`<button class="link" @click=${() => showMoreInfo(this, entityId)}>${item.name}</button>`
              : item.name}
          </h3>
          <div class="week">
            ${DAYS.map(
              (day) => html`<div class="day">
                <span class="label">${t(`schedules.days.${day}`)}</span>
                <span class="track">
                  ${(item[day] ?? []).map((block) => {
                    const start = minutes(block.from);
                    const end = minutes(block.to);
                    return html`<span
                      class="block"
                      title="${block.from.slice(0, 5)}–${block.to.slice(0, 5)}"
                      style="left:${((start / 1440) * 100).toFixed(2)}%;width:${(((end - start) / 1440) * 100).toFixed(2)}%"
                    ></span>`;
                  })}
                </span>
              </div>`,
            )}
            <div class="day hours" aria-hidden="true">
              <span class="label"></span>
              <span class="scale"><span>0</span><span>6</span><span>12</span><span>18</span><span>24</span></span>
            </div>
          </div>
        </div>`;
      })}
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
    h3 {
      margin: 16px 0 8px;
      font-size: 16px;
      font-weight: 500;
    }
    .help {
      color: var(--secondary-text-color);
    }
    .error {
      color: var(--error-color, #db4437);
    }
    button.link {
      font: inherit;
      background: none;
      border: none;
      padding: 0;
      color: var(--primary-color);
      cursor: pointer;
    }
    .day {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 3px 0;
    }
    .label {
      flex: none;
      width: 32px;
      color: var(--secondary-text-color);
      font-size: 13px;
    }
    .track {
      position: relative;
      flex: 1;
      height: 14px;
      border-radius: 4px;
      background: var(--secondary-background-color, rgba(127, 127, 127, 0.15));
    }
    .block {
      position: absolute;
      top: 0;
      bottom: 0;
      border-radius: 4px;
      background: var(--primary-color);
    }
    .scale {
      flex: 1;
      display: flex;
      justify-content: space-between;
      font-size: 11px;
      color: var(--secondary-text-color);
    }
  `;
}

if (!customElements.get("netio-schedules-page")) {
  customElements.define("netio-schedules-page", NetioSchedulesPage);
}
