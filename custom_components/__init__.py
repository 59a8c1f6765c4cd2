"""Custom integrations of this repository (what HACS installs lives in custom_components/netio)."""
