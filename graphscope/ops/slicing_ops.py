"""Slicing array ops: ``t[...]`` (StridedSlice), ``tf.strided_slice`` and ``tf.slice`` (Slice).

``Tensor.__getitem__`` builds exactly what TensorFlow builds: the begin, end and strides vectors as
constants ``strided_slice/stack``, ``strided_slice/stack_1``, ``strided_slice/stack_2`` and a
``StridedSlice`` op whose five masks encode slices, ``...``, ``tf.newaxis`` and integer indices. Its
shape rule is TensorFlow's ``ValidateStridedSliceOp``; the same code computes the numpy index that
the kernel applies, so build-time shapes and run-time values cannot disagree. The gradient of
``StridedSlice`` is a ``StridedSliceGrad`` op that scatters the gradient into zeros through that same
index; the gradient of ``Slice`` pads the gradient back to the input's shape.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 4, 5])
...     y = x[1:3, ..., ::-2]
...     z = x[0, tf.newaxis]
>>> y.name, y.shape.as_list(), y.op.inputs[1].name, z.shape.as_list()
('strided_slice:0', [None, 4, 3], 'strided_slice/stack:0', [1, 4, 5])
"""
from __future__ import annotations

import numbers

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.ops.array_ops import constant, make_const, ones_like, rank, shape
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.join_ops import stack
from graphscope.ops.registry import register
from graphscope.ops.tensor_util import (
    all_or_nothing, check_dtype, constant_value, constant_value_as_shape, gen_op, merge_dims, shape_error,
)
from graphscope.shapes import Dimension
from graphscope.tensor import Tensor

__all__ = ["strided_slice", "slice"]

_BaseSlice = slice  # Python's slice; the op function below takes its name, as in TensorFlow


# -- StridedSlice: TF's ValidateStridedSliceOp, shared by the shape rule and the kernel ------------------

class _SliceError(Exception):
    """A strided-slice spec that cannot apply (ValueError at build time, InvalidArgumentError at run time)."""


_NEW_AXIS, _SHRINK_AXIS = -1, -2


def _dense_spec(n_sparse, masks, rank):
    """Expand the sparse spec (one entry per index item) to one entry per input dimension.

    Returns ``(dense, gather)``: ``dense[k] = (sparse_index or None, begin_masked, end_masked, shrink)``
    and ``gather`` the final dimensions as dense indices, ``_NEW_AXIS`` or ``(_SHRINK_AXIS, k)``.
    """
    begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask = masks
    if ellipsis_mask & (ellipsis_mask - 1):
        raise _SliceError("Multiple ellipses in slice spec not allowed")
    ellipsis_seen, new_after_ellipsis = False, 0
    for i in range(n_sparse):
        if ellipsis_seen and (1 << i) & new_axis_mask:
            new_after_ellipsis += 1
        if (1 << i) & ellipsis_mask:
            ellipsis_seen = True
    if not ellipsis_seen:  # an implicit trailing ellipsis
        ellipsis_mask |= 1 << n_sparse
        n_sparse += 1
    dense, gather, full_index = [], [], 0
    for i in range(n_sparse):
        bit = 1 << i
        if bit & ellipsis_mask:
            next_index = min(rank - (n_sparse - i) + 1 + new_after_ellipsis, rank)
            while full_index < next_index:
                dense.append((None, True, True, False))
                gather.append(full_index)
                full_index += 1
        elif bit & new_axis_mask:
            gather.append(_NEW_AXIS)
        else:
            if full_index == rank:
                raise _SliceError("Index out of range using input dim %d; input has only %d dims"
                                  % (full_index, rank))
            shrink = bool(bit & shrink_axis_mask)
            dense.append((i, bool(bit & begin_mask), bool(bit & end_mask), shrink))
            gather.append((_SHRINK_AXIS, full_index) if shrink else full_index)
            full_index += 1
    return dense, gather


