"""`python -m graphkit`: the same command line as `graphkit`."""

from graphkit.cli import main

if __name__ == "__main__":
    main(prog_name="graphkit")
