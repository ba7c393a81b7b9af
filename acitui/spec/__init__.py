"""Desired state of a container group: read from ACI YAML or ARM templates, validated,
diffed against a live group, exported back to a file.

Core package: standard library and PyYAML only (no textual, rich, docker or azure).
"""
