"""Writers: the Filing back out as ownership XML and as the human-readable form."""

from form4.write.render import render
from form4.write.xml import to_xml

__all__ = ["render", "to_xml"]