def _strided_plan(dims, begin, end, strides, masks):
    """The final dims of ``input[spec]`` and, when everything is known, the numpy index that computes it.

    ``dims`` may hold None; ``begin``/``end`` are None when not known at build time.
    """
    dense, gather = _dense_spec(len(strides), masks, len(dims))
    known = begin is not None and end is not None
    processing, items = [], []
    for k, (si, begin_masked, end_masked, shrink) in enumerate(dense):
        if si is None:
            b = e = 0
            s = 1
        else:
            s = int(strides[si])
            b = int(begin[si]) if begin is not None else None
            e = int(end[si]) if end is not None else None
        if s == 0:
            raise _SliceError("strides[%d] must be non-zero" % k)
        dim = dims[k]
        if dim is None:
            processing.append(1 if shrink else None)
            items.append(None)
            continue
        if shrink and s <= 0:
            raise _SliceError("only stride 1 allowed on non-range indexing.")
        interval = None
        if known:
            if shrink:
                forward = b + dim if b < 0 else b
                if forward < 0 or forward >= dim:
                    raise _SliceError("slice index %d of dimension %d out of bounds." % (forward, k))
                processing.append(1)
                items.append(forward)
                continue
            low, high = (0, dim) if s > 0 else (-1, dim - 1)
            if begin_masked:
                b = low if s > 0 else high
            else:
                b = min(max(b + dim if b < 0 else b, low), high)
            if end_masked:
                e = high if s > 0 else low
            else:
                e = min(max(e + dim if e < 0 else e, low), high)
            interval = e - b
        elif shrink:
            interval = 1
        elif begin_masked and end_masked:
            interval = -dim if s < 0 else dim
        if interval is None:
            processing.append(None)
            items.append(None)
            continue
        if interval == 0 or (interval < 0) != (s < 0):
            size = 0
        else:
            size = interval // s + (1 if interval % s else 0)
        processing.append(size)
        if not known:
            items.append(None)
        elif size == 0:
            items.append(_BaseSlice(0, 0))
        else:
            items.append(_BaseSlice(b, e if s > 0 or e >= 0 else None, s))
    final, index = [], []
    for g in gather:
        if g == _NEW_AXIS:
            final.append(1)
            index.append(None)
        elif type(g) is tuple:
            index.append(items[g[1]])
        else:
            final.append(processing[g])
            index.append(items[g])
    complete = known and None not in dims
    return tuple(final), (tuple(index) + (Ellipsis,) if complete else None)


_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")


def _strided_slice_infer(inputs, attrs):
    x, begin_t, end_t, strides_t = inputs
    dtype = x._dtype.base_dtype
    index_dtype = check_dtype("StridedSlice", "begin", begin_t)
    for arg, t in (("end", end_t), ("strides", strides_t)):
        if t._dtype.base_dtype != index_dtype:
            raise TypeError("Input '%s' of 'StridedSlice' Op has type %s that does not match type %s of argument "
                            "'begin'." % (arg, t._dtype.base_dtype.name, index_dtype.name))
    attrs["T"], attrs["Index"] = dtype, index_dtype
    masks = tuple(attrs.setdefault(m, 0) for m in _MASKS)
    lengths = None
    for t in (begin_t, end_t, strides_t):
        if t._dims is not None and len(t._dims) != 1:
            raise shape_error("StridedSlice", "Shape must be rank 1 but is rank %d (begin, end and strides are "
                              "vectors)" % len(t._dims), inputs)
        try:
            lengths = merge_dims(lengths, t._dims)
        except ValueError as exc:
            raise shape_error("StridedSlice", str(exc), inputs) from None
    strides = constant_value(strides_t)
    if x._dims is None or lengths is None or lengths[0] is None or strides is None:
        return [(dtype, None)]
    try:
        final, _ = _strided_plan(x._dims, constant_value(begin_t), constant_value(end_t), strides, masks)
    except _SliceError as exc:
        raise shape_error("StridedSlice", str(exc), inputs) from None
    return [(dtype, final)]


