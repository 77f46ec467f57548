"""Writes a copy of an OpenAPI export whose credentials are the simulator's test ones.

Schemathesis generates every value from the schema; a random serial number, key, login,
partner or endpoint id is refused before anything else is read, so the run would only ever
see refusals. This copy pins each credential property and parameter (x-paybind-credential)
and the target ids (x-paybind-target) to the values the simulator is started with, so
that the generated requests reach the simulator's own checks. Nothing else changes.

With --loosen NAME (repeatable), the copy also leaves out the rule keywords (allOf) of
the request body schema NAME, for a body schemathesis cannot draw from ("does not support
this part of it"): the rules stay in x-paybind-rules, and the simulator still judges
every request by them; only the generator no longer steers by them.

Usage: python pin.py EXPORT CREDENTIALS_JSON OUT [--loosen NAME]...
CREDENTIALS_JSON maps a credential's wire name (or endpointId / endpointGroupId) to its value.
"""

import json
import sys


def pin(node, values):
    """Pins every credential schema under node, in place; returns the names pinned."""
    pinned = set()
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for name, schema in props.items():
                if isinstance(schema, dict) and schema.get("x-paybind-credential"):
                    schema["const"] = need(values, name)
                    pinned.add(name)
        if node.get("in") == "path" and (
            node.get("x-paybind-credential") or node.get("x-paybind-target")
        ):
            node["schema"] = {**node["schema"], "const": need(values, node["name"])}
            pinned.add(node["name"])
        for value in node.values():
            pinned |= pin(value, values)
    elif isinstance(node, list):
        for value in node:
            pinned |= pin(value, values)
    return pinned


def need(values, name):
    if name not in values:
        sys.exit(f"pin.py: no test value for the credential `{name}`")
    return values[name]


def loosen(doc, names):
    schemas = doc["components"]["schemas"]
    for name in names:
        if name not in schemas or "allOf" not in schemas[name]:
            sys.exit(f"pin.py: --loosen {name}: no such body schema with rule keywords")
        del schemas[name]["allOf"]
        print(f"pin.py: {name}: rule keywords left out for the generator", file=sys.stderr)


def main():
    export, credentials, out = sys.argv[1:4]
    rest = sys.argv[4:]
    if len(rest) % 2 or any(flag != "--loosen" for flag in rest[::2]):
        sys.exit("pin.py: usage: pin.py EXPORT CREDENTIALS_JSON OUT [--loosen NAME]...")
    with open(export, encoding="utf-8") as f:
        doc = json.load(f)
    values = json.loads(credentials)
    loosen(doc, rest[1::2])
    pinned = pin(doc, values)
    if not pinned:
        sys.exit(f"pin.py: {export} has no credential to pin")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
    print(f"{export}: pinned {', '.join(sorted(pinned))}", file=sys.stderr)


if __name__ == "__main__":
    main()
