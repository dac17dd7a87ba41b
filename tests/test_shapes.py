"""Tests for graphscope.shapes: TF1 Dimension / TensorShape and broadcasting."""

import copy
import pickle

import numpy as np
import pytest

from graphscope.shapes import (
    Dimension,
    TensorShape,
    as_dimension,
    as_shape,
    broadcast_dims,
    broadcast_static_shape,
    dimension_at_index,
    dimension_value,
    scalar,
    unknown_shape,
)

# -- Dimension ----------------------------------------------------------------


def test_dimension_values_and_conversion():
    assert Dimension(3).value == 3
    assert Dimension(None).value is None
    assert Dimension(Dimension(4)).value == 4
    assert Dimension(np.int64(5)).value == 5
    assert Dimension(6.0).value == 6
    assert int(Dimension(3)) == 3
    assert [10, 20, 30][Dimension(1)] == 20  # __index__
    assert as_dimension(7) == Dimension(7)
    d = Dimension(2)
    assert as_dimension(d) is d


def test_dimension_rejects_bad_values():
    with pytest.raises(ValueError, match=r"^Dimension -1 must be >= 0$"):
        Dimension(-1)
    with pytest.raises(TypeError):
        Dimension(2.5)
    with pytest.raises(TypeError):
        Dimension("3")
    with pytest.raises(TypeError):
        int(Dimension(None))
    with pytest.raises(TypeError):
        [1, 2][Dimension(None)]


def test_dimension_repr_str():
    assert repr(Dimension(3)) == "Dimension(3)"
    assert repr(Dimension(None)) == "Dimension(None)"
    assert str(Dimension(3)) == "3"
    assert str(Dimension(None)) == "?"


def test_dimension_equality_is_none_when_unknown():
    assert (Dimension(3) == 3) is True
    assert (Dimension(3) == Dimension(3)) is True
    assert (Dimension(3) == 4) is False
    assert (Dimension(3) != 4) is True
    assert (Dimension(None) == 3) is None
    assert (Dimension(3) == Dimension(None)) is None
    assert (Dimension(None) != 3) is None
    assert (3 == Dimension(3)) is True
    assert (Dimension(3) == "x") is False
    assert hash(Dimension(3)) == hash(3)


def test_dimension_ordering():
    assert (Dimension(2) < 3) is True
    assert (Dimension(2) <= 2) is True
    assert (Dimension(2) > Dimension(3)) is False
    assert (Dimension(3) >= 1) is True
    assert (Dimension(None) < 3) is None
    assert (Dimension(3) >= Dimension(None)) is None
    assert (1 < Dimension(3)) is True


def test_dimension_arithmetic():
    assert Dimension(3) + 2 == 5 and isinstance(Dimension(3) + 2, Dimension)
    assert 2 + Dimension(3) == 5
    assert Dimension(7) - 2 == 5 and 10 - Dimension(3) == 7
    assert Dimension(3) * Dimension(4) == 12 and 2 * Dimension(3) == 6
    assert Dimension(7) // 2 == 3 and 7 // Dimension(2) == 3
    assert Dimension(7) % 3 == 1 and 7 % Dimension(3) == 1
    for result in (
        Dimension(None) + 1, 1 + Dimension(None), Dimension(3) * Dimension(None),
        Dimension(None) // 2, 4 % Dimension(None), Dimension(None) - Dimension(None),
    ):  # fmt: skip
        assert isinstance(result, Dimension) and result.value is None
    with pytest.raises(ValueError, match="must be >= 0"):
        Dimension(2) - 3
    with pytest.raises(TypeError, match="please use // instead"):
        Dimension(4) / 2


