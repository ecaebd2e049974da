"""Start the exhibit: `python main.py --help` lists the options and commands."""

import sys

from kiosk.cli import main

if __name__ == "__main__":
    sys.exit(main())
