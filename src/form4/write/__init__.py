"""Writers: the Filing back out as ownership XML (and, later, the human-readable form)."""

from form4.write.xml import to_xml

__all__ = ["to_xml"]