def test_dimension_compatibility_and_merge():
    assert Dimension(2).is_compatible_with(2)
    assert Dimension(2).is_compatible_with(None)
    assert Dimension(None).is_compatible_with(Dimension(5))
    assert not Dimension(2).is_compatible_with(3)
    Dimension(None).assert_is_compatible_with(2)
    assert Dimension(None).merge_with(4).value == 4
    assert Dimension(4).merge_with(None).value == 4
    assert Dimension(None).merge_with(None).value is None
    with pytest.raises(ValueError) as info:
        Dimension(2).merge_with(3)
    assert str(info.value) == "Dimensions 2 and 3 are not compatible"
    with pytest.raises(ValueError, match="Dimensions 2 and 3 are not compatible"):
        Dimension(2).assert_is_compatible_with(Dimension(3))


def test_dimension_value_and_pickle():
    assert dimension_value(Dimension(3)) == 3
    assert dimension_value(Dimension(None)) is None
    assert dimension_value(4) == 4 and dimension_value(None) is None
    assert pickle.loads(pickle.dumps(Dimension(3))).value == 3
    assert copy.deepcopy(Dimension(None)).value is None


# -- TensorShape construction and views ----------------------------------------------


def test_construction_stores_int_tuples():
    assert TensorShape([2, None])._dims == (2, None)
    assert TensorShape((2, 3))._dims == (2, 3)
    assert TensorShape([Dimension(2), Dimension(None), np.int32(4)])._dims == (
        2,
        None,
        4,
    )
    assert TensorShape(np.array([4, 5]))._dims == (4, 5)
    assert type(TensorShape(np.array([4, 5]))._dims[0]) is int
    assert TensorShape(None)._dims is None
    assert TensorShape(3)._dims == (3,)  # TF: a single value is a rank-1 shape
    assert TensorShape(TensorShape([1, 2]))._dims == (1, 2)
    assert TensorShape(())._dims == ()
    with pytest.raises(ValueError, match="Dimension -2 must be >= 0"):
        TensorShape([1, -2])
    with pytest.raises(TypeError, match="ambiguous TensorShape"):
        TensorShape("12")


def test_indexing_gives_dimensions():
    shape = TensorShape([None, 3])
    assert isinstance(shape[1], Dimension) and shape[1].value == 3
    assert shape[0].value is None
    assert int(shape[1]) == 3
    assert shape[-1].value == 3
    assert [d.value for d in shape] == [None, 3]
    assert all(isinstance(d, Dimension) for d in shape)
    assert [d.value for d in shape.dims] == [None, 3]
    assert shape[1:] == TensorShape([3]) and isinstance(shape[1:], TensorShape)
    with pytest.raises(IndexError):
        shape[2]


def test_unknown_rank_views():
    shape = TensorShape(None)
    assert shape.dims is None and shape.ndims is None and shape.rank is None
    assert shape[3].value is None
    assert shape[1:].as_tuple() is None
    assert shape[1:3] == TensorShape([None, None])
    assert not shape and bool(TensorShape([])) and bool(TensorShape([0]))
    with pytest.raises(ValueError) as info:
        len(shape)
    assert str(info.value) == "Cannot take the length of shape with unknown rank."
    with pytest.raises(
        ValueError, match="Cannot iterate over a shape with unknown rank."
    ):
        iter(shape)
    with pytest.raises(ValueError) as info:
        shape.as_list()
    assert str(info.value) == "as_list() is not defined on an unknown TensorShape."


def test_as_list_as_tuple_len_rank():
    shape = TensorShape([2, None, 4])
    assert shape.as_list() == [2, None, 4]
    assert shape.as_tuple() == (2, None, 4)
    assert len(shape) == 3 and shape.ndims == 3 and shape.rank == 3


@pytest.mark.parametrize(
    "dims,text,representation",
    [
        (None, "<unknown>", "TensorShape(None)"),
        ([], "()", "TensorShape([])"),
        ([3], "(3,)", "TensorShape([3])"),
        ([None], "(?,)", "TensorShape([None])"),
        ([2, None], "(2, ?)", "TensorShape([2, None])"),
        ([2, 3, 4], "(2, 3, 4)", "TensorShape([2, 3, 4])"),
    ],
)
def test_str_and_repr(dims, text, representation):
    assert str(TensorShape(dims)) == text
    assert repr(TensorShape(dims)) == representation


