"""Device strings as TensorFlow writes them: parsing, canonical form and merging of nested specs.

>>> canonical_device("/cpu:0")
'/device:CPU:0'
>>> merge_device("/job:worker/task:1", "/gpu:0")
'/job:worker/task:1/device:GPU:0'
"""
from __future__ import annotations

__all__ = ["parse_device", "canonical_device", "merge_device", "device_string", "DeviceSpec"]

_FIELDS = ("job", "replica", "task", "device_type", "device_index")


def parse_device(spec: str) -> dict:
    """'/job:w/replica:0/task:1/device:GPU:0' (or '/gpu:0', 'CPU:0') -> a dict of the fields it names.

    >>> parse_device("/job:ps/task:0/cpu:1")
    {'job': 'ps', 'task': 0, 'device_type': 'CPU', 'device_index': 1}
    """
    if not isinstance(spec, str):
        raise TypeError("A device must be a string such as '/cpu:0' or a function, not %s."
                        % type(spec).__name__)
    fields: dict = {}
    for part in (p for p in spec.split("/") if p):
        pieces = part.split(":")
        key = pieces[0].lower()
        if key in ("job", "replica", "task") and len(pieces) == 2:
            fields[key] = pieces[1] if key == "job" else int(pieces[1])
        elif key == "device" and len(pieces) in (2, 3):
            fields["device_type"] = pieces[1].upper()
            if len(pieces) == 3 and pieces[2] != "*":
                fields["device_index"] = int(pieces[2])
        elif len(pieces) == 2 and pieces[0].isalpha():
            fields["device_type"] = pieces[0].upper()
            if pieces[1] != "*":
                fields["device_index"] = int(pieces[1])
        elif len(pieces) == 1 and pieces[0].isalpha():
            fields["device_type"] = pieces[0].upper()
        else:
            raise ValueError("Unknown attribute: '%s' in device specification '%s'. Use the form "
                             "'/job:NAME/replica:N/task:N/device:TYPE:N' or '/cpu:0'." % (part, spec))
    return fields


def _to_string(fields: dict) -> str:
    out = []
    if "job" in fields:
        out.append("/job:%s" % fields["job"])
    if "replica" in fields:
        out.append("/replica:%d" % fields["replica"])
    if "task" in fields:
        out.append("/task:%d" % fields["task"])
    if "device_type" in fields:
        out.append("/device:%s:%s" % (fields["device_type"], fields.get("device_index", "*")))
    return "".join(out)


def canonical_device(spec: str) -> str:
    """The canonical form of a device string ('' stays '')."""
    return _to_string(parse_device(spec)) if spec else ""


def merge_device(outer: str, inner: str) -> str:
    """The device of an op in ``with device(outer): with device(inner):``: field by field, those
    ``inner`` names win (TensorFlow's merge; a wildcard index names none, so the outer one stays).

    >>> merge_device("/device:GPU:7", "/device:GPU:*"), merge_device("/gpu:1", "/cpu:*")
    ('/device:GPU:7', '/device:CPU:1')
    """
    if not inner:
        return canonical_device(outer)
    fields = parse_device(outer) if outer else {}
    fields.update(parse_device(inner))
    return _to_string(fields)


def device_string(spec) -> str:
    """A device scope's or device function's answer as a string: a DeviceSpec's ``to_string()``, None
    as ''."""
    if spec is None:
        return ""
    return spec.to_string() if isinstance(spec, DeviceSpec) else spec


class DeviceSpec:
    """``tf.DeviceSpec``: a parsed device with ``to_string()`` and ``from_string()``."""

    def __init__(self, job=None, replica=None, task=None, device_type=None, device_index=None):
        self.job, self.replica, self.task = job, replica, task
        self.device_type = device_type.upper() if device_type else None
        self.device_index = device_index

    @classmethod
    def from_string(cls, spec: str) -> "DeviceSpec":
        return cls(**parse_device(spec))

    def to_string(self) -> str:
        return _to_string({k: getattr(self, k) for k in _FIELDS if getattr(self, k) is not None})

    def __repr__(self) -> str:
        return "DeviceSpec(%r)" % self.to_string()
