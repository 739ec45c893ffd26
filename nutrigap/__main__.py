from nutrigap.launcher import main

raise SystemExit(main())