def test_error_message_format_for_variable_sharing():
    specified, found = TensorShape([2]), TensorShape([1])
    message = f"Trying to share variable foo/v, but specified shape {specified} and found shape {found}."
    assert (
        message
        == "Trying to share variable foo/v, but specified shape (2,) and found shape (1,)."
    )


def test_fully_defined_and_num_elements():
    assert TensorShape([2, 3]).is_fully_defined()
    assert not TensorShape([2, None]).is_fully_defined()
    assert not TensorShape(None).is_fully_defined()
    assert TensorShape([]).is_fully_defined()
    assert TensorShape([2, 3]).num_elements() == 6
    assert TensorShape([]).num_elements() == 1
    assert TensorShape([2, 0]).num_elements() == 0
    assert TensorShape([2, None]).num_elements() is None
    assert TensorShape(None).num_elements() is None
    TensorShape([1]).assert_is_fully_defined()
    with pytest.raises(ValueError, match=r"Shape \(2, \?\) is not fully defined"):
        TensorShape([2, None]).assert_is_fully_defined()


# -- compatibility, merging, rank ------------------------------------------------


def test_is_compatible_with():
    assert TensorShape([None, 3]).is_compatible_with([2, 3])
    assert TensorShape(None).is_compatible_with([2, 3])
    assert TensorShape([2, 3]).is_compatible_with(TensorShape(None))
    assert not TensorShape([2]).is_compatible_with([2, 1])
    assert not TensorShape([2, 3]).is_compatible_with([2, 4])
    with pytest.raises(ValueError, match=r"Shapes \(2,\) and \(3,\) are incompatible"):
        TensorShape([2]).assert_is_compatible_with([3])


def test_merge_with():
    assert TensorShape([2, None]).merge_with([None, 5]) == TensorShape([2, 5])
    assert TensorShape(None).merge_with([1]) == TensorShape([1])
    assert TensorShape([1]).merge_with(None) == TensorShape([1])
    with pytest.raises(ValueError) as info:
        TensorShape([2]).merge_with([3])
    assert str(info.value) == "Shapes (2,) and (3,) are not compatible"
    with pytest.raises(
        ValueError, match=r"^Shapes \(2,\) and \(2, 3\) are not compatible$"
    ):
        TensorShape([2]).merge_with([2, 3])


def test_concatenate_and_add():
    assert TensorShape([2]).concatenate([None, 4]) == TensorShape([2, None, 4])
    assert TensorShape([2]).concatenate(None).as_tuple() is None
    assert TensorShape(None).concatenate([1]).as_tuple() is None
    assert TensorShape([1]) + [2] == TensorShape([1, 2])
    assert [1] + TensorShape([2]) == TensorShape([1, 2])


def test_rank_checks():
    shape = TensorShape([2, 3])
    assert shape.with_rank(2) is shape
    assert TensorShape(None).with_rank(2) == TensorShape([None, None])
    assert shape.with_rank_at_least(1) is shape and shape.with_rank_at_most(2) is shape
    assert TensorShape(None).with_rank_at_least(5).as_tuple() is None
    shape.assert_has_rank(2)
    TensorShape(None).assert_has_rank(7)
    shape.assert_same_rank([None, None])
    with pytest.raises(ValueError, match=r"^Shape \(2, 3\) must have rank 3$"):
        shape.with_rank(3)
    with pytest.raises(ValueError, match=r"^Shape \(2, 3\) must have rank 1$"):
        shape.assert_has_rank(1)
    with pytest.raises(ValueError, match=r"^Shape \(2, 3\) must have rank at least 3$"):
        shape.with_rank_at_least(3)
    with pytest.raises(ValueError, match=r"^Shape \(2, 3\) must have rank at most 1$"):
        shape.with_rank_at_most(1)
    with pytest.raises(
        ValueError, match=r"^Shapes \(2, 3\) and \(1,\) must have the same rank$"
    ):
        shape.assert_same_rank([1])


