"""Allow ``python -m tripplan``."""

from tripplan.cli.main import main

raise SystemExit(main())
