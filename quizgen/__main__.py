"""`python -m quizgen` and the `quizgen` command: the command line in a process of its own."""

import gc


def run() -> None:
    """Import and run the command line, keeping the cycle collector off the objects that live until the end.

    Importing makes many objects that live as long as the process and next to no garbage cycles, and the
    interpreter's last act is a collection over every object left (15 ms after a 1,000-item build), to free
    memory the system takes back anyway: the collector is paused while importing, and what exists after
    importing and at the end is frozen, so collections skip it. Our files are closed by then; the modules
    are still cleared as usual.
    """
    gc.disable()
    from quizgen.cli import main

    gc.freeze()
    gc.enable()
    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