def _strided_slice_kernel(op):
    masks = tuple(op._attrs[m] for m in _MASKS)

    def planned(x, begin, end, strides):
        if not len(begin) == len(end) == len(strides):
            raise InvalidArgumentError(None, op, "Expected begin, end, and strides to be 1D equal size tensors, "
                                       "but got shapes [%d], [%d], and [%d] instead."
                                       % (len(begin), len(end), len(strides)))
        try:
            return _strided_plan(x.shape, begin, end, strides, masks)[1]
        except _SliceError as exc:
            raise InvalidArgumentError(None, op, str(exc)) from None

    values = [constant_value(t) for t in op._inputs[1:]]
    if any(v is None for v in values):
        return lambda x, begin, end, strides: x[planned(x, begin, end, strides)]
    cache = {}  # the numpy index for each input shape seen (constant begin, end and strides)

    def strided_slice_kernel(x, begin, end, strides):
        index = cache.get(x.shape)
        if index is None:
            index = planned(x, *values)
            if len(cache) < 64:
                cache[x.shape] = index
        return x[index]
    return strided_slice_kernel


def _strided_slice_grad(op, grad):
    """Scatter the gradient back into zeros of the input's shape (op ``StridedSliceGrad``); the shape,
    begin, end and strides become constants when they are known when the graph is built."""
    begin, end, strides = op._inputs[1:]
    x = shape(op._inputs[0], out_type=begin.dtype)
    args = []
    for t in (x, begin, end, strides):
        value = constant_value(t)
        args.append(t if value is None else value)
    masks = {m: op._attrs[m] for m in _MASKS}
    return [strided_slice_grad(*args, grad, **masks), None, None, None]


STRIDED_SLICE = register("StridedSlice", infer=_strided_slice_infer, kernel=_strided_slice_kernel,
                         gradient=_strided_slice_grad)


def _strided_slice_grad_infer(inputs, attrs):
    shape_t, begin_t, end_t, strides_t, dy = inputs
    index_dtype = check_dtype("StridedSliceGrad", "shape", shape_t)
    for arg, t in (("begin", begin_t), ("end", end_t), ("strides", strides_t)):
        if t._dtype.base_dtype != index_dtype:
            raise TypeError("Input '%s' of 'StridedSliceGrad' Op has type %s that does not match type %s of "
                            "argument 'shape'." % (arg, t._dtype.base_dtype.name, index_dtype.name))
    attrs["T"], attrs["Index"] = dy._dtype.base_dtype, index_dtype
    for m in _MASKS:
        attrs.setdefault(m, 0)
    if shape_t._dims is not None and len(shape_t._dims) != 1:
        raise shape_error("StridedSliceGrad", "Shape must be rank 1 but is rank %d (shape)" % len(shape_t._dims),
                          inputs)
    return [(dy._dtype.base_dtype, constant_value_as_shape(shape_t))]


def _strided_slice_grad_kernel(op):
    masks = tuple(op._attrs[m] for m in _MASKS)

    def strided_slice_grad_kernel(shape_, begin, end, strides, dy):
        dims = tuple(int(d) for d in np.reshape(shape_, -1))
        try:
            final, index = _strided_plan(dims, begin, end, strides, masks)
        except _SliceError as exc:
            raise InvalidArgumentError(None, op, str(exc)) from None
        result = np.zeros(dims, dtype=dy.dtype)
        target = tuple(i for i in index if i is not None)  # new axes only add dims of 1
        view = result[target]
        if dy.shape != tuple(final):
            raise InvalidArgumentError(None, op, "shape of dy was %s instead of %s" % (list(dy.shape), list(final)))
        result[target] = np.reshape(dy, view.shape)
        return result
    return strided_slice_grad_kernel


STRIDED_SLICE_GRAD = register(
    "StridedSliceGrad", infer=_strided_slice_grad_infer, kernel=_strided_slice_grad_kernel,
    gradient=lambda op, grad: [None, None, None, None, strided_slice(
        grad, *op._inputs[1:4], **{m: op._attrs[m] for m in _MASKS})])


