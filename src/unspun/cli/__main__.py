"""`python -m unspun.cli` runs the same command as `unspun`."""

from .main import main

main()
