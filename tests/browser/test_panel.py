"""The NETIO panel and the outlets card in Chromium, against the demo's Home Assistant."""

from __future__ import annotations

from playwright.sync_api import Locator, expect
import pytest

from .conftest import ADMIN, GUEST, Demo, Opener, Session

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

OFFICE = "netio-4all"
RULE = (
    '{"rules": {"Lamp follows NAS": {"conditions": {"OUTPUTS/1/STATE": "on"},'
    ' "actions": {"OUTPUTS/4/ACTION": 1}}}}'
)


def _office(session: Session) -> Locator:
    return session.page.locator("netio-panel section.device", has_text="Office NETIO 4All")


def _open_panel(session: Session, demo: Demo, path: str = "") -> None:
    session.page.goto(f"{demo.url}/netio{path}")
    session.page.locator("netio-panel[live]").wait_for()


def _preview_create_and_run_a_rule(admin: Session, demo: Demo) -> None:
    """The Rules tab: preview a pasted NETIO rule, create it, see it listed and acting."""
    # the Rules tab previews what a pasted NETIO rule becomes
    admin.page.locator("netio-panel a.tab", has_text="Rules").click()
    rules = admin.page.locator("netio-rules-page")
    rules.locator("select").select_option(label="Office NETIO 4All")
    rules.locator("textarea").fill(RULE)
    rules.locator("button.preview").click()
    expect(rules.locator("[role=status] td").first).to_have_text("Lamp follows NAS")
    expect(rules.locator("button.create")).to_be_enabled()
    # ... and creates it: the automation joins the list of the import's automations
    rules.locator("button.create").click()
    expect(rules.locator("[role=status] .ok")).to_have_text("Created 1 automations.")
    expect(rules.locator("section.imported ul.automations a")).to_have_text(["Lamp follows NAS"])
    # it acts on the device: the NAS (output 1) turning on switches the Desk lamp (output 4) on
    admin.hass(
        "async (hass) => hass.callService('switch', 'turn_off',"
        " {entity_id: ['switch.nas', 'switch.desk_lamp']})"
    )
    demo.wait_for_output(OFFICE, 4, on=False)
    admin.page.wait_for_function(
        "document.querySelector('home-assistant').hass.states['switch.nas'].state === 'off'"
    )
    admin.hass("async (hass) => hass.callService('switch', 'turn_on', {entity_id: 'switch.nas'})")
    demo.wait_for_output(OFFICE, 4, on=True)


def test_panel_switches_power_cycles_and_edits_settings(demo: Demo, chromium: Opener) -> None:
    """Log in, open the panel, switch, make an output critical, power-cycle it, poll faster."""
    admin = chromium(ADMIN)
    page = admin.page
    # the sidebar offers the panel to an administrator
    assert "netio" in admin.hass("async (hass) => Object.keys(hass.panels)")
    expect(page.locator("ha-sidebar").get_by_text("NETIO", exact=True)).to_be_visible()
    _open_panel(admin, demo)

    # switch the Printer (output 3) and see the simulator follow, and the tile with it
    printer = _office(admin).locator('.tile[data-output="3"] button.switch')
    was_on = demo.outputs(OFFICE)[3]["state"]
    printer.click()
    demo.wait_for_output(OFFICE, 3, on=not was_on)
    expect(printer).to_have_attribute("aria-checked", str(not was_on).lower())

    # the device page: make the Router (output 2) critical and poll every 5 s
    _office(admin).locator("h2 a").click()
    page.locator("netio-panel #interval").wait_for()
    page.locator("netio-panel #interval").fill("5")
    page.locator('netio-panel tr[data-output="2"] input.critical-box').check()
    page.locator("netio-panel button.save").click()
    expect(page.locator("netio-panel [role=status]")).to_contain_text("Saved")
    # the options are stored: a fresh page shows them from the server
    _open_panel(admin, demo, page.url.split("/netio", 1)[1])
    expect(page.locator("netio-panel #interval")).to_have_value("5")
    expect(page.locator('netio-panel tr[data-output="2"] input.critical-box')).to_be_checked()

    # back on the overview, turning the critical Router off asks first; cancelling keeps it on
    page.locator('netio-panel button[aria-label="Back to the overview"]').click()
    router = _office(admin).locator('.tile[data-output="2"]')
    expect(router.locator(".critical")).to_have_count(1)
    assert demo.outputs(OFFICE)[2]["state"] is True
    router.locator("button.switch").click()
    dialog = page.locator("netio-panel netio-confirm dialog")
    expect(dialog).to_contain_text("Turn off Router?")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).not_to_be_visible()
    assert demo.outputs(OFFICE)[2]["state"] is True

    # power-cycle it through its confirmation: off on the device, then on again
    router.locator("button.cycle").click()
    expect(dialog).to_contain_text("Power-cycle Router?")
    dialog.get_by_role("button", name="Power cycle").click()
    demo.wait_for_output(OFFICE, 2, on=False)
    demo.wait_for_output(OFFICE, 2, on=True)
    expect(router.locator("button.switch")).to_have_attribute("aria-checked", "true")

    _preview_create_and_run_a_rule(admin, demo)

    # the Watchdogs tab lists the demo's watchdogs (or says there is none) and links to their setup
    page.locator("netio-panel a.tab", has_text="Watchdogs").click()
    expect(page.locator("netio-watchdogs-page a.manage")).to_be_visible()

    # the Schedules tab: no NETIO schedule helper in the demo yet
    page.locator("netio-panel a.tab", has_text="Schedules").click()
    expect(page.locator("netio-schedules-page .empty")).to_contain_text("No NETIO schedule yet")