def strided_slice_grad(shape, begin, end, strides, dy, begin_mask: int = 0, end_mask: int = 0,
                       ellipsis_mask: int = 0, new_axis_mask: int = 0, shrink_axis_mask: int = 0,
                       name: str | None = None):
    """The gradient of ``StridedSlice``: ``dy`` placed where ``input[spec]`` took its values, zeros
    elsewhere, in a tensor of shape ``shape`` (op ``StridedSliceGrad``; masks as :func:`strided_slice`)."""
    attrs = {"begin_mask": int(begin_mask), "end_mask": int(end_mask), "ellipsis_mask": int(ellipsis_mask),
             "new_axis_mask": int(new_axis_mask), "shrink_axis_mask": int(shrink_axis_mask)}
    args = [(shape, "shape", dtypes.int32), (begin, "begin", dtypes.int32), (end, "end", dtypes.int32),
            (strides, "strides", dtypes.int32), (dy, "dy", None)]
    return gen_op(STRIDED_SLICE_GRAD, name, "StridedSliceGrad", args, attrs)._outputs[0]


@all_or_nothing
def strided_slice(input_, begin, end, strides=None, begin_mask: int = 0, end_mask: int = 0,
                  ellipsis_mask: int = 0, new_axis_mask: int = 0, shrink_axis_mask: int = 0, var=None,
                  name: str | None = None):
    """The low-level op behind ``t[...]`` (``tf.strided_slice``): bit ``i`` of each mask refers to item ``i``.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.float32, [3, 4])
    ...     y = tf.strided_slice(x, [1, 0], [3, 4], [1, 2], shrink_axis_mask=1)
    >>> y.op.type, y.shape.as_list()
    ('StridedSlice', [2])
    """
    if strides is None:
        strides = ones_like(begin)
    attrs = {"begin_mask": int(begin_mask), "end_mask": int(end_mask), "ellipsis_mask": int(ellipsis_mask),
             "new_axis_mask": int(new_axis_mask), "shrink_axis_mask": int(shrink_axis_mask)}
    args = [(input_, "input", None), (begin, "begin", dtypes.int32), (end, "end", dtypes.int32),
            (strides, "strides", dtypes.int32)]
    return gen_op(STRIDED_SLICE, name, "StridedSlice", args, attrs)._outputs[0]


_SLICE_TYPE_ERROR = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
                     "tf.int32/tf.int64 tensors are valid indices")
_SLICE_DTYPES = (dtypes.int16, dtypes.int32, dtypes.int64)


def _check_index(idx):
    if isinstance(idx, (numbers.Integral, Dimension)) and not isinstance(idx, bool):
        return
    dtype = getattr(idx, "dtype", None)
    try:
        dtype = dtypes.as_dtype(dtype).base_dtype if dtype is not None else None
    except TypeError:
        dtype = None
    dims = getattr(idx, "_dims", getattr(idx, "shape", None))
    if dtype not in _SLICE_DTYPES or (dims is not None and len(dims) == 1):
        raise TypeError(_SLICE_TYPE_ERROR + ", got {!r}".format(idx))


def _index_value(idx):
    return idx.value if isinstance(idx, Dimension) else idx


