"""The command line interface (no Textual import: it must start fast)."""