def test_most_specific_compatible_shape():
    assert TensorShape([2, 3]).most_specific_compatible_shape([2, 4]) == TensorShape(
        [2, None]
    )
    assert TensorShape([2, None]).most_specific_compatible_shape(
        [2, None]
    ) == TensorShape([2, None])
    assert TensorShape([2]).most_specific_compatible_shape([2, 3]).as_tuple() is None
    assert TensorShape(None).most_specific_compatible_shape([2]).as_tuple() is None


# -- equality, hashing, pickling --------------------------------------------------


def test_equality_and_hash():
    assert TensorShape([2, None]) == TensorShape([2, None])
    assert TensorShape([2, 3]) == [2, 3]
    assert TensorShape([2, 3]) == (2, 3)
    assert TensorShape([2, 3]) != [2, 4]
    assert TensorShape([2]) != TensorShape([2, 1])
    assert TensorShape(None) == TensorShape(None)
    assert TensorShape(None) != TensorShape([1])
    assert TensorShape([2]) != "ab"
    assert TensorShape([1]) != [-1]
    assert hash(TensorShape([2, None])) == hash((2, None))
    assert len({TensorShape([1, 2]), TensorShape((1, 2)), TensorShape([2, 1])}) == 2


def test_pickle_and_copy():
    for shape in (TensorShape([2, None]), TensorShape(None), TensorShape([])):
        assert pickle.loads(pickle.dumps(shape)) == shape
        assert copy.deepcopy(shape) == shape


def test_helpers():
    assert as_shape([1, 2]) == TensorShape([1, 2])
    shape = TensorShape([1])
    assert as_shape(shape) is shape
    assert as_shape(np.array([3, 4])) == TensorShape([3, 4])
    assert as_shape(3) == TensorShape([3])
    assert unknown_shape().as_tuple() is None
    assert unknown_shape(rank=3) == TensorShape([None, None, None])
    assert unknown_shape(ndims=1) == TensorShape([None])
    assert scalar() == TensorShape([]) and scalar().ndims == 0
    assert dimension_at_index(TensorShape(None), 4).value is None
    assert dimension_at_index([5, 6], 1).value == 6


# -- broadcasting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a,b,expected",
    [
        ((2, 3), (2, 3), (2, 3)),
        ((2, 3), (3,), (2, 3)),
        ((2, 1), (1, 3), (2, 3)),
        ((), (4, 5), (4, 5)),
        ((4, 5), (), (4, 5)),
        ((1,), (None,), (None,)),
        ((None,), (1,), (None,)),
        ((None,), (3,), (3,)),
        ((3,), (None,), (3,)),
        ((None,), (None,), (None,)),
        ((None, 1), (4,), (None, 4)),
        ((5, None, 1), (None, 1, 7), (5, None, 7)),
        ((None, 3), (2, 1, 1), (2, None, 3)),
        ((0,), (1,), (0,)),
        ((None,), (0,), (None,)),
        (None, (3,), None),
        ((3,), None, None),
    ],
)
def test_broadcast_dims(a, b, expected):
    assert broadcast_dims(a, b) == expected
    expected_shape = TensorShape(expected)
    assert broadcast_static_shape(TensorShape(a), TensorShape(b)) == expected_shape


def test_broadcast_matches_numpy_on_known_shapes():
    for a, b in [((3, 1, 5), (4, 1)), ((1,), (7, 1, 2)), ((2, 3), (1, 1, 1))]:
        expected = np.broadcast_shapes(a, b)
        assert broadcast_dims(a, b) == expected


def test_broadcast_incompatible():
    with pytest.raises(ValueError) as info:
        broadcast_dims((2, 3), (4,))
    assert str(info.value) == "Incompatible shapes for broadcasting: (2, 3) and (4,)"
    with pytest.raises(ValueError) as info:
        broadcast_static_shape(TensorShape([2, None]), [3, 5])
    assert str(info.value) == "Incompatible shapes for broadcasting: (2, ?) and (3, 5)"
