"""Entry point of the frozen app: the same ``jevons`` command as the console script.

The bundle has two executables built from this file (``jevons``, a windowed
program on Windows and macOS, and ``jevons-cli``, a console program); both
accept the whole command line of ``gui.cli``.
"""

import multiprocessing
import sys

from gui.cli import main

if __name__ == "__main__":
    # A frozen program that starts worker processes must let them through here
    # before anything else runs, or each worker would open the app again.
    multiprocessing.freeze_support()
    sys.exit(main())
