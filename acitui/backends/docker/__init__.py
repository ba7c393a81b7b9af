"""The local Docker engine as a backend (docker-py; streams in their own threads).

Importing this package loads no SDK: the engine client comes with ``.backend``.
"""
