import sys

from bot.dev.cli import main

sys.exit(main())
