"""NETIO rules in Home Assistant.

The translator (rule documents → automations), the exporter (automations → rule documents),
the import and export actions, schedule helpers and the bundled blueprints.
"""
