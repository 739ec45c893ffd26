"""Entry point of the PyInstaller bundle: the same as the ``nutrigap`` command."""

import multiprocessing
import sys

from nutrigap.launcher import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a no-op unless a library starts worker processes in the frozen app
    sys.exit(main())
