# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled writer of the bytes ``form4.rows.content_digest`` (form4._content) hashes (optional).

The same encoding as ``form4._content._encode``, byte for byte (``tests/test_rows.py`` checks it over
every test filing), written into one C buffer instead of a list of Python strings: a string's
UTF-8 is copied, a date's ordinal computed from its fields, a flag is one byte. What the model
does not hold (a dataclass met for the first time, a dict with keys other than str, a value of
another type) is asked of the Python functions passed in, so there is one definition of each.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.datetime cimport (
    PyDateTime_GET_DAY,
    PyDateTime_GET_MONTH,
    PyDateTime_GET_YEAR,
    import_datetime,
)
from cpython.object cimport PyObject_Str
from cpython.unicode cimport PyUnicode_AsEncodedString
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memcpy

from datetime import date as _date_type
from decimal import Decimal as _decimal_type

import_datetime()

cdef extern from "Python.h":
    int PyUnicode_IS_ASCII(object)
    void *PyUnicode_DATA(object)
    Py_ssize_t PyUnicode_GET_LENGTH(object)

cdef object Date = _date_type
cdef object Decimal = _decimal_type
cdef object Bool = type(True)
cdef object _UNSEEN = object()
cdef dict _specs = {}  # class -> (prefix as UTF-8, fields getter), or None: not a dataclass

cdef int[13] _DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]


cdef struct Buffer:
    char *data
    Py_ssize_t size
    Py_ssize_t capacity


cdef int _grow(Buffer *out, Py_ssize_t more) except -1:
    cdef Py_ssize_t capacity = out.capacity
    cdef char *data
    while capacity - out.size < more:
        capacity *= 2
    data = <char *>realloc(out.data, capacity)
    if data == NULL:
        raise MemoryError()
    out.data = data
    out.capacity = capacity
    return 0


cdef inline int _put(Buffer *out, const char *text, Py_ssize_t n) except -1:
    if out.capacity - out.size < n:
        _grow(out, n)
    memcpy(out.data + out.size, text, n)
    out.size += n
    return 0


cdef inline int _byte(Buffer *out, char c) except -1:
    if out.size == out.capacity:
        _grow(out, 1)
    out.data[out.size] = c
    out.size += 1
    return 0


cdef int _number(Buffer *out, long long n) except -1:
    """n in decimal, as Python's str(int)."""
    cdef char digits[24]
    cdef int i = 24
    cdef bint negative = n < 0
    cdef unsigned long long u = <unsigned long long>(-n) if negative else <unsigned long long>n
    while True:
        i -= 1
        digits[i] = <char>(48 + u % 10)
        u //= 10
        if u == 0:
            break
    if negative:
        i -= 1
        digits[i] = b'-'
    return _put(out, digits + i, 24 - i)


cdef int _raw(Buffer *out, str text) except -1:
    """A str's UTF-8 (lone surrogates kept, as "surrogatepass" writes them)."""
    cdef bytes encoded
    if PyUnicode_IS_ASCII(text):
        return _put(out, <const char *>PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text))
    encoded = PyUnicode_AsEncodedString(text, "utf-8", "surrogatepass")
    return _put(out, PyBytes_AS_STRING(encoded), PyBytes_GET_SIZE(encoded))


cdef int _string(Buffer *out, str text) except -1:
    """s, the length in code points, :, the UTF-8."""
    _byte(out, b's')
    _number(out, PyUnicode_GET_LENGTH(text))
    _byte(out, b':')
    return _raw(out, text)


cdef long long _ordinal(object day):
    """date.toordinal(): 1 for 0001-01-01."""
    cdef long long year = PyDateTime_GET_YEAR(day)
    cdef int month = PyDateTime_GET_MONTH(day)
    cdef long long y = year - 1
    cdef long long days = y * 365 + y // 4 - y // 100 + y // 400 + _DAYS_BEFORE_MONTH[month]
    if month > 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        days += 1
    return days + PyDateTime_GET_DAY(day)


cdef class Context:
    """The Python functions _encode asks (see content_bytes)."""

    cdef object spec_of, other, dict_keys

    def __init__(self, spec_of, other, dict_keys):
        self.spec_of = spec_of
        self.other = other
        self.dict_keys = dict_keys


cdef int _encode(Buffer *out, object value, Context context) except -1:
    cdef type kind = type(value)
    cdef object spec
    cdef object key
    cdef list keys
    if value is None:
        return _byte(out, b'N')
    if kind is str:
        return _string(out, <str>value)
    if kind is Decimal:
        _byte(out, b'd')
        _raw(out, PyObject_Str(value))
        return _byte(out, b';')
    if kind is Bool:
        return _byte(out, b'T' if value is True else b'F')
    if kind is Date:
        _byte(out, b'D')
        _number(out, _ordinal(value))
        return _byte(out, b';')
    if kind is tuple:
        _byte(out, b'(')
        for item in <tuple>value:
            _encode(out, item, context)
        return _byte(out, b')')
    if kind is dict:
        _byte(out, b'{')
        if <dict>value:
            keys = list(<dict>value)
            for key in keys:
                if type(key) is not str:
                    keys = context.dict_keys(value)
                    break
            else:
                keys.sort()
            for key in keys:
                _encode(out, key, context)
                _encode(out, (<dict>value)[key], context)
        return _byte(out, b'}')
    if kind is int:
        _byte(out, b'i')
        _raw(out, PyObject_Str(value))
        return _byte(out, b';')
    spec = _specs.get(kind, _UNSEEN)
    if spec is _UNSEEN:
        spec = context.spec_of(kind)
        if spec is not None:
            spec = (spec.prefix.encode("utf-8", "surrogatepass"), spec.fields)
        _specs[kind] = spec
    if spec is None:
        return _raw(out, context.other(value))
    _put(out, PyBytes_AS_STRING((<tuple>spec)[0]), PyBytes_GET_SIZE((<tuple>spec)[0]))
    for item in <tuple>((<tuple>spec)[1](value)):
        _encode(out, item, context)
    return _byte(out, b')')


def content_bytes(value, spec_of, other, dict_keys):
    """The encoding of ``value`` (form4._content._encode's), as bytes.

    ``spec_of(cls)`` gives a dataclass's ``prefix`` and ``fields`` getter (None for any other
    class), ``other(value)`` the encoding of a value of a type the model does not hold,
    ``dict_keys(mapping)`` the order of a dict whose keys are not all str.
    """
    cdef Buffer out
    cdef Context context = Context(spec_of, other, dict_keys)
    out.capacity = 8192
    out.size = 0
    out.data = <char *>malloc(out.capacity)
    if out.data == NULL:
        raise MemoryError()
    try:
        _encode(&out, value, context)
        return PyBytes_FromStringAndSize(out.data, out.size)
    finally:
        free(out.data)
