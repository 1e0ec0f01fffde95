"""``python -m reportgen`` is the ``reportgen`` command."""

from reportgen.launch import main

main()