@all_or_nothing
def _slice_helper(tensor, slice_spec, var=None):
    """``tensor[slice_spec]`` as TensorFlow builds it (``Tensor.__getitem__``)."""
    if (isinstance(slice_spec, bool) or (isinstance(slice_spec, Tensor) and slice_spec.dtype == dtypes.bool)
            or (isinstance(slice_spec, np.ndarray) and slice_spec.dtype == bool)):
        from graphscope.ops.indexing_ops import boolean_mask
        return boolean_mask(tensor=tensor, mask=slice_spec)
    if not isinstance(slice_spec, (list, tuple)):
        slice_spec = [slice_spec]
    begin, end, strides = [], [], []
    new_axis_mask = shrink_axis_mask = begin_mask = end_mask = ellipsis_mask = 0
    for index, s in enumerate(slice_spec):
        if isinstance(s, _BaseSlice):
            for part, values, mask_default in ((s.start, begin, 0), (s.stop, end, 0)):
                if part is not None and not (isinstance(part, Dimension) and part.value is None):
                    _check_index(part)
                    values.append(_index_value(part))
                else:
                    values.append(mask_default)
                    if values is begin:
                        begin_mask |= 1 << index
                    else:
                        end_mask |= 1 << index
            if s.step is not None and not (isinstance(s.step, Dimension) and s.step.value is None):
                _check_index(s.step)
                strides.append(_index_value(s.step))
            else:
                strides.append(1)
        elif s is Ellipsis:
            begin.append(0)
            end.append(0)
            strides.append(1)
            ellipsis_mask |= 1 << index
        elif s is None:  # tf.newaxis
            begin.append(0)
            end.append(0)
            strides.append(1)
            new_axis_mask |= 1 << index
        else:
            _check_index(s)
            s = _index_value(s)
            begin.append(s)
            end.append(s + 1)
            strides.append(1)
            shrink_axis_mask |= 1 << index
    tensor = convert_to_tensor(tensor)
    attrs = {"begin_mask": begin_mask, "end_mask": end_mask, "ellipsis_mask": ellipsis_mask,
             "new_axis_mask": new_axis_mask, "shrink_axis_mask": shrink_axis_mask}
    with op_scope(None, "strided_slice", [tensor] + [v for v in begin + end + strides if isinstance(v, Tensor)]) \
            as name:
        if not begin:
            packed = [constant([], dtype=dtypes.int32)] * 3
        elif all(type(v) is int for v in begin + end + strides):  # the usual case: TF's stack() of Python ints
            packed = [_index_constant(values) for values in (begin, end, strides)]
        else:
            packed = [stack(begin), stack(end), stack(strides)]
            if any(p.dtype.base_dtype == dtypes.int64 for p in packed):
                from graphscope.ops import math_ops
                packed = [math_ops.cast(p, dtypes.int64) for p in packed]
        if packed[0].dtype.base_dtype != packed[1].dtype.base_dtype or \
                packed[0].dtype.base_dtype != packed[2].dtype.base_dtype:
            from graphscope.ops import math_ops
            packed = [math_ops.cast(p, dtypes.int64) for p in packed]
        return apply_op(STRIDED_SLICE, [tensor] + packed, attrs, name=name)._outputs[0]


def _index_constant(values):
    """``tf.stack`` of Python ints: one Const named 'stack' (int32, or int64 when a value needs it)."""
    array = np.array(values, dtype=np.int64)
    if array.min() >= -2 ** 31 and array.max() < 2 ** 31:
        array = array.astype(np.int32)
    return make_const(array, "stack")


Tensor._override_operator("__getitem__", _slice_helper)


# -- Slice ------------------------------------------------------------------------------------------------------

