"""Writers: the Filing back out as ownership XML (``to_xml``), as JSON (``to_json``) and as the
human-readable form (``render``: HTML, text, markdown; ``to_pdf``: a PDF of it, with the ``pdf``
extra)."""

from form4.write.json import to_json
from form4.write.pdf import to_pdf
from form4.write.render import render
from form4.write.xml import to_xml

__all__ = ["render", "to_json", "to_pdf", "to_xml"]
