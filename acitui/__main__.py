from acitui.cli import main

raise SystemExit(main())
