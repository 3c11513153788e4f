"""``python -m form4``: the same as the ``form4`` command."""

from form4.cli import main

main()
