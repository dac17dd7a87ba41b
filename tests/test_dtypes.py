"""Tests for graphscope.dtypes: TF's DType API."""

import builtins
import copy
import pickle

import numpy as np
import pytest

from graphscope import dtypes

ENUMS = {
    "float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6, "string": 7,
    "complex64": 8, "int64": 9, "bool": 10, "uint16": 17, "complex128": 18, "float16": 19,
    "resource": 20, "variant": 21, "uint32": 22, "uint64": 23,
}  # fmt: skip


@pytest.mark.parametrize("name,enum", sorted(ENUMS.items()))
def test_enum_numbers_names_and_refs(name, enum):
    dtype = getattr(dtypes, name)
    ref = getattr(dtypes, name + "_ref")
    assert dtype.name == name and dtype.as_datatype_enum == enum
    assert ref.name == name + "_ref" and ref.as_datatype_enum == enum + 100
    assert ref.base_dtype is dtype and dtype.base_dtype is dtype
    assert dtype._as_ref is ref and ref._as_ref is ref
    assert ref._is_ref_dtype and not dtype._is_ref_dtype
    assert dtypes.as_dtype(enum) is dtype and dtypes.as_dtype(enum + 100) is ref
    assert dtypes.as_dtype(name) is dtype and dtypes.as_dtype(name + "_ref") is ref
    assert dtypes.DType(enum) is dtype


def test_aliases():
    assert dtypes.half is dtypes.float16
    assert dtypes.double is dtypes.float64
    assert dtypes.as_dtype("half") is dtypes.float16
    assert dtypes.as_dtype("float") is dtypes.float32
    assert dtypes.as_dtype("double") is dtypes.float64


def test_repr_and_str():
    assert repr(dtypes.float32) == "tf.float32"
    assert str(dtypes.float32) == "<dtype: 'float32'>"
    assert repr(dtypes.int64_ref) == "tf.int64_ref"
    assert str(dtypes.string) == "<dtype: 'string'>"


@pytest.mark.parametrize(
    "value,expected",
    [
        (np.float32, "float32"), (np.float64, "float64"), (np.float16, "float16"),
        (np.int8, "int8"), (np.int16, "int16"), (np.int32, "int32"), (np.int64, "int64"),
        (np.uint8, "uint8"), (np.uint16, "uint16"), (np.uint32, "uint32"), (np.uint64, "uint64"),
        (np.bool_, "bool"), (np.complex64, "complex64"), (np.complex128, "complex128"),
        (np.str_, "string"), (np.bytes_, "string"), (np.object_, "string"),
        (np.dtype("int64"), "int64"), (np.dtype("float32"), "float32"), (np.dtype(">f4"), "float32"),
        (np.dtype("U5"), "string"), (np.dtype("S3"), "string"), (np.dtype(object), "string"),
        (float, "float32"), (int, "int32"), (builtins.bool, "bool"), (str, "string"),
        (bytes, "string"), (complex, "complex128"),
        (np.zeros(2, np.int16), "int16"), (np.int64(3), "int32"),
    ],
)  # fmt: skip
def test_as_dtype_conversions(value, expected):
    assert dtypes.as_dtype(value) is getattr(dtypes, expected)


def test_as_dtype_passes_dtypes_through():
    assert dtypes.as_dtype(dtypes.float32_ref) is dtypes.float32_ref


@pytest.mark.parametrize("value", ["floaty", 99, None, [1], True, 3.5, object()])
def test_as_dtype_rejects(value):
    with pytest.raises(
        TypeError, match=r"Cannot convert value .* to a TensorFlow DType\."
    ):
        dtypes.as_dtype(value)


def test_as_dtype_error_message_exact():
    with pytest.raises(TypeError) as info:
        dtypes.as_dtype("floaty")
    assert str(info.value) == "Cannot convert value 'floaty' to a TensorFlow DType."


def test_equality_with_convertible_values():
    assert dtypes.float32 == np.float32
    assert dtypes.float32 == "float32"
    assert dtypes.float32 == np.dtype("float32")
    assert dtypes.float32 == 1
    assert dtypes.int32 == int
    assert dtypes.float32 != dtypes.float32_ref
    assert dtypes.float32 != np.float64
    assert (dtypes.float32 == "nonsense") is False
    assert (dtypes.float32 == None) is False
    assert dtypes.float32 != [1, 2]
    assert dtypes.float32 in (dtypes.float64, dtypes.float32)


