"""graphscope: TensorFlow 1.x graph semantics in plain Python, on networkx and numpy.

``import graphscope as tf`` runs TF1 graph code of the covered surface unchanged. This module is
the public face: it re-exports the ``tf.compat.v1`` names and holds no logic.
"""
import importlib as _importlib
import sys as _sys
import types as _types

from graphscope import dtypes, errors, initializers  # tf.initializers.zeros, .glorot_uniform, ...
from graphscope.dtypes import (
    DType, as_dtype, bool, complex64, complex128, double, float16, float32, float64, half,
    int8, int16, int32, int64, resource, string, uint8, uint16, uint32, uint64, variant,
)
from graphscope.shapes import Dimension, TensorShape, dimension_value
from graphscope.devices import DeviceSpec
from graphscope.tensor import Operation, Tensor
from graphscope.graph import Graph, GraphKeys, get_default_graph, reset_default_graph
from graphscope.defaults import (
    add_to_collection, add_to_collections, colocate_with, control_dependencies, device,
    disable_eager_execution, disable_v2_behavior, enable_eager_execution, enable_v2_behavior,
    executing_eagerly, get_collection, get_collection_ref, get_name_scope, init_scope,
)
from graphscope.ops.core import convert_to_tensor, register_tensor_conversion_function
# Each op family lists its public tf.* names in __all__.
from graphscope.ops.array_ops import *  # noqa: F401,F403
from graphscope.ops.shape_ops import *  # noqa: F401,F403
from graphscope.ops.join_ops import *  # noqa: F401,F403
from graphscope.ops.slicing_ops import *  # noqa: F401,F403
from graphscope.ops.indexing_ops import *  # noqa: F401,F403
from graphscope.ops.math_ops import *  # noqa: F401,F403
from graphscope.ops.random_ops import *  # noqa: F401,F403
from graphscope.ops.control_flow_ops import *  # noqa: F401,F403
from graphscope.ops.nn_ops import *  # noqa: F401,F403
from graphscope.ops.linspace_ops import *  # noqa: F401,F403
from graphscope.ops.state_ops import assign, assign_add, assign_sub, count_up_to, is_variable_initialized
from graphscope.initializers import (
    constant_initializer, glorot_normal_initializer, glorot_uniform_initializer, ones_initializer,
    orthogonal_initializer, random_normal_initializer, random_uniform_initializer,
    truncated_normal_initializer, uniform_unit_scaling_initializer, variance_scaling_initializer,
    zeros_initializer,
)
from graphscope.ops.linalg_ops import diag_part, eye, matrix_diag, matrix_set_diag, matrix_transpose, qr
from graphscope.scopes import AUTO_REUSE, VariableScope, get_variable_scope, name_scope, variable_scope
from graphscope.variables import (
    PartitionedVariable, Variable, VariableV1, all_variables, global_variables, global_variables_initializer,
    initialize_all_variables, initialize_local_variables, initialize_variables, local_variables,
    local_variables_initializer, model_variables, moving_average_variables, trainable_variables,
    variables_initializer,
)
from graphscope.variable_store import get_local_variable, get_variable
from graphscope.partitioners import (
    create_partitioned_variables, fixed_size_partitioner, min_max_variable_partitioner, variable_axis_size_partitioner,
)
from graphscope.template import make_template
from graphscope.gradients import AggregationMethod, IndexedSlices, UnconnectedGradients, gradients
from graphscope import losses, nn
from graphscope.ops import training_ops as _training_ops  # noqa: F401 (ApplyAdam... are known to imported graphs)
from graphscope import tf_math as math  # tf.math.reduce_sum, tf.math.log, ...
from graphscope.variables import assert_variables_initialized, report_uninitialized_variables
from graphscope.session import (
    ConfigProto, GPUOptions, GraphOptions, InteractiveSession, RunMetadata, RunOptions, Session,
    get_default_session,
)
from graphscope import export, trace  # GraphDef/JSON exports; traced runs (graphscope.trace.traced_run)
from graphscope import viz  # pictures and text views; Graph and VariableScope display as SVG in notebooks
from graphscope.explain import explain_name


io = _types.SimpleNamespace(write_graph=export.write_graph)  # tf.io.write_graph

# Packages loaded when first used: most programs use one or two of them, and loading them all would be
# a sixth of what ``import graphscope`` costs.
_ON_FIRST_USE = {
    "contrib": "graphscope.contrib",  # tf.contrib.layers, tf.contrib.framework
    "layers": "graphscope.layers",  # tf.layers: dense, Dense, dropout, flatten, Layer
    "test": "graphscope.testing",  # tf.test.TestCase, tf.test.main, ...
    "train": "graphscope.train",  # optimizers, the global step, Saver and checkpoints
}


def __getattr__(name: str):
    path = _ON_FIRST_USE.get(name)
    if path is None:
        raise AttributeError("module 'graphscope' has no attribute %r" % name)
    module = _importlib.import_module(path)
    globals()[name] = module
    return module


def __dir__() -> list:
    return sorted(set(globals()) | set(_ON_FIRST_USE))


compat = _types.ModuleType("graphscope.compat", "tf.compat: graphscope is its own v1 API.")
compat.v1 = _sys.modules[__name__]

__version__ = "0.1.0"
