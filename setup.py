"""Build the optional compiled extensions when Cython and a C compiler are there: the row walker
(form4.read._walk) and the content encoder of content_digest (form4._digest).

Everything else is configured in pyproject.toml. Without a compiler the package installs as pure
Python and reads (and digests) the same filings, more slowly.
"""

from setuptools import Extension, setup

try:
    import lxml
    from Cython.Build import cythonize
except ImportError:  # no build tools: pure Python
    extensions = []
else:
    extensions = cythonize(
        [
            Extension(
                "form4.read._walk",
                ["src/form4/read/_walk.pyx"],
                include_dirs=lxml.get_include(),
                optional=True,
            ),
            Extension("form4._digest", ["src/form4/_digest.pyx"], optional=True),
        ],
        compiler_directives={"language_level": "3"},
        quiet=True,
    )

setup(ext_modules=extensions)