def _slice_infer(inputs, attrs):
    x, begin_t, size_t = inputs
    dtype = x._dtype.base_dtype
    index_dtype = check_dtype("Slice", "begin", begin_t)
    if size_t._dtype.base_dtype != index_dtype:
        raise TypeError("Input 'size' of 'Slice' Op has type %s that does not match type %s of argument 'begin'."
                        % (size_t._dtype.base_dtype.name, index_dtype.name))
    attrs["T"], attrs["Index"] = dtype, index_dtype
    lengths = None
    for t in (begin_t, size_t):
        if t._dims is not None and len(t._dims) != 1:
            raise shape_error("Slice", "Shape must be rank 1 but is rank %d (begin and size are vectors)"
                              % len(t._dims), inputs)
        try:
            lengths = merge_dims(lengths, t._dims)
        except ValueError as exc:
            raise shape_error("Slice", str(exc), inputs) from None
    dims = x._dims
    n = None if lengths is None else lengths[0]
    if n is not None and dims is not None and len(dims) != n:
        raise shape_error("Slice", "Shape must be rank %d but is rank %d (begin and size need one entry per "
                          "dimension)" % (n, len(dims)), inputs)
    begin = constant_value_as_shape(begin_t)
    sizes = constant_value(size_t)
    if sizes is not None:
        sizes = sizes.reshape(-1).tolist()
        if dims is None:
            dims = (None,) * len(sizes)
        if begin is None:
            begin = (None,) * len(sizes)
        out = []
        for i, s in enumerate(sizes):
            if s == -1:
                if dims[i] is None or begin[i] is None:
                    out.append(None)
                elif begin[i] > dims[i]:
                    raise shape_error("Slice", "Negative dimension size caused by subtracting %d from %d"
                                      % (begin[i], dims[i]), inputs)
                else:
                    out.append(dims[i] - begin[i])
            elif s < 0:
                raise shape_error("Slice", "Out of bounds slicing on dimension %d of length %s: sizes vector cannot "
                                  "be < -1, but was %d" % (i, dims[i], s), inputs)
            else:
                out.append(s)
        return [(dtype, tuple(out))]
    partial = constant_value_as_shape(size_t)
    if partial is not None:
        return [(dtype, partial)]
    return [(dtype, None if dims is None else (None,) * len(dims))]


def _slice_kernel(op):
    def slice_kernel(x, begin, size):
        begin, size = np.reshape(begin, -1).tolist(), np.reshape(size, -1).tolist()
        if len(begin) != x.ndim or len(size) != x.ndim:
            raise InvalidArgumentError(None, op, "Expected begin and size arguments to be 1-D tensors of size %d, "
                                       "but got shapes [%d] and [%d] instead." % (x.ndim, len(begin), len(size)))
        index = []
        for i, (b, s) in enumerate(zip(begin, size)):
            dim = x.shape[i]
            if not 0 <= b <= dim:
                raise InvalidArgumentError(None, op, "Expected begin[%d] in [0, %d], but got %d" % (i, dim, b))
            if s == -1:
                s = dim - b
            if not 0 <= s <= dim - b:
                raise InvalidArgumentError(None, op, "Expected size[%d] in [0, %d], but got %d" % (i, dim - b, s))
            index.append(_BaseSlice(b, b + s))
        return x[tuple(index)]
    return slice_kernel


def _slice_grad(op, grad):
    """Pad the gradient with zeros back to the input's shape: ``begin`` before, the rest after."""
    from graphscope.ops.join_ops import concat, stack
    from graphscope.ops.shape_ops import pad, reshape
    x, begin = op._inputs[0], op._inputs[1]
    index_dtype = begin.dtype
    input_rank = rank(x)
    slice_size = shape(op._outputs[0], out_type=index_dtype)
    pad_shape = stack([input_rank, 1])
    before_pad = reshape(begin, pad_shape)
    after_pad = reshape(shape(x, out_type=index_dtype) - slice_size - begin, pad_shape)
    paddings = concat([before_pad, after_pad], 1)
    return [pad(grad, paddings), None, None]


SLICE = register("Slice", infer=_slice_infer, kernel=_slice_kernel, gradient=_slice_grad)


def slice(input_, begin, size, name: str | None = None):
    """The block of ``input_`` starting at ``begin`` with extent ``size`` (-1: to the end) (``tf.slice``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     s = tf.slice(tf.placeholder(tf.float32, [4, None]), [1, 0], [2, -1])
    >>> s.op.type, s.shape.as_list(), s.op.inputs[1].name
    ('Slice', [2, None], 'Slice/begin:0')
    """
    args = [(input_, "input", None), (begin, "begin", dtypes.int32), (size, "size", dtypes.int32)]
    return gen_op(SLICE, name, "Slice", args)._outputs[0]
