"""tripplan: plan work trips that build relationships, in the terminal."""

__version__ = "0.1.0"
