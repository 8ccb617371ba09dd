"""CloudFormation intrinsic functions, resolved locally.

Supports what a SAM template needs after the transform: ``Ref`` (parameters,
pseudo parameters, resources), ``Fn::Sub`` (both forms, ``${X.Attr}``,
``${!Literal}``), ``Fn::GetAtt``, ``Fn::FindInMap``, ``Fn::If`` with
``Conditions`` (``Fn::Equals/Not/And/Or`` and ``Condition``), ``Fn::Join``,
``Fn::Select``, ``Fn::Split``, ``Fn::Base64`` and ``AWS::NoValue``.

Resources are reached through two callbacks so that this module knows nothing
about physical names: ``ref(logical_id)`` and ``get_att(logical_id, attribute)``.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

__all__ = ["NO_VALUE", "IntrinsicError", "Resolver", "UnresolvedReference"]


class IntrinsicError(ValueError):
    """A template expression that cannot be resolved (bad shape, unknown name)."""


class UnresolvedReference(IntrinsicError):
    """A reference to a resource whose physical id is not known (yet)."""


class _NoValue:
    """``AWS::NoValue``: the property or list item disappears."""

    _instance: _NoValue | None = None

    def __new__(cls) -> _NoValue:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE: Final = _NoValue()

_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")

RefLookup = Callable[[str], Any]
AttLookup = Callable[[str, str], Any]


class Resolver:
    """Resolve intrinsic functions in template values.

    ``parameters`` are the effective parameter values (defaults applied,
    overrides merged); ``pseudo`` the pseudo parameters (``AWS::Region``...).
    """

    def __init__(
        self,
        *,
        parameters: Mapping[str, Any],
        pseudo: Mapping[str, str],
        mappings: Mapping[str, Any] | None = None,
        conditions: Mapping[str, Any] | None = None,
        ref: RefLookup | None = None,
        get_att: AttLookup | None = None,
    ) -> None:
        self.parameters = dict(parameters)
        self.pseudo = dict(pseudo)
        self.mappings = dict(mappings or {})
        self.conditions = dict(conditions or {})
        self._ref = ref
        self._get_att = get_att
        self._condition_cache: dict[str, bool] = {}
        self._evaluating: set[str] = set()

    # -- public ------------------------------------------------------------

    def resolve(self, value: Any) -> Any:
        """Return ``value`` with every intrinsic replaced by its result.

        ``AWS::NoValue`` removes dict keys and list items; at the top level it
        is returned as :data:`NO_VALUE`.
        """
        if isinstance(value, dict):
            if len(value) == 1:
                ((key, arg),) = value.items()
                if key == "Ref" or key.startswith("Fn::") or key == "Condition":
                    if key == "Condition" and not isinstance(arg, str):
                        return self._resolve_mapping(value)
                    return self._intrinsic(key, arg)
            return self._resolve_mapping(value)
        if isinstance(value, list):
            items = (self.resolve(item) for item in value)
            return [item for item in items if item is not NO_VALUE]
        return value

    def condition(self, name: str) -> bool:
        """The value of a named condition of the template."""
        cached = self._condition_cache.get(name)
        if cached is not None:
            return cached
        if name not in self.conditions:
            raise IntrinsicError(f"unknown condition {name!r}")
        if name in self._evaluating:
            raise IntrinsicError(f"condition {name!r} refers to itself")
        self._evaluating.add(name)
        try:
            result = self._truth(self.conditions[name])
        finally:
            self._evaluating.discard(name)
        self._condition_cache[name] = result
        return result

    # -- internals ---------------------------------------------------------

    def _resolve_mapping(self, value: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, item in value.items():
            resolved = self.resolve(item)
            if resolved is not NO_VALUE:
                out[key] = resolved
        return out

    def _truth(self, expression: Any) -> bool:
        value = self.resolve(expression)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"true", "false"}:
            return value.lower() == "true"
        raise IntrinsicError(f"condition expression is not a boolean: {expression!r}")

    def _intrinsic(self, name: str, arg: Any) -> Any:
        handlers: dict[str, Callable[[Any], Any]] = {
            "Ref": self._fn_ref,
            "Condition": self._fn_condition,
            "Fn::Sub": self._fn_sub,
            "Fn::GetAtt": self._fn_get_att,
            "Fn::FindInMap": self._fn_find_in_map,
            "Fn::If": self._fn_if,
            "Fn::Equals": self._fn_equals,
            "Fn::Not": self._fn_not,
            "Fn::And": self._fn_and,
            "Fn::Or": self._fn_or,
            "Fn::Join": self._fn_join,
            "Fn::Select": self._fn_select,
            "Fn::Split": self._fn_split,
            "Fn::Base64": self._fn_base64,
        }
        handler = handlers.get(name)
        if handler is None:
            raise IntrinsicError(f"{name} is not supported by the local stack")
        return handler(arg)

    def _fn_ref(self, arg: Any) -> Any:
        name = self.resolve(arg)
        if not isinstance(name, str):
            raise IntrinsicError(f"Ref needs a name, got {arg!r}")
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.pseudo:
            return self.pseudo[name]
        if name.startswith("AWS::"):
            raise IntrinsicError(f"unknown pseudo parameter {name}")
        if name in self.parameters:
            return self.parameters[name]
        if self._ref is None:
            raise UnresolvedReference(f"Ref {name}: no resources known to this resolver")
        return self._ref(name)

    def _fn_condition(self, arg: Any) -> bool:
        return self.condition(str(arg))

    def _fn_get_att(self, arg: Any) -> Any:
        if isinstance(arg, str):
            logical_id, _, attribute = arg.partition(".")
        elif isinstance(arg, list) and len(arg) == 2:
            logical_id, attribute = arg[0], self.resolve(arg[1])
        else:
            raise IntrinsicError(f"Fn::GetAtt needs [resource, attribute], got {arg!r}")
        if not attribute:
            raise IntrinsicError(f"Fn::GetAtt without an attribute: {arg!r}")
        if self._get_att is None:
            raise UnresolvedReference(f"GetAtt {logical_id}.{attribute}: no resources known")
        return self._get_att(str(logical_id), str(attribute))

    def _fn_sub(self, arg: Any) -> str:
        if isinstance(arg, str):
            text, variables = arg, {}
        elif isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
            text, variables = arg[0], {k: self.resolve(v) for k, v in arg[1].items()}
        else:
            raise IntrinsicError(f"Fn::Sub needs a string or [string, variables], got {arg!r}")
        if not isinstance(text, str):
            raise IntrinsicError(f"Fn::Sub template must be a string, got {text!r}")

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                value = variables[name]
            elif "." in name and not name.startswith("AWS::"):
                logical_id, _, attribute = name.partition(".")
                value = self._fn_get_att([logical_id, attribute])
            else:
                value = self._fn_ref(name)
            return _as_string(value, f"${{{name}}}")

        return _SUB_VARIABLE.sub(replace, text)

    def _fn_find_in_map(self, arg: Any) -> Any:
        if not isinstance(arg, list) or len(arg) != 3:
            raise IntrinsicError(f"Fn::FindInMap needs [map, top key, second key], got {arg!r}")
        map_name, top, second = (self.resolve(part) for part in arg)
        try:
            return self.mappings[map_name][top][second]
        except (KeyError, TypeError) as error:
            raise IntrinsicError(f"Fn::FindInMap {map_name}/{top}/{second}: no such entry") from error

    def _fn_if(self, arg: Any) -> Any:
        if not isinstance(arg, list) or len(arg) != 3:
            raise IntrinsicError(f"Fn::If needs [condition, if true, if false], got {arg!r}")
        name, if_true, if_false = arg
        return self.resolve(if_true if self.condition(str(name)) else if_false)

    def _fn_equals(self, arg: Any) -> bool:
        if not isinstance(arg, list) or len(arg) != 2:
            raise IntrinsicError(f"Fn::Equals needs two values, got {arg!r}")
        left, right = (self.resolve(part) for part in arg)
        return bool(_comparable(left) == _comparable(right))

    def _fn_not(self, arg: Any) -> bool:
        if not isinstance(arg, list) or len(arg) != 1:
            raise IntrinsicError(f"Fn::Not needs one condition, got {arg!r}")
        return not self._truth(arg[0])

    def _fn_and(self, arg: Any) -> bool:
        if not isinstance(arg, list) or not arg:
            raise IntrinsicError(f"Fn::And needs conditions, got {arg!r}")
        return all(self._truth(part) for part in arg)

    def _fn_or(self, arg: Any) -> bool:
        if not isinstance(arg, list) or not arg:
            raise IntrinsicError(f"Fn::Or needs conditions, got {arg!r}")
        return any(self._truth(part) for part in arg)

    def _fn_join(self, arg: Any) -> str:
        if not isinstance(arg, list) or len(arg) != 2:
            raise IntrinsicError(f"Fn::Join needs [delimiter, list], got {arg!r}")
        delimiter = self.resolve(arg[0])
        items = self.resolve(arg[1])
        if not isinstance(delimiter, str) or not isinstance(items, list):
            raise IntrinsicError(f"Fn::Join needs [delimiter, list], got {arg!r}")
        return delimiter.join(_as_string(item, "Fn::Join item") for item in items)

    def _fn_select(self, arg: Any) -> Any:
        if not isinstance(arg, list) or len(arg) != 2:
            raise IntrinsicError(f"Fn::Select needs [index, list], got {arg!r}")
        index = int(self.resolve(arg[0]))
        items = self.resolve(arg[1])
        if not isinstance(items, list) or not 0 <= index < len(items):
            raise IntrinsicError(f"Fn::Select index {index} out of range for {items!r}")
        return items[index]

    def _fn_split(self, arg: Any) -> list[str]:
        if not isinstance(arg, list) or len(arg) != 2:
            raise IntrinsicError(f"Fn::Split needs [delimiter, string], got {arg!r}")
        delimiter, text = self.resolve(arg[0]), self.resolve(arg[1])
        return str(text).split(str(delimiter))

    def _fn_base64(self, arg: Any) -> str:
        return base64.b64encode(str(self.resolve(arg)).encode()).decode()


def _comparable(value: Any) -> Any:
    """CloudFormation compares strings: ``true`` equals ``"true"``, 1 equals ``"1"``."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    return value


def _as_string(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str | int | float):
        return str(value)
    raise IntrinsicError(f"{where} resolved to a non-scalar value: {value!r}")
