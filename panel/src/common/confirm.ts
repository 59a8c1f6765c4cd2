// A confirmation dialog of our own (Home Assistant's ha-dialog is internal and changes without
// notice): a modal <dialog> with Cancel and the action, themed with Home Assistant's variables.
import { LitElement, css, html } from "lit";

export class NetioConfirm extends LitElement {
  declare heading: string;
  declare text: string;
  declare confirmLabel: string;
  declare cancelLabel: string;
  private _resolve?: (ok: boolean) => void;

  static override properties = {
    heading: {},
    text: {},
    confirmLabel: {},
    cancelLabel: {},
  };

  constructor() {
    super();
    this.heading = "";
    this.text = "";
    this.confirmLabel = "OK";
    this.cancelLabel = "Cancel";
  }

  /** Show the dialog; resolves true when the user confirms, false on cancel or Escape. */
  async ask(heading: string, text: string, confirmLabel: string, cancelLabel: string): Promise<boolean> {
    this.heading = heading;
    this.text = text;
    this.confirmLabel = confirmLabel;
    this.cancelLabel = cancelLabel;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector("dialog") as HTMLDialogElement;
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    return new Promise((resolve) => {
      this._resolve = resolve;
    });
  }

  private _close(ok: boolean) {
    const dialog = this.renderRoot.querySelector("dialog") as HTMLDialogElement;
    if (typeof dialog.close === "function") dialog.close();
    else dialog.removeAttribute("open");
    const resolve = this._resolve;
    this._resolve = undefined;
    resolve?.(ok);
  }

  override render() {
    return html`<dialog
      aria-labelledby="heading"
      @cancel=${(ev: Event) => {
        ev.preventDefault();
        this._close(false);
      }}
    >
      <h2 id="heading">${this.heading}</h2>
      <p>${this.text}</p>
      <div class="buttons">
        <button class="cancel" @click=${() => this._close(false)}>${this.cancelLabel}</button>
        <button class="confirm" @click=${() => this._close(true)}>${this.confirmLabel}</button>
      </div>
    </dialog>`;
  }

  static override styles = css`
    dialog {
      border: none;
      border-radius: var(--ha-card-border-radius, 12px);
      background: var(--card-background-color, #fff);
      color: var(--primary-text-color);
      max-width: min(420px, calc(100vw - 32px));
      padding: 20px 24px 16px;
      box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35);
    }
    dialog::backdrop {
      background: rgba(0, 0, 0, 0.4);
    }
    h2 {
      margin: 0 0 8px;
      font-size: 1.25rem;
      font-weight: 500;
    }
    p {
      margin: 0 0 16px;
      color: var(--secondary-text-color);
      line-height: 1.4;
    }
    .buttons {
      display: flex;
      justify-content: flex-end;
      gap: 8px;
    }
    button {
      font: inherit;
      border: none;
      border-radius: 18px;
      padding: 8px 16px;
      cursor: pointer;
      background: transparent;
      color: var(--primary-color);
    }
    button.confirm {
      background: var(--error-color, #db4437);
      color: var(--text-primary-color, #fff);
    }
    button:focus-visible {
      outline: 2px solid var(--primary-color);
      outline-offset: 2px;
    }
  `;
}

if (!customElements.get("netio-confirm")) customElements.define("netio-confirm", NetioConfirm);
