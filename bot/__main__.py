"""`python -m bot`: the command-line entry point."""

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
