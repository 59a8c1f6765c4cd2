import { afterEach, describe, expect, it, vi } from "vitest";
import "../src/panel/netio-panel";
import type { NetioPanel } from "../src/panel/netio-panel";
import type { ImportResult } from "../src/panel/rules-page";
import { device, fakeHass, settle, shadow } from "./fake-hass";

const PREVIEW: ImportResult = {
  valid: true,
  mode: "preview",
  created: false,
  rules: [
    { rule: "Lamp", outcome: "translated", automation_id: "netio_1_lamp", warnings: [], untranslatable: [] },
    { rule: "Cloud", outcome: "partial", automation_id: "netio_1_cloud", warnings: ["w1"], untranslatable: ["CLOUD/OUTPUT/2/ALARM"] },
  ],
  problems: [],
  yaml: "- id: netio_1_lamp\n",
  schedules: { created: [], reused: [] },
};

async function rulesPage(reply: (msg: Record<string, unknown>) => Promise<unknown>) {
  const hass = fakeHass({ callWS: vi.fn(reply) as never });
  const panel = document.createElement("netio-panel") as NetioPanel;
  panel.hass = hass;
  panel.route = { prefix: "/netio", path: "/rules" };
  document.body.append(panel);
  await settle(panel);
  hass.push({ devices: [device()] });
  await settle(panel);
  const page = shadow(panel).querySelector("netio-rules-page") as HTMLElement & { updateComplete: Promise<unknown> };
  return { hass, page, root: shadow(page) };
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("rules page", () => {
  it("previews pasted JSON through netio.import_rules, then creates and links the automations", async () => {
    const calls: Record<string, unknown>[] = [];
    const { page, root } = await rulesPage(async (msg) => {
      calls.push(msg);
      const mode = (msg.service_data as { mode: string }).mode;
      return { response: mode === "create" ? { ...PREVIEW, mode, created: true } : PREVIEW };
    });
    const create = root.querySelector<HTMLButtonElement>("button.create")!;
    expect(root.querySelector<HTMLButtonElement>("button.preview")!.disabled).toBe(true);
    expect(create.disabled).toBe(true);
    const text = root.querySelector("textarea")!;
    text.value = '{"rules": {}}';
    text.dispatchEvent(new Event("input"));
    await settle(page);
    root.querySelector<HTMLButtonElement>("button.preview")!.click();
    await settle(page);
    expect(calls[0]).toEqual({
      type: "call_service",
      domain: "netio",
      service: "import_rules",
      service_data: { device_id: "pdu", mode: "preview", rules: '{"rules": {}}' },
      return_response: true,
    });
    expect(root.querySelector("[role=status]")?.textContent).toContain("CLOUD/OUTPUT/2/ALARM");
    expect(root.querySelector("pre")?.textContent).toContain("netio_1_lamp");
    root.querySelector<HTMLButtonElement>("button.create")!.click();
    await settle(page);
    expect((calls[1].service_data as { mode: string }).mode).toBe("create");
    expect(root.textContent).toContain("Created 2 automations.");
    const links = [...root.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(links).toEqual(["/config/automation/edit/netio_1_lamp", "/config/automation/edit/netio_1_cloud"]);
    expect(root.querySelector<HTMLButtonElement>("button.create")!.disabled).toBe(true);
  });

  it("lists the problems of a bad document and creates nothing", async () => {
    const { page, root } = await rulesPage(async () => ({
      response: { valid: false, problems: ["The document is not JSON"], rules: [], automations: [], yaml: "" },
    }));
    const text = root.querySelector("textarea")!;
    text.value = "{nope";
    text.dispatchEvent(new Event("input"));
    await settle(page);
    root.querySelector<HTMLButtonElement>("button.preview")!.click();
    await settle(page);
    expect(root.querySelector("[role=status]")?.textContent).toContain("The document is not JSON");
    expect(root.querySelector<HTMLButtonElement>("button.create")!.disabled).toBe(true);
  });

  it("reads from the device instead of pasted JSON, and shows a refused call", async () => {
    const calls: Record<string, unknown>[] = [];
    const { page, root } = await rulesPage(async (msg) => {
      calls.push(msg);
      throw { code: "service_validation_error", message: "No configuration access" };
    });
    const box = root.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    box.checked = true;
    box.dispatchEvent(new Event("change"));
    await settle(page);
    expect(root.querySelector("textarea")).toBeNull();
    root.querySelector<HTMLButtonElement>("button.preview")!.click();
    await settle(page);
    expect((calls[0].service_data as Record<string, unknown>).from_device).toBe(true);
    expect(root.querySelector("[role=alert]")?.textContent).toBe("No configuration access");
  });
});

describe("imported automations", () => {
  it("lists automations the import made and exports one to NETIO JSON", async () => {
    const calls: Record<string, unknown>[] = [];
    const { hass, page, root } = await rulesPage(async (msg) => {
      calls.push(msg);
      return { response: { json: '{"rules": {"Lamp": {}}}' } };
    });
    expect(root.querySelector(".imported")?.textContent).toContain("No automation was imported");
    (page as unknown as { hass: typeof hass }).hass = {
      ...hass,
      states: {
        "automation.lamp": { entity_id: "automation.lamp", state: "on", attributes: { id: "netio_sn1_lamp", friendly_name: "NETIO Lamp" } },
        "automation.mine": { entity_id: "automation.mine", state: "on", attributes: { id: "123", friendly_name: "Mine" } },
      },
    };
    await settle(page);
    const items = root.querySelectorAll(".automations li");
    expect(items).toHaveLength(1);
    expect(items[0].querySelector("a")?.getAttribute("href")).toBe("/config/automation/edit/netio_sn1_lamp");
    items[0].querySelector<HTMLButtonElement>("button.export")!.click();
    await settle(page);
    expect(calls).toEqual([
      { type: "call_service", domain: "netio", service: "export_rule", service_data: { entity_id: "automation.lamp" }, return_response: true },
    ]);
    expect(root.querySelector("pre.exported")?.textContent).toBe('{"rules": {"Lamp": {}}}');
  });
});