def test_watchdog_through_home_assistants_subentry_flow(demo: Demo, chromium: Opener) -> None:
    """The Watchdogs tab links to the integration page; its "Add watchdog" adds one we list."""
    admin = chromium(ADMIN)
    page = admin.page
    _open_panel(admin, demo, "/watchdogs")
    page.locator("netio-watchdogs-page a.manage").click()
    page.wait_for_url("**/config/integrations/integration/netio")
    page.get_by_role("button", name="Add watchdog").click()
    # three NETIO devices: Home Assistant asks which one first
    page.locator(
        "dialog-pick-config-entry ha-list-item-button", has_text="Office NETIO 4All"
    ).click()
    flow = page.locator("dialog-data-entry-flow")
    flow.get_by_text("Fill in the form", exact=True).click()
    form = flow.locator("ha-form")
    page.get_by_role("textbox", name="Name").fill("Router check")
    form.locator("ha-select").nth(0).click()
    page.locator("ha-dropdown-item", has_text="2: Router").click()
    form.locator("ha-select").nth(1).click()
    page.locator("ha-dropdown-item", has_text="TCP").click()
    # a TCP check of Home Assistant's own port: it answers, nothing is restarted
    page.get_by_role("textbox", name="Target").fill("127.0.0.1")
    page.get_by_role("spinbutton", name="TCP port").fill(demo.url.rsplit(":", 1)[1])
    flow.get_by_role("button", name="Submit").click()
    expect(flow.get_by_role("button", name="Submit")).to_have_count(0)

    _open_panel(admin, demo, "/watchdogs")
    row = page.locator("netio-watchdogs-page tr[data-watchdog]", has_text="Router check")
    expect(row).to_have_count(1)


def test_card_through_the_picker_and_for_a_non_admin(demo: Demo, chromium: Opener) -> None:
    """An admin adds the card with the card picker; a user who is no admin switches with it."""
    admin = chromium(ADMIN)
    admin.hass(
        """async (hass) => {
          await hass.callWS({type: 'lovelace/dashboards/create', url_path: 'dashboard-outlets',
            title: 'Outlets', mode: 'storage', require_admin: false, show_in_sidebar: true});
          await hass.callWS({type: 'lovelace/config/save', url_path: 'dashboard-outlets',
            config: {views: [{title: 'Home', cards: []}]}});
          const {user} = await hass.callWS({type: 'config/auth/create', name: 'Guest',
            group_ids: ['system-users'], local_only: false});
          await hass.callWS({type: 'config/auth_provider/homeassistant/create',
            user_id: user.id, username: 'guest', password: 'guest-netio'});
        }"""
    )
    page = admin.page
    page.goto(f"{demo.url}/dashboard-outlets/0?edit=1")
    page.get_by_text("Add card").click()
    page.get_by_text("By card").click()
    page.get_by_placeholder("Search").last.fill("NETIO")
    # the picker shows a live preview; its overlay takes the click
    page.get_by_text("NETIO outlets").first.click(force=True)
    editor = page.locator("netio-outlets-card-editor")
    editor.locator("select").select_option(label="Office NETIO 4All")
    expect(page.locator("netio-outlets-card .header h2").last).to_have_text("Office NETIO 4All")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Done").click()
    expect(page.locator("netio-outlets-card .header h2")).to_have_text("Office NETIO 4All")
    # an admin switches from the card
    desk = page.locator('netio-outlets-card [data-entity="switch.desk_lamp"] button.main')
    was_on = demo.outputs(OFFICE)[4]["state"]
    desk.click()
    demo.wait_for_output(OFFICE, 4, on=not was_on)
    expect(desk).to_have_attribute("aria-checked", str(not was_on).lower())

    # a user who is no administrator, on a phone: no panel, but the card works
    guest = chromium(GUEST, width=390)
    panels = guest.hass("async (hass) => Object.keys(hass.panels)")
    assert "netio" not in panels
    assert "lovelace" in panels
    guest.page.goto(f"{demo.url}/dashboard-outlets/0")
    card = guest.page.locator("netio-outlets-card")
    expect(card.locator(".header h2")).to_have_text("Office NETIO 4All")
    _assert_fits(card, 390)
    nas = card.locator('[data-entity="switch.nas"] button.main')
    was_on = demo.outputs(OFFICE)[1]["state"]
    nas.click()
    demo.wait_for_output(OFFICE, 1, on=not was_on)
    expect(nas).to_have_attribute("aria-checked", str(not was_on).lower())


def test_overview_at_phone_width(demo: Demo, chromium: Opener) -> None:
    """At 390 px the overview fits the screen and its switches work."""
    admin = chromium(ADMIN, width=390)
    _open_panel(admin, demo)
    _assert_fits(admin.page.locator("netio-panel main"), 390)
    desk = _office(admin).locator('.tile[data-output="4"] button.switch')
    box = desk.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    was_on = demo.outputs(OFFICE)[4]["state"]
    desk.click()
    demo.wait_for_output(OFFICE, 4, on=not was_on)


def _assert_fits(element: Locator, width: int) -> None:
    """Nothing of the element sticks out sideways or needs horizontal scrolling."""
    box = element.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width
    assert element.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
