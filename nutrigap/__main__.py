from nutrigap.cli import main

raise SystemExit(main())
