"""Build the optional compiled row walker (form4.read._walk) when Cython and a C compiler are there.

Everything else is configured in pyproject.toml. Without a compiler the package installs as pure
Python and reads the same filings, more slowly.
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
            )
        ],
        compiler_directives={"language_level": "3"},
        quiet=True,
    )

setup(ext_modules=extensions)
