"""acitui: a keyboard-driven terminal UI for container groups (ACI and local Docker)."""

__version__ = "0.1.0"
