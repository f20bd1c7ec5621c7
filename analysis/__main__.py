import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while the command starts: the same one line as later
    print("confnotes: interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