def test_hash_consistent_with_equality():
    assert hash(dtypes.float32) == hash(dtypes.as_dtype("float32"))
    assert {dtypes.float32: "a"}[dtypes.as_dtype(np.float32)] == "a"
    assert len({dtypes.float32, dtypes.float32_ref, dtypes.as_dtype(1)}) == 2


def test_pickle_and_copy_give_the_singleton():
    for dtype in (dtypes.float32, dtypes.int64_ref, dtypes.string, dtypes.resource):
        assert pickle.loads(pickle.dumps(dtype)) is dtype
        assert copy.copy(dtype) is dtype
        assert copy.deepcopy(dtype) is dtype


def test_as_numpy_dtype():
    assert dtypes.float32.as_numpy_dtype is np.float32
    assert dtypes.float32_ref.as_numpy_dtype is np.float32
    assert dtypes.bool.as_numpy_dtype is np.bool_
    assert dtypes.string.as_numpy_dtype is np.object_
    assert dtypes.complex128.as_numpy_dtype is np.complex128


def test_classification():
    d = dtypes
    assert [x.is_floating for x in (d.float16, d.float32, d.float64_ref, d.int32, d.complex64)] == [
        True, True, True, False, False,
    ]  # fmt: skip
    assert [x.is_integer for x in (d.int8, d.uint64, d.int32_ref, d.bool, d.float32)] == [
        True, True, True, False, False,
    ]  # fmt: skip
    assert d.uint8.is_unsigned and d.uint64.is_unsigned
    assert (
        not d.int8.is_unsigned and not d.bool.is_unsigned and not d.float32.is_unsigned
    )
    assert not d.string.is_unsigned
    assert d.bool.is_bool and d.bool_ref.is_bool and not d.int32.is_bool
    assert (
        d.complex64.is_complex
        and d.complex128_ref.is_complex
        and not d.float64.is_complex
    )
    assert not d.float32.is_quantized
    assert d.float32.is_numpy_compatible and d.string.is_numpy_compatible
    assert not d.resource.is_numpy_compatible and not d.variant_ref.is_numpy_compatible
    assert not d.resource.is_floating and not d.variant.is_integer


def test_real_dtype():
    assert dtypes.complex64.real_dtype is dtypes.float32
    assert dtypes.complex128.real_dtype is dtypes.float64
    assert dtypes.int32.real_dtype is dtypes.int32


def test_size():
    assert dtypes.float32.size == 4
    assert dtypes.float64_ref.size == 8
    assert dtypes.int8.size == 1
    assert dtypes.complex128.size == 16
    assert dtypes.bool.size == 1
    assert dtypes.resource.size == 1


def test_min_max():
    assert dtypes.int8.min == -128 and dtypes.int8.max == 127
    assert dtypes.uint8.min == 0 and dtypes.uint8.max == 255
    assert dtypes.int64.max == 2**63 - 1
    assert dtypes.float32.max == np.finfo(np.float32).max
    assert dtypes.float64.min == np.finfo(np.float64).min
    assert dtypes.int32_ref.min == -(2**31)
    for dtype in (
        dtypes.bool,
        dtypes.string,
        dtypes.complex64,
        dtypes.resource,
        dtypes.variant,
    ):
        with pytest.raises(TypeError, match="Cannot find minimum value of"):
            _ = dtype.min
        with pytest.raises(TypeError, match="Cannot find maximum value of"):
            _ = dtype.max
    with pytest.raises(TypeError) as info:
        _ = dtypes.bool.min
    assert str(info.value) == "Cannot find minimum value of <dtype: 'bool'>."


def test_limits():
    assert dtypes.uint8.limits() == (0, 255)
    assert dtypes.int8.limits(clip_negative=False) == (-128, 127)
    assert dtypes.int8.limits() == (0, 127)
    assert dtypes.float32.limits(clip_negative=False) == (-1, 1)
    assert dtypes.bool.limits() == (0, True)
    with pytest.raises(TypeError):
        dtypes.string.limits()


def test_is_compatible_with_ref_rule():
    assert dtypes.float32.is_compatible_with(dtypes.float32)
    assert dtypes.float32.is_compatible_with(dtypes.float32_ref)
    assert not dtypes.float32_ref.is_compatible_with(dtypes.float32)
    assert dtypes.float32_ref.is_compatible_with(dtypes.float32_ref)
    assert dtypes.float32.is_compatible_with(np.float32)
    assert dtypes.float32.is_compatible_with("float32_ref")
    assert not dtypes.float32.is_compatible_with(dtypes.float64)
    with pytest.raises(TypeError):
        dtypes.float32.is_compatible_with("nonsense")
