// Styles shared by the panel and the card: Home Assistant's theme variables only, so light and
// dark themes (and user themes) apply.
import { css } from "lit";

export const switchStyles = css`
  .switch {
    position: relative;
    flex: none;
    width: 40px;
    height: 22px;
    border-radius: 11px;
    border: none;
    padding: 0;
    cursor: pointer;
    background: var(--switch-unchecked-track-color, var(--disabled-color, #9e9e9e));
    transition: background 0.15s;
  }
  .switch::after {
    content: "";
    position: absolute;
    top: 3px;
    left: 3px;
    width: 16px;
    height: 16px;
    border-radius: 50%;
    background: var(--switch-unchecked-button-color, #fff);
    transition: transform 0.15s;
  }
  .switch[aria-checked="true"] {
    background: var(--switch-checked-track-color, var(--primary-color));
  }
  .switch[aria-checked="true"]::after {
    transform: translateX(18px);
    background: var(--switch-checked-button-color, #fff);
  }
  .switch[aria-checked="mixed"] {
    opacity: 0.6;
  }
  .switch:disabled {
    cursor: default;
    opacity: 0.4;
  }
  .switch:focus-visible,
  button:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  .text-button {
    font: inherit;
    border: 1px solid var(--divider-color);
    border-radius: 16px;
    padding: 4px 12px;
    background: transparent;
    color: var(--primary-color);
    cursor: pointer;
  }
  .text-button:disabled {
    color: var(--disabled-text-color, #9e9e9e);
    cursor: default;
  }
  .error {
    color: var(--error-color, #db4437);
  }
`;
